import datetime as dt

from ninja import Schema
from pydantic import Field

from lotrinh.core.schemas import Id


class AdmissionTargetOut(Schema):
    id: int
    program_code: str
    program_name: str
    trade_id: int | None
    trade_name: str | None
    target: int


class PlanOut(Schema):
    id: int
    school_year: str
    opens_on: dt.date
    closes_on: dt.date
    note: str
    targets: list[AdmissionTargetOut]


class PlanIn(Schema):
    school_year: str = Field(max_length=9)
    opens_on: dt.date
    closes_on: dt.date
    note: str = Field("", max_length=255)


class TargetIn(Schema):
    program_code: str = Field(max_length=50)
    trade_id: Id | None = None
    target: int = Field(ge=-(2**31), le=2**31 - 1)


class DuplicateOut(Schema):
    kind: str
    id: int
    name: str
    label: str
    reason: str


class ApplicationOut(Schema):
    id: int
    tracking_code: str
    full_name: str
    date_of_birth: dt.date
    status: str
    status_label: str
    target_id: int
    program: str
    submitted_at: dt.datetime
    learner_id: int | None
    duplicates: list[DuplicateOut]


class ApplicationPageOut(Schema):
    count: int
    items: list[ApplicationOut]


class HistoryOut(Schema):
    status: str
    status_label: str
    reason: str
    changed_at: dt.datetime
    changed_by: str | None


class DocumentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class ApplicationDetailOut(ApplicationOut):
    sex: str
    phone: str
    commune: str | None
    previous_school: str
    guardian_name: str
    guardian_phone: str
    guardian_relationship: str
    consent_processing: bool
    consent_contact: bool
    decision_reason: str
    interest_attempt_id: int | None
    enrollment_id: int | None
    history: list[HistoryOut]
    documents: list[DocumentOut]


class ReasonIn(Schema):
    reason: str = Field("", max_length=500)


class BulkAdmitIn(Schema):
    application_ids: list[Id] = Field(max_length=1000)


class BulkAdmitOut(Schema):
    admitted: list[int]


class EnrolIn(Schema):
    school_class_id: Id
    enrolled_on: dt.date


class TargetRowOut(Schema):
    target_id: int | None
    label: str
    target: int
    applications: int
    verified: int
    admitted: int
    waitlisted: int
    rejected: int
    enrolled: int


class DayOut(Schema):
    day: dt.date
    count: int


class AdmissionDashboardOut(Schema):
    plan_id: int | None
    school_year: str | None
    rows: list[TargetRowOut]
    total: TargetRowOut | None
    by_day: list[DayOut]
