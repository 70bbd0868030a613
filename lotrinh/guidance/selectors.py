"""Reads of the guidance area: the streaming dashboard, cohorts, counseling lists. Fixed numbers of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from lotrinh.core.models import Center, Membership, User
from lotrinh.core.text import search_key
from lotrinh.people.models import Learner

from . import streaming
from .models import (
    Cohort,
    CohortGraduate,
    CounselingSession,
    Destination,
    DestinationRecord,
    LowerSecondarySchool,
    OutreachEvent,
    ReferenceStreamingTarget,
    StreamingTarget,
)

# --- Targets ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInForce:
    percent: Decimal
    citation: str
    is_national: bool
    school_id: int | None = None


@dataclass
class Targets:
    """Every target that may apply, read once; ``for_year`` picks the one in force for a year and school."""

    center_targets: list[StreamingTarget]
    national: list[ReferenceStreamingTarget]

    def for_year(self, year: int, school: LowerSecondarySchool | None = None) -> TargetInForce | None:
        """A target set for the school, else the center's own for the catchment, else the national one (the
        especially-disadvantaged-area figure for a school in such an area)."""
        for target in self.center_targets:
            if school is not None and target.school_id == school.pk and target.from_year <= year <= target.to_year:
                return TargetInForce(target.min_percent, target.citation, False, school.pk)
        for target in self.center_targets:
            if target.school_id is None and target.from_year <= year <= target.to_year:
                return TargetInForce(target.min_percent, target.citation, False)
        disadvantaged = bool(school and school.in_disadvantaged_area)
        for target in self.national:
            if target.for_disadvantaged_areas == disadvantaged and target.from_year <= year <= target.to_year:
                return TargetInForce(target.min_percent, target.citation, True)
        return None


def targets_load() -> Targets:
    """The center's targets and the national ones (two queries)."""
    return Targets(
        center_targets=list(StreamingTarget.objects.select_related("school").order_by("-from_year", "id")),
        national=list(ReferenceStreamingTarget.objects.filter(group="vet")),
    )


# --- The streaming dashboard --------------------------------------------------------------------------


@dataclass
class SchoolRow:
    school: LowerSecondarySchool
    cohort_id: int | None
    data: streaming.Breakdown
    target: TargetInForce | None


@dataclass
class Dashboard:
    years: list[int]
    year: int | None
    total: streaming.Breakdown
    target: TargetInForce | None
    schools: list[SchoolRow]
    trend: list[tuple[int, streaming.Breakdown]]
    chart: streaming.Chart
    labels: dict[str, str] = field(default_factory=dict)
    colours: dict[str, str] = field(default_factory=dict)


def streaming_dashboard(*, year: int | None = None, school_id: int | None = None) -> Dashboard:
    """Per year and per school: graduates by destination, the VET share against the target in force, and the
    trend across years. Five queries whatever the number of graduates (counts are grouped in the database)."""
    schools = {s.pk: s for s in LowerSecondarySchool.objects.select_related("commune")}
    counts = CohortGraduate.objects.all()
    if school_id:
        counts = counts.filter(cohort__school_id=school_id)
    grouped: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for row in counts.values("cohort__graduation_year", "cohort__school_id", "destination").annotate(n=Count("id")):
        grouped[(row["cohort__graduation_year"], row["cohort__school_id"])][row["destination"]] = row["n"]
    cohort_ids = dict(((y, s), pk) for pk, y, s in Cohort.objects.values_list("pk", "graduation_year", "school_id"))
    targets = targets_load()
    years = sorted({y for y, _s in grouped} | {y for y, _s in cohort_ids})
    chosen = year if year in years else (years[-1] if years else None)

    trend = []
    for y in years:
        parts = [streaming.breakdown(c) for (yy, _s), c in grouped.items() if yy == y]
        scope = schools.get(school_id) if school_id else None
        found = targets.for_year(y, scope)
        trend.append((y, streaming.combine(parts, found.percent if found else None)))
    rows = []
    if chosen is not None:
        for school in sorted(schools.values(), key=lambda s: s.name):
            if school_id and school.pk != school_id:
                continue
            counts_of = grouped.get((chosen, school.pk))
            cohort_id = cohort_ids.get((chosen, school.pk))
            if counts_of is None and cohort_id is None:
                continue
            found = targets.for_year(chosen, school)
            rows.append(
                SchoolRow(
                    school, cohort_id, streaming.breakdown(counts_of or {}, found.percent if found else None), found
                )
            )
    total_target = targets.for_year(chosen, schools.get(school_id) if school_id else None) if chosen else None
    total = next((b for y, b in trend if y == chosen), streaming.breakdown({}))
    return Dashboard(
        years=years,
        year=chosen,
        total=total,
        target=total_target,
        schools=rows,
        trend=trend,
        chart=streaming.trend_chart(trend),
        labels={d.value: str(d.label) for d in Destination},
        colours=streaming.COLOURS,
    )


# --- Schools and cohorts ------------------------------------------------------------------------------


def school_list() -> QuerySet[LowerSecondarySchool]:
    """Schools with how many cohorts and graduates each has (one query)."""
    return (
        LowerSecondarySchool.objects.select_related("commune__province")
        .annotate(cohort_count=Count("cohorts", distinct=True), graduate_count=Count("cohorts__graduates"))
        .order_by("-is_active", "name")
    )


def cohort_list(*, school_id: int | None = None, year: int | None = None) -> QuerySet[Cohort]:
    """Cohorts with their graduate count and how many have a known destination (one query)."""
    cohorts = Cohort.objects.select_related("school").annotate(
        graduate_count=Count("graduates"),
        known_count=Count("graduates", filter=~Q(graduates__destination=Destination.UNKNOWN)),
    )
    if school_id:
        cohorts = cohorts.filter(school_id=school_id)
    if year:
        cohorts = cohorts.filter(graduation_year=year)
    return cohorts.order_by("-graduation_year", "school__name")


def cohort_graduates(cohort: Cohort, *, destination: str = "") -> list[CohortGraduate]:
    """A cohort's graduates in class and name order, each with its destination history (two queries)."""
    graduates = (
        CohortGraduate.objects.filter(cohort=cohort)
        .select_related("learner")
        .prefetch_related(
            Prefetch("destination_records", queryset=DestinationRecord.objects.order_by("-recorded_on", "-id"))
        )
    )
    if destination:
        graduates = graduates.filter(destination=destination)
    return list(graduates)


def destination_history(graduate: CohortGraduate) -> list[DestinationRecord]:
    return list(DestinationRecord.objects.filter(graduate=graduate).select_related("recorded_by"))


# --- Counseling ---------------------------------------------------------------------------------------


def counseling_sessions_of(learner: Learner) -> list[CounselingSession]:
    """A learner's counseling history, newest first (one query): for any page that shows a learner."""
    return list(
        CounselingSession.objects.filter(learner=learner)
        .select_related("counselor", "guardian")
        .order_by("-held_on", "-id")
    )


FOLLOW_UP_CHOICES = ("", "due", "overdue", "done")


def counseling_list(
    *,
    today: dt.date,
    q: str = "",
    topic: str = "",
    counselor_id: int | None = None,
    follow_up: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[CounselingSession]:
    """Sessions filtered; ``follow_up``: due (open), overdue (open, past due), done."""
    sessions = CounselingSession.objects.select_related("learner", "counselor", "guardian")
    if q:
        sessions = sessions.filter(Q(learner__name_search__contains=search_key(q)) | Q(learner__code=q.strip()))
    if topic:
        sessions = (
            sessions.filter(topics__contains=[topic])
            if _json_contains()
            else sessions.filter(topics__icontains=f'"{topic}"')
        )
    if counselor_id:
        sessions = sessions.filter(counselor_id=counselor_id)
    if date_from:
        sessions = sessions.filter(held_on__gte=date_from)
    if date_to:
        sessions = sessions.filter(held_on__lte=date_to)
    if follow_up == "due":
        sessions = sessions.filter(follow_up_done=False, follow_up_due__isnull=False).order_by("follow_up_due")
    elif follow_up == "overdue":
        sessions = sessions.filter(follow_up_done=False, follow_up_due__lt=today).order_by("follow_up_due")
    elif follow_up == "done":
        sessions = sessions.filter(follow_up_done=True, follow_up_due__isnull=False)
    return sessions


def _json_contains() -> bool:
    """SQLite has no JSON containment lookup; PostgreSQL does."""
    return connection.features.supports_json_field_contains


def follow_ups_due(*, today: dt.date, within_days: int = 7) -> list[CounselingSession]:
    """Open follow-ups overdue or due within a week, soonest first (one query)."""
    return list(
        CounselingSession.objects.filter(
            follow_up_done=False, follow_up_due__isnull=False, follow_up_due__lte=today + dt.timedelta(days=within_days)
        )
        .select_related("learner", "counselor")
        .order_by("follow_up_due")[:20]
    )


def staff_choices(center: Center) -> QuerySet[User]:
    """Active staff of the center, as counselors to choose from."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(center=center, is_active=True).values("user_id")
    ).order_by("full_name")


# --- Outreach -----------------------------------------------------------------------------------------


def outreach_list(*, audience: str = "") -> QuerySet[OutreachEvent]:
    events = OutreachEvent.objects.select_related("school").annotate(
        material_count=Count("materials", distinct=True), listed=Count("attendees", distinct=True)
    )
    if audience:
        events = events.filter(audience=audience)
    return events


def outreach_get(pk: int) -> OutreachEvent | None:
    """One event with its attendees and materials (three queries)."""
    return (
        OutreachEvent.objects.select_related("school", "created_by")
        .prefetch_related(Prefetch("attendees"), Prefetch("materials"))
        .filter(pk=pk)
        .first()
    )
