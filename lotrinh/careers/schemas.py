import datetime as dt

from ninja import Schema
from pydantic import Field

from lotrinh.core.schemas import Id


class OverrideOut(Schema):
    code: str
    reason: str
    set_by: str
    set_on: dt.date


class OfferOut(Schema):
    id: int
    trade_id: int
    trade_name: str
    program: str
    level: str
    provider: str
    partner_name: str
    duration_months: int
    cost_vnd: int
    next_intake_on: dt.date | None
    places: int | None


class TradeOut(Schema):
    id: int
    name: str
    level: str
    level_label: str
    code: str
    reference_code: str
    reference_levels: dict[str, float] | None
    reviewed: bool
    onet_release: str
    onet_soc_codes: list[str]
    override: OverrideOut | None
    demand: int | None
    offers: list[OfferOut]


class TradePageOut(Schema):
    count: int
    attribution: str
    items: list[TradeOut]


class OverrideIn(Schema):
    code: str = Field(max_length=10)
    reason: str = Field(max_length=2000)


class TradeDemandOut(Schema):
    id: int
    trade_id: int
    trade_name: str
    year: int
    quarter: int | None
    openings: int
    source: str
    noted_on: dt.date


class DemandPageOut(Schema):
    count: int
    totals: dict[str, int]
    items: list[TradeDemandOut]


class DemandIn(Schema):
    trade_id: Id
    year: int
    quarter: int | None = None
    openings: int
    source: str = Field(max_length=200)
    noted_on: dt.date


class OfferPageOut(Schema):
    count: int
    items: list[OfferOut]


class OfferIn(Schema):
    trade_id: Id
    program_id: Id
    level: str
    provider: str = "center"
    partner_name: str = Field("", max_length=200)
    duration_months: int
    cost_vnd: int
    next_intake_on: dt.date | None = None
    places: int | None = None


class PathwayReasonOut(Schema):
    kind: str
    text: str
    missing: bool


class RecommendationOut(Schema):
    trade_id: int
    trade_name: str
    pathway: str
    score: int
    code: str
    reasons: list[PathwayReasonOut]


class LearnerRecommendationsOut(Schema):
    learner_id: int
    learner_name: str
    holland_code: str
    scores: dict[str, int] | None
    culture_average: float | None
    advisory: str
    weights_version: str
    items: list[RecommendationOut]
