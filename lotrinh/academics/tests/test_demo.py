"""The demo of the academics area: weekly slots behind the sessions, six weeks of rolls, quickly."""

import datetime as dt
import random
import time

import pytest

from lotrinh.academics import selectors
from lotrinh.academics.demo import demo_extend
from lotrinh.academics.models import (
    AttendanceMark,
    AttendanceRoll,
    ClassSession,
    ProgramType,
    SchoolClass,
    WeeklySlot,
)
from lotrinh.academics.timetabling import Booking, find_clashes
from lotrinh.factories import RoomFactory

from .conftest import make_class, make_session

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _on_today(on_day):
    on_day(TODAY)


def _build(center, teachers):
    rooms = [RoomFactory(center=center, name=name) for name in ("P.101", "P.102", "Xưởng Điện")]
    for n, name in enumerate(("10A1", "10A2", "SC-ĐDD")):
        school_class, _ = make_class(center, name=name, learners=30, homeroom=teachers[n % len(teachers)])
        if name == "SC-ĐDD":
            SchoolClass.objects.filter(pk=school_class.pk).update(program=ProgramType.objects.get(code="so-cap"))
        subjects = ("Điện dân dụng (thực hành)", "An toàn lao động") if name == "SC-ĐDD" else ("Toán", "Ngữ văn")
        for subject in subjects:
            make_session(school_class, teacher=teachers[0], room=rooms[0], day=TODAY, subject=subject)


def test_it_builds_slots_sessions_and_rolls_quickly(in_center_a, bob, gina):
    _build(in_center_a, [bob, gina])
    started = time.perf_counter()
    result = demo_extend(center=in_center_a, rng=random.Random(3), today=TODAY)
    assert time.perf_counter() - started < 5
    assert result.slots == WeeklySlot.objects.count() > 0
    assert result.rolls == AttendanceRoll.objects.count() > 0
    assert result.marks == AttendanceMark.objects.count() > 0
    # The vocational class got its trade, every class its dates.
    assert SchoolClass.objects.get(name="SC-ĐDD").trade.name == "Điện dân dụng"
    assert not SchoolClass.objects.filter(starts_on__isnull=True).exists()
    # Every session comes from a slot now, and nothing clashes.
    assert not ClassSession.objects.filter(weekly_slot__isnull=True).exists()
    sessions = list(ClassSession.objects.select_related("school_class", "teacher", "room"))
    bookings = [
        Booking(s.pk, s.date, s.starts_at, s.ends_at, s.school_class_id, s.teacher_id, s.room_id) for s in sessions
    ]
    assert find_clashes(bookings) == []
    # Practice goes to the workshop; rolls only in the past six weeks, none today.
    assert set(ClassSession.objects.filter(kind="practice").values_list("room__name", flat=True)) == {"Xưởng Điện"}
    dates = AttendanceRoll.objects.values_list("session__date", flat=True)
    assert min(dates) >= TODAY - dt.timedelta(weeks=6)
    assert max(dates) < TODAY


def test_it_leaves_early_warning_something_to_find(in_center_a, bob, gina):
    _build(in_center_a, [bob, gina])
    demo_extend(center=in_center_a, rng=random.Random(3), today=TODAY)
    learners = list(AttendanceMark.objects.values_list("learner_id", flat=True).distinct())
    runs = [r for r in selectors.unexcused_runs(learner_ids=learners) if r.absences >= 3]
    assert 1 <= len(runs) <= 10
    assert selectors.roll_missing(today=TODAY, now=dt.time(12)).filter(date__gte=TODAY - dt.timedelta(weeks=6))


def test_it_only_extends_the_timetable_on_a_second_run(in_center_a, bob, gina):
    _build(in_center_a, [bob, gina])
    first = demo_extend(center=in_center_a, rng=random.Random(3), today=TODAY)
    again = demo_extend(center=in_center_a, rng=random.Random(3), today=TODAY + dt.timedelta(days=7))
    assert (again.slots, again.rolls) == (0, 0)
    assert again.sessions > 0  # one more week of sessions
    assert first.marks == AttendanceMark.objects.count()
