"""The transparent risk score: every rule that fires adds its points and says why, in words staff can read.

Each rule has a *measure* — one number where more means more risk (percentage points of attendance
lost, absences, years over the usual age, kilometres, 0/1 for a fact) — and fires when the measure
reaches its threshold. The learned model reads the very same measures as its features, so its reasons
are these same texts.

Reason texts are English source marked for translation (``gettext_noop``, no Django import here); the
page translates them and fills in the learner's figures.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .features import Grading, LearnerFacts, LearnerInput, Settings, build_facts


def gettext_noop(message: str) -> str:
    """Marks a string for the translation catalogue (makemessages knows this name); translated on display."""
    return message


@dataclass(frozen=True)
class Rule:
    points: int
    threshold: float  # the rule fires when its measure is at or above this


# THE TABLE. A starting point, not a finding: tune the points and thresholds with the center's staff
# (and check them against the learned model's figures once the center has enough history).
# fmt: off
RULES: dict[str, Rule] = {
    # code                   points threshold   the measure (more means more risk)
    "attendance_falling":    Rule(20, 15),    # percentage points of attendance lost: last 4 weeks vs the 4 before
    "attendance_low":        Rule(20, 20),    # % of sessions missed in the last 4 weeks (20 = attended under 80%)
    "unexcused_absences":    Rule(15, 3),     # absences without leave in the last 4 weeks
    "absence_streak":        Rule(25, 3),     # absences without leave in a row, up to the last roll
    "grades_below_pass":     Rule(15, 0.1),   # points below the pass mark, latest term average (one decimal)
    "grades_falling":        Rule(15, 1.0),   # points lost against the term before
    "over_age":              Rule(10, 2),     # years over the usual age of the grade (GDTX classes only)
    "far_from_home":         Rule(10, 15),    # km from home to the center
    "working":               Rule(10, 1),     # 1 = works while studying
    "poor_household":        Rule(5, 1),      # 1 = poor or near-poor certificate valid today (needs support)
    "disability":            Rule(5, 1),      # 1 = person with a disability (needs support)
    "disadvantaged_commune": Rule(5, 1),      # 1 = lives in a disadvantaged commune (needs support)
    "recent_suspension":     Rule(15, 1),     # 1 = suspended studies in the last 60 days
    "recent_reenrollment":   Rule(10, 1),     # 1 = came back after a suspension or a drop-out in the last 60 days
}
# fmt: on

# What each rule says, with the learner's own figures. Policy facts are framed as a need for support.
REASONS: dict[str, str] = {
    "attendance_falling": gettext_noop(
        "Attendance fell from %(previous)s%% to %(recent)s%% (last 4 weeks against the 4 weeks before)"
    ),
    "attendance_low": gettext_noop("Attended %(recent)s%% of sessions in the last 4 weeks"),
    "unexcused_absences": gettext_noop("Absences without leave in the last 4 weeks: %(count)s"),
    "absence_streak": gettext_noop("Sessions missed in a row without leave: %(count)s"),
    "grades_below_pass": gettext_noop("Average score %(average)s in term %(term)s, below the pass mark %(pass_mark)s"),
    "grades_falling": gettext_noop("Average score fell from %(previous)s to %(average)s (term %(term)s)"),
    "over_age": gettext_noop("Aged %(age)s in grade %(grade)s, where the usual age is %(usual)s"),
    "far_from_home": gettext_noop("Lives %(km)s km from the center"),
    "working": gettext_noop("Works while studying"),
    "poor_household": gettext_noop("Poor or near-poor household: may need support with costs"),
    "disability": gettext_noop("Has a disability: may need learning support"),
    "disadvantaged_commune": gettext_noop("Lives in a disadvantaged commune: may need support with travel or boarding"),
    "recent_suspension": gettext_noop("Suspended studies on %(date)s"),
    "recent_reenrollment": gettext_noop("Came back to class on %(date)s after a break"),
}

LEVELS = (("high", 50), ("medium", 25))  # total points at or above → level; below → "low"
MAX_POINTS = 100  # the stored score is min(points, 100) / 100

SETTINGS = Settings(
    recent_days=28,  # "the last 4 weeks against the 4 before"
    min_sessions=4,  # a rate needs at least this many marks in its window
    status_window_days=60,
    # Usual age by grade, counted by year of birth (lower secondary from 11, grade 10 at 15).
    usual_age={6: 11, 7: 12, 8: 13, 9: 14, 10: 15, 11: 16, 12: 17},
    graded_programs=frozenset({"gdtx-thcs", "gdtx-thpt", "chin-cong"}),
)

# When the learned model takes over from the rules: the center's own history must be large enough.
MODEL_MIN_OUTCOMES = 200  # past enrollments that ended (dropped out, completed, graduated)
MODEL_MIN_DROPOUTS = 30
MODEL_LEVELS = (("high", 0.70), ("medium", 0.40))  # probability of dropping out (balanced classes)
MODEL_MAX_AGE_DAYS = 30  # retrain at least this often, and whenever the history grows
MODEL_REASONS = 4  # the largest contributions shown as reasons
OUTCOME_LEAD_DAYS = 30  # a past learner is described as they were this many days before the outcome


def _pct(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 3)


# The measure behind each rule (None when there is nothing to measure) and the figures its reason shows.
MEASURES: dict[str, Callable[[LearnerFacts], float | None]] = {
    "attendance_falling": lambda f: _diff(_pct(f.previous_rate), _pct(f.recent_rate)),
    "attendance_low": lambda f: None if f.recent_rate is None else 100 - _pct(f.recent_rate),
    "unexcused_absences": lambda f: f.unexcused_recent,
    "absence_streak": lambda f: f.absence_streak,
    "grades_below_pass": lambda f: _diff(f.pass_mark, f.average),
    "grades_falling": lambda f: _diff(f.previous_average, f.average),
    "over_age": lambda f: f.over_age_years,
    "far_from_home": lambda f: f.distance_km,
    "working": lambda f: int(f.is_working),
    "poor_household": lambda f: int(f.household_certified),
    "disability": lambda f: int(f.has_disability),
    "disadvantaged_commune": lambda f: int(f.lives_in_disadvantaged_commune),
    "recent_suspension": lambda f: int(f.suspended_on is not None),
    "recent_reenrollment": lambda f: int(f.reenrolled_on is not None),
}

PARAMS: dict[str, Callable[[LearnerFacts], dict[str, str]]] = {
    "attendance_falling": lambda f: {"previous": str(_pct(f.previous_rate)), "recent": str(_pct(f.recent_rate))},
    "attendance_low": lambda f: {"recent": str(_pct(f.recent_rate))},
    "unexcused_absences": lambda f: {"count": str(f.unexcused_recent)},
    "absence_streak": lambda f: {"count": str(f.absence_streak)},
    "grades_below_pass": lambda f: {
        "average": _decimal(f.average),
        "term": str(f.term),
        "pass_mark": _decimal(f.pass_mark),
    },
    "grades_falling": lambda f: {
        "previous": _decimal(f.previous_average),
        "average": _decimal(f.average),
        "term": str(f.term),
    },
    "over_age": lambda f: {"age": str(f.age), "grade": str(f.grade), "usual": str(f.usual_age)},
    "far_from_home": lambda f: {"km": _decimal(f.distance_km).removesuffix(",0")},
    "recent_suspension": lambda f: {"date": _date(f.suspended_on)},
    "recent_reenrollment": lambda f: {"date": _date(f.reenrolled_on)},
}

FEATURES: tuple[str, ...] = tuple(RULES)  # the learned model's inputs, in this order


@dataclass(frozen=True)
class Reason:
    code: str
    weight: float  # points for a rule; coefficient × standardised value for the model
    params: Mapping[str, str]

    @property
    def template(self) -> str:
        return REASONS[self.code]

    def as_dict(self) -> dict:
        return {"code": self.code, "weight": self.weight, "params": dict(self.params)}


@dataclass(frozen=True)
class RiskResult:
    learner_id: int
    score: float  # 0–1: points / 100 for the rules, the probability for the model
    level: str
    method: str  # "rules" or "model"
    reasons: tuple[Reason, ...]


def facts_for(data: LearnerInput, grading: Grading) -> LearnerFacts:
    return build_facts(data, grading, SETTINGS)


def measures(facts: LearnerFacts) -> dict[str, float | None]:
    return {code: MEASURES[code](facts) for code in FEATURES}


def feature_row(facts: LearnerFacts) -> list[float]:
    """The model's input row: every measure, NaN where there is nothing to measure."""
    return [float("nan") if value is None else float(value) for value in measures(facts).values()]


def reason(code: str, facts: LearnerFacts, weight: float) -> Reason:
    params = PARAMS.get(code, lambda f: {})(facts)
    return Reason(code=code, weight=weight, params=params)


def level_for(value: float, levels: tuple[tuple[str, float], ...]) -> str:
    for name, bound in levels:
        if value >= bound:
            return name
    return "low"


def score_rules(facts: LearnerFacts) -> RiskResult:
    """Every rule whose measure reaches its threshold adds its points and its reason, largest first."""
    fired = [
        reason(code, facts, RULES[code].points)
        for code, value in measures(facts).items()
        if value is not None and value >= RULES[code].threshold
    ]
    fired.sort(key=lambda r: -r.weight)
    points = sum(int(r.weight) for r in fired)
    return RiskResult(
        learner_id=facts.learner_id,
        score=min(points, MAX_POINTS) / MAX_POINTS,
        level=level_for(points, LEVELS),
        method="rules",
        reasons=tuple(fired),
    )


def score_model(facts: LearnerFacts, probability: float, contributions: Mapping[str, float]) -> RiskResult:
    """The model's probability, explained by its largest pushes towards drop-out.

    A contribution becomes a reason only when the learner's own measure points the risky way (more than
    zero): a model weight alone never puts a fact on a learner that is not there.
    """
    values = measures(facts)
    pushes = sorted(
        ((code, weight) for code, weight in contributions.items() if weight > 0 and (values.get(code) or 0) > 0),
        key=lambda item: -item[1],
    )
    return RiskResult(
        learner_id=facts.learner_id,
        score=float(probability),
        level=level_for(probability, MODEL_LEVELS),
        method="model",
        reasons=tuple(reason(code, facts, round(weight, 3)) for code, weight in pushes[:MODEL_REASONS]),
    )
