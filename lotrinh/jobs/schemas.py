import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from lotrinh.core.schemas import Id

Short = Annotated[str, Field(max_length=255)]
Score = Annotated[int, Field(ge=1, le=5)]


class JobPlacementIn(Schema):
    learner_id: Id
    job_title: Annotated[str, Field(max_length=150)]
    trade_match: str
    applied_on: dt.date
    enterprise_id: Id | None = None
    employer_name: Annotated[str, Field(max_length=200)] = ""
    trade_id: Id | None = None
    wage_band_id: Id | None = None
    opening_id: Id | None = None
    note: Short = ""


class JobStepIn(Schema):
    action: str  # interview, hire, reject, decline
    on: dt.date
    wage_band_id: Id | None = None
    note: Short = ""


class JobStepOut(Schema):
    status: str
    effective_on: dt.date
    note: str


class JobPlacementOut(Schema):
    id: int
    learner_id: int
    learner_name: str
    enterprise_id: int | None
    employer: str
    trade_id: int | None
    trade_match: str
    job_title: str
    wage_band: str | None
    status: str
    status_label: str
    applied_on: dt.date
    interviewed_on: dt.date | None
    hired_on: dt.date | None
    closed_on: dt.date | None


class JobPlacementPageOut(Schema):
    count: int
    items: list[JobPlacementOut]


class FollowUpOut(Schema):
    id: int
    learner_id: int
    learner_name: str
    months: int
    graduated_on: dt.date
    due_on: dt.date
    status: str
    is_overdue: bool
    channel: str
    answered_at: dt.datetime | None
    employed: bool | None
    employer_name: str
    trade_match: str
    wage_band: str | None
    further_study: bool | None
    satisfaction: int | None


class FollowUpPageOut(Schema):
    count: int
    items: list[FollowUpOut]


class FollowUpAnswerIn(Schema):
    employed: bool
    employer_name: Annotated[str, Field(max_length=200)] = ""
    trade_match: str = ""
    wage_band_id: Id | None = None
    further_study: bool | None = None
    satisfaction: Score | None = None
    note: Short = ""


class RateOut(Schema):
    label: str
    graduates: int
    reached: int
    employed: int
    in_trade: int
    rate_reached: float | None
    rate_all: float | None
    in_trade_rate: float | None


class EmploymentRateOut(Schema):
    definition: str
    total: RateOut
    by_trade: list[RateOut]
    by_cohort: list[RateOut]
    by_program: list[RateOut]
    followups_due: int


class EvaluationOut(Schema):
    kind: str
    scores: dict[str, int]
    average: float | None
    comment: str
    evaluated_on: dt.date


class InternOut(Schema):
    placement_id: int
    learner_name: str
    enterprise: str
    trade: str
    starts_on: dt.date
    mentor: str | None
    days_recorded: int
    attendance: dict[str, int]
    attendance_rate: float | None
    safety_briefing_on: dt.date | None
    safety_briefing_required: bool
    incidents: int
    evaluations: list[EvaluationOut]


class EvaluationIn(Schema):
    kind: str
    scores: dict[Annotated[str, Field(max_length=30)], Score]
    comment: Annotated[str, Field(max_length=2000)] = ""


class AttendanceIn(Schema):
    date: dt.date
    status: str
    note: Short = ""


class AttendanceOut(Schema):
    placement_id: int
    date: dt.date
    status: str
    note: str
