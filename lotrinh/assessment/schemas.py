"""JSON shapes of the assessment API, input and output separate."""

import datetime as dt

from ninja import Schema


class RuleOut(Schema):
    code: str
    name: str
    weights: dict[str, float]
    term_weights: dict[str, float]
    pass_mark: float
    citation: str
    valid_from: dt.date


class ColumnOut(Schema):
    key: str
    kind: str
    sequence: int
    label: str


class ScoreRowOut(Schema):
    learner_id: int
    learner_code: str
    full_name: str
    enrollment_status: str
    scores: dict[str, float | None]
    term_average: float | None
    complete: bool
    missing: list[str]
    year_average: float | None = None


class ScoreSheetOut(Schema):
    class_id: int
    class_name: str
    subject: str
    term: int
    rule: RuleOut | None
    columns: list[ColumnOut]
    rows: list[ScoreRowOut]


class ScoreCellIn(Schema):
    learner_id: int
    column: str
    value: str | float | None = None


class ScoresIn(Schema):
    subject: str
    term: int
    entries: list[ScoreCellIn]


class SaveResultOut(Schema):
    created: int
    updated: int
    deleted: int
    changed: int


class GradebookClassOut(Schema):
    id: int
    name: str
    school_year: str
    program: str
    headcount: int
    subjects: list[str]
    modules: list[str]


class ModuleResultOut(Schema):
    learner_id: int
    learner_code: str
    full_name: str
    module: str
    hours: int
    score: float
    passed: bool
    assessed_on: dt.date


class ModuleCellIn(Schema):
    learner_id: int
    value: str | float | None = None
    passed: bool | None = None


class ModuleResultsIn(Schema):
    module: str
    hours: int
    assessed_on: dt.date
    entries: list[ModuleCellIn]


class TermOut(Schema):
    term: int
    regular: list[float]
    midterm: float | None
    final: float | None
    average: float | None
    missing: list[str]


class SubjectOut(Schema):
    subject: str
    terms: list[TermOut]
    year_average: float | None


class TranscriptClassOut(Schema):
    class_id: int
    class_name: str
    school_year: str
    program: str
    enrollment_status: str
    rule: RuleOut | None
    subjects: list[SubjectOut]
    modules: list[ModuleResultOut]


class TranscriptOut(Schema):
    learner_id: int
    learner_code: str
    full_name: str
    date_of_birth: dt.date
    classes: list[TranscriptClassOut]
