"""Reads of admissions, each a fixed number of queries: lists with duplicates flagged, one application, dashboard."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from lotrinh.core.text import search_key
from lotrinh.people.models import Learner

from .models import AdmissionPlan, AdmissionTarget, Application, ApplicationStatus, ApplicationStatusChange


@dataclass(frozen=True)
class Duplicate:
    """Another application or an existing learner that looks like the same person, and why."""

    kind: str  # "application" or "learner"
    pk: int
    name: str
    label: str  # the other application's tracking code or the learner's code
    same_id_number: bool
    same_name_and_birth: bool

    @property
    def reason(self) -> str:
        from django.utils.translation import gettext as _

        if self.same_id_number:
            return _("same ID number")
        return _("same name and date of birth")


def plan_current(*, day: dt.date) -> AdmissionPlan | None:
    """The plan open on ``day``, else the latest one."""
    plans = AdmissionPlan.objects.order_by("-school_year")
    return plans.filter(opens_on__lte=day, closes_on__gte=day).first() or plans.first()


def targets_of(plan: AdmissionPlan) -> list[AdmissionTarget]:
    return list(AdmissionTarget.objects.filter(plan=plan).select_related("program", "trade"))


def duplicates_of(applications: list[Application]) -> dict[int, list[Duplicate]]:
    """For each application, the others (and the learners of the center) with the same ID number digest, or the
    same name (without diacritics) and date of birth. Two queries whatever the number of applications."""
    if not applications:
        return {}
    digests = {a.id_number_digest for a in applications if a.id_number_digest}
    names = {a.name_search for a in applications}
    condition = Q(name_search__in=names)
    if digests:
        condition |= Q(id_number_digest__in=digests)
    others = list(
        Application.objects.filter(condition).values_list(
            "pk", "full_name", "tracking_code", "id_number_digest", "name_search", "date_of_birth"
        )
    )
    learners = list(
        Learner.objects.filter(condition).values_list(
            "pk", "full_name", "code", "id_number_digest", "name_search", "date_of_birth"
        )
    )
    by_digest: dict[str, list[tuple]] = defaultdict(list)
    by_person: dict[tuple, list[tuple]] = defaultdict(list)
    for kind, rows in (("application", others), ("learner", learners)):
        for row in rows:
            if row[3]:
                by_digest[row[3]].append((kind, *row))
            by_person[(row[4], row[5])].append((kind, *row))
    result: dict[int, list[Duplicate]] = {}
    for application in applications:
        found: dict[tuple[str, int], Duplicate] = {}
        candidates = by_digest.get(application.id_number_digest, []) if application.id_number_digest else []
        for kind, pk, name, label, digest, name_key, born in [
            *candidates,
            *by_person.get((application.name_search, application.date_of_birth), []),
        ]:
            if kind == "application" and pk == application.pk:
                continue
            if kind == "learner" and pk == application.learner_id:
                continue
            found[(kind, pk)] = Duplicate(
                kind=kind,
                pk=pk,
                name=name,
                label=label,
                same_id_number=bool(digest) and digest == application.id_number_digest,
                same_name_and_birth=name_key == application.name_search and born == application.date_of_birth,
            )
        if found:
            result[application.pk] = list(found.values())
    return result


def _duplicate_ids(plan: AdmissionPlan | None) -> set[int]:
    """Ids of the plan's applications that have a duplicate (two queries)."""
    rows = Application.objects.all()
    if plan is not None:
        rows = rows.filter(plan=plan)
    items = list(rows.only("pk", "id_number_digest", "name_search", "date_of_birth", "learner_id"))
    return set(duplicates_of(items))


def application_list(
    *,
    plan: AdmissionPlan | None,
    status: str = "",
    target_id: int | None = None,
    duplicates_only: bool = False,
    query: str = "",
) -> QuerySet[Application]:
    rows = Application.objects.select_related("target__program", "target__trade")
    if plan is not None:
        rows = rows.filter(plan=plan)
    if status:
        rows = rows.filter(status=status)
    if target_id:
        rows = rows.filter(target_id=target_id)
    query = (query or "").strip()
    if query:
        code = "".join(ch for ch in query.upper() if ch.isalnum())
        rows = rows.filter(
            Q(name_search__contains=search_key(query)) | Q(tracking_code=code) | Q(phone__contains=query)
        )
    if duplicates_only:
        rows = rows.filter(pk__in=_duplicate_ids(plan))
    return rows.order_by("-submitted_at", "-id")


def with_duplicates(applications) -> list[Application]:
    """The page of applications, each with ``duplicates`` set (two more queries)."""
    items = list(applications)
    found = duplicates_of(items)
    for item in items:
        item.duplicates = found.get(item.pk, [])
    return items


def application_get(pk: int) -> Application:
    application = (
        Application.objects.select_related(
            "target__program", "target__trade", "plan", "commune__province", "learner", "enrollment__school_class"
        )
        .prefetch_related(
            "documents", Prefetch("history", queryset=ApplicationStatusChange.objects.select_related("changed_by"))
        )
        .get(pk=pk)
    )
    application.duplicates = duplicates_of([application]).get(application.pk, [])
    return application


# --- The dashboard ---------------------------------------------------------------------------------------


@dataclass
class TargetRow:
    target: AdmissionTarget
    applications: int = 0
    verified: int = 0
    admitted: int = 0
    waitlisted: int = 0
    rejected: int = 0
    enrolled: int = 0

    @property
    def admitted_total(self) -> int:
        """Admitted ones, including those already enrolled."""
        return self.admitted + self.enrolled

    @property
    def fill_percent(self) -> int | None:
        if not self.target.target:
            return None
        return round(100 * self.admitted_total / self.target.target)


@dataclass
class DayBar:
    day: dt.date
    count: int
    x: int = 0
    y: int = 0
    height: int = 0


@dataclass
class Dashboard:
    plan: AdmissionPlan | None
    rows: list[TargetRow] = field(default_factory=list)
    days: list[DayBar] = field(default_factory=list)
    total: TargetRow | None = None
    chart_width: int = 0
    chart_height: int = 120
    max_per_day: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


CHART_BAR = 14
CHART_GAP = 4
CHART_DAYS = 42


def admissions_dashboard(*, plan: AdmissionPlan | None, today: dt.date) -> Dashboard:
    """Per program (and trade): target, applications, admitted, enrolled; applications by day. Three queries."""
    data = Dashboard(plan=plan)
    if plan is None:
        return data
    rows = {t.pk: TargetRow(target=t) for t in targets_of(plan)}
    counts = Application.objects.filter(plan=plan).values("target_id", "status").annotate(n=Count("id")).order_by()
    for row in counts:
        item = rows.get(row["target_id"])
        if item is None:
            continue
        item.applications += row["n"]
        if row["status"] in {"verified", "admitted", "waitlisted", "rejected", "enrolled"}:
            setattr(item, row["status"], getattr(item, row["status"]) + row["n"])
        data.by_status[row["status"]] = data.by_status.get(row["status"], 0) + row["n"]
    data.rows = list(rows.values())
    total = TargetRow(target=AdmissionTarget(target=sum(r.target.target for r in data.rows)))
    for name in ("applications", "verified", "admitted", "waitlisted", "rejected", "enrolled"):
        setattr(total, name, sum(getattr(r, name) for r in data.rows))
    data.total = total
    per_day = dict(
        Application.objects.filter(plan=plan)
        .values_list("submitted_on")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("submitted_on", "n")
    )
    last = min(today, plan.closes_on)
    first = max(plan.opens_on, last - dt.timedelta(days=CHART_DAYS - 1))
    if per_day:
        first = min(first, max(min(per_day), last - dt.timedelta(days=CHART_DAYS - 1)))
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)] if last >= first else []
    data.max_per_day = max([per_day.get(d, 0) for d in days], default=0)
    scale = (data.chart_height - 20) / data.max_per_day if data.max_per_day else 0
    for index, day in enumerate(days):
        count = per_day.get(day, 0)
        height = round(count * scale)
        data.days.append(
            DayBar(day=day, count=count, x=index * (CHART_BAR + CHART_GAP), y=data.chart_height - height, height=height)
        )
    data.chart_width = max(len(days) * (CHART_BAR + CHART_GAP), CHART_BAR)
    return data


STATUS_ORDER = [s.value for s in ApplicationStatus]
