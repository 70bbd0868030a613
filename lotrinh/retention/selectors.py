"""Reads of the retention area. Every list and the dashboard run a fixed number of queries, whatever the size."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lotrinh.academics.models import (
    DropoutReason,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStatusChange,
    SchoolClass,
)
from lotrinh.academics.timetabling import school_year_of
from lotrinh.core.models import Center, User
from lotrinh.people.models import Learner

from .models import Intervention, RiskAssessment, RiskLevel, RiskModelRun
from .scoring import rules
from .services import OUTCOMES, school_year_start

AT_RISK = (RiskLevel.HIGH, RiskLevel.MEDIUM)


def reason_items(reasons: list[dict]) -> list[dict]:
    """The stored reasons in the reader's language, with the learner's figures filled in."""
    items = []
    for item in reasons or []:
        template = rules.REASONS.get(item.get("code", ""))
        if template is None:  # a rule that no longer exists
            continue
        try:
            text = _(template) % item.get("params", {})
        except (KeyError, TypeError, ValueError):
            text = _(template)
        items.append({"code": item["code"], "text": text, "weight": item.get("weight", 0)})
    return items


def reason_texts(reasons: list[dict]) -> list[str]:
    return [item["text"] for item in reason_items(reasons)]


def school_year_bounds(school_year: str) -> tuple[dt.date, dt.date]:
    """1 August to 31 July: the whole school year, summer included."""
    start = int(school_year[:4])
    return dt.date(start, 8, 1), dt.date(start + 1, 7, 31)


def staff_choices(center: Center) -> QuerySet:
    """Who can own an intervention: the center's active staff."""
    return User.objects.filter(memberships__center=center, memberships__is_active=True).order_by("full_name")


# --- Risks -------------------------------------------------------------------------------------------


def _open_interventions() -> QuerySet:
    return Intervention.objects.filter(status=Intervention.Status.OPEN).select_related("owner").order_by("due_on")


def risk_list(*, level: str = "", without_intervention: bool = False, school_class_id: int | None = None) -> QuerySet:
    """Current risks, high before medium before low; within a level, those nobody is acting on first."""
    open_intervention = Intervention.objects.filter(learner=OuterRef("learner_id"), status=Intervention.Status.OPEN)
    enrolled = Enrollment.objects.filter(learner=OuterRef("learner_id"), status=EnrollmentStatus.ENROLLED)
    risks = (
        RiskAssessment.objects.filter(is_current=True)
        .select_related("learner")
        .annotate(
            has_open_intervention=Exists(open_intervention),
            class_name=Subquery(enrolled.order_by("enrolled_on", "id").values("school_class__name")[:1]),
            level_rank=Case(
                When(level=RiskLevel.HIGH, then=Value(0)),
                When(level=RiskLevel.MEDIUM, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .order_by("level_rank", "has_open_intervention", "-score", "learner__name_search", "id")
    )
    if level == "at_risk":
        risks = risks.filter(level__in=AT_RISK)
    elif level in RiskLevel.values:
        risks = risks.filter(level=level)
    if without_intervention:
        risks = risks.filter(has_open_intervention=False)
    if school_class_id:
        risks = risks.filter(Exists(enrolled.filter(school_class_id=school_class_id)))
    return risks


def with_details(risks) -> list[RiskAssessment]:
    """Rows of a page, each with its reason texts and its open interventions (one more query)."""
    rows = list(risks)
    learner_ids = [r.learner_id for r in rows]
    open_by_learner: dict[int, list[Intervention]] = defaultdict(list)
    for intervention in _open_interventions().filter(learner_id__in=learner_ids):
        open_by_learner[intervention.learner_id].append(intervention)
    for row in rows:
        row.reason_items = reason_items(row.reasons)
        row.reason_texts = [item["text"] for item in row.reason_items]
        row.open_interventions = open_by_learner.get(row.learner_id, [])
    return rows


@dataclass
class ModelStatus:
    """Which method scores the center now, and how far the history is from a learned model."""

    run: RiskModelRun | None
    outcomes: int = 0
    dropouts: int = 0
    min_outcomes: int = rules.MODEL_MIN_OUTCOMES
    min_dropouts: int = rules.MODEL_MIN_DROPOUTS
    high_points: int = dict(rules.LEVELS)["high"]
    medium_points: int = dict(rules.LEVELS)["medium"]

    @property
    def method(self) -> str:
        return "model" if self.run else "rules"


def model_status() -> ModelStatus:
    run = RiskModelRun.objects.filter(is_active=True).first()
    counts = Enrollment.objects.filter(status__in=OUTCOMES).aggregate(
        outcomes=Count("id"), dropouts=Count("id", filter=Q(status=EnrollmentStatus.DROPPED_OUT))
    )
    return ModelStatus(run=run, outcomes=counts["outcomes"], dropouts=counts["dropouts"])


@dataclass
class LearnerRetention:
    learner: Learner
    current: RiskAssessment | None
    history: list[RiskAssessment]
    interventions: list[Intervention]


def learner_retention(learner: Learner, *, history: int = 12) -> LearnerRetention:
    """A learner's risk now, how it moved, and every intervention planned for them."""
    risks = list(RiskAssessment.objects.filter(learner=learner).order_by("-computed_at", "-id")[: history + 1])
    for risk in risks:
        risk.reason_texts = reason_texts(risk.reasons)
    current = next((r for r in risks if r.is_current), None)
    return LearnerRetention(
        learner=learner,
        current=current,
        history=[r for r in risks if r is not current][:history],
        interventions=list(
            Intervention.objects.filter(learner=learner)
            .select_related("owner", "created_by")
            .order_by("status", "-due_on", "-id")
        ),
    )


# --- Interventions -----------------------------------------------------------------------------------

SHOW_CHOICES = ("open", "overdue", "done", "cancelled", "all")


def intervention_list(*, today: dt.date, show: str = "open", owner: User | None = None) -> QuerySet:
    """Interventions by state: open (default), overdue (open and past due), done, cancelled or all."""
    enrolled = Enrollment.objects.filter(learner=OuterRef("learner_id"), status=EnrollmentStatus.ENROLLED)
    current_risk = RiskAssessment.objects.filter(learner=OuterRef("learner_id"), is_current=True)
    items = (
        Intervention.objects.select_related("learner", "owner")
        .annotate(
            class_name=Subquery(enrolled.order_by("enrolled_on", "id").values("school_class__name")[:1]),
            risk_level=Subquery(current_risk.values("level")[:1]),
        )
        .order_by("due_on", "id")
    )
    if show in ("open", "overdue"):
        items = items.filter(status=Intervention.Status.OPEN)
    if show == "overdue":
        items = items.filter(due_on__lt=today)
    elif show in ("done", "cancelled"):
        items = items.filter(status=show).order_by("-closed_at", "-id")
    elif show == "all":
        items = items.order_by("status", "due_on", "id")
    if owner is not None:
        items = items.filter(owner=owner)
    return items


# --- The retention dashboard -------------------------------------------------------------------------


@dataclass
class HeadcountRow:
    label: str
    program: str = ""
    start: int = 0  # enrolled on the class's first day
    now: int = 0  # enrolled today
    kept: int = 0  # enrolled on the first day and still today
    dropped_out: int = 0
    transferred: int = 0
    suspended: int = 0
    school_class_id: int | None = None

    @property
    def joined(self) -> int:
        return self.now - self.kept

    def count(self, *, now: str, at_start: str | None) -> None:
        """One enrollment, by its status today and on the class's first day."""
        was_there, is_there = at_start == EnrollmentStatus.ENROLLED, now == EnrollmentStatus.ENROLLED
        self.start += was_there
        self.now += is_there
        self.kept += was_there and is_there
        self.dropped_out += now == EnrollmentStatus.DROPPED_OUT
        self.transferred += now == EnrollmentStatus.TRANSFERRED
        self.suspended += now == EnrollmentStatus.SUSPENDED

    @property
    def retention_percent(self) -> int | None:
        """Of the learners there on the first day (transfers out of the count), the share still enrolled."""
        base = self.start - self.transferred
        return round(100 * self.kept / base) if base > 0 else None

    def add(self, other: "HeadcountRow") -> None:
        for name in ("start", "now", "kept", "dropped_out", "transferred", "suspended"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Bar:
    label: str
    count: int
    percent: int  # of the longest bar, for the CSS width


@dataclass
class Dashboard:
    school_year: str
    school_years: list[str]
    classes: list[HeadcountRow]
    programs: list[HeadcountRow]
    total: HeadcountRow
    dropouts: int
    dropouts_by_reason: list[Bar]
    dropouts_by_month: list[Bar]
    risk_levels: dict[str, int]
    at_risk: list[RiskAssessment]
    at_risk_total: int
    at_risk_without_intervention: int
    open_interventions: int
    overdue_interventions: int
    model: ModelStatus
    last_computed: dt.datetime | None = None
    staff: list[User] = field(default_factory=list)


def _bars(counts: list[tuple[str, int]]) -> list[Bar]:
    top = max((n for _label, n in counts), default=0)
    return [Bar(label=label, count=n, percent=round(100 * n / top) if top else 0) for label, n in counts]


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _headcounts(classes: list[SchoolClass], year: str) -> list[HeadcountRow]:
    """Per class: who was enrolled on its first day (from the status history) and who is now (one query).

    The status on the first day is the latest step on or before it, which the database finds per enrollment
    on the history's index; counting the (class, now, then) triples is left to Python, so that the lookup
    runs once per enrollment rather than once per count that needs it.
    """
    rows = {
        c.pk: HeadcountRow(label=c.name, program=c.program.name, school_class_id=c.pk)
        for c in sorted(classes, key=lambda c: c.name)
    }
    status_on_first_day = (
        EnrollmentStatusChange.objects.filter(enrollment=OuterRef("pk"), effective_on__lte=OuterRef("first_day"))
        .order_by("-effective_on", "-id")
        .values("status")[:1]
    )
    triples = (
        Enrollment.objects.filter(school_class_id__in=list(rows))
        .annotate(first_day=Coalesce("school_class__starts_on", Value(school_year_start(year))))
        .annotate(at_start=Subquery(status_on_first_day))
        .values_list("school_class_id", "status", "at_start")
    )
    for class_id, status, at_start in triples:
        rows[class_id].count(now=status, at_start=at_start)
    return list(rows.values())


def retention_dashboard(*, center: Center, today: dt.date, school_year: str = "", at_risk_limit: int = 15) -> Dashboard:
    """Headcount at the start of the school year against now, drop-outs by reason and month, learners at risk."""
    school_years = sorted(
        set(SchoolClass.objects.values_list("school_year", flat=True)) | {school_year_of(today)}, reverse=True
    )
    year = school_year if school_year in school_years else school_year_of(today)
    first, last = school_year_bounds(year)
    classes = list(SchoolClass.objects.filter(school_year=year).select_related("program"))
    class_rows = _headcounts(classes, year)
    programs: dict[str, HeadcountRow] = {}
    total = HeadcountRow(label=_("Whole center"))
    for row in class_rows:
        programs.setdefault(row.program, HeadcountRow(label=row.program)).add(row)
        total.add(row)

    dropouts = list(
        EnrollmentStatusChange.objects.filter(
            status=EnrollmentStatus.DROPPED_OUT, effective_on__gte=first, effective_on__lte=last
        ).values_list("reason", "effective_on")
    )
    by_reason = Counter(reason for reason, _day in dropouts)
    labels = dict(DropoutReason.choices)
    by_month = Counter((day.year, day.month) for _reason, day in dropouts)
    months = _months(dt.date(first.year, 9, 1), min(max(today, dt.date(first.year, 9, 1)), last))

    levels = dict(
        RiskAssessment.objects.filter(is_current=True).values_list("level").annotate(n=Count("id")).order_by()
    )
    at_risk = risk_list(level="at_risk")
    interventions = Intervention.objects.filter(status=Intervention.Status.OPEN).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
    )
    last_computed = (
        RiskAssessment.objects.filter(is_current=True).order_by("-computed_at").values_list("computed_at", flat=True)
    ).first()
    return Dashboard(
        school_year=year,
        school_years=school_years,
        classes=class_rows,
        programs=sorted(programs.values(), key=lambda r: r.label),
        total=total,
        dropouts=len(dropouts),
        dropouts_by_reason=_bars([(str(labels.get(r, r)), n) for r, n in by_reason.most_common()]),
        dropouts_by_month=_bars([(f"{m:02d}/{y}", by_month.get((y, m), 0)) for y, m in months]),
        risk_levels={level: levels.get(level, 0) for level in RiskLevel.values},
        at_risk=with_details(at_risk[:at_risk_limit]),
        at_risk_total=levels.get(RiskLevel.HIGH, 0) + levels.get(RiskLevel.MEDIUM, 0),
        at_risk_without_intervention=at_risk.filter(has_open_intervention=False).count(),
        open_interventions=interventions["open"],
        overdue_interventions=interventions["overdue"],
        model=model_status(),
        last_computed=last_computed,
        staff=list(staff_choices(center)),
    )
