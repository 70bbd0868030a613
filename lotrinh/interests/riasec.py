"""Scoring of a RIASEC interest test: pure Python, no Django (dataclasses in and out).

Each of the six Holland types (Realistic, Investigative, Artistic, Social, Enterprising, Conventional) has
the same number of items; an answer is 1 (dislike) … 5 (enjoy); the raw score of a type is the sum of its
answers (8 to 40 with the IIP RIASEC Markers' 8 items per type).

The Holland code is the three types with the highest scores. Ties are kept visible: the ranking is a list of
groups of equal scores, and ``code_with_ties`` writes it as "S=E>A" (``=`` joins equal scores, ``>`` separates
lower ones), continued until the groups cover the first three places, so a tie across the third place shows
every type sharing it ("S>E>A=C"). Only for the plain three-letter ``holland_code`` (sorting, matching) is a tie
broken, deterministically: equal scores follow the hexagon order R, I, A, S, E, C.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TYPES: tuple[str, ...] = ("R", "I", "A", "S", "E", "C")
MIN_ANSWER, MAX_ANSWER = 1, 5


@dataclass(frozen=True)
class Item:
    item_id: str  # "R1"
    riasec_type: str  # "R"
    order: int  # the question number shown (1 …)


@dataclass(frozen=True)
class RiasecResult:
    scores: dict[str, int]  # {"R": 31, "I": 17, ...} in hexagon order
    ranking: tuple[tuple[str, ...], ...]  # groups of equal scores, highest first: (("S", "E"), ("A",), ...)
    holland_code: str  # "SEA": ties broken by hexagon order
    code_with_ties: str  # "S=E>A"

    @property
    def has_ties_in_code(self) -> bool:
        return "=" in self.code_with_ties


class AnswerSetError(ValueError):
    """An answer set that cannot be scored: items without an answer, answers outside 1–5, unknown items."""

    def __init__(
        self, *, missing: tuple[Item, ...] = (), invalid: tuple[Item, ...] = (), unknown: tuple[str, ...] = ()
    ):
        self.missing = missing
        self.invalid = invalid
        self.unknown = unknown
        parts = []
        if missing:
            parts.append("missing: " + ", ".join(i.item_id for i in missing))
        if invalid:
            parts.append("outside 1-5: " + ", ".join(i.item_id for i in invalid))
        if unknown:
            parts.append("unknown items: " + ", ".join(unknown))
        super().__init__("; ".join(parts))


def _valid(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and MIN_ANSWER <= value <= MAX_ANSWER


def check_answers(items: Iterable[Item], answers: Mapping[str, object]) -> None:
    """Raise AnswerSetError naming every item without an answer, with a bad value, or not in the instrument."""
    items = sorted(items, key=lambda i: i.order)
    known = {i.item_id for i in items}
    missing = tuple(i for i in items if answers.get(i.item_id) is None)
    invalid = tuple(i for i in items if answers.get(i.item_id) is not None and not _valid(answers[i.item_id]))
    unknown = tuple(sorted(k for k in answers if k not in known))
    if missing or invalid or unknown:
        raise AnswerSetError(missing=missing, invalid=invalid, unknown=unknown)


def ranking_of(scores: Mapping[str, int]) -> tuple[tuple[str, ...], ...]:
    """Groups of types with equal scores, highest first; within a group, hexagon order."""
    groups: list[tuple[str, ...]] = []
    for value in sorted(set(scores.values()), reverse=True):
        groups.append(tuple(t for t in TYPES if scores.get(t) == value))
    return tuple(groups)


def code_of(scores: Mapping[str, int], *, length: int = 3) -> tuple[str, str]:
    """(holland_code, code_with_ties) of a score per type."""
    groups = ranking_of(scores)
    plain = "".join(t for group in groups for t in group)[:length]
    shown: list[str] = []
    covered = 0
    for group in groups:
        if covered >= length:
            break
        shown.append("=".join(group))
        covered += len(group)
    return plain, ">".join(shown)


def score(items: Iterable[Item], answers: Mapping[str, object]) -> RiasecResult:
    """Score a complete answer set ({"R1": 4, ...}); refuse an incomplete or invalid one (AnswerSetError)."""
    items = list(items)
    check_answers(items, answers)
    scores = {t: 0 for t in TYPES}
    for item in items:
        scores[item.riasec_type] += int(answers[item.item_id])  # type: ignore[arg-type]
    holland, with_ties = code_of(scores)
    return RiasecResult(scores=scores, ranking=ranking_of(scores), holland_code=holland, code_with_ties=with_ties)


def first_letter_distribution(codes: Iterable[str]) -> dict[str, int]:
    """How many codes start with each type (a class summary), in hexagon order."""
    counts = {t: 0 for t in TYPES}
    for code in codes:
        if code and code[0] in counts:
            counts[code[0]] += 1
    return counts
