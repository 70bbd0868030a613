"""Geometry of the RIASEC hexagon chart (server-rendered SVG): pure Python, no Django.

The six types sit on the corners of a regular hexagon in Holland's order R, I, A, S, E, C, clockwise from the
top; a type's score moves its point from the centre (the lowest possible score) to the corner (the highest).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .riasec import TYPES


@dataclass(frozen=True)
class Corner:
    riasec_type: str
    score: int
    x: float  # the score's point
    y: float
    axis_x: float  # the corner of the outer hexagon
    axis_y: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor of the label


@dataclass(frozen=True)
class Hexagon:
    size: int
    corners: tuple[Corner, ...]
    outline: str  # "x,y x,y ..." of the outer hexagon
    rings: tuple[str, ...]  # grid hexagons at 25 %, 50 %, 75 %
    shape: str  # the score polygon


def _point(cx: float, cy: float, radius: float, index: int) -> tuple[float, float]:
    angle = math.radians(-90 + 60 * index)
    return round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1)


def _polygon(points) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def hexagon(scores: Mapping[str, int], *, low: int = 8, high: int = 40, size: int = 240) -> Hexagon:
    centre = size / 2
    radius = size * 0.34
    corners = []
    for index, riasec_type in enumerate(TYPES):
        value = int(scores.get(riasec_type, low))
        share = max(0.0, min(1.0, (value - low) / (high - low))) if high > low else 0.0
        x, y = _point(centre, centre, radius * share, index)
        axis_x, axis_y = _point(centre, centre, radius, index)
        label_x, label_y = _point(centre, centre, radius + 22, index)
        anchor = "middle" if index in (0, 3) else ("start" if index in (1, 2) else "end")
        corners.append(Corner(riasec_type, value, x, y, axis_x, axis_y, label_x, round(label_y + 4, 1), anchor))
    rings = tuple(_polygon(_point(centre, centre, radius * f, i) for i in range(6)) for f in (0.25, 0.5, 0.75))
    return Hexagon(
        size=size,
        corners=tuple(corners),
        outline=_polygon((c.axis_x, c.axis_y) for c in corners),
        rings=rings,
        shape=_polygon((c.x, c.y) for c in corners),
    )
