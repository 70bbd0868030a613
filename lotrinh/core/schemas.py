import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field, WithJsonSchema

# A row's id in a query string: a positive 64-bit number, so that an absurd one is a 422 and not a database error
# (SQLite refuses a number past 64 bits where an id is compared inside a subquery).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# A time of day on the center's wall clock ("07:30:00"). Pydantic would document dt.time as JSON Schema's "time"
# format, which is RFC 3339's full-time and demands a UTC offset that a lesson's bell time does not have.
TimeOfDay = Annotated[
    dt.time,
    WithJsonSchema(
        {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$", "example": "07:30:00"}
    ),
]


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    code: str
    field: str | None = None
    errors: list[FieldErrorOut] = []


class ValidationErrorOut(Schema):
    detail: str
    code: str
    errors: list[FieldErrorOut]


class MembershipOut(Schema):
    center_slug: str
    center_name: str
    role: str
    role_label: str


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    memberships: list[MembershipOut]
    supervises: list[str]


class CenterOut(Schema):
    slug: str
    code: str
    name: str
    kind: str
    commune: str
    province: str
    supervising_body: str
    learners: int
    classes: int
    staff: int
    sessions_today: int


class StaffOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    phone: str
    role: str
    role_label: str
    is_active: bool


class StaffIn(Schema):
    full_name: str
    username: str
    email: str
    phone: str = ""
    role: str


class AuditEventOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict


class AuditPageOut(Schema):
    count: int
    items: list[AuditEventOut]


class CenterRowOut(Schema):
    slug: str
    name: str
    kind: str
    commune: str
    learners: int
    classes: int
    staff: int
    sessions_today: int
    dropouts: int
