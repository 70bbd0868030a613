"""Inputs and outputs of the allocation. Times are minutes after midnight; weekdays 0 = Monday … 6 = Sunday."""

import datetime as dt
from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    """Marks an English message for the catalogue; the service translates it when it stores the text."""
    return message


@dataclass(frozen=True)
class Block:
    """A weekly block: a culture lesson of the learner's class, or a working block of a slot."""

    weekday: int
    start: int  # minutes after midnight
    end: int
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class Learner:
    id: int
    trade_id: int | None
    busy: list[Block] = field(default_factory=list)  # culture lessons of the class timetable
    preferences: list[int] = field(default_factory=list)  # slot ids, rank 1 first
    distances: dict[int, float] = field(default_factory=dict)  # slot id → km from home, when known
    home: tuple[float, float] | None = None  # coordinates in km, used when a distance is not given
    class_id: int | None = None
    name: str = ""


@dataclass
class Slot:
    id: int
    enterprise_id: int
    trade_id: int
    capacity: int
    blocks: list[Block] = field(default_factory=list)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    place: str = ""
    location: tuple[float, float] | None = None
    label: str = ""  # e.g. the enterprise's name, used in explanations


@dataclass
class Rules:
    pins: set[tuple[int, int]] = field(default_factory=set)  # (learner id, slot id)
    forbids: set[tuple[int, int]] = field(default_factory=set)
    max_distance_km: float | None = None
    max_per_class_enterprise: int | None = None  # a side constraint: forces CP-SAT
    trade_names: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Part:
    """One sentence of an explanation: an English message (in the catalogue) and its parameters."""

    message: str
    params: dict = field(default_factory=dict)

    def render(self, translate=lambda m: m) -> str:
        def value(v):
            if isinstance(v, Part):
                return v.render(translate)
            if isinstance(v, list | tuple):
                return ", ".join(value(i) for i in v)
            if isinstance(v, float):
                return f"{v:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return v

        return translate(self.message) % {k: value(v) for k, v in self.params.items()}


@dataclass
class Outcome:
    learner_id: int
    slot_id: int | None
    reason: str  # "placed", "pinned", or an unplaced reason code
    parts: list[Part] = field(default_factory=list)
    rank: int | None = None
    distance_km: float | None = None

    def text(self, translate=lambda m: m) -> str:
        return "; ".join(p.render(translate) for p in self.parts) + "."


@dataclass
class Result:
    solver: str  # "min_cost_flow" or "cp_sat"
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, MODEL_INVALID
    objective: int
    bound: int
    gap: float
    placed: int
    seconds: float
    outcomes: list[Outcome]
    score: int = 0  # sum of the pair scores (without the weight of placing)
    message: str = ""

    @property
    def assignment(self) -> dict[int, int]:
        return {o.learner_id: o.slot_id for o in self.outcomes if o.slot_id is not None}
