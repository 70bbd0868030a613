import datetime as dt

from ninja import Schema
from pydantic import Field

from lotrinh.core.schemas import Id


class ItemTextOut(Schema):
    language: str
    text: str
    source: str
    source_version: str


class ItemOut(Schema):
    item_id: str
    riasec_type: str
    order: int
    texts: list[ItemTextOut]


class InstrumentOut(Schema):
    code: str
    version: str
    name: str
    citation: str
    licence: str
    answer_scale: list[str]
    items: list[ItemOut]


class InterestSessionOut(Schema):
    id: int
    school_class_id: int
    class_name: str
    join_code: str
    opened_by: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    is_open: bool
    attempt_count: int


class SessionPageOut(Schema):
    count: int
    items: list[InterestSessionOut]


class AttemptOut(Schema):
    id: int
    learner_id: int | None
    respondent_name: str
    source: str
    instrument_version: str
    language: str
    scores: dict[str, int]
    holland_code: str
    code_with_ties: str
    answers: dict[str, int]
    submitted_at: dt.datetime


class AttemptListOut(Schema):
    count: int
    items: list[AttemptOut]


class PaperSheetIn(Schema):
    learner_id: Id
    answers: dict[str, int] = Field(description='One answer 1–5 per item id, e.g. {"R1": 4, "I1": 2, ...}')
    client_token: str | None = Field(
        default=None, max_length=32, description="Send the same value again to retry without making a second sheet"
    )
