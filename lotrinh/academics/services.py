"""State changes of classes and enrollments, the timetable and attendance."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.core import notify
from lotrinh.core.audit import audit_record, changes_between
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, Membership, OutboundMessage, User
from lotrinh.core.roles import Role
from lotrinh.people.models import Consent, ConsentPurpose, Guardian, Learner, LearnerGuardian

from . import selectors, tasks, timetabling
from .models import (
    AttendanceMark,
    AttendanceRoll,
    AttendanceStatus,
    ClassSession,
    DropoutReason,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStatusChange,
    ProgramType,
    Room,
    SchoolClass,
    SessionKind,
    Trade,
    WeeklySlot,
)

# Where an enrollment may go from each status. A finished enrollment (graduated) goes nowhere.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    EnrollmentStatus.ENROLLED: {
        EnrollmentStatus.SUSPENDED,
        EnrollmentStatus.TRANSFERRED,
        EnrollmentStatus.DROPPED_OUT,
        EnrollmentStatus.COMPLETED,
        EnrollmentStatus.GRADUATED,
    },
    EnrollmentStatus.SUSPENDED: {EnrollmentStatus.ENROLLED, EnrollmentStatus.DROPPED_OUT, EnrollmentStatus.TRANSFERRED},
    EnrollmentStatus.DROPPED_OUT: {EnrollmentStatus.ENROLLED},
    EnrollmentStatus.TRANSFERRED: set(),
    EnrollmentStatus.COMPLETED: {EnrollmentStatus.GRADUATED},
    EnrollmentStatus.GRADUATED: set(),
}


@transaction.atomic
def enrollment_create(*, learner, school_class: SchoolClass, enrolled_on: dt.date, actor: User | None) -> Enrollment:
    """Put a learner in a class; the first step of the status history is written with it."""
    if Enrollment.objects.filter(learner=learner, school_class=school_class).exists():
        raise ApplicationError(_("%(name)s is already in this class.") % {"name": learner}, field="learner")
    enrollment = Enrollment.objects.create(
        center=school_class.center, learner=learner, school_class=school_class, enrolled_on=enrolled_on
    )
    EnrollmentStatusChange.objects.create(
        center=school_class.center,
        enrollment=enrollment,
        status=EnrollmentStatus.ENROLLED,
        effective_on=enrolled_on,
        changed_by=actor,
    )
    audit_record(
        actor=actor,
        center=school_class.center,
        action=AuditEvent.Action.CREATE,
        obj=enrollment,
        changes={"status": [None, EnrollmentStatus.ENROLLED]},
    )
    return enrollment


@transaction.atomic
def enrollment_status_change(
    *, enrollment: Enrollment, status: str, effective_on: dt.date, actor: User | None, reason: str = "", note: str = ""
) -> EnrollmentStatusChange:
    """Append a step to the history (never overwritten) and mirror it on the enrollment."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if status not in ALLOWED_TRANSITIONS.get(enrollment.status, set()):
        raise ApplicationError(
            _("An enrollment that is “%(old)s” cannot become “%(new)s”.")
            % {"old": EnrollmentStatus(enrollment.status).label, "new": EnrollmentStatus(status).label},
            field="status",
        )
    if status == EnrollmentStatus.DROPPED_OUT and reason not in DropoutReason.values:
        raise ApplicationError(_("Choose the reason for dropping out."), field="reason")
    last = enrollment.status_changes.order_by("-effective_on", "-id").first()
    if last and effective_on < last.effective_on:
        raise ApplicationError(
            _("The date is before the previous change (%(date)s).") % {"date": last.effective_on.strftime("%d/%m/%Y")},
            field="effective_on",
        )
    change = EnrollmentStatusChange.objects.create(
        center=enrollment.center,
        enrollment=enrollment,
        status=status,
        reason=reason if status == EnrollmentStatus.DROPPED_OUT else "",
        note=note,
        effective_on=effective_on,
        changed_by=actor,
    )
    old = enrollment.status
    enrollment.status = status
    enrollment.save(update_fields=["status"])
    audit_record(
        actor=actor,
        center=enrollment.center,
        action=AuditEvent.Action.UPDATE,
        obj=enrollment,
        changes={"status": [old, status], **({"reason": [None, str(DropoutReason(reason).label)]} if reason else {})},
    )
    return change


# ---------------------------------------------------------------------------------------------------
# Classes
# ---------------------------------------------------------------------------------------------------

# Program types whose classes study with a partner school (9+ culture and trade, linkage trung cấp).
PARTNER_PROGRAMS = frozenset({"chin-cong", "lien-ket-trung-cap"})
CLASS_FIELDS = [
    "name",
    "program",
    "school_year",
    "trade",
    "homeroom_teacher",
    "partner_school",
    "starts_on",
    "ends_on",
]


def _is_active_member(center: Center, user: User | None, roles: set[str] | None = None) -> bool:
    if user is None:
        return False
    members = Membership.objects.filter(center=center, user=user, is_active=True)
    if roles:
        members = members.filter(role__in=roles)
    return members.exists()


def school_class_errors(
    *, center: Center, data: dict, today: dt.date, instance: SchoolClass | None = None
) -> dict[str, list[str]]:
    """Every rule a class breaks, by field, in Vietnamese; empty when the class may be saved."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    name = (data.get("name") or "").strip()
    school_year = (data.get("school_year") or "").strip()
    program: ProgramType | None = data.get("program")
    trade: Trade | None = data.get("trade")
    if not name:
        add("name", _("Enter the class name."))
    if not timetabling.school_year_is_valid(school_year):
        add("school_year", _("Write the school year as two consecutive years, e.g. 2026-2027."))
    elif name:
        same = SchoolClass.objects.filter(school_year=school_year, name=name)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            add(
                "name", _("Another class of %(year)s is already called %(name)s.") % {"year": school_year, "name": name}
            )
    if program is None:
        add("program", _("Choose the program."))
    unchanged_trade = instance is not None and trade is not None and instance.trade_id == trade.pk
    if trade is not None and not unchanged_trade:
        in_force = trade.valid_from <= today and (trade.valid_to is None or trade.valid_to > today)
        if not in_force:
            add("trade", _("The trade “%(trade)s” is no longer in force; choose a current one.") % {"trade": trade})
    if program is not None and program.is_vocational and trade is None:
        add("trade", _("A vocational class needs its trade."))
    if program is not None and program.code in PARTNER_PROGRAMS and not (data.get("partner_school") or "").strip():
        add("partner_school", _("A %(program)s class needs its partner school.") % {"program": program.name})
    teacher = data.get("homeroom_teacher")
    if teacher is not None and not _is_active_member(center, teacher, {Role.TEACHER}):
        add("homeroom_teacher", _("The homeroom teacher must be a teacher working at this center."))
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        add("ends_on", _("The class ends before it starts."))
    return errors


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        field, messages = next(iter(errors.items()))
        raise ApplicationError(messages[0], field=field, errors=errors)


def _class_values(school_class: SchoolClass) -> dict:
    return {f: getattr(school_class, f) for f in CLASS_FIELDS}


@transaction.atomic
def school_class_create(*, center: Center, actor: User | None, **fields) -> SchoolClass:
    """A new class of a program and school year; nothing is saved when a rule is broken."""
    unknown = set(fields) - set(CLASS_FIELDS)
    if unknown:
        raise ValueError(f"Not a class field: {sorted(unknown)}")
    fields = {**fields, "name": (fields.get("name") or "").strip(), "school_year": (fields.get("school_year") or "")}
    _raise_if(school_class_errors(center=center, data=fields, today=timezone.localdate()))
    school_class = SchoolClass.objects.create(center=center, **{k: v for k, v in fields.items() if v is not None})
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=school_class,
        changes=changes_between({}, _class_values(school_class)),
    )
    return school_class


@transaction.atomic
def school_class_update(*, school_class: SchoolClass, actor: User | None, **fields) -> SchoolClass:
    """Change a class; the audit log keeps old → new for every field that changed."""
    unknown = set(fields) - set(CLASS_FIELDS)
    if unknown:
        raise ValueError(f"Not a class field: {sorted(unknown)}")
    before = _class_values(school_class)
    data = {**before, **fields}
    data["name"] = (data.get("name") or "").strip()
    _raise_if(
        school_class_errors(center=school_class.center, data=data, today=timezone.localdate(), instance=school_class)
    )
    for name, value in data.items():
        setattr(school_class, name, "" if value is None and name == "partner_school" else value)
    school_class.save(update_fields=CLASS_FIELDS)
    changes = changes_between(before, _class_values(school_class))
    if changes:
        audit_record(
            actor=actor, center=school_class.center, action=AuditEvent.Action.UPDATE, obj=school_class, changes=changes
        )
    return school_class


# ---------------------------------------------------------------------------------------------------
# Timetable
# ---------------------------------------------------------------------------------------------------

# The longest period one timetable_generate call covers (a school year and a bit).
GENERATE_MAX_DAYS = 400
WEEKDAY_NAMES = selectors.WEEKDAY_NAMES


def _slot_booking(slot: WeeklySlot) -> timetabling.Booking:
    return timetabling.Booking(
        key=("slot", slot.pk) if slot.pk else None,
        day=slot.weekday,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        class_id=slot.school_class_id,
        teacher_id=slot.teacher_id,
        room_id=slot.room_id,
        class_name=slot.school_class.name,
        teacher_name=str(slot.teacher),
        room_name=slot.room.name,
        subject=slot.subject,
        valid_from=slot.valid_from,
        valid_to=slot.valid_to,
    )


def _session_booking(session: ClassSession) -> timetabling.Booking:
    return timetabling.Booking(
        key=("session", session.pk) if session.pk else None,
        day=session.date,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        class_id=session.school_class_id,
        teacher_id=session.teacher_id,
        room_id=session.room_id,
        class_name=session.school_class.name,
        teacher_name=str(session.teacher),
        room_name=session.room.name,
        subject=session.subject,
    )


def _day_label(day: int | dt.date) -> str:
    if isinstance(day, int):
        return str(WEEKDAY_NAMES[day])
    return f"{WEEKDAY_NAMES[day.weekday()]} {day:%d/%m/%Y}"


def clash_message(clash: timetabling.Clash) -> str:
    """What is already booked, said plainly: who or what, which class, which day and time."""
    other = clash.existing
    values = {
        "day": _day_label(other.day),
        "time": f"{other.starts_at:%H:%M}–{other.ends_at:%H:%M}",
        "class": other.class_name,
        "subject": other.subject,
        "teacher": other.teacher_name,
        "room": other.room_name,
    }
    if clash.resource == "teacher":
        return _("%(teacher)s already teaches %(class)s (%(subject)s) on %(day)s, %(time)s.") % values
    if clash.resource == "room":
        return _("Room %(room)s is already used by %(class)s (%(subject)s) on %(day)s, %(time)s.") % values
    return _("Class %(class)s already has %(subject)s on %(day)s, %(time)s (%(teacher)s, room %(room)s).") % values


CLASH_FIELDS = {"teacher": "teacher", "room": "room", "class": "starts_at"}


def _raise_clashes(clashes: list[timetabling.Clash], *, limit: int = 3) -> None:
    if not clashes:
        return
    errors: dict[str, list[str]] = {}
    for clash in clashes[:limit]:
        errors.setdefault(CLASH_FIELDS[clash.resource], []).append(clash_message(clash))
    message = clash_message(clashes[0])
    if len(clashes) > 1:
        message += " " + _("(%(count)s clashes in all.)") % {"count": len(clashes)}
    raise ApplicationError(message, field=CLASH_FIELDS[clashes[0].resource], errors=errors)


def _lesson_errors(
    *, center: Center, school_class: SchoolClass, starts_at, ends_at, subject: str, kind: str, teacher, room
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if starts_at and ends_at and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("The lesson must end after it starts."))
    if not (subject or "").strip():
        errors.setdefault("subject", []).append(_("Enter the subject."))
    if kind not in SessionKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of lesson."))
    if not _is_active_member(center, teacher):
        errors.setdefault("teacher", []).append(_("The teacher must be a staff member of this center."))
    if room is None or room.center_id != center.pk:
        errors.setdefault("room", []).append(_("Choose a room of this center."))
    if school_class.center_id != center.pk:  # a caller mixing centers is a bug, not a user error
        raise ValueError("The class belongs to another center.")
    return errors


@transaction.atomic
def weekly_slot_create(
    *,
    school_class: SchoolClass,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
    subject: str,
    kind: str,
    teacher: User,
    room: Room,
    valid_from: dt.date,
    actor: User | None,
    valid_to: dt.date | None = None,
    generate_until: dt.date | None = None,
) -> WeeklySlot:
    """A recurring lesson in a class's week, refused when its class, teacher or room is already booked.

    ``valid_to`` is exclusive (the first day without the lesson). With ``generate_until`` the sessions
    from today (or ``valid_from`` if later) up to that day are generated in the same transaction: a slot
    added during the year does not invent lessons in the past.
    """
    center = school_class.center
    errors = _lesson_errors(
        center=center,
        school_class=school_class,
        starts_at=starts_at,
        ends_at=ends_at,
        subject=subject,
        kind=kind,
        teacher=teacher,
        room=room,
    )
    if weekday not in range(7):
        errors.setdefault("weekday", []).append(_("Choose a day of the week."))
    if valid_to is not None and valid_to <= valid_from:
        errors.setdefault("valid_to", []).append(_("The end date must be after the start date."))
    _raise_if(errors)
    slot = WeeklySlot(
        center=center,
        school_class=school_class,
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        subject=subject.strip(),
        kind=kind,
        teacher=teacher,
        room=room,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    # The rows that could clash, in one query: same weekday, same class, teacher or room, overlapping periods.
    others = WeeklySlot.objects.filter(weekday=weekday).filter(
        Q(school_class=school_class) | Q(teacher=teacher) | Q(room=room)
    )
    others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from))
    if valid_to is not None:
        others = others.filter(valid_from__lt=valid_to)
    others = others.select_related("school_class", "teacher", "room")
    _raise_clashes(timetabling.find_clashes([_slot_booking(slot)], [_slot_booking(s) for s in others]))
    slot.save()
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=slot,
        changes=changes_between(
            {},
            {
                "weekday": weekday,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "subject": slot.subject,
                "teacher": teacher,
                "room": room,
                "valid_from": valid_from,
                "valid_to": valid_to,
            },
        ),
    )
    start = max(valid_from, timezone.localdate())
    if generate_until is not None and generate_until >= start:
        timetable_generate(center=center, start=start, end=generate_until, slot_ids=[slot.pk], actor=actor)
    return slot


@transaction.atomic
def weekly_slot_end(*, slot: WeeklySlot, ends_on: dt.date, actor: User | None) -> int:
    """No more lessons from ``ends_on`` on: the slot closes and its future sessions without a roll go.

    Returns how many generated sessions were removed; sessions whose roll was taken always stay.
    """
    if ends_on <= slot.valid_from:
        raise ApplicationError(
            _("The lesson started on %(date)s; choose a later day.") % {"date": f"{slot.valid_from:%d/%m/%Y}"},
            field="ends_on",
        )
    if slot.valid_to is not None and ends_on >= slot.valid_to:
        raise ApplicationError(
            _("The lesson already ends before %(date)s.") % {"date": f"{slot.valid_to:%d/%m/%Y}"}, field="ends_on"
        )
    old = slot.valid_to
    slot.valid_to = ends_on
    slot.save(update_fields=["valid_to"])
    removed, _detail = ClassSession.objects.filter(weekly_slot=slot, date__gte=ends_on, roll__isnull=True).delete()
    audit_record(
        actor=actor,
        center=slot.center,
        action=AuditEvent.Action.UPDATE,
        obj=slot,
        changes=changes_between({"valid_to": old}, {"valid_to": ends_on}),
    )
    return removed


@transaction.atomic
def timetable_generate(
    *,
    center: Center,
    start: dt.date,
    end: dt.date,
    actor: User | None = None,
    school_class: SchoolClass | None = None,
    slot_ids: list[int] | None = None,
) -> int:
    """Sessions from the weekly slots for every date from ``start`` to ``end`` (inclusive).

    Idempotent: a session already generated for a slot and date is never made again. A new session
    that would clash with a session already on the timetable (a make-up lesson, say) stops the whole
    run with a message naming it; nothing is saved then. Returns the number of sessions created.
    """
    if end < start:
        raise ApplicationError(_("The end date is before the start date."), field="end")
    if (end - start).days > GENERATE_MAX_DAYS:
        raise ApplicationError(
            _("Generate at most %(days)s days at a time.") % {"days": GENERATE_MAX_DAYS}, field="end"
        )
    slots = WeeklySlot.objects.filter(valid_from__lte=end).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
    if school_class is not None:
        slots = slots.filter(school_class=school_class)
    if slot_ids is not None:
        slots = slots.filter(pk__in=slot_ids)
    slots = {s.pk: s for s in slots.select_related("school_class", "teacher", "room")}
    if not slots:
        return 0
    # Every session in the period, once: what exists per slot and date, and what new ones could clash with.
    existing = list(
        ClassSession.objects.filter(date__gte=start, date__lte=end).select_related("school_class", "teacher", "room")
    )
    done = {(s.weekly_slot_id, s.date) for s in existing if s.weekly_slot_id}
    specs = [
        timetabling.SlotSpec(
            slot_id=s.pk,
            weekday=s.weekday,
            valid_from=s.valid_from,
            valid_to=s.valid_to,
            class_starts_on=s.school_class.starts_on,
            class_ends_on=s.school_class.ends_on,
        )
        for s in slots.values()
    ]
    sessions = []
    for slot_id, day in timetabling.sessions_to_create(specs, start, end, done):
        slot = slots[slot_id]
        sessions.append(
            ClassSession(
                center=center,
                school_class=slot.school_class,
                subject=slot.subject,
                kind=slot.kind,
                weekly_slot=slot,
                date=day,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                teacher=slot.teacher,
                room=slot.room,
            )
        )
    _raise_clashes(timetabling.find_clashes([_session_booking(s) for s in sessions], map(_session_booking, existing)))
    ClassSession.objects.bulk_create(sessions, batch_size=500)
    return len(sessions)


@transaction.atomic
def class_session_create(
    *,
    school_class: SchoolClass,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    subject: str,
    teacher: User,
    room: Room,
    actor: User | None,
    kind: str = SessionKind.CULTURE,
) -> ClassSession:
    """A one-off session (a make-up lesson, an extra practice), refused when it clashes on that date."""
    center = school_class.center
    _raise_if(
        _lesson_errors(
            center=center,
            school_class=school_class,
            starts_at=starts_at,
            ends_at=ends_at,
            subject=subject,
            kind=kind,
            teacher=teacher,
            room=room,
        )
    )
    session = ClassSession(
        center=center,
        school_class=school_class,
        subject=subject.strip(),
        kind=kind,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        teacher=teacher,
        room=room,
    )
    others = ClassSession.objects.filter(date=date).filter(
        Q(school_class=school_class) | Q(teacher=teacher) | Q(room=room)
    )
    others = others.select_related("school_class", "teacher", "room")
    _raise_clashes(timetabling.find_clashes([_session_booking(session)], [_session_booking(s) for s in others]))
    session.save()
    return session


# ---------------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------------

STREAK_REASON = "absence_streak"


@dataclass
class StreakNotice:
    """A learner who reached the absence streak with this roll, and who was told."""

    learner: Learner
    absences: int
    homeroom_notified: bool
    guardians_messaged: list[str] = field(default_factory=list)
    # "messaged", "no_consent" (consent missing or withdrawn), "no_guardian", "no_contact"
    guardian_outcome: str = "messaged"


@dataclass
class RollResult:
    roll: AttendanceRoll
    created: bool
    changed: int
    counts: dict[str, int]
    streaks: list[StreakNotice] = field(default_factory=list)


def roll_may_take(*, session: ClassSession, user: User, membership: Membership | None) -> bool:
    """The session's teacher, or someone who manages classes, may take (and re-take) its roll."""
    if session.teacher_id == user.pk:
        return True
    return membership is not None and membership.has_perm("classes.manage")


def streak_threshold() -> int:
    return max(1, int(getattr(settings, "LOTRINH_ABSENCE_STREAK", 3)))


# What a save reads of each learner: the audit row and the streak notices name them by code and name. The
# rest of a learner's 25 columns would triple the cost of building the roll's 80 instances.
ROLL_LEARNER_FIELDS = ("learner", "learner__code", "learner__full_name")


def roll_take(*, session: ClassSession, marks: dict[int, str], actor: User) -> RollResult:
    """Take or re-take the roll of a session in one transaction and a fixed number of queries.

    ``marks`` maps learner id → AttendanceStatus; a learner of the class left out is present. A
    re-take changes only the marks that differ and writes one audit row with old → new per learner.
    A learner who reaches the absence streak notifies the homeroom teacher and, with consent, the
    guardians (after the commit). What can be read and checked before the write transaction is, so that
    on SQLite, where one writer at a time holds the database, the lock is held for the writes alone.
    """
    center = session.center
    membership = Membership.objects.filter(center=center, user=actor, is_active=True).first()
    if not roll_may_take(session=session, user=actor, membership=membership):
        raise PermissionDenied
    today = timezone.localdate()
    if session.date > today:
        raise ApplicationError(
            _("The roll of a session on %(date)s cannot be taken before that day.")
            % {"date": f"{session.date:%d/%m/%Y}"},
            field="marks",
        )
    wrong = sorted({str(s) for s in marks.values() if s not in AttendanceStatus.values})
    if wrong:
        raise ApplicationError(_("Not an attendance status: %(values)s.") % {"values": ", ".join(wrong)}, field="marks")
    enrolled = {
        e.learner_id: e.learner
        for e in Enrollment.objects.filter(school_class_id=session.school_class_id, status=EnrollmentStatus.ENROLLED)
        .select_related("learner")
        .only(*ROLL_LEARNER_FIELDS)
    }
    with transaction.atomic():
        return _roll_write(session=session, marks=marks, enrolled=enrolled, actor=actor)


def _roll_write(
    *, session: ClassSession, marks: dict[int, str], enrolled: dict[int, Learner], actor: User
) -> RollResult:
    center = session.center
    # Two people saving the same roll at once: the second waits for the first and then updates it.
    ClassSession.objects.select_for_update().filter(pk=session.pk).values_list("pk", flat=True).get()
    roll = AttendanceRoll.objects.filter(session=session).first()
    if roll is not None:
        roll.session = session  # the audit row names the roll by its session: no query to fetch it again
    existing = (
        {
            m.learner_id: m
            for m in AttendanceMark.objects.filter(roll=roll)
            .select_related("learner")
            .only("status", *ROLL_LEARNER_FIELDS)
        }
        if roll
        else {}
    )
    # A learner who left the class after this roll was first taken keeps a mark on it.
    names = enrolled | {learner_id: mark.learner for learner_id, mark in existing.items()}
    allowed = set(names)
    strangers = sorted(set(marks) - allowed)
    if strangers:
        raise ApplicationError(
            _("These learners are not in class %(class)s: %(ids)s.")
            % {"class": session.school_class.name, "ids": ", ".join(str(i) for i in strangers)},
            field="marks",
        )
    now = timezone.now()
    created = roll is None
    if created:
        roll = AttendanceRoll.objects.create(center=center, session=session, taken_by=actor, taken_at=now)
    else:
        roll.taken_by, roll.taken_at = actor, now
        roll.save(update_fields=["taken_by", "taken_at"])
    changes: dict[str, list] = {}
    to_create, to_update = [], []
    final: dict[int, str] = {}
    for learner_id in allowed:
        status = marks.get(learner_id, AttendanceStatus.PRESENT)
        final[learner_id] = status
        mark = existing.get(learner_id)
        label = f"{names[learner_id].code} {names[learner_id].full_name}"
        if mark is None:
            to_create.append(
                AttendanceMark(center=center, roll=roll, learner_id=learner_id, status=status, date=session.date)
            )
            changes[label] = [None, str(AttendanceStatus(status).label)]
        elif mark.status != status:
            # Keyed by learner, so the log cannot look the status up: it keeps the status's name.
            changes[label] = [str(AttendanceStatus(mark.status).label), str(AttendanceStatus(status).label)]
            mark.status = status
            to_update.append(mark)
    AttendanceMark.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        AttendanceMark.objects.bulk_update(to_update, ["status"], batch_size=500)
    if changes:
        audit_record(
            actor=actor,
            center=center,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=roll,
            changes=dict(sorted(changes.items())),
        )
    counts = {status: 0 for status in AttendanceStatus.values}
    for status in final.values():
        counts[status] += 1
    absent = [i for i, s in final.items() if s == AttendanceStatus.UNEXCUSED]
    streaks = _streaks_notify(session=session, learner_ids=absent, learners=names) if absent else []
    if changes:
        # Attendance feeds the early warning: re-score this class's learners once the roll is saved.
        from lotrinh.retention.tasks import risk_recompute_task

        center_id, learner_ids = center.pk, sorted(allowed)
        transaction.on_commit(lambda: risk_recompute_task.enqueue(center_id=center_id, learner_ids=learner_ids))
    return RollResult(roll=roll, created=created, changed=len(changes), counts=counts, streaks=streaks)


def _streaks_notify(*, session: ClassSession, learner_ids: list[int], learners: dict[int, Learner]) -> list:
    """Tell the homeroom teacher and (with consent) the guardians about learners who reached the streak.

    A streak is the run of unexcused absences since the last day the learner attended; it is told once,
    keyed by that day, however often the roll is re-taken or the run grows.
    """
    threshold = streak_threshold()
    runs = {
        run.learner_id: run
        for run in selectors.unexcused_runs(learner_ids=learner_ids)
        if run.absences >= threshold and run.learner_id in learners
    }
    if not runs:
        return []
    keys = {learner_id: f"people.learner:{learner_id}:since:{run.since or 'start'}" for learner_id, run in runs.items()}
    told = set(
        OutboundMessage.objects.filter(reason=STREAK_REASON, related_object__in=keys.values()).values_list(
            "related_object", flat=True
        )
    )
    runs = {learner_id: run for learner_id, run in runs.items() if keys[learner_id] not in told}
    if not runs:
        return []
    links: dict[int, list[LearnerGuardian]] = {}
    for link in (
        LearnerGuardian.objects.filter(learner_id__in=runs)
        .select_related("guardian")
        .order_by("-is_primary_contact", "id")
    ):
        links.setdefault(link.learner_id, []).append(link)
    consenting = set(
        Consent.objects.filter(
            learner_id__in=runs, purpose=ConsentPurpose.MESSAGES_TO_GUARDIAN, withdrawn_on__isnull=True
        ).values_list("learner_id", flat=True)
    )
    school_class = session.school_class
    homeroom = school_class.homeroom_teacher
    center_name = session.center.name
    messages, notices = [], []
    for learner_id, run in runs.items():
        learner = learners[learner_id]
        values = {
            "name": learner.full_name,
            "code": learner.code,
            "class": school_class.name,
            "count": run.absences,
            "since": f"{run.first_absence:%d/%m/%Y}" if run.first_absence else "",
            "center": center_name,
        }
        common = {"center": session.center, "reason": STREAK_REASON, "related_object": keys[learner_id]}
        notice = StreakNotice(learner=learner, absences=run.absences, homeroom_notified=False)
        if homeroom is not None and homeroom.email:
            messages.append(
                OutboundMessage(
                    channel=OutboundMessage.Channel.EMAIL,
                    recipient=homeroom.email,
                    recipient_name=homeroom.full_name,
                    subject=_("%(name)s (%(class)s): %(count)s unexcused absences in a row") % values,
                    body=_(
                        "%(name)s (%(code)s), class %(class)s, has been absent without leave %(count)s times in a "
                        "row since %(since)s. Please contact the learner and the family.\n\n%(center)s"
                    )
                    % values,
                    **common,
                )
            )
            notice.homeroom_notified = True
        guardians = [link for link in links.get(learner_id, []) if link.is_primary_contact] or links.get(learner_id, [])
        if not guardians:
            notice.guardian_outcome = "no_guardian"
        elif learner_id not in consenting:
            notice.guardian_outcome = "no_consent"
        else:
            for link in guardians:
                guardian = link.guardian
                channel, recipient = _guardian_contact(guardian)
                if not recipient:
                    continue
                messages.append(
                    OutboundMessage(
                        channel=channel,
                        recipient=recipient,
                        recipient_name=guardian.full_name,
                        subject=_("%(center)s: %(name)s is missing lessons") % values,
                        body=_(
                            "Dear family, %(name)s (class %(class)s) has been absent without leave %(count)s times "
                            "in a row since %(since)s. Please contact the homeroom teacher.\n\n%(center)s"
                        )
                        % values,
                        **common,
                    )
                )
                notice.guardians_messaged.append(guardian.full_name or recipient)
            if not notice.guardians_messaged:
                notice.guardian_outcome = "no_contact"
        notices.append(notice)
    stored = notify.messages_store(messages)
    if stored:
        ids = [m.pk for m in stored]
        center_id = session.center_id
        transaction.on_commit(lambda: tasks.messages_send.enqueue(center_id=center_id, message_ids=ids))
    return notices


def _guardian_contact(guardian: Guardian) -> tuple[str, str]:
    """E-mail when the guardian has one, otherwise a text message to the phone (through its gateway)."""
    if guardian.email:
        return OutboundMessage.Channel.EMAIL, guardian.email
    if guardian.phone:
        return OutboundMessage.Channel.SMS, guardian.phone
    return "", ""
