"""Reads of the core area. Every list runs a fixed number of queries, whatever the row count."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django_scopes import scopes_disabled

from .models import AuditEvent, Center, CenterRecord, Membership, SupervisingBody, SupervisorMembership, User
from .tenancy import cross_center
from .text import search_key, vietnamese_sort_key


def memberships_of_user(user: User) -> list[Membership]:
    """The centers a user works at: their own rows, read across centers on purpose."""
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, is_active=True)
            .select_related("center")
            .prefetch_related(Prefetch("center__records", to_attr="_records"))
            .order_by("center__slug")
        )


def supervisions_of_user(user: User) -> list[SupervisorMembership]:
    return list(SupervisorMembership.objects.filter(user=user, is_active=True).select_related("body"))


@dataclass
class CenterOverview:
    learners: int
    classes: int
    staff: int
    sessions_today: list = field(default_factory=list)
    recent_changes: list = field(default_factory=list)
    my_classes: list = field(default_factory=list)
    is_personal: bool = False  # a teacher sees their own sessions and classes
    shows_timetable: bool = True  # roles without the timetable (the accountant) see no sessions


def center_overview(*, membership: Membership, today: dt.date) -> CenterOverview:
    """The figures on a center's home: for leaders the whole center, for a teacher their own day."""
    from lotrinh.academics.models import ClassSession, Enrollment, SchoolClass

    center = membership.center
    shows_timetable = membership.has_perm("classes.view")
    is_teacher_view = shows_timetable and not membership.has_perm("classes.view_all")
    sessions = ClassSession.objects.filter(date=today).select_related("school_class", "teacher", "room")
    if is_teacher_view:
        sessions = sessions.filter(teacher=membership.user)
    active = Enrollment.objects.filter(status=Enrollment.Status.ENROLLED)
    overview = CenterOverview(
        learners=active.values("learner").distinct().count(),
        classes=SchoolClass.objects.filter(enrollments__status=Enrollment.Status.ENROLLED).distinct().count(),
        staff=Membership.objects.filter(center=center, is_active=True).count(),
        sessions_today=list(sessions.order_by("starts_at", "school_class__name")) if shows_timetable else [],
        is_personal=is_teacher_view,
        shows_timetable=shows_timetable,
    )
    if membership.has_perm("audit.view"):
        overview.recent_changes = list(AuditEvent.objects.select_related("actor")[:8])
    if is_teacher_view:
        overview.my_classes = list(
            SchoolClass.objects.filter(homeroom_teacher=membership.user).annotate(
                headcount=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ENROLLED))
            )
        )
    return overview


def staff_list(*, center: Center, query: str = "", role: str = "", include_inactive: bool = False) -> QuerySet:
    memberships = Membership.objects.filter(center=center).select_related("user").order_by("user__full_name")
    if not include_inactive:
        memberships = memberships.filter(is_active=True)
    if role:
        memberships = memberships.filter(role=role)
    if query:
        key = search_key(query)
        # Names are few per center; comparing without diacritics in Python keeps SQLite and PostgreSQL alike.
        ids = [m.pk for m in memberships if key in search_key(m.user.full_name) or key in m.user.username.lower()]
        memberships = memberships.filter(pk__in=ids)
    return memberships


def audit_list(
    *,
    actor_id: int | None = None,
    action: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet:
    """The current center's audit events, newest first, filtered."""
    events = AuditEvent.objects.select_related("actor")
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if date_from:
        events = events.filter(created_at__date__gte=date_from)
    if date_to:
        events = events.filter(created_at__date__lte=date_to)
    return events


def center_records(*, center: Center) -> list[CenterRecord]:
    return list(CenterRecord.objects.filter(center=center).select_related("commune__province", "supervising_body"))


@dataclass
class CenterRow:
    center: Center
    record: CenterRecord
    learners: int = 0
    classes: int = 0
    staff: int = 0
    sessions_today: int = 0
    dropouts: int = 0


def centers_under_body(*, body: SupervisingBody, day: dt.date) -> list[CenterRow]:
    """Every center the body supervised on ``day``, side by side, in five queries."""
    from lotrinh.academics.models import ClassSession, Enrollment, SchoolClass

    with cross_center():
        records = list(
            CenterRecord.objects.filter(CenterRecord.holding_on(day), supervising_body=body)
            .select_related("center", "commune")
            .order_by("name")
        )
        ids = [r.center_id for r in records]

        def by_center(queryset, **annotation) -> dict[int, int]:
            return {
                row["center"]: row["n"]
                for row in queryset.filter(center__in=ids).values("center").annotate(**annotation)
            }

        enrolled = Enrollment.objects.filter(status=Enrollment.Status.ENROLLED)
        learners = by_center(enrolled, n=Count("learner", distinct=True))
        classes = by_center(
            SchoolClass.objects.filter(enrollments__status=Enrollment.Status.ENROLLED),
            n=Count("id", distinct=True),
        )
        staff = by_center(Membership.objects.filter(is_active=True), n=Count("id"))
        sessions = by_center(ClassSession.objects.filter(date=day), n=Count("id"))
        dropouts = by_center(Enrollment.objects.filter(status=Enrollment.Status.DROPPED_OUT), n=Count("id"))
    rows = [
        CenterRow(
            center=r.center,
            record=r,
            learners=learners.get(r.center_id, 0),
            classes=classes.get(r.center_id, 0),
            staff=staff.get(r.center_id, 0),
            sessions_today=sessions.get(r.center_id, 0),
            dropouts=dropouts.get(r.center_id, 0),
        )
        for r in records
    ]
    return sorted(rows, key=lambda row: vietnamese_sort_key(row.record.name))


def all_centers() -> list[Center]:
    """For platform administrators only."""
    return list(Center.objects.prefetch_related(Prefetch("records", to_attr="_records")))
