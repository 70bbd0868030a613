"""The employment rate, pure: graduates' facts in, rates per group out (no Django).

A graduate is *reached* when the center knows what became of them: an answered follow-up or a hire it
recorded. *Employed* means a recorded hire, or a follow-up answered "employed". The rate is given twice:
over the graduates reached (what the survey says) and over all graduates (the floor: everyone not
reached counts as not employed).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lotrinh.core.text import vietnamese_sort_key  # pure (unicodedata only)


@dataclass(frozen=True)
class Graduate:
    learner_id: int
    graduated_on: dt.date
    trade: str  # the trade trained ("" for a class without one)
    program: str
    reached: bool
    employed: bool
    in_trade: bool  # employed in the trade trained


@dataclass(frozen=True)
class Rate:
    label: str
    graduates: int
    reached: int
    employed: int
    in_trade: int

    @property
    def rate_reached(self) -> float | None:
        """Employed over graduates reached, in %, one decimal; None with nobody reached."""
        return percent(self.employed, self.reached)

    @property
    def rate_all(self) -> float | None:
        return percent(self.employed, self.graduates)

    @property
    def in_trade_rate(self) -> float | None:
        """Employed in the trade over graduates reached."""
        return percent(self.in_trade, self.reached)


def percent(part: int, whole: int) -> float | None:
    if whole <= 0:
        return None
    return round(100 * part / whole, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (31/08 + 6 → 28/02 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def rate_of(label: str, graduates: Iterable[Graduate]) -> Rate:
    rows = list(graduates)
    return Rate(
        label=label,
        graduates=len(rows),
        reached=sum(1 for g in rows if g.reached),
        employed=sum(1 for g in rows if g.employed),
        in_trade=sum(1 for g in rows if g.in_trade),
    )


def rates_by(graduates: Iterable[Graduate], key: Callable[[Graduate], str]) -> list[Rate]:
    """One Rate per value of ``key``, in Vietnamese dictionary order (years in number order)."""
    groups: dict[str, list[Graduate]] = {}
    for graduate in graduates:
        groups.setdefault(key(graduate), []).append(graduate)
    return [rate_of(label, groups[label]) for label in sorted(groups, key=vietnamese_sort_key)]
