"""Streaming figures and the trend chart's geometry (pure: no Django, dataclasses in and out).

Counts of graduates per destination become shares in whole-number-safe percentages (one decimal), the VET
share (sơ cấp + trung cấp + trung học nghề + 9+) is compared with a target, and the stacked-bar chart is laid
out here so the template only draws rectangles.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# The order the bars stack in, bottom first (the VET paths at the bottom, so the target line reads against them).
ORDER = ("so_cap", "trung_cap", "thn", "9plus", "gdtx", "thpt", "work", "unknown")
VET = frozenset({"so_cap", "trung_cap", "thn", "9plus"})
COLOURS = {
    "so_cap": "#1d6fa5",
    "trung_cap": "#2f8fce",
    "thn": "#5aaee0",
    "9plus": "#8cc9ee",
    "gdtx": "#2e9a62",
    "thpt": "#c9a227",
    "work": "#b5651d",
    "unknown": "#b9bec6",
}


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal, half up; None when there is nobody to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    destination: str
    count: int
    percent: Decimal | None


@dataclass
class Breakdown:
    """One cohort (a school's year) or a sum of them (a year across schools)."""

    total: int
    counts: dict[str, int]
    target: Decimal | None = None

    @property
    def shares(self) -> list[Share]:
        return [Share(d, self.counts.get(d, 0), percent(self.counts.get(d, 0), self.total)) for d in ORDER]

    @property
    def vet(self) -> int:
        return sum(self.counts.get(d, 0) for d in VET)

    @property
    def known(self) -> int:
        return self.total - self.counts.get("unknown", 0)

    @property
    def vet_percent(self) -> Decimal | None:
        return percent(self.vet, self.total)

    @property
    def meets_target(self) -> bool | None:
        """True or False against the target; None without a target or without graduates."""
        if self.target is None or self.vet_percent is None:
            return None
        return self.vet_percent >= self.target

    @property
    def gap(self) -> Decimal | None:
        """Percentage points above (positive) or below the target."""
        if self.target is None or self.vet_percent is None:
            return None
        return self.vet_percent - self.target


def breakdown(counts: Mapping[str, int], target: Decimal | None = None) -> Breakdown:
    clean = {d: int(counts.get(d, 0)) for d in ORDER}
    return Breakdown(total=sum(clean.values()), counts=clean, target=target)


def combine(parts: Sequence[Breakdown], target: Decimal | None = None) -> Breakdown:
    counts = {d: sum(p.counts.get(d, 0) for p in parts) for d in ORDER}
    return breakdown(counts, target)


# --- The trend chart -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    destination: str
    count: int
    percent: Decimal | None


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str


@dataclass
class Bar:
    year: int
    x: float
    width: float
    label_x: float
    total: int
    vet_percent: Decimal | None
    rects: list[Rect] = field(default_factory=list)
    target: Line | None = None


@dataclass
class Chart:
    width: int
    height: int
    top: float
    bottom: float
    left: float
    bars: list[Bar]
    grid: list[tuple[float, int]]  # (y, percent) for the 0, 25, 50, 75, 100 lines


def trend_chart(years: Sequence[tuple[int, Breakdown]], *, width: int = 640, height: int = 280) -> Chart:
    """Stacked bars (100% each, one per year), the destinations in ORDER from the bottom, and the year's target
    as a dashed line across its bar."""
    left, right, top, bottom = 44.0, 12.0, 12.0, height - 32.0
    plot_h = bottom - top
    slot = (width - left - right) / max(1, len(years))
    bar_w = min(64.0, slot * 0.6)
    bars = []
    for i, (year, data) in enumerate(years):
        x = left + i * slot + (slot - bar_w) / 2
        bar = Bar(year=year, x=round(x, 1), width=round(bar_w, 1), label_x=round(x + bar_w / 2, 1),
                  total=data.total, vet_percent=data.vet_percent)  # fmt: skip
        y = bottom
        if data.total:
            for share in data.shares:
                if not share.count:
                    continue
                h = plot_h * share.count / data.total
                y -= h
                bar.rects.append(
                    Rect(
                        round(x, 1),
                        round(y, 2),
                        round(bar_w, 1),
                        round(h, 2),
                        COLOURS[share.destination],
                        share.destination,
                        share.count,
                        share.percent,
                    )
                )
        if data.target is not None:
            ty = round(bottom - plot_h * float(data.target) / 100, 2)
            bar.target = Line(round(x - 6, 1), ty, round(x + bar_w + 6, 1), ty, f"{data.target.normalize():f}%")
        bars.append(bar)
    grid = [(round(bottom - plot_h * p / 100, 2), p) for p in (0, 25, 50, 75, 100)]
    return Chart(width=width, height=height, top=top, bottom=bottom, left=left, bars=bars, grid=grid)
