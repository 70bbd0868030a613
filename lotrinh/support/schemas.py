import datetime as dt
from typing import Literal

from ninja import Field, Schema

Level = Literal["so_cap", "duoi_3_thang", "trung_cap", "cao_dang", "trung_hoc_nghe", "gdtx_thcs", "gdtx_thpt"]
Ownership = Literal["public", "private", "unknown"]


class SupportRuleOut(Schema):
    group_code: str
    label: str
    levels: list[str]
    ownership: str
    all_of: list[str]
    any_of: list[str]
    min_distance_km: float | None
    benefit: str
    cap_vnd: int | None
    percent: int | None
    amount_vnd: int | None
    exclusive_group: str
    tier: int
    confidence: str
    verified: bool


class PolicyOut(Schema):
    id: int
    code: str
    version: int
    title: str
    citation: str
    issuing_body: str
    province: str | None
    kind: str
    effective_from: dt.date
    effective_to: dt.date | None
    in_force: bool
    confidence: str
    verified: bool
    once_only: bool
    is_example: bool
    note: str
    rules: list[SupportRuleOut]


class OutcomeOut(Schema):
    policy_code: str
    policy_name: str
    rule_label: str
    group_code: str
    status: str
    amount_vnd: int | None
    potential_vnd: int | None
    percent: int | None
    explanation: str
    facts_needed: list[str]
    citation: str
    scope: str
    effective_from: dt.date
    effective_to: dt.date | None
    confidence: str
    verified: bool


class EstimateOut(Schema):
    day: dt.date
    eligible_total_vnd: int
    to_collect: list[str]
    outcomes: list[OutcomeOut]


class CourseIn(Schema):
    level: Level
    ownership: Ownership = "public"
    cost_vnd: int | None = Field(None, ge=0, le=10_000_000_000)
    study_days: int | None = Field(None, ge=0, le=1000)
    distance_km: float | None = Field(None, ge=0, le=999)
    special_trade: bool | None = None


class FactsIn(Schema):
    household: Literal["poor", "near_poor", "none"] | None = None
    household_certificate_valid_from: dt.date | None = None
    household_certificate_valid_to: dt.date | None = None
    ethnic_minority: bool | None = None
    disability: bool | None = None
    disadvantaged_commune: bool | None = None
    distance_km: float | None = Field(None, ge=0, le=999)
    policy_beneficiary: bool | None = None
    orphan: bool | None = None
    land_recovered: bool | None = None
    female_lost_job: bool | None = None
    fisher: bool | None = None
    fisher_steel_vessel: bool | None = None
    female: bool | None = None
    rural_worker: bool | None = None
    thcs_graduate: bool | None = None
    parent_work_accident: bool | None = None
    previously_supported: bool | None = None


class EstimateIn(Schema):
    facts: FactsIn
    course: CourseIn
