"""Reads for assessment: who may open which class and subject, the grade sheet, module results, the transcript.

Every selector runs a fixed number of queries whatever the size of the class or the center.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotrinh.academics.models import ClassSession, Enrollment, SchoolClass, SessionKind, WeeklySlot
from lotrinh.core.formats import group_thousands
from lotrinh.core.text import vietnamese_sort_key

from . import grading
from .models import GradingRule, ModuleResult, Score, ScoreKind

# Programs whose learners get GDTX scores (culture subjects); the others are assessed by vocational module.
SCORED_PROGRAMS = frozenset({"gdtx-thcs", "gdtx-thpt", "chin-cong"})
# The rule used when no rule carries the program's own code.
DEFAULT_RULE_CODE = "gdtx-thpt"
TERMS = (1, 2)
REGULAR_COLUMNS = 4  # shown on every sheet; more appear when a class already has more regular marks
MAX_REGULAR = 9
TERM_LABELS = {1: gettext_lazy("Term 1"), 2: gettext_lazy("Term 2")}
# Subjects are read from the weekly slots and from the sessions of this many days around today: enough to see
# every subject of a running class without scanning years of sessions. Past classes keep theirs through scores.
SESSION_WINDOW_DAYS = 200


def term_of(day: dt.date) -> int:
    """The term a day falls in: term 1 from August to January, term 2 from February."""
    return 1 if day.month >= 8 or day.month == 1 else 2


def class_reference_day(school_class: SchoolClass) -> dt.date:
    """The day whose grading rule applies to a class: its start, else 1 September of its school year."""
    if school_class.starts_on:
        return school_class.starts_on
    try:
        return dt.date(int(school_class.school_year[:4]), 9, 1)
    except ValueError:
        return timezone.localdate()


# --- Grading rules -------------------------------------------------------------------------------------------


def grading_rules() -> list[GradingRule]:
    """Every version of every rule (a handful of reference rows), for picking in memory."""
    return list(GradingRule.objects.order_by("code", "-valid_from"))


def grading_rule_pick(rules: list[GradingRule], *, program_code: str, day: dt.date) -> GradingRule | None:
    """The rule in force on ``day`` for a program: its own code first, then the default rule.

    A day before the first version of the default rule takes that first version.
    """
    for code in (program_code, DEFAULT_RULE_CODE):
        for rule in rules:
            if rule.code == code and rule.valid_from <= day and (rule.valid_to is None or rule.valid_to > day):
                return rule
    defaults = [r for r in rules if r.code == DEFAULT_RULE_CODE]  # newest first
    return defaults[-1] if defaults else None


def grading_rule_for(school_class: SchoolClass, rules: list[GradingRule] | None = None) -> GradingRule | None:
    rules = grading_rules() if rules is None else rules
    return grading_rule_pick(rules, program_code=school_class.program.code, day=class_reference_day(school_class))


def rule_of(grading_rule: GradingRule | None) -> grading.Rule:
    """The plain rule the maths needs; without any rule row, regular 1, mid-term 2, final 3."""
    if grading_rule is None:
        return grading.Rule.from_data({"regular": 1, "midterm": 2, "final": 3}, {"1": 1, "2": 2})
    return grading.Rule.from_data(grading_rule.weights, grading_rule.term_weights, grading_rule.pass_mark)


# --- Columns and formatting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # "regular-2", "midterm", "final": how the page and the API name a column
    kind: str
    sequence: int
    label: str
    short: str


def score_columns(regular_count: int = REGULAR_COLUMNS) -> list[Column]:
    columns = [
        Column(
            f"regular-{n}",
            ScoreKind.REGULAR,
            n,
            _("Regular assessment %(n)d") % {"n": n},
            _("Reg. %(n)d") % {"n": n},
        )
        for n in range(1, regular_count + 1)
    ]
    columns.append(Column("midterm", ScoreKind.MIDTERM, 1, _("Mid-term assessment"), _("Mid-term")))
    columns.append(Column("final", ScoreKind.FINAL, 1, _("End-of-term assessment"), _("End-of-term")))
    return columns


def column_parse(key: str) -> tuple[str, int] | None:
    """ "regular-2" → ("regular", 2); "midterm" → ("midterm", 1); anything else → None."""
    if key in (ScoreKind.MIDTERM, ScoreKind.FINAL):
        return str(key), 1
    kind, _sep, number = key.partition("-")
    if kind == ScoreKind.REGULAR and number.isdigit() and 1 <= int(number) <= MAX_REGULAR:
        return ScoreKind.REGULAR.value, int(number)
    return None


def column_key(kind: str, sequence: int) -> str:
    return f"regular-{sequence}" if kind == ScoreKind.REGULAR else str(kind)


def column_label(key: str) -> str:
    parsed = column_parse(key)
    if parsed is None:
        return key
    return next(c.label for c in score_columns(max(parsed[1], 1)) if c.key == key)


def score_text(value: Decimal | None) -> str:
    """How a score is written in a cell: 8, 7,5 (decimal comma); empty for no score."""
    if value is None:
        return ""
    return group_thousands(value, 0 if value == value.to_integral_value() else 1)


def average_text(value: Decimal | None) -> str:
    """Averages always keep their decimal: 8,0."""
    return "" if value is None else group_thousands(value, 1)


def learner_order(learner) -> tuple:
    """Vietnamese class lists sort by given name (the last word), then by the whole name."""
    given = learner.full_name.rsplit(" ", 1)[-1]
    return vietnamese_sort_key(given), vietnamese_sort_key(learner.full_name), learner.pk


# --- Who may open what ---------------------------------------------------------------------------------------


def sees_all_classes(membership) -> bool:
    """Roles that see every class's grades; teachers see only their own classes."""
    return membership.has_perm("classes.view_all")


def teacher_class_ids(user) -> set[int]:
    """Classes a teacher is homeroom teacher of or teaches a session or weekly slot in (one query)."""
    slots = WeeklySlot.objects.filter(school_class=OuterRef("pk"), teacher=user)
    sessions = ClassSession.objects.filter(school_class=OuterRef("pk"), teacher=user)
    return set(
        SchoolClass.objects.filter(Q(homeroom_teacher=user) | Exists(slots) | Exists(sessions)).values_list(
            "pk", flat=True
        )
    )


def _timetable_subjects(class_ids, teacher=None) -> dict[int, dict[str, str]]:
    """class id → {subject: session kind} from the weekly slots and the sessions (two queries)."""
    found: dict[int, dict[str, str]] = {}
    today = timezone.localdate()
    for model in (WeeklySlot, ClassSession):
        rows = model.objects.filter(school_class_id__in=class_ids)
        if model is ClassSession:
            rows = rows.filter(
                date__gte=today - dt.timedelta(days=SESSION_WINDOW_DAYS), date__lte=today + dt.timedelta(days=60)
            )
        if teacher is not None:
            rows = rows.filter(teacher=teacher)
        for class_id, subject, kind in rows.values_list("school_class_id", "subject", "kind").distinct():
            found.setdefault(class_id, {}).setdefault(subject, kind)
    return found


@dataclass
class ClassSubjects:
    subjects: list[str] = field(default_factory=list)  # GDTX subjects with scores
    modules: list[str] = field(default_factory=list)  # vocational modules with results


def class_subjects(classes: list[SchoolClass], *, teacher=None) -> dict[int, ClassSubjects]:
    """For each class, the subjects scored on the GDTX grade sheet and the modules assessed by result.

    A teacher who is not the class's homeroom teacher sees only the subjects they teach there.
    Fixed number of queries (timetable twice, scores, module results; twice more for a teacher).
    """
    class_ids = [c.pk for c in classes]
    timetable = _timetable_subjects(class_ids)
    scored: dict[int, set[str]] = {}
    for class_id, subject in (
        Score.objects.filter(school_class_id__in=class_ids).values_list("school_class_id", "subject").distinct()
    ):
        scored.setdefault(class_id, set()).add(subject)
    assessed: dict[int, set[str]] = {}
    for class_id, module in (
        ModuleResult.objects.filter(school_class_id__in=class_ids).values_list("school_class_id", "module").distinct()
    ):
        assessed.setdefault(class_id, set()).add(module)
    taught = _timetable_subjects(class_ids, teacher=teacher) if teacher is not None else None

    result = {}
    for school_class in classes:
        on_timetable = timetable.get(school_class.pk, {})
        if school_class.program.code in SCORED_PROGRAMS:
            subjects = {s for s, kind in on_timetable.items() if kind == SessionKind.CULTURE}
            modules = {s for s, kind in on_timetable.items() if kind != SessionKind.CULTURE}
        else:
            subjects, modules = set(), set(on_timetable)
        subjects |= scored.get(school_class.pk, set())
        modules |= assessed.get(school_class.pk, set())
        if taught is not None and school_class.homeroom_teacher_id != teacher.pk:
            own = set(taught.get(school_class.pk, {}))
            subjects, modules = subjects & own, modules & own
        result[school_class.pk] = ClassSubjects(
            subjects=sorted(subjects, key=vietnamese_sort_key), modules=sorted(modules, key=vietnamese_sort_key)
        )
    return result


def class_allowed(*, membership, school_class: SchoolClass) -> bool:
    """May this member open this class's grades at all?"""
    return sees_all_classes(membership) or school_class.pk in teacher_class_ids(membership.user)


def subject_allowed(*, membership, school_class: SchoolClass, subject: str, module: bool = False) -> bool:
    """Among the classes a member may open (``class_allowed``), may they open this subject or module?

    A teacher sees the subjects they teach there (all of them in their homeroom class); unknown subjects are refused.
    """
    teacher = None if sees_all_classes(membership) else membership.user
    subjects = class_subjects([school_class], teacher=teacher)[school_class.pk]
    return subject in (subjects.modules if module else subjects.subjects)


# --- The grade book: classes with their subjects -------------------------------------------------------------


@dataclass
class GradebookRow:
    school_class: SchoolClass
    headcount: int
    subjects: list[str]
    modules: list[str]
    is_scored: bool


def school_years() -> list[str]:
    """The school years that have classes, newest first."""
    return list(SchoolClass.objects.order_by("-school_year").values_list("school_year", flat=True).distinct())


def gradebook(*, membership, school_year: str = "") -> list[GradebookRow]:
    """The classes of a school year a member may open, with subjects and modules; a teacher sees only theirs."""
    teacher = None if sees_all_classes(membership) else membership.user
    classes = SchoolClass.objects.select_related("program", "homeroom_teacher").annotate(
        headcount=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ENROLLED))
    )
    if school_year:
        classes = classes.filter(school_year=school_year)
    if teacher is not None:
        slots = WeeklySlot.objects.filter(school_class=OuterRef("pk"), teacher=teacher)
        sessions = ClassSession.objects.filter(school_class=OuterRef("pk"), teacher=teacher)
        classes = classes.filter(Q(homeroom_teacher=teacher) | Exists(slots) | Exists(sessions))
    classes = list(classes.order_by("-school_year", "name"))
    subjects = class_subjects(classes, teacher=teacher)
    return [
        GradebookRow(
            school_class=c,
            headcount=c.headcount,
            subjects=subjects[c.pk].subjects,
            modules=subjects[c.pk].modules,
            is_scored=c.program.code in SCORED_PROGRAMS,
        )
        for c in classes
    ]


# --- The grade sheet -----------------------------------------------------------------------------------------


@dataclass
class Cell:
    name: str  # the form field: "s-<learner id>-<column key>"
    column: Column
    value: Decimal | None
    text: str
    error: str = ""
    initial: str = ""  # the saved value, to tell typed-but-unsaved cells apart

    def __post_init__(self) -> None:
        self.initial = self.initial or self.text


@dataclass
class SheetRow:
    learner: object
    enrollment_status: str
    status_label: str
    cells: list[Cell]
    term: grading.TermResult
    year: grading.YearResult | None

    @property
    def is_enrolled(self) -> bool:
        return self.enrollment_status == Enrollment.Status.ENROLLED

    @property
    def term_average_text(self) -> str:
        return average_text(self.term.average)

    @property
    def year_average_text(self) -> str:
        return average_text(self.year.average) if self.year else ""


@dataclass
class GradeSheet:
    school_class: SchoolClass
    subject: str
    term: int
    grading_rule: GradingRule | None
    rule: grading.Rule
    columns: list[Column]
    rows: list[SheetRow]
    shows_year: bool

    @property
    def term_label(self) -> str:
        return str(TERM_LABELS.get(self.term, self.term))


def cell_name(learner_id: int, column_key_: str) -> str:
    return f"s-{learner_id}-{column_key_}"


def _enrollments(school_class: SchoolClass) -> list[Enrollment]:
    enrollments = list(Enrollment.objects.filter(school_class=school_class).select_related("learner"))
    enrollments.sort(key=lambda e: learner_order(e.learner))
    return enrollments


def _marks(values: dict[tuple[str, int], Decimal]) -> list[grading.Mark]:
    return [grading.Mark(kind=kind, value=value) for (kind, _seq), value in values.items()]


def grade_sheet(*, school_class: SchoolClass, subject: str, term: int) -> GradeSheet:
    """Learners × score columns for one class, subject and term, with term (and year) averages.

    Four queries whatever the class size: enrollments, scores of both terms, grading rules, and the
    class's program (already joined by the caller when it used select_related).
    """
    grading_rule = grading_rule_for(school_class)
    rule = rule_of(grading_rule)
    enrollments = _enrollments(school_class)
    by_learner: dict[int, dict[int, dict[tuple[str, int], Decimal]]] = {}
    for learner_id, score_term, kind, sequence, value in Score.objects.filter(
        school_class=school_class, subject=subject
    ).values_list("learner_id", "term", "kind", "sequence", "value"):
        by_learner.setdefault(learner_id, {}).setdefault(score_term, {})[(kind, sequence)] = value

    most_regular = max(
        (seq for terms in by_learner.values() for (kind, seq) in terms.get(term, {}) if kind == ScoreKind.REGULAR),
        default=0,
    )
    columns = score_columns(max(REGULAR_COLUMNS, most_regular))
    last_term = max(rule.term_weights, default=2)
    shows_year = term == last_term
    rows = []
    for enrollment in enrollments:
        learner = enrollment.learner
        terms = by_learner.get(learner.pk, {})
        values = terms.get(term, {})
        cells = [
            Cell(
                name=cell_name(learner.pk, c.key),
                column=c,
                value=values.get((c.kind, c.sequence)),
                text=score_text(values.get((c.kind, c.sequence))),
            )
            for c in columns
        ]
        year = None
        if shows_year:
            averages = {t: grading.term_average(rule, _marks(terms.get(t, {}))).average for t in rule.term_weights}
            year = grading.year_average(rule, averages)
        rows.append(
            SheetRow(
                learner=learner,
                enrollment_status=enrollment.status,
                status_label=str(enrollment.get_status_display()),
                cells=cells,
                term=grading.term_average(rule, _marks(values)),
                year=year,
            )
        )
    return GradeSheet(
        school_class=school_class,
        subject=subject,
        term=term,
        grading_rule=grading_rule,
        rule=rule,
        columns=columns,
        rows=rows,
        shows_year=shows_year,
    )


# --- Module results ------------------------------------------------------------------------------------------


@dataclass
class ModuleRow:
    learner: object
    enrollment_status: str
    status_label: str
    result: ModuleResult | None
    text: str
    passed_choice: str  # "" = by the pass mark, "1" = passed, "0" = not passed
    error: str = ""
    initial: str = ""

    def __post_init__(self) -> None:
        self.initial = self.initial or self.text

    @property
    def score_name(self) -> str:
        return f"m-{self.learner.pk}-score"

    @property
    def passed_name(self) -> str:
        return f"m-{self.learner.pk}-passed"

    @property
    def is_enrolled(self) -> bool:
        return self.enrollment_status == Enrollment.Status.ENROLLED


@dataclass
class ModuleSheet:
    school_class: SchoolClass
    module: str
    grading_rule: GradingRule | None
    rule: grading.Rule
    hours: int | None
    assessed_on: dt.date | None
    rows: list[ModuleRow]


def module_sheet(*, school_class: SchoolClass, module: str) -> ModuleSheet:
    """Learners of a class with their result in one module (three queries)."""
    grading_rule = grading_rule_for(school_class)
    rule = rule_of(grading_rule)
    results = {r.learner_id: r for r in ModuleResult.objects.filter(school_class=school_class, module=module)}
    rows = []
    for enrollment in _enrollments(school_class):
        result = results.get(enrollment.learner_id)
        choice = ""
        if result is not None and result.passed != grading.passed(rule, result.value):
            choice = "1" if result.passed else "0"
        rows.append(
            ModuleRow(
                learner=enrollment.learner,
                enrollment_status=enrollment.status,
                status_label=str(enrollment.get_status_display()),
                result=result,
                text=score_text(result.value) if result else "",
                passed_choice=choice,
            )
        )
    any_result = next(iter(results.values()), None)
    return ModuleSheet(
        school_class=school_class,
        module=module,
        grading_rule=grading_rule,
        rule=rule,
        hours=any_result.hours if any_result else None,
        assessed_on=any_result.assessed_on if any_result else None,
        rows=rows,
    )


def module_result_list(*, school_class: SchoolClass, module: str = "") -> list[ModuleResult]:
    results = ModuleResult.objects.filter(school_class=school_class).select_related("learner")
    if module:
        results = results.filter(module=module)
    return sorted(results, key=lambda r: (vietnamese_sort_key(r.module), learner_order(r.learner)))


# --- The transcript ------------------------------------------------------------------------------------------


@dataclass
class TermLine:
    regular: list[Decimal]
    midterm: Decimal | None
    final: Decimal | None
    result: grading.TermResult

    @property
    def regular_text(self) -> str:
        return "  ".join(score_text(v) for v in self.regular)

    @property
    def is_empty(self) -> bool:
        return not self.regular and self.midterm is None and self.final is None

    @property
    def midterm_text(self) -> str:
        return score_text(self.midterm)

    @property
    def final_text(self) -> str:
        return score_text(self.final)

    @property
    def average_text(self) -> str:
        return average_text(self.result.average)


@dataclass
class SubjectLine:
    subject: str
    terms: dict[int, TermLine]
    year: grading.YearResult

    @property
    def year_text(self) -> str:
        return average_text(self.year.average)


@dataclass
class ClassRecord:
    school_class: SchoolClass
    enrollment: Enrollment
    grading_rule: GradingRule | None
    subjects: list[SubjectLine]
    modules: list[ModuleResult]


@dataclass
class Transcript:
    learner: object
    classes: list[ClassRecord]
    terms: tuple[int, ...] = TERMS


def transcript(*, learner) -> Transcript:
    """Every class of a learner with the scores, term and year averages, and module results (four queries)."""
    enrollments = list(
        Enrollment.objects.filter(learner=learner)
        .select_related("school_class__program")
        .order_by("school_class__school_year", "school_class__name")
    )
    rules = grading_rules()
    scores: dict[int, dict[str, dict[int, dict[tuple[str, int], Decimal]]]] = {}
    for class_id, subject, term, kind, sequence, value in (
        Score.objects.filter(learner=learner)
        .order_by("sequence")
        .values_list("school_class_id", "subject", "term", "kind", "sequence", "value")
    ):
        scores.setdefault(class_id, {}).setdefault(subject, {}).setdefault(term, {})[(kind, sequence)] = value
    modules: dict[int, list[ModuleResult]] = {}
    for result in ModuleResult.objects.filter(learner=learner).order_by("assessed_on", "module"):
        modules.setdefault(result.school_class_id, []).append(result)

    records = []
    for enrollment in enrollments:
        school_class = enrollment.school_class
        grading_rule = grading_rule_pick(
            rules, program_code=school_class.program.code, day=class_reference_day(school_class)
        )
        rule = rule_of(grading_rule)
        lines = []
        for subject, terms in sorted(scores.get(school_class.pk, {}).items(), key=lambda i: vietnamese_sort_key(i[0])):
            term_lines = {}
            for term in TERMS:
                values = terms.get(term, {})
                term_lines[term] = TermLine(
                    regular=[v for (kind, _s), v in sorted(values.items()) if kind == ScoreKind.REGULAR],
                    midterm=values.get((ScoreKind.MIDTERM, 1)),
                    final=values.get((ScoreKind.FINAL, 1)),
                    result=grading.term_average(rule, _marks(values)),
                )
            year = grading.year_average(rule, {t: line.result.average for t, line in term_lines.items()})
            lines.append(SubjectLine(subject=subject, terms=term_lines, year=year))
        records.append(
            ClassRecord(
                school_class=school_class,
                enrollment=enrollment,
                grading_rule=grading_rule,
                subjects=lines,
                modules=modules.get(school_class.pk, []),
            )
        )
    return Transcript(learner=learner, classes=records)


def sheet_access_check(*, membership, school_class: SchoolClass, subject: str, module: bool = False) -> None:
    """Raise PermissionDenied for a teacher outside the class or subject, Http404 for a subject the class lacks.

    A module of one's own class may be new (its first results create it), so modules check the class only.
    """
    if not class_allowed(membership=membership, school_class=school_class):
        raise PermissionDenied
    if module:
        return
    if not subject_allowed(membership=membership, school_class=school_class, subject=subject):
        if sees_all_classes(membership):
            raise Http404
        raise PermissionDenied


def learner_allowed(*, membership, learner) -> bool:
    """A teacher sees the transcript of a learner in one of their classes; other grade readers see all."""
    if sees_all_classes(membership):
        return True
    own = teacher_class_ids(membership.user)
    return Enrollment.objects.filter(learner=learner, school_class_id__in=own).exists()
