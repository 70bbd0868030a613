import datetime as dt

from ninja import Schema

from lotrinh.core.schemas import Id


class SchoolOut(Schema):
    id: int
    name: str
    code: str
    commune_code: int
    commune_name: str
    in_disadvantaged_area: bool
    is_active: bool


class SchoolIn(Schema):
    name: str
    commune_code: Id
    code: str = ""
    in_disadvantaged_area: bool = False


class CohortOut(Schema):
    id: int
    school_id: int
    school_name: str
    graduation_year: int
    graduates: int
    destinations_known: int


class CohortIn(Schema):
    school_id: Id
    graduation_year: int


class GraduateOut(Schema):
    id: int
    full_name: str
    date_of_birth: dt.date
    sex: str
    class_name: str
    learner_id: int | None
    destination: str
    destination_label: str
    destination_source: str
    destination_on: dt.date | None


class DestinationIn(Schema):
    destination: str
    source: str
    recorded_on: dt.date


class ShareOut(Schema):
    destination: str
    label: str
    count: int
    percent: float | None


class BreakdownOut(Schema):
    total: int
    vet: int
    vet_percent: float | None
    target_percent: float | None
    meets_target: bool | None
    shares: list[ShareOut]


class StreamingTargetOut(Schema):
    percent: float
    citation: str
    is_national: bool


class SchoolStreamingOut(Schema):
    school_id: int
    school_name: str
    figures: BreakdownOut
    target: StreamingTargetOut | None


class YearOut(Schema):
    year: int
    figures: BreakdownOut


class StreamingOut(Schema):
    years: list[int]
    year: int | None
    total: BreakdownOut
    target: StreamingTargetOut | None
    schools: list[SchoolStreamingOut]
    trend: list[YearOut]


class StreamingTargetIn(Schema):
    school_id: Id | None = None
    from_year: int
    to_year: int
    min_percent: float
    citation: str


class StreamingTargetOut(Schema):
    id: int
    school_id: int | None
    from_year: int
    to_year: int
    min_percent: float
    citation: str


class CounselingOut(Schema):
    id: int
    learner_id: int
    learner_name: str
    held_on: dt.date
    counselor_id: int
    counselor_name: str
    guardian_present: bool
    guardian_id: int | None
    topics: list[str]
    notes: str
    follow_up: str
    follow_up_due: dt.date | None
    follow_up_done: bool


class CounselingPageOut(Schema):
    count: int
    items: list[CounselingOut]


class CounselingIn(Schema):
    learner_id: Id
    held_on: dt.date
    counselor_id: Id
    topics: list[str]
    guardian_present: bool = False
    guardian_id: Id | None = None
    notes: str = ""
    follow_up: str = ""
    follow_up_due: dt.date | None = None
