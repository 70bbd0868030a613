"""Demo data of the academics area: a weekly timetable per class and six weeks of rolls.

Called by core/demo.py inside ``scope(center=center)`` once classes, learners and the first timetable
exist. The day-by-day sessions the core demo made are replaced by weekly slots and the sessions
generated from them (through ``timetable_generate``), so the week views, the slots and the sessions
agree. Deterministic from ``rng``; bulk inserts keep it to a fraction of a second per center.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from lotrinh.core.models import Center, Membership, User
from lotrinh.core.roles import Role

from . import services, timetabling
from .models import (
    AttendanceMark,
    AttendanceRoll,
    AttendanceStatus,
    ClassSession,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStatusChange,
    Room,
    SchoolClass,
    SessionKind,
    Trade,
    WeeklySlot,
)

PERIODS = [
    (dt.time(7, 0), dt.time(8, 30)),
    (dt.time(8, 45), dt.time(10, 15)),
    (dt.time(13, 30), dt.time(15, 0)),
    (dt.time(15, 15), dt.time(16, 45)),
]
WORKSHOPS = {"Điện": "Xưởng Điện", "xe máy": "Xưởng Cơ khí", "May": "Xưởng May", "Tin học": "Phòng Tin học"}
ROLL_WEEKS = 6
DAYS_AHEAD = 14


@dataclass(frozen=True)
class DemoAttendance:
    slots: int
    sessions: int
    rolls: int
    marks: int


def demo_extend(*, center: Center, rng: random.Random, today: dt.date | None = None) -> DemoAttendance:
    """Weekly slots for every class, sessions generated from them, and rolls for the last six weeks."""
    today = today or timezone.localdate()
    if WeeklySlot.objects.exists():  # built before: only keep the timetable running ahead
        created = timetable_refresh(center=center, until=today + dt.timedelta(days=DAYS_AHEAD), today=today)
        return DemoAttendance(slots=0, sessions=created, rolls=0, marks=0)
    subjects = _subjects_by_class()
    _classes_complete(subjects)
    slots = _weekly_slots(center=center, subjects=subjects, today=today)
    start = min((s.valid_from for s in slots), default=today)
    # The core demo's day-by-day sessions give way to the ones generated from the weekly slots.
    ClassSession.objects.filter(roll__isnull=True).delete()
    sessions = services.timetable_generate(
        center=center, start=start, end=today + dt.timedelta(days=DAYS_AHEAD), actor=None
    )
    rolls, marks = attendance_history(
        center=center, rng=rng, start=max(start, today - dt.timedelta(weeks=ROLL_WEEKS)), end=today
    )
    return DemoAttendance(slots=len(slots), sessions=sessions, rolls=rolls, marks=marks)


def timetable_refresh(*, center: Center, until: dt.date, today: dt.date | None = None) -> int:
    """Generate the sessions of the coming days from the weekly slots (nothing twice); for demo re-runs."""
    today = today or timezone.localdate()
    return services.timetable_generate(center=center, start=today, end=until, actor=None)


# The trade a demo class teaches, from the words of its practice subjects (first match wins).
TRADE_WORDS = [
    ("Điện", {"trung_cap": "Điện công nghiệp", "so_cap": "Điện dân dụng"}),
    ("xe máy", {"trung_cap": "Công nghệ ô tô", "so_cap": "Sửa chữa xe máy"}),
    ("May", {"trung_cap": "May thời trang", "so_cap": "May công nghiệp"}),
    ("thú y", {"so_cap": "Chăn nuôi thú y", "short_course": "Chăn nuôi thú y"}),
    ("thủy sản", {"so_cap": "Nuôi trồng thủy sản", "short_course": "Nuôi trồng thủy sản"}),
]
LEVEL_OF_PROGRAM = {"chin-cong": "trung_cap", "lien-ket-trung-cap": "trung_cap", "so-cap": "so_cap"}
PARTNER_SCHOOL = "Trường Cao đẳng Kỹ thuật Quảng Trị"


def _classes_complete(subjects: dict[int, list[str]]) -> None:
    """What the class rules ask of the demo classes: their dates, the trade of vocational ones, the
    partner school of 9+ ones; so that editing a demo class does not stumble on missing facts."""
    trades = {t.name: t for t in Trade.objects.all()}
    classes = list(SchoolClass.objects.select_related("program"))
    for school_class in classes:
        first, last = timetabling.school_year_bounds(school_class.school_year)
        vocational = school_class.program.is_vocational
        school_class.starts_on = school_class.starts_on or first
        if not school_class.ends_on and school_class.program.code != "duoi-3-thang":  # those run on and off
            school_class.ends_on = first + dt.timedelta(days=180) if school_class.program.code == "so-cap" else last
        if vocational and school_class.trade_id is None:
            level = LEVEL_OF_PROGRAM.get(school_class.program.code, "short_course")
            words = " ".join(subjects.get(school_class.pk, []))
            for word, by_level in TRADE_WORDS:
                name = by_level.get(level) or next(iter(by_level.values()))
                if word in words and name in trades:
                    school_class.trade = trades[name]
                    break
        if school_class.program.code in services.PARTNER_PROGRAMS and not school_class.partner_school:
            school_class.partner_school = PARTNER_SCHOOL
    SchoolClass.objects.bulk_update(classes, ["starts_on", "ends_on", "trade", "partner_school"])


def _subjects_by_class() -> dict[int, list[str]]:
    """The subjects each class already has on the timetable, in a stable order (Toán first, so that the
    demo teacher, who gets the first subject met, teaches mathematics)."""
    subjects: dict[int, list[str]] = {}
    for class_id, subject in (
        ClassSession.objects.order_by("school_class_id", "subject").values_list("school_class_id", "subject").distinct()
    ):
        subjects.setdefault(class_id, []).append(subject)
    return {class_id: sorted(names, key=lambda s: (s != "Toán", s)) for class_id, names in subjects.items()}


def _kind_of(subject: str) -> str:
    lowered = subject.lower()
    if "thực hành" in lowered:
        return SessionKind.PRACTICE
    if "lý thuyết" in lowered or "an toàn" in lowered:
        return SessionKind.THEORY
    return SessionKind.CULTURE


def _weekly_slots(*, center: Center, subjects: dict[int, list[str]], today: dt.date) -> list[WeeklySlot]:
    """Two lessons a day, Monday to Saturday, for every class; no class, teacher or room twice at once.

    Each subject has one main teacher across classes (the first subject met, Toán, goes to the
    demo teacher ``giaovien``); practice goes to its workshop.
    """
    classes = list(SchoolClass.objects.order_by("id"))
    rooms = list(Room.objects.order_by("id"))
    teacher_ids = Membership.objects.filter(center=center, role=Role.TEACHER, is_active=True).values("user_id")
    teachers = list(User.objects.filter(pk__in=teacher_ids).order_by("id"))
    if not classes or not rooms or not teachers:
        return []
    main_teacher: dict[str, User] = {}
    busy: set[tuple[str, int, int, int]] = set()  # (kind, id, weekday, period)
    slots: list[WeeklySlot] = []
    for index, school_class in enumerate(classes):
        class_subjects = subjects.get(school_class.pk) or ["Toán", "Ngữ văn"]
        valid_from = school_class.starts_on or timetabling.school_year_bounds(school_class.school_year)[0]
        for weekday in range(6):
            for lesson in range(2):
                period = (index + lesson * 2 + weekday) % len(PERIODS)
                subject = class_subjects[(weekday + lesson + index) % len(class_subjects)]
                preferred = main_teacher.setdefault(subject, teachers[len(main_teacher) % len(teachers)])
                first = teachers.index(preferred)
                teacher = _free(teachers[first:] + teachers[:first], "teacher", weekday, period, busy)
                room = _free(_rooms_for(subject, rooms, index), "room", weekday, period, busy)
                if teacher is None or room is None:
                    continue
                slots.append(
                    WeeklySlot(
                        center=center,
                        school_class=school_class,
                        weekday=weekday,
                        starts_at=PERIODS[period][0],
                        ends_at=PERIODS[period][1],
                        subject=subject,
                        kind=_kind_of(subject),
                        teacher=teacher,
                        room=room,
                        valid_from=min(valid_from, today),
                    )
                )
    return WeeklySlot.objects.bulk_create(slots)


def _free(candidates: list, kind: str, weekday: int, period: int, busy: set):
    for candidate in candidates:
        key = (kind, candidate.pk, weekday, period)
        if key not in busy:
            busy.add(key)
            return candidate
    return None


def _rooms_for(subject: str, rooms: list[Room], index: int) -> list[Room]:
    preferred = [r for key, name in WORKSHOPS.items() if key in subject for r in rooms if r.name == name]
    classrooms = [r for r in rooms if r.kind == Room.Kind.CLASSROOM] or rooms
    home = classrooms[index % len(classrooms)]
    return preferred + [home] + [r for r in rooms if r not in preferred and r != home]


@dataclass
class _Profile:
    base: float  # chance of missing a session
    rising: bool = False  # absences climb over the weeks (early warning should find them)
    streak: int = 0  # the last sessions missed without leave, in a row
    leaves_on: dt.date | None = None  # dropped out / suspended: absent more and more until then


def attendance_history(*, center: Center, rng: random.Random, start: dt.date, end: dt.date) -> tuple[int, int]:
    """Rolls for the sessions from ``start`` to before ``end``, with realistic absences; (rolls, marks).

    Most learners miss a session now and then; in each class one or two miss more and more, one has
    missed the last few sessions without leave, and those who dropped out stopped coming first. A few
    rolls are never taken (one teacher forgets often), so the report of missing rolls has something.
    """
    sessions = list(
        ClassSession.objects.filter(date__gte=start, date__lt=end, roll__isnull=True).order_by("date", "starts_at")
    )
    if not sessions:
        return 0, 0
    enrollments = list(Enrollment.objects.order_by("school_class_id", "learner_id"))
    left_on = {
        c.enrollment_id: c.effective_on
        for c in EnrollmentStatusChange.objects.exclude(status=EnrollmentStatus.ENROLLED).order_by("effective_on")
    }
    roster: dict[int, list[Enrollment]] = {}
    for enrollment in enrollments:
        roster.setdefault(enrollment.school_class_id, []).append(enrollment)
    profiles: dict[int, _Profile] = {}
    for members in roster.values():
        active = [e for e in members if e.status == EnrollmentStatus.ENROLLED]
        rng.shuffle(active)
        for n, enrollment in enumerate(active):
            profiles[enrollment.pk] = _Profile(
                base=rng.choice([0.0, 0.01, 0.02, 0.03, 0.05, 0.08]),
                rising=n < 2,
                streak=rng.choice([3, 4, 5]) if n == 2 else 0,
            )
        for enrollment in members:
            if enrollment.status != EnrollmentStatus.ENROLLED:
                profiles[enrollment.pk] = _Profile(base=0.1, leaves_on=left_on.get(enrollment.pk))
    forgetful = sorted({s.teacher_id for s in sessions})
    forgetful = forgetful[len(forgetful) // 2] if forgetful else None
    last_sessions = _last_sessions_per_class(sessions)
    span = max((end - start).days, 1)
    rolls, marks_by_roll = [], []
    for session in sessions:
        if rng.random() < (0.15 if session.teacher_id == forgetful else 0.02):
            continue  # the roll was never taken
        progress = (session.date - start).days / span
        rolls.append(
            AttendanceRoll(
                center=center,
                session=session,
                taken_by_id=session.teacher_id,
                taken_at=timezone.make_aware(dt.datetime.combine(session.date, session.starts_at))
                + dt.timedelta(minutes=rng.randint(3, 15)),
            )
        )
        marks = []
        position = last_sessions[session.school_class_id].get(session.pk)
        for enrollment in roster.get(session.school_class_id, []):
            if enrollment.enrolled_on > session.date:
                continue
            profile = profiles[enrollment.pk]
            if profile.leaves_on is not None and session.date >= profile.leaves_on:
                continue
            status = _status(rng, profile, progress, position, session.date)
            marks.append((enrollment.learner_id, status))
        marks_by_roll.append(marks)
    AttendanceRoll.objects.bulk_create(rolls, batch_size=1000)
    marks = [
        AttendanceMark(center=center, roll=roll, learner_id=learner_id, status=status, date=roll.session.date)
        for roll, roll_marks in zip(rolls, marks_by_roll, strict=True)
        for learner_id, status in roll_marks
    ]
    AttendanceMark.objects.bulk_create(marks, batch_size=2000)
    return len(rolls), len(marks)


def _last_sessions_per_class(sessions: list[ClassSession]) -> dict[int, dict[int, int]]:
    """For each class, session id → how many sessions from the end it is (0 = the last one)."""
    by_class: dict[int, list[int]] = {}
    for session in sessions:
        by_class.setdefault(session.school_class_id, []).append(session.pk)
    return {class_id: {pk: len(ids) - 1 - n for n, pk in enumerate(ids)} for class_id, ids in by_class.items()}


def _status(rng: random.Random, profile: _Profile, progress: float, position: int | None, day: dt.date) -> str:
    if profile.streak and position is not None and position < profile.streak:
        return AttendanceStatus.UNEXCUSED
    chance = profile.base
    if profile.rising:
        chance = 0.05 + 0.55 * progress
    if profile.leaves_on is not None:
        days_left = (profile.leaves_on - day).days
        chance = 0.7 if days_left < 14 else 0.3 if days_left < 35 else profile.base
    if rng.random() < chance:
        unexcused = 0.8 if (profile.rising or profile.leaves_on) else 0.55
        return AttendanceStatus.UNEXCUSED if rng.random() < unexcused else AttendanceStatus.EXCUSED
    return AttendanceStatus.LATE if rng.random() < 0.03 else AttendanceStatus.PRESENT
