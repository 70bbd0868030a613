import datetime as dt

from ninja import Schema


class ReasonOut(Schema):
    code: str
    text: str
    weight: float


class RiskOut(Schema):
    learner_id: int
    learner_code: str
    learner_name: str
    class_name: str | None
    level: str
    level_label: str
    score: float
    method: str
    reasons: list[ReasonOut]
    has_open_intervention: bool
    computed_at: dt.datetime


class RiskPageOut(Schema):
    count: int
    items: list[RiskOut]


class InterventionOut(Schema):
    id: int
    learner_id: int
    learner_name: str
    kind: str
    kind_label: str
    owner_id: int
    owner_name: str
    due_on: dt.date
    status: str
    status_label: str
    is_overdue: bool
    note: str
    outcome: str
    created_at: dt.datetime
    closed_at: dt.datetime | None


class InterventionPageOut(Schema):
    count: int
    items: list[InterventionOut]


class InterventionIn(Schema):
    learner_id: int
    kind: str
    owner_id: int
    due_on: dt.date
    note: str = ""


class InterventionCloseIn(Schema):
    outcome: str


class InterventionCancelIn(Schema):
    reason: str = ""


class HeadcountOut(Schema):
    label: str
    program: str
    start: int
    now: int
    joined: int
    dropped_out: int
    suspended: int
    transferred: int
    retention_percent: int | None


class CountOut(Schema):
    label: str
    count: int


class ModelOut(Schema):
    method: str
    trained_at: dt.datetime | None = None
    samples: int | None = None
    dropouts: int | None = None
    roc_auc: float | None = None
    macro_f1: float | None = None
    history_outcomes: int
    history_dropouts: int
    min_outcomes: int
    min_dropouts: int


class DashboardOut(Schema):
    school_year: str
    total: HeadcountOut
    programs: list[HeadcountOut]
    classes: list[HeadcountOut]
    dropouts: int
    dropouts_by_reason: list[CountOut]
    dropouts_by_month: list[CountOut]
    risk_levels: dict[str, int]
    at_risk_without_intervention: int
    open_interventions: int
    overdue_interventions: int
    model: ModelOut
