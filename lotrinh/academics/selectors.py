"""Reads of classes, the timetable and attendance; each runs a fixed number of queries whatever the size."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lotrinh.core.models import Membership, User
from lotrinh.core.roles import Role
from lotrinh.people.models import Learner

from . import timetabling
from .models import (
    AttendanceMark,
    AttendanceRoll,
    AttendanceStatus,
    ClassSession,
    Enrollment,
    EnrollmentStatus,
    Room,
    SchoolClass,
    Trade,
    WeeklySlot,
)

ENROLLED = Q(enrollments__status=EnrollmentStatus.ENROLLED)
WEEKDAY_NAMES = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


def class_list(*, school_year: str = "", program_id: int | None = None) -> QuerySet:
    """The current center's classes with their program, trade, homeroom teacher and headcount now."""
    classes = SchoolClass.objects.select_related("program", "trade", "homeroom_teacher").annotate(
        headcount=Count("enrollments", filter=ENROLLED)
    )
    if school_year:
        classes = classes.filter(school_year=school_year)
    if program_id:
        classes = classes.filter(program_id=program_id)
    return classes.order_by("-school_year", "name")


def school_years() -> list[str]:
    """The school years the center has classes in, newest first."""
    return list(SchoolClass.objects.order_by("-school_year").values_list("school_year", flat=True).distinct())


def staff_choices(*, center, roles: set[str] | None = None) -> QuerySet:
    """People working at the center now (optionally only some roles), for a teacher or homeroom choice."""
    members = Membership.objects.filter(center=center, is_active=True)
    if roles:
        members = members.filter(role__in=roles)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name", "id")


def homeroom_choices(*, center) -> QuerySet:
    return staff_choices(center=center, roles={Role.TEACHER})


def trades_in_force(*, day: dt.date) -> QuerySet:
    return Trade.objects.filter(Trade.holding_on(day)).order_by("name", "level")


def vietnamese_order(learner: Learner) -> tuple[str, str]:
    """Class lists run by given name (the last word), then by the whole name, as Vietnamese schools do."""
    key = learner.name_search or learner.full_name.lower()
    return key.rsplit(" ", 1)[-1], key


@dataclass
class ClassDetail:
    school_class: SchoolClass
    enrollments: list[Enrollment]
    slots: list[WeeklySlot]
    rolls: list[AttendanceRoll]
    headcount: int
    status_counts: dict[str, int]
    slot_grid: "WeekGrid"


def class_detail(*, pk: int, today: dt.date, recent_rolls: int = 10) -> ClassDetail:
    """One class with its roster, its weekly slots in force and its recent rolls (five queries)."""
    from django.shortcuts import get_object_or_404

    school_class = get_object_or_404(SchoolClass.objects.select_related("program", "trade", "homeroom_teacher"), pk=pk)
    enrollments = sorted(
        Enrollment.objects.filter(school_class=school_class).select_related("learner"),
        key=lambda e: (e.status != EnrollmentStatus.ENROLLED, vietnamese_order(e.learner)),
    )
    slots = list(
        WeeklySlot.objects.filter(school_class=school_class)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .select_related("teacher", "room")
        .order_by("weekday", "starts_at")
    )
    absent = (AttendanceStatus.UNEXCUSED, AttendanceStatus.EXCUSED)
    # The last rolls first, then their counts: a class with two years of rolls aggregates only these.
    recent = AttendanceRoll.objects.filter(session__school_class=school_class).order_by(
        "-session__date", "-session__starts_at"
    )
    rolls = list(
        AttendanceRoll.objects.filter(pk__in=recent.values("pk")[:recent_rolls])
        .select_related("session", "session__teacher", "taken_by")
        .annotate(
            marked=Count("marks"),
            absent=Count("marks", filter=Q(marks__status__in=absent)),
            unexcused=Count("marks", filter=Q(marks__status=AttendanceStatus.UNEXCUSED)),
            late=Count("marks", filter=Q(marks__status=AttendanceStatus.LATE)),
        )
        .order_by("-session__date", "-session__starts_at")
    )
    for slot in slots:
        slot.weekday_name = str(WEEKDAY_NAMES[slot.weekday])
    status_counts: dict[str, int] = {}
    for enrollment in enrollments:
        status_counts[enrollment.status] = status_counts.get(enrollment.status, 0) + 1
    return ClassDetail(
        school_class=school_class,
        enrollments=enrollments,
        slots=slots,
        rolls=rolls,
        headcount=status_counts.get(EnrollmentStatus.ENROLLED, 0),
        status_counts=status_counts,
        slot_grid=week_grid(slots, days=list(range(6 if all(s.weekday < 6 for s in slots) else 7)), today=None),
    )


def enroll_candidates(*, school_class: SchoolClass, query: str, limit: int = 15) -> list[Learner]:
    """Learners of the center, not yet in this class, whose name (without diacritics) or code matches."""
    from lotrinh.core.text import search_key

    query = query.strip()
    if len(query) < 2:
        return []
    in_class = Enrollment.objects.filter(school_class=school_class).values("learner_id")
    return list(
        Learner.objects.filter(Q(name_search__contains=search_key(query)) | Q(code__iexact=query))
        .exclude(pk__in=in_class)
        .order_by("name_search", "id")[:limit]
    )


# ---------------------------------------------------------------------------------------------------
# Week grids
# ---------------------------------------------------------------------------------------------------


@dataclass
class GridRow:
    starts_at: dt.time
    ends_at: dt.time
    cells: list[list] = field(default_factory=list)


@dataclass(frozen=True)
class GridDay:
    day: object  # a date for a dated week, a weekday number for a weekly pattern
    name: str
    date: dt.date | None
    is_today: bool


@dataclass
class WeekGrid:
    """Rows by lesson time, one column per day; a cell holds the sessions (or slots) at that time."""

    days: list[GridDay]
    rows: list[GridRow]
    by_day: list[tuple[GridDay, list]]  # the same items day by day, for a phone

    @property
    def is_empty(self) -> bool:
        return not self.rows


def week_grid(items, *, days: list, today: dt.date | None = None) -> WeekGrid:
    """Arrange sessions (``day`` = their date) or slots (``day`` = their weekday) as a grid."""
    index = {day: n for n, day in enumerate(days)}
    headers = [
        GridDay(
            day,
            str(WEEKDAY_NAMES[day if isinstance(day, int) else day.weekday()]),
            None if isinstance(day, int) else day,
            day == today,
        )
        for day in days
    ]
    rows: dict[tuple[dt.time, dt.time], GridRow] = {}
    by_day: dict[object, list] = {day: [] for day in days}
    for item in sorted(items, key=lambda i: (i.starts_at, i.ends_at)):
        day = item.date if hasattr(item, "date") else item.weekday
        if day not in index:
            continue
        row = rows.get((item.starts_at, item.ends_at))
        if row is None:
            row = rows[(item.starts_at, item.ends_at)] = GridRow(item.starts_at, item.ends_at, [[] for _ in days])
        row.cells[index[day]].append(item)
        by_day[day].append(item)
    return WeekGrid(
        days=headers,
        rows=sorted(rows.values(), key=lambda r: (r.starts_at, r.ends_at)),
        by_day=[(header, by_day[header.day]) for header in headers],
    )


def week_sessions(
    *,
    monday: dt.date,
    school_class_id: int | None = None,
    teacher_id: int | None = None,
    room_id: int | None = None,
) -> list[ClassSession]:
    """The sessions of one week (Monday to Sunday) for a class, a teacher or a room, roll state included."""
    sessions = ClassSession.objects.filter(date__gte=monday, date__lte=monday + dt.timedelta(days=6))
    if school_class_id:
        sessions = sessions.filter(school_class_id=school_class_id)
    if teacher_id:
        sessions = sessions.filter(teacher_id=teacher_id)
    if room_id:
        sessions = sessions.filter(room_id=room_id)
    return list(
        sessions.select_related("school_class", "teacher", "room")
        .annotate(has_roll=Exists(AttendanceRoll.objects.filter(session=OuterRef("pk"))))
        .order_by("date", "starts_at", "school_class__name")
    )


def rooms() -> QuerySet:
    return Room.objects.order_by("name")


# ---------------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------------


def sessions_for_roll(*, day: dt.date, teacher=None) -> list[ClassSession]:
    """A day's sessions (one teacher's, or all) with the roll state and the class headcount."""
    sessions = ClassSession.objects.filter(date=day)
    if teacher is not None:
        sessions = sessions.filter(teacher=teacher)
    headcount = (
        Enrollment.objects.filter(school_class=OuterRef("school_class"), status=EnrollmentStatus.ENROLLED)
        .values("school_class")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        sessions.select_related("school_class", "teacher", "room", "roll")
        .annotate(
            headcount=Coalesce(Subquery(headcount), 0),
            absent=Count(
                "roll__marks",
                filter=Q(roll__marks__status__in=[AttendanceStatus.UNEXCUSED, AttendanceStatus.EXCUSED]),
            ),
        )
        .order_by("starts_at", "school_class__name")
    )


def session_list(*, day: dt.date, teacher=None) -> QuerySet:
    sessions = ClassSession.objects.filter(date=day).select_related("school_class", "teacher", "room")
    if teacher is not None:
        sessions = sessions.filter(teacher=teacher)
    return sessions.order_by("starts_at", "school_class__name")


def session_for_roll(*, pk: int) -> ClassSession:
    """A session with what its roll page shows and what roll_take needs, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        ClassSession.objects.select_related("center", "school_class__homeroom_teacher", "teacher", "room"), pk=pk
    )


@dataclass
class RollRow:
    learner: Learner
    status: str
    in_class: bool = True  # False: left the class after the roll was taken

    @property
    def status_label(self) -> str:
        return str(AttendanceStatus(self.status).label)


@dataclass
class RollSheet:
    session: ClassSession
    roll: AttendanceRoll | None
    rows: list[RollRow]

    @property
    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in AttendanceStatus.values}
        for row in self.rows:
            counts[row.status] += 1
        return counts


def roll_sheet(*, session: ClassSession, overrides: dict[int, str] | None = None) -> RollSheet:
    """The roster of a session's class with each learner's mark (present by default), in three queries."""
    roll = AttendanceRoll.objects.select_related("taken_by").filter(session=session).first()
    marks = (
        {m.learner_id: m for m in AttendanceMark.objects.filter(roll=roll).select_related("learner")} if roll else {}
    )
    learners = {
        e.learner_id: e.learner
        for e in Enrollment.objects.filter(
            school_class_id=session.school_class_id, status=EnrollmentStatus.ENROLLED
        ).select_related("learner")
    }
    rows = [
        RollRow(learner=learner, status=marks[i].status if i in marks else AttendanceStatus.PRESENT)
        for i, learner in learners.items()
    ]
    rows += [RollRow(learner=m.learner, status=m.status, in_class=False) for i, m in marks.items() if i not in learners]
    if overrides:
        for row in rows:
            row.status = overrides.get(row.learner.pk, row.status)
    rows.sort(key=lambda r: (not r.in_class, vietnamese_order(r.learner)))
    return RollSheet(session=session, roll=roll, rows=rows)


def roll_missing(
    *,
    today: dt.date,
    now: dt.time,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    teacher_id: int | None = None,
) -> QuerySet:
    """Sessions that have started (up to today) and have no roll, newest first."""
    # NOT EXISTS rather than a LEFT JOIN: PostgreSQL then probes the rolls' unique index per session
    # instead of hashing every roll of two years (120 ms → a few ms at 24 million marks).
    sessions = ClassSession.objects.filter(~Exists(AttendanceRoll.objects.filter(session=OuterRef("pk")))).filter(
        Q(date__lt=today) | Q(date=today, starts_at__lte=now)
    )
    if date_from:
        sessions = sessions.filter(date__gte=date_from)
    if date_to:
        sessions = sessions.filter(date__lte=date_to)
    if teacher_id:
        sessions = sessions.filter(teacher_id=teacher_id)
    return sessions.select_related("school_class", "teacher", "room").order_by(
        "-date", "-starts_at", "school_class__name"
    )


def roll_missing_by_teacher(sessions: QuerySet) -> list[dict]:
    """How many rolls each teacher has not taken, most first (one query)."""
    return list(
        sessions.order_by()
        .values("teacher_id", "teacher__full_name", "teacher__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "teacher__full_name")
    )


@dataclass(frozen=True)
class UnexcusedRun:
    """A learner's current run of unexcused absences: since the last day they attended (None: ever)."""

    learner_id: int
    absences: int
    since: dt.date | None
    first_absence: dt.date | None


def unexcused_runs(*, learner_ids: list[int]) -> list[UnexcusedRun]:
    """For each learner, the unexcused absences after the last day with any other mark (two queries).

    Both read the learners' marks on the ``(center, learner, date, status)`` index, which matches every
    term of their filters, so no planner prefers another with or without statistics: the last day each
    learner had another mark, then their absences after the earliest of those days. This runs inside a
    roll's write transaction, so it stays small whatever the length of the history.
    """
    marks = AttendanceMark.objects.filter(learner_id__in=learner_ids).order_by()
    since = dict(
        marks.exclude(status=AttendanceStatus.UNEXCUSED)
        .values("learner_id")
        .annotate(last=Max("date"))
        .values_list("learner_id", "last")
    )
    absences = marks.filter(status=AttendanceStatus.UNEXCUSED)
    if learner_ids and all(learner_id in since for learner_id in learner_ids):
        absences = absences.filter(date__gt=min(since.values()))
    dates: dict[int, list[dt.date]] = {}
    for learner_id, day in absences.values_list("learner_id", "date"):
        dates.setdefault(learner_id, []).append(day)
    return [run_after(learner_id, since.get(learner_id), dates.get(learner_id, [])) for learner_id in learner_ids]


def run_after(learner_id: int, since: dt.date | None, absences: list[dt.date]) -> UnexcusedRun:
    """The run of absences strictly after ``since`` (all of them when the learner never attended)."""
    run = [day for day in absences if since is None or day > since]
    return UnexcusedRun(learner_id, len(run), since, min(run, default=None))


def week_of(day: dt.date) -> dt.date:
    return timetabling.week_start(day)
