import datetime as dt

from ninja import Field, Schema

from lotrinh.core.schemas import Id


class EnterpriseOut(Schema):
    id: int
    slug: str
    tax_code: str
    name: str
    short_name: str
    industry_code: str | None
    industry_label: str | None
    industrial_park: str | None
    investor_origin: str
    size: str


class PartnershipOut(Schema):
    id: int
    enterprise: EnterpriseOut
    since: dt.date
    status: str
    notes: str


class QuotaOut(Schema):
    what: str
    quantity: int
    delivered: int


class AgreementOut(Schema):
    id: int
    kind: str
    number: str
    enterprise_id: int | None
    partner_school: str
    signed_on: dt.date
    valid_from: dt.date
    valid_to: dt.date
    days_left: int
    quotas: list[QuotaOut]


class TrainingOrderOut(Schema):
    id: int
    enterprise_id: int
    trade_id: int
    trade: str
    skills: str
    language: str
    language_level: str
    head_count: int
    enrolled: int | None = None
    starts_on: dt.date
    place: str
    school_class_id: int | None
    status: str


class OpeningOut(Schema):
    id: int
    center_id: int
    enterprise_id: int
    trade_id: int
    trade: str
    title: str
    level: str
    count: int
    wage_min: int
    wage_max: int
    shifts: str
    place: str
    deadline: dt.date
    status: str
    posted_by_enterprise: bool


class OpeningIn(Schema):
    trade_id: Id
    title: str = Field(min_length=1, max_length=150)
    level: str = "so_cap"
    count: int = Field(ge=0, le=100_000)
    wage_min: int = Field(ge=0, le=10**12)
    wage_max: int = Field(ge=0, le=10**12)
    shifts: str = "day"
    place: str = Field("", max_length=200)
    deadline: dt.date


class StaffOpeningIn(OpeningIn):
    enterprise_id: Id


class EnterpriseOpeningIn(OpeningIn):
    center_id: Id


class OpeningDemandOut(Schema):
    trade_id: int
    positions: int
