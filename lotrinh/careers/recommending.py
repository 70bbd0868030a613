"""The recommendation, pure: a person's interests and grades against trades with their codes, local demand and
the training on offer → a ranked list of trades, each with a pathway, a score 0–100 and reasons in words.

No Django here: dataclasses in and out. Texts are English source marked for translation (``gettext_noop``);
``rank`` takes the translating function (the selectors pass Django's ``gettext``) and fills in the figures.
A missing input is said as missing, never guessed. A missing fact about the person (no test, no grades) is the
same for every trade, so its weight leaves the score; a missing fact about a trade (no demand figure, no course
open) counts as nothing for that trade, so a trade nobody knows anything about does not outrank a known one.

Interest fit (guidance-matching-retention.md A2): agreement of high-point letters, the first letters weighted
most, tie-broken by the correlation between the person's six scores and the trade's six O*NET® levels. The
correlation can move a trade by less than one step of letter agreement, so it only breaks ties.
"""

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from math import sqrt

RIASEC = "RIASEC"
POSITION_WEIGHTS = (3, 2, 1)  # the first letter of a code counts three times the third
MAX_AGREEMENT = sum(w * w for w in POSITION_WEIGHTS)  # both codes the same three letters in the same order
CORRELATION_SHARE = 0.05  # below one step of agreement (0.95 / 14 ≈ 0.068): a tie-break only
SCORE_MIN, SCORE_MAX = 8, 40  # 8 items per type rated 1–5


def gettext_noop(message: str) -> str:
    """Marks a string for the translation catalogue; translated by ``rank``'s ``translate``."""
    return message


TYPE_NAMES = {
    "R": gettext_noop("Realistic"),
    "I": gettext_noop("Investigative"),
    "A": gettext_noop("Artistic"),
    "S": gettext_noop("Social"),
    "E": gettext_noop("Enterprising"),
    "C": gettext_noop("Conventional"),
}

MESSAGES = {
    "interest_fit": gettext_noop("Fits your interest types %(types)s"),
    "interest_partial": gettext_noop("Partly fits your interests: the trade is %(trade_types)s, you lean to %(types)s"),
    "interest_weak": gettext_noop("Your strongest interests (%(types)s) are not this trade's (%(trade_types)s)"),
    "interest_missing": gettext_noop("No interest test result yet: take the test to see how the trade fits you"),
    "grades_good": gettext_noop("Your %(group)s average is %(average)s: enough to follow the course"),
    "grades_fair": gettext_noop("Your %(group)s average is %(average)s: the theory will need steady effort"),
    "grades_low": gettext_noop("Your %(group)s average is %(average)s: ask the teachers about extra help first"),
    "grades_missing": gettext_noop("No grades recorded yet to compare with the course"),
    "demand_some": gettext_noop("%(count)s job openings recorded in the province"),
    "demand_none": gettext_noop("No job openings recorded in the province for now"),
    "demand_missing": gettext_noop("No figures on local job openings for this trade yet"),
    "length_cost": gettext_noop("%(months)s months, %(cost)s"),
    "length_free": gettext_noop("%(months)s months, free of charge"),
    "no_offer": gettext_noop("No course on offer for this trade at the moment"),
    "support_amount": gettext_noop("May be supported up to %(amount)s under %(citation)s"),
    "support_percent": gettext_noop("May get %(percent)s%% of the cost covered under %(citation)s"),
    "support_eligible": gettext_noop(
        "May be supported under %(citation)s; the amount is set when the file is approved"
    ),
    "support_not_eligible": gettext_noop("Not in the groups supported by %(citation)s"),
    "support_missing": gettext_noop("Not enough information to estimate support under %(citation)s"),
    "support_missing_upto": gettext_noop(
        "Not enough information to estimate support under %(citation)s (up to %(amount)s if eligible)"
    ),
    "support_expired": gettext_noop(
        "A document has expired, support under %(citation)s cannot be estimated: %(explanation)s"
    ),
    "support_unknown": gettext_noop("Not enough information to estimate support"),
    "support_depends": gettext_noop("Support depends on your family's circumstances: ask a counselor"),
    "pathway_center": gettext_noop("%(program)s, %(months)s months at the center"),
    "pathway_partner": gettext_noop("%(program)s, %(months)s months with %(partner)s"),
    "pathway_none": gettext_noop("%(level)s: no course open yet"),
    "group_culture": gettext_noop("culture subjects"),
    "group_trade": gettext_noop("vocational modules of this trade"),
    "and": gettext_noop("and"),
}
ADVISORY = gettext_noop("Suggestions to consider; you and your family decide.")


# --- Inputs -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """A RankingWeights row: points per kind of reason, and the figures at which a measure counts as full."""

    version: str
    interest: int
    grades: int
    demand: int
    length_cost: int
    demand_full_at: int
    months_full: int
    cost_full_vnd: int


@dataclass(frozen=True)
class GradeFacts:
    """Averages on the 0–10 scale: culture subjects, and vocational modules per trade (None: no scores)."""

    culture_average: float | None = None
    trade_averages: Mapping[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SupportLine:
    policy_name: str
    status: str  # "eligible" | "not_eligible" | "missing_fact" | "expired_fact"
    amount_vnd: int | None = None
    percent: int | None = None
    citation: str = ""
    explanation: str = ""
    potential_vnd: int | None = None  # what a missing fact would unlock, when the amount is known


@dataclass(frozen=True)
class OfferIn:
    offer_id: int
    program: str  # the program's name, e.g. "Sơ cấp nghề"
    at_center: bool
    partner: str
    months: int
    cost_vnd: int
    # None: support not estimated for this offer (an anonymous test-taker, or beyond the top of the list)
    support: tuple[SupportLine, ...] | None = None
    support_depends: bool = False  # an anonymous person: support exists but depends on circumstances


@dataclass(frozen=True)
class TradeOption:
    trade_id: int
    trade_name: str
    level: str  # "so_cap" | "trung_cap" | "short_course"
    level_label: str
    code: str  # the code in force: a center's override, else the reference code
    levels: Mapping[str, float] | None  # O*NET® OI levels 1–7 per letter, None if unknown
    demand: int | None  # openings, None if nobody recorded any figure
    offers: tuple[OfferIn, ...] = ()


# --- Outputs ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    kind: str  # "interest" | "grades" | "demand" | "length_cost" | "support"
    text: str
    missing: bool = False  # the input was not there: said, not guessed


@dataclass(frozen=True)
class Recommendation:
    trade_id: int
    trade_name: str
    pathway: str
    score: int  # 0–100
    reasons: list[Reason]
    code: str = ""
    offer_id: int | None = None
    interest_agreement: float | None = None
    correlation: float | None = None


# --- The maths ----------------------------------------------------------------------------------------------


def person_code(scores: Mapping[str, int], letters: int = 3) -> str:
    """The high-point code: the highest types first; equal scores in R-I-A-S-E-C order (ties kept for sorting)."""
    ordered = sorted(RIASEC, key=lambda t: (-scores[t], RIASEC.index(t)))
    return "".join(ordered[:letters])


def ties_text(scores: Mapping[str, int]) -> str:
    """ "R=S > C": the top three with equal scores joined by "=", as the result page shows them."""
    ordered = sorted(RIASEC, key=lambda t: (-scores[t], RIASEC.index(t)))
    top = ordered[:3]
    # a tie with the third carries on past it: R > S = C = A
    while len(top) < 6 and scores[ordered[len(top)]] == scores[top[-1]]:
        top.append(ordered[len(top)])
    text = top[0]
    for previous, letter in itertools.pairwise(top):
        text += ("=" if scores[letter] == scores[previous] else " > ") + letter
    return text


def letter_agreement(person: str, trade: str) -> float:
    """0–1: each shared letter scores (weight of its place in the person's code) × (its place in the trade's)."""
    points = 0
    for j, letter in enumerate(trade[: len(POSITION_WEIGHTS)]):
        i = person.find(letter)
        if 0 <= i < len(POSITION_WEIGHTS):
            points += POSITION_WEIGHTS[i] * POSITION_WEIGHTS[j]
    return points / MAX_AGREEMENT


def correlation(scores: Mapping[str, float], levels: Mapping[str, float]) -> float:
    """Pearson's r of the six scores with the six levels; 0 when either is flat."""
    xs = [float(scores[t]) for t in RIASEC]
    ys = [float(levels[t]) for t in RIASEC]
    mx, my = sum(xs) / 6, sum(ys) / 6
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return 0.0
    return sxy / sqrt(sxx * syy)


def interest_fit(
    scores: Mapping[str, int], code: str, levels: Mapping[str, float] | None
) -> tuple[float, float, float]:
    """(fit 0–1, agreement 0–1, correlation −1..1)."""
    agreement = letter_agreement(person_code(scores), code)
    r = correlation(scores, levels) if levels else 0.0
    return agreement * (1 - CORRELATION_SHARE) + CORRELATION_SHARE * (r + 1) / 2, agreement, r


def grades_fit(average: float, *, demanding: bool) -> float:
    """0–1: a trung cấp course asks more of the culture subjects than a sơ cấp one."""
    low, high = (5.0, 8.0) if demanding else (4.0, 7.0)
    return min(1.0, max(0.0, (average - low) / (high - low)))


def length_cost_fit(months: int, cost_vnd: int, weights: Weights) -> float:
    """0–1: shorter and cheaper is easier for a family to take on (half each)."""
    months_part = min(1.0, months / weights.months_full) if weights.months_full else 0.0
    cost_part = min(1.0, cost_vnd / weights.cost_full_vnd) if weights.cost_full_vnd else 0.0
    return 1.0 - 0.5 * months_part - 0.5 * cost_part


# --- Words --------------------------------------------------------------------------------------------------


def _group(number: int | float | Decimal, decimals: int = 0) -> str:
    if decimals == 0 and isinstance(number, int):
        return f"{number:,}".replace(",", ".")
    text = f"{Decimal(str(number)):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def money(vnd: int) -> str:
    return f"{_group(vnd)} ₫"


def average_text(value: float) -> str:
    return _group(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), 1)


class _Words:
    """The reader's language, each message translated once per ranking."""

    def __init__(self, translate: Callable[[str], str]) -> None:
        self.t = translate
        self._said: dict[str, str] = {}
        self._types: dict[str, str] = {}

    def say(self, key: str, **params) -> str:
        text = self._said.get(key)
        if text is None:
            text = self._said[key] = self.t(MESSAGES[key])
        return text % params if params else text

    def types(self, letters: str) -> str:
        """ "Realistic (R) and Conventional (C)" in the reader's language."""
        text = self._types.get(letters)
        if text is None:
            names = [f"{self.t(TYPE_NAMES[letter])} ({letter})" for letter in letters]
            text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " " + self.say("and") + " " + names[-1]
            self._types[letters] = text
        return text


# --- Ranking ------------------------------------------------------------------------------------------------


def _pathway(words: _Words, option: TradeOption, offer: OfferIn | None) -> str:
    if offer is None:
        return words.say("pathway_none", level=option.level_label)
    if offer.at_center:
        return words.say("pathway_center", program=offer.program, months=offer.months)
    return words.say("pathway_partner", program=offer.program, months=offer.months, partner=offer.partner)


def short_citation(citation: str) -> str:
    """ "Quyết định 46/2015/QĐ-TTg ngày 28/9/2015 …, Điều 3" → "Quyết định 46/2015/QĐ-TTg": the family reads the
    number; the full reference stays with the policy table."""
    return citation.split(" ngày ")[0].split(",")[0].strip()


def _policy_reason(words: _Words, lines: list[SupportLine]) -> Reason:
    """One reason per policy, from its rules' outcomes: the best amount it may give, else what is missing."""
    citation = short_citation(lines[0].citation or lines[0].policy_name)
    eligible = [x for x in lines if x.status == "eligible"]
    amounts = [x.amount_vnd for x in eligible if x.amount_vnd]
    if amounts:
        return Reason("support", words.say("support_amount", amount=money(max(amounts)), citation=citation))
    percents = [x.percent for x in eligible if x.percent]
    if percents:
        return Reason("support", words.say("support_percent", percent=max(percents), citation=citation))
    expired = [x for x in lines if x.status == "expired_fact"]
    if expired:
        return Reason(
            "support", words.say("support_expired", citation=citation, explanation=expired[0].explanation), missing=True
        )
    missing = [x for x in lines if x.status == "missing_fact"]
    if missing:
        potential = [x.potential_vnd for x in missing if x.potential_vnd]
        if potential:
            return Reason(
                "support",
                words.say("support_missing_upto", citation=citation, amount=money(max(potential))),
                missing=True,
            )
        return Reason("support", words.say("support_missing", citation=citation), missing=True)
    if eligible:  # eligible, with an amount nobody can state yet
        return Reason("support", words.say("support_eligible", citation=citation))
    return Reason("support", words.say("support_not_eligible", citation=citation))


def _support_reasons(words: _Words, offer: OfferIn | None) -> list[Reason]:
    if offer is None:
        return []
    if offer.support_depends:
        return [Reason("support", words.say("support_depends"), missing=True)]
    if not offer.support:
        return [Reason("support", words.say("support_unknown"), missing=True)]
    by_policy: dict[str, list[SupportLine]] = {}
    for line in offer.support:
        by_policy.setdefault(line.policy_name, []).append(line)
    return [_policy_reason(words, lines) for lines in by_policy.values()]


@dataclass(frozen=True)
class _Person:
    """What the ranking reads of the person once, not once per trade."""

    scores: Mapping[str, int] | None
    code: str
    deviations: tuple[float, ...]
    spread: float
    grades: GradeFacts | None


def _person(scores: Mapping[str, int] | None, grades: GradeFacts | None) -> _Person:
    if scores is None:
        return _Person(None, "", (), 0.0, grades)
    xs = [float(scores[t]) for t in RIASEC]
    mean = sum(xs) / 6
    deviations = tuple(x - mean for x in xs)
    return _Person(scores, person_code(scores), deviations, sqrt(sum(d * d for d in deviations)), grades)


@dataclass
class _Measured:
    """One trade's numbers: enough to rank it; words are written only for the trades that are shown."""

    option: TradeOption
    score: int
    agreement: float | None
    correlation: float | None
    average: float | None
    group: str
    grade_fit: float | None
    offer: OfferIn | None


def _measure(option: TradeOption, person: _Person, weights: Weights) -> _Measured:
    weight_sum = 0
    points = 0.0
    agreement = r = None
    if person.scores is not None and option.code:
        agreement = letter_agreement(person.code, option.code)
        r = 0.0
        if option.levels and person.spread:
            ys = [float(option.levels[t]) for t in RIASEC]
            my = sum(ys) / 6
            dy = [y - my for y in ys]
            syy = sqrt(sum(d * d for d in dy))
            if syy:
                r = sum(a * b for a, b in zip(person.deviations, dy, strict=True)) / (person.spread * syy)
        weight_sum += weights.interest
        points += weights.interest * (agreement * (1 - CORRELATION_SHARE) + CORRELATION_SHARE * (r + 1) / 2)

    grades = person.grades
    trade_average = grades.trade_averages.get(option.trade_id) if grades else None
    culture = grades.culture_average if grades else None
    average, group, grade_fit = None, "", None
    if trade_average is not None or culture is not None:
        average, group = (trade_average, "group_trade") if trade_average is not None else (culture, "group_culture")
        grade_fit = grades_fit(average, demanding=option.level == "trung_cap")
        weight_sum += weights.grades
        points += weights.grades * grade_fit

    weight_sum += weights.demand  # a trade nobody recorded counts nothing, not a guess
    if option.demand is not None:
        points += weights.demand * min(1.0, option.demand / (weights.demand_full_at or 1))

    offer = None
    weight_sum += weights.length_cost
    if option.offers:
        offer = max(
            option.offers, key=lambda o: (length_cost_fit(o.months, o.cost_vnd, weights), o.at_center, -o.offer_id)
        )
        points += weights.length_cost * length_cost_fit(offer.months, offer.cost_vnd, weights)
    score = max(0, min(100, round(100 * points / weight_sum))) if weight_sum else 0
    return _Measured(option, score, agreement, r, average, group, grade_fit, offer)


def _describe(m: _Measured, person: _Person, words: _Words) -> Recommendation:
    option, offer = m.option, m.offer
    reasons: list[Reason] = []
    if m.agreement is not None:
        mine = person.code
        shared = "".join(letter for letter in mine if letter in option.code)
        if m.agreement >= 0.5 or (shared and mine[0] == option.code[0]):
            reasons.append(Reason("interest", words.say("interest_fit", types=words.types(shared))))
        elif shared:
            text = words.say("interest_partial", trade_types=words.types(option.code), types=words.types(mine[:2]))
            reasons.append(Reason("interest", text))
        else:
            text = words.say("interest_weak", types=words.types(mine[:2]), trade_types=words.types(option.code))
            reasons.append(Reason("interest", text))
    else:
        reasons.append(Reason("interest", words.say("interest_missing"), missing=True))

    if m.average is not None:
        key = "grades_good" if m.grade_fit >= 0.6 else "grades_fair" if m.grade_fit >= 0.25 else "grades_low"
        text = words.say(key, group=words.say(m.group), average=average_text(m.average))
        reasons.append(Reason("grades", text))
    else:
        reasons.append(Reason("grades", words.say("grades_missing"), missing=True))

    if option.demand is None:
        reasons.append(Reason("demand", words.say("demand_missing"), missing=True))
    elif option.demand > 0:
        reasons.append(Reason("demand", words.say("demand_some", count=_group(option.demand))))
    else:
        reasons.append(Reason("demand", words.say("demand_none")))

    if offer is None:
        reasons.append(Reason("length_cost", words.say("no_offer"), missing=True))
    elif offer.cost_vnd:
        reasons.append(Reason("length_cost", words.say("length_cost", months=offer.months, cost=money(offer.cost_vnd))))
    else:
        reasons.append(Reason("length_cost", words.say("length_free", months=offer.months)))
    reasons += _support_reasons(words, offer)
    return Recommendation(
        trade_id=option.trade_id,
        trade_name=option.trade_name,
        pathway=_pathway(words, option, offer),
        score=m.score,
        reasons=reasons,
        code=option.code,
        offer_id=offer.offer_id if offer else None,
        interest_agreement=m.agreement,
        correlation=m.correlation,
    )


def _check(scores: Mapping[str, int] | None) -> None:
    if scores is not None:
        if set(scores) != set(RIASEC):
            raise ValueError("scores need the six RIASEC types")
        if any(not SCORE_MIN <= int(v) <= SCORE_MAX for v in scores.values()):
            raise ValueError("each RIASEC score is 8–40")


def recommend_one(
    option: TradeOption,
    *,
    scores: Mapping[str, int] | None,
    grades: GradeFacts | None,
    weights: Weights,
    translate: Callable[[str], str] = str,
) -> Recommendation:
    """One trade: its easiest offer as the pathway, the score, the reasons."""
    _check(scores)
    person = _person(scores, grades)
    return _describe(_measure(option, person, weights), person, _Words(translate))


def _order(m: _Measured) -> tuple:
    return (-m.score, -(m.agreement or 0), -(m.correlation or 0), m.option.trade_name, m.option.trade_id)


def rank(
    options: Sequence[TradeOption],
    *,
    scores: Mapping[str, int] | None,
    grades: GradeFacts | None,
    weights: Weights,
    translate: Callable[[str], str] = str,
    limit: int | None = None,
) -> list[Recommendation]:
    """Every trade (or the best ``limit``), best first: score, then letter agreement, then correlation, then name.

    Every trade is measured; only those returned are put into words.
    """
    _check(scores)
    person = _person(scores, grades)
    measured = sorted((_measure(o, person, weights) for o in options), key=_order)
    if limit is not None:
        measured = measured[:limit]
    words = _Words(translate)
    return [_describe(m, person, words) for m in measured]
