"""Score arithmetic for the GDTX program: parsing what a teacher typed, term and year averages.

Pure Python (no Django): dataclasses in, dataclasses out, Decimal throughout so that 6.25 rounds to 6.3
and never to 6.2 the way binary floats can. The weights come from a GradingRule row (reference data
with a citation); ``Rule`` is the plain value the maths needs.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TENTH = Decimal("0.1")
MIN_SCORE = Decimal("0")
MAX_SCORE = Decimal("10")

# Why a typed score was refused; the service turns these codes into translated messages.
NOT_A_NUMBER = "not_a_number"
OUT_OF_RANGE = "out_of_range"
TOO_MANY_DECIMALS = "too_many_decimals"


class ScoreInputError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


KIND_ORDER = {"regular": 0, "midterm": 1, "final": 2}


@dataclass(frozen=True)
class Rule:
    """Weights of score kinds in a term average, of terms in the year average, and the pass mark."""

    weights: Mapping[str, Decimal]
    term_weights: Mapping[int, Decimal]
    pass_mark: Decimal = Decimal("5.0")

    @classmethod
    def from_data(cls, weights: Mapping, term_weights: Mapping, pass_mark: object = "5.0") -> "Rule":
        """From the JSON stored on a GradingRule (keys may be strings, numbers may be int, float or str)."""
        # PostgreSQL's jsonb does not keep key order: put kinds in teaching order, terms in number order.
        ordered = sorted(
            weights.items(), key=lambda item: (KIND_ORDER.get(str(item[0]), len(KIND_ORDER)), str(item[0]))
        )
        return cls(
            weights={str(kind): Decimal(str(w)) for kind, w in ordered},
            term_weights={
                int(term): Decimal(str(w)) for term, w in sorted(term_weights.items(), key=lambda t: int(t[0]))
            },
            pass_mark=Decimal(str(pass_mark)),
        )

    @property
    def required_kinds(self) -> tuple[str, ...]:
        """Every kind with a weight must be present (at least one mark) before a term has an average."""
        return tuple(kind for kind, weight in self.weights.items() if weight > 0)


@dataclass(frozen=True)
class Mark:
    kind: str
    value: Decimal


@dataclass(frozen=True)
class TermResult:
    average: Decimal | None
    missing: tuple[str, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        return self.average is not None


@dataclass(frozen=True)
class YearResult:
    average: Decimal | None
    missing_terms: tuple[int, ...] = field(default_factory=tuple)


def round_half_up(value: Decimal) -> Decimal:
    """To one decimal, halves away from zero: 6.25 → 6.3, 6.24 → 6.2."""
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def parse_score(text: object) -> Decimal | None:
    """What a teacher typed → a score, or None for an empty cell.

    Accepts "7", "7.5", "7,5" (decimal comma, as Vietnamese spreadsheets write it) and surrounding
    spaces; refuses anything that is not a number from 0 to 10 with at most one decimal.
    """
    if text is None:
        return None
    raw = str(text).strip().replace("\u00a0", "")
    if raw == "":
        return None
    if raw.count(",") + raw.count(".") > 1:
        raise ScoreInputError(NOT_A_NUMBER)
    raw = raw.replace(",", ".")
    if not all(ch.isdigit() or ch in ".-+" for ch in raw) or not any(ch.isdigit() for ch in raw):
        raise ScoreInputError(NOT_A_NUMBER)
    try:
        value = Decimal(raw)
    except InvalidOperation as error:
        raise ScoreInputError(NOT_A_NUMBER) from error
    if not value.is_finite():
        raise ScoreInputError(NOT_A_NUMBER)
    if value < MIN_SCORE or value > MAX_SCORE:
        raise ScoreInputError(OUT_OF_RANGE)
    if value != value.quantize(TENTH, rounding=ROUND_HALF_UP):
        raise ScoreInputError(TOO_MANY_DECIMALS)
    return abs(value.quantize(TENTH))  # "-0" is 0.0, never -0.0


def term_average(rule: Rule, marks: Iterable[Mark]) -> TermResult:
    """Σ(weight(kind) × score) / Σ weights over the scores present, rounded half-up to one decimal.

    No average until every required kind has at least one mark: the page says "not enough scores".
    """
    marks = [m for m in marks if m.kind in rule.weights]
    present = {m.kind for m in marks}
    missing = tuple(kind for kind in rule.required_kinds if kind not in present)
    if missing or not marks:
        return TermResult(average=None, missing=missing)
    total = sum((rule.weights[m.kind] * m.value for m in marks), Decimal(0))
    weight = sum((rule.weights[m.kind] for m in marks), Decimal(0))
    if weight == 0:
        return TermResult(average=None, missing=missing)
    return TermResult(average=round_half_up(total / weight))


def year_average(rule: Rule, term_averages: Mapping[int, Decimal | None]) -> YearResult:
    """Σ(term weight × term average) / Σ term weights, once every term of the rule has its average."""
    missing = tuple(term for term in rule.term_weights if term_averages.get(term) is None)
    if missing:
        return YearResult(average=None, missing_terms=missing)
    total = sum((w * term_averages[t] for t, w in rule.term_weights.items()), Decimal(0))  # type: ignore[operator]
    weight = sum(rule.term_weights.values(), Decimal(0))
    return YearResult(average=round_half_up(total / weight))


def passed(rule: Rule, value: Decimal | None) -> bool:
    """A module or subject is passed at the rule's pass mark or above."""
    return value is not None and value >= rule.pass_mark
