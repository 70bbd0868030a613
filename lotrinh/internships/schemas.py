import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from lotrinh.core.schemas import Id, TimeOfDay

Km = Annotated[Decimal, Field(gt=0, le=999, decimal_places=1)]


class RoundIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=150)]
    trade_id: Id | None = None
    starts_on: dt.date
    weeks: Annotated[int, Field(ge=1, le=52)]
    max_distance_km: Km


class RoundOut(Schema):
    id: int
    name: str
    trade_id: int | None
    starts_on: dt.date
    weeks: int
    max_distance_km: float
    status: str
    published_at: dt.datetime | None


class BlockIn(Schema):
    weekday: Annotated[int, Field(ge=0, le=6)]
    starts_at: TimeOfDay
    ends_at: TimeOfDay


class InternshipSlotIn(Schema):
    enterprise_id: Id
    trade_id: Id
    capacity: Annotated[int, Field(le=500)]
    place: Annotated[str, Field(min_length=1, max_length=255)]
    distance_km_from_center: Annotated[Decimal, Field(ge=0, le=999, decimal_places=1)] | None = None
    mentor_id: Id | None = None
    safety_briefing_required: bool = True
    weeks: Annotated[int, Field(ge=1, le=52)] | None = None
    blocks: Annotated[list[BlockIn], Field(max_length=14)]


class BlockOut(Schema):
    weekday: int
    starts_at: str
    ends_at: str


class InternshipSlotOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    trade_id: int
    capacity: int
    place: str
    mentor_id: int | None
    safety_briefing_required: bool
    starts_on: dt.date
    weeks: int
    blocks: list[BlockOut]


class ChoiceIn(Schema):
    rank: int
    slot_id: Id


class PreferencesIn(Schema):
    learner_id: Id
    choices: Annotated[list[ChoiceIn], Field(max_length=10)]


class PreferenceOut(Schema):
    learner_id: int
    rank: int
    slot_id: int


class RunIn(Schema):
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    max_per_class_enterprise: Annotated[int, Field(ge=1, le=100)] | None = None


class RunOut(Schema):
    id: int
    solver: str
    status: str
    objective: int
    bound: int
    gap: float
    placed: int
    seconds: float
    seed: int
    model_version: str
    started_at: dt.datetime


class PlacementOut(Schema):
    learner_id: int
    learner_name: str
    slot_id: int
    enterprise_name: str
    status: str
    explanation: str


class UnplacedOut(Schema):
    learner_id: int
    learner_name: str
    reason: str
    explanation: str


class ResultsOut(Schema):
    run: RunOut | None
    placements: list[PlacementOut]
    unplaced: list[UnplacedOut]


class PublishOut(Schema):
    status: str
    published: int
