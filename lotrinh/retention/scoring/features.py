"""From a learner's raw records to the facts the risk rules and the learned model read.

Everything is "as of" a day: today for the current risk, a day before the outcome for the history a
model learns from, so that both see the same kind of picture.
"""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PRESENT, LATE, EXCUSED, UNEXCUSED = "present", "late", "excused", "unexcused"
ENROLLED, SUSPENDED = "enrolled", "suspended"


@dataclass(frozen=True)
class MarkIn:
    """One attendance mark; a learner's marks come ordered by date and time of the session."""

    date: dt.date
    status: str


@dataclass(frozen=True)
class KindMeanIn:
    """The mean of a learner's scores of one kind (regular, midterm, final) in one term."""

    term: int
    kind: str
    mean: float
    count: int = 1


@dataclass(frozen=True)
class StatusEventIn:
    """A step of an enrollment's history; ``is_first`` marks the step that opened the enrollment."""

    status: str
    effective_on: dt.date
    is_first: bool = False


@dataclass(frozen=True)
class LearnerInput:
    learner_id: int
    as_of: dt.date
    date_of_birth: dt.date
    program_code: str = ""
    class_name: str = ""
    school_year_start: dt.date | None = None
    distance_km: float | None = None
    is_working: bool = False
    household_certified: bool = False
    has_disability: bool = False
    lives_in_disadvantaged_commune: bool = False
    marks: Sequence[MarkIn] = ()
    scores: Sequence[KindMeanIn] = ()
    status_events: Sequence[StatusEventIn] = ()


@dataclass(frozen=True)
class Grading:
    """Weights of score kinds in a term average and the pass mark (from the GradingRule in force)."""

    kind_weights: Mapping[str, float] = field(default_factory=dict)
    pass_mark: float = 5.0


@dataclass(frozen=True)
class Settings:
    recent_days: int  # the attendance window: the last N days against the N before
    min_sessions: int  # fewer marks than this in a window say nothing about a rate
    status_window_days: int  # a suspension or a return this recent counts
    usual_age: Mapping[int, int]  # grade → usual age (counted by year of birth)
    graded_programs: frozenset[str]  # programs whose class names start with the grade (10A1, 11A2)


@dataclass(frozen=True)
class LearnerFacts:
    learner_id: int
    as_of: dt.date
    recent_sessions: int = 0
    recent_rate: float | None = None  # present or late, over all marks of the window
    previous_sessions: int = 0
    previous_rate: float | None = None
    unexcused_recent: int = 0
    absence_streak: int = 0  # unexcused absences in a row, up to the last mark
    term: int | None = None  # the latest term with scores
    average: float | None = None  # its average
    previous_average: float | None = None  # the term before's
    pass_mark: float = 5.0
    grade: int | None = None
    age: int | None = None  # by year of birth, in the school year
    usual_age: int | None = None
    distance_km: float | None = None
    is_working: bool = False
    household_certified: bool = False
    has_disability: bool = False
    lives_in_disadvantaged_commune: bool = False
    suspended_on: dt.date | None = None
    reenrolled_on: dt.date | None = None

    @property
    def over_age_years(self) -> int | None:
        return None if self.age is None or self.usual_age is None else self.age - self.usual_age


def term_on(day: dt.date) -> int:
    """Term 1 runs from the opening in September to mid-January, term 2 from then to the summer."""
    return 2 if day.month < 8 and (day.month, day.day) >= (1, 15) else 1


def grade_of(program_code: str, class_name: str, settings: Settings) -> int | None:
    """10 for "10A1" in a GDTX program; None for a trade course, where age says nothing."""
    if program_code not in settings.graded_programs:
        return None
    match = re.match(r"\s*(\d{1,2})(?!\d)", class_name)
    grade = int(match.group(1)) if match else None
    return grade if grade in settings.usual_age else None


def round_tenth(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def term_average(means: Sequence[KindMeanIn], grading: Grading) -> float | None:
    """Weighted mean of the kinds present (a simple mean when the rule has no weights), to one decimal."""
    total = weight = 0.0
    for m in means:
        w = float(grading.kind_weights.get(m.kind, 0)) if grading.kind_weights else 1.0
        if w > 0 and m.count > 0:
            total += w * m.mean
            weight += w
    return round_tenth(total / weight) if weight else None


def _rate(marks: Sequence[MarkIn]) -> float | None:
    return sum(m.status in (PRESENT, LATE) for m in marks) / len(marks) if marks else None


def build_facts(data: LearnerInput, grading: Grading, settings: Settings) -> LearnerFacts:
    as_of = data.as_of
    window = dt.timedelta(days=settings.recent_days)
    marks = [m for m in data.marks if m.date <= as_of]
    recent = [m for m in marks if m.date > as_of - window]
    previous = [m for m in marks if as_of - 2 * window < m.date <= as_of - window]
    streak = 0
    for mark in reversed(marks):
        if mark.status != UNEXCUSED:
            break
        streak += 1

    current_term = term_on(as_of)
    by_term: dict[int, list[KindMeanIn]] = {}
    for mean in data.scores:
        if mean.term <= current_term:
            by_term.setdefault(mean.term, []).append(mean)
    averages = {term: term_average(means, grading) for term, means in by_term.items()}
    averages = {term: avg for term, avg in averages.items() if avg is not None}
    latest = max(averages, default=None)

    grade = grade_of(data.program_code, data.class_name, settings)
    year = (data.school_year_start or as_of).year
    since = as_of - dt.timedelta(days=settings.status_window_days)
    recent_events = [e for e in data.status_events if since < e.effective_on <= as_of]
    suspensions = [e.effective_on for e in recent_events if e.status == SUSPENDED]
    returns = [e.effective_on for e in recent_events if e.status == ENROLLED and not e.is_first]

    return LearnerFacts(
        learner_id=data.learner_id,
        as_of=as_of,
        recent_sessions=len(recent),
        recent_rate=_rate(recent) if len(recent) >= settings.min_sessions else None,
        previous_sessions=len(previous),
        previous_rate=_rate(previous) if len(previous) >= settings.min_sessions else None,
        unexcused_recent=sum(m.status == UNEXCUSED for m in recent),
        absence_streak=streak,
        term=latest,
        average=averages.get(latest) if latest else None,
        previous_average=averages.get(latest - 1) if latest else None,
        pass_mark=grading.pass_mark,
        grade=grade,
        age=year - data.date_of_birth.year if grade else None,
        usual_age=settings.usual_age.get(grade) if grade else None,
        distance_km=data.distance_km,
        is_working=data.is_working,
        household_certified=data.household_certified,
        has_disability=data.has_disability,
        lives_in_disadvantaged_commune=data.lives_in_disadvantaged_commune,
        suspended_on=max(suspensions, default=None),
        reenrolled_on=max(returns, default=None),
    )
