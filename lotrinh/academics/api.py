"""The academics API: classes, weekly slots, sessions and rolls, through the same services and selectors."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import User
from lotrinh.core.schemas import Id
from lotrinh.core.tenancy import center_view

from . import selectors, services, timetabling
from .models import AttendanceRoll, ClassSession, Room, SchoolClass, WeeklySlot
from .schemas import ClassDetailOut, ClassOut, RollIn, RollOut, RollSavedOut, SessionOut, SlotIn, SlotOut

router = Router(tags=["academics"])


def _class_out(c: SchoolClass) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "program": c.program.name,
        "program_code": c.program.code,
        "trade": c.trade.name if c.trade else None,
        "school_year": c.school_year,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "partner_school": c.partner_school,
        "homeroom_teacher": str(c.homeroom_teacher) if c.homeroom_teacher else None,
        "headcount": c.headcount,
    }


def _slot_out(s: WeeklySlot) -> dict:
    return {
        "id": s.pk,
        "class_id": s.school_class_id,
        "class_name": s.school_class.name,
        "weekday": s.weekday,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "subject": s.subject,
        "kind": s.kind,
        "teacher_id": s.teacher_id,
        "teacher": str(s.teacher),
        "room_id": s.room_id,
        "room": s.room.name,
        "valid_from": s.valid_from,
        "valid_to": s.valid_to,
    }


def _session_out(s: ClassSession, roll_taken: bool) -> dict:
    return {
        "id": s.pk,
        "class_id": s.school_class_id,
        "class_name": s.school_class.name,
        "subject": s.subject,
        "kind": s.kind,
        "date": s.date,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "teacher_id": s.teacher_id,
        "teacher": str(s.teacher),
        "room": s.room.name,
        "weekly_slot_id": s.weekly_slot_id,
        "roll_taken": roll_taken,
    }


@router.get("/c/{center_slug}/classes", response={200: list[ClassOut], **READ_ERRORS}, summary="Classes")
@center_view(perm="classes.view")
def class_list(request, center_slug: str, school_year: str = ""):
    return [_class_out(c) for c in selectors.class_list(school_year=school_year)]


@router.get(
    "/c/{center_slug}/classes/{pk}",
    response={200: ClassDetailOut, **READ_ERRORS},
    summary="A class with its roster and weekly timetable",
)
@center_view(perm="classes.view")
def class_detail(request, center_slug: str, pk: int):
    detail = selectors.class_detail(pk=pk, today=timezone.localdate())
    school_class = detail.school_class
    school_class.headcount = detail.headcount
    for slot in detail.slots:
        slot.school_class = school_class
    return {
        **_class_out(school_class),
        "roster": [
            {
                "learner_id": e.learner_id,
                "code": e.learner.code,
                "full_name": e.learner.full_name,
                "status": e.status,
                "status_label": str(e.get_status_display()),
                "enrolled_on": e.enrolled_on,
            }
            for e in detail.enrollments
        ],
        "weekly_slots": [_slot_out(s) for s in detail.slots],
    }


@router.get("/c/{center_slug}/slots", response={200: list[SlotOut], **READ_ERRORS}, summary="Weekly slots in force")
@center_view(perm="classes.view")
def slot_list(request, center_slug: str, class_id: Id | None = None, on: dt.date | None = None):
    """The weekly lessons in force on ``on`` (today by default), for one class or the whole center."""
    day = on or timezone.localdate()
    slots = WeeklySlot.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    if class_id:
        slots = slots.filter(school_class_id=class_id)
    slots = slots.select_related("school_class", "teacher", "room").order_by(
        "school_class__name", "weekday", "starts_at"
    )
    return [_slot_out(s) for s in slots]


@router.post("/c/{center_slug}/slots", response={201: SlotOut, **WRITE_ERRORS}, summary="Add a weekly slot")
@center_view(perm="classes.manage")
def slot_create(request, center_slug: str, payload: SlotIn):
    """Refused (400) with a message naming the other class, teacher or room when it clashes."""
    school_class = get_object_or_404(SchoolClass, pk=payload.class_id)
    teacher = User.objects.filter(pk=payload.teacher_id).first()
    room = Room.objects.filter(pk=payload.room_id).first()
    if teacher is None:
        raise ApplicationError(_("The teacher must be a staff member of this center."), field="teacher_id")
    if room is None:
        raise ApplicationError(_("Choose a room of this center."), field="room_id")
    slot = services.weekly_slot_create(
        school_class=school_class,
        weekday=payload.weekday,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        subject=payload.subject,
        kind=payload.kind,
        teacher=teacher,
        room=room,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        generate_until=payload.generate_until,
        actor=request.user,
    )
    slot = WeeklySlot.objects.select_related("school_class", "teacher", "room").get(pk=slot.pk)
    return Status(201, _slot_out(slot))


@router.get(
    "/c/{center_slug}/sessions", response={200: list[SessionOut], **READ_ERRORS}, summary="Sessions on a day or week"
)
@center_view(perm="classes.view")
def session_list(
    request,
    center_slug: str,
    date: dt.date | None = None,
    week: dt.date | None = None,
    class_id: Id | None = None,
    teacher_id: Id | None = None,
    room_id: Id | None = None,
):
    """One day (``date``, today by default) or the Monday-to-Sunday week around ``week``.

    Without ``classes.view_all`` only one's own sessions are listed.
    """
    if week is not None:
        start = timetabling.week_start(week)
        end = start + dt.timedelta(days=6)
    else:
        start = end = date or timezone.localdate()
    sessions = ClassSession.objects.filter(date__gte=start, date__lte=end)
    if not request.membership.has_perm("classes.view_all"):
        sessions = sessions.filter(teacher=request.user)
    if class_id:
        sessions = sessions.filter(school_class_id=class_id)
    if teacher_id:
        sessions = sessions.filter(teacher_id=teacher_id)
    if room_id:
        sessions = sessions.filter(room_id=room_id)
    sessions = (
        sessions.select_related("school_class", "teacher", "room")
        .annotate(has_roll=Exists(AttendanceRoll.objects.filter(session=OuterRef("pk"))))
        .order_by("date", "starts_at", "school_class__name")
    )
    return [_session_out(s, s.has_roll) for s in sessions]


def _session_for_roll(request, pk: int) -> ClassSession:
    session = selectors.session_for_roll(pk=pk)
    if not services.roll_may_take(session=session, user=request.user, membership=request.membership):
        raise PermissionDenied
    return session


def _roll_out(sheet: selectors.RollSheet) -> dict:
    roll = sheet.roll
    return {
        "session": _session_out(sheet.session, roll is not None),
        "taken": roll is not None,
        "taken_at": roll.taken_at if roll else None,
        "taken_by": str(roll.taken_by) if roll else None,
        "counts": sheet.counts,
        "marks": [
            {
                "learner_id": row.learner.pk,
                "code": row.learner.code,
                "full_name": row.learner.full_name,
                "status": row.status,
                "in_class": row.in_class,
            }
            for row in sheet.rows
        ],
    }


@router.get(
    "/c/{center_slug}/sessions/{pk}/roll",
    response={200: RollOut, **READ_ERRORS},
    summary="The roll of a session (everyone present until taken)",
)
@center_view(perm="attendance.take")
def roll_get(request, center_slug: str, pk: int):
    return _roll_out(selectors.roll_sheet(session=_session_for_roll(request, pk)))


@router.post(
    "/c/{center_slug}/sessions/{pk}/roll",
    response={200: RollSavedOut, **WRITE_ERRORS},
    summary="Take or re-take the roll of a session",
)
@center_view(perm="attendance.take")
def roll_post(request, center_slug: str, pk: int, payload: RollIn):
    """Send the exceptions; learners left out are present. A re-take is audited old → new per learner."""
    session = _session_for_roll(request, pk)
    marks = {m.learner_id: m.status for m in payload.marks}
    result = services.roll_take(session=session, marks=marks, actor=request.user)
    sheet = selectors.roll_sheet(session=session)
    return {
        **_roll_out(sheet),
        "created": result.created,
        "changed": result.changed,
        "streaks": [
            {
                "learner_id": n.learner.pk,
                "full_name": n.learner.full_name,
                "absences": n.absences,
                "homeroom_notified": n.homeroom_notified,
                "guardian_outcome": n.guardian_outcome,
                "guardians_messaged": n.guardians_messaged,
            }
            for n in result.streaks
        ],
    }
