"""The pure timetable maths: clashes between bookings, weekly slots expanded into dates."""

import datetime as dt

from lotrinh.academics import timetabling
from lotrinh.academics.timetabling import Booking, SlotSpec, find_clashes

MONDAY = dt.date(2026, 11, 23)


def booking(key, *, day=0, start=(7, 0), end=(8, 30), klass=1, teacher=10, room=100, **extra) -> Booking:
    return Booking(
        key=key,
        day=day,
        starts_at=dt.time(*start),
        ends_at=dt.time(*end),
        class_id=klass,
        teacher_id=teacher,
        room_id=room,
        class_name=f"Lớp {klass}",
        teacher_name=f"GV {teacher}",
        room_name=f"P.{room}",
        **extra,
    )


def test_it_finds_a_teacher_twice_at_once():
    clashes = find_clashes([booking(None, klass=2, room=200, start=(8, 0), end=(9, 0))], [booking(1)])
    assert [(c.resource, c.existing.key) for c in clashes] == [("teacher", 1)]


def test_it_finds_a_room_and_a_class_twice_at_once():
    new = booking(None, teacher=11, start=(8, 0), end=(9, 30))
    clashes = find_clashes([new], [booking(1)])
    assert sorted(c.resource for c in clashes) == ["class", "room"]


def test_it_lets_a_lesson_start_when_the_previous_one_ends():
    assert find_clashes([booking(None, start=(8, 30), end=(10, 0))], [booking(1)]) == []


def test_it_ignores_other_days_and_other_resources():
    existing = [booking(1, day=1), booking(2, klass=2, teacher=11, room=101)]
    assert find_clashes([booking(None)], existing) == []


def test_it_compares_slots_only_when_their_periods_overlap():
    old = booking(1, valid_from=dt.date(2026, 9, 5), valid_to=dt.date(2026, 11, 2))
    later = booking(None, valid_from=dt.date(2026, 11, 2))
    overlapping = booking(None, valid_from=dt.date(2026, 11, 1))
    assert find_clashes([later], [old]) == []
    assert [c.resource for c in find_clashes([overlapping], [old])] == ["class", "teacher", "room"]


def test_it_finds_clashes_among_new_bookings_but_not_among_existing_ones():
    existing = [booking(1), booking(2)]  # already clash with each other: not this call's business
    assert find_clashes([], existing) == []
    new = [booking("a", day=MONDAY), booking("b", day=MONDAY, klass=2, room=200)]
    assert [(c.resource, c.new.key, c.existing.key) for c in find_clashes(new)] == [("teacher", "b", "a")]


def test_it_does_not_compare_an_edited_booking_with_its_old_self():
    assert find_clashes([booking(1, start=(7, 30), end=(9, 0))], [booking(1)]) == []


def test_it_checks_a_whole_term_quickly():
    days = [MONDAY + dt.timedelta(days=n) for n in range(200)]
    existing = [booking(("s", n), day=d, klass=n % 8, teacher=n % 8, room=n % 8) for n, d in enumerate(days)]
    new = [booking(("n", n), day=d, klass=100, teacher=200, room=300) for n, d in enumerate(days)]
    assert find_clashes(new, existing) == []


def test_it_expands_a_slot_into_its_dates():
    slot = SlotSpec(slot_id=1, weekday=2, valid_from=dt.date(2026, 11, 20), valid_to=dt.date(2026, 12, 9))
    dates = timetabling.slot_dates(slot, MONDAY - dt.timedelta(days=30), MONDAY + dt.timedelta(days=60))
    # Wednesdays from the first after 20/11 up to the day before 09/12 (valid_to is exclusive).
    assert dates == [dt.date(2026, 11, 25), dt.date(2026, 12, 2)]


def test_it_stops_a_slot_at_the_end_of_its_class():
    slot = SlotSpec(slot_id=1, weekday=0, valid_from=MONDAY, class_ends_on=MONDAY + dt.timedelta(days=7))
    assert timetabling.slot_dates(slot, MONDAY, MONDAY + dt.timedelta(days=60)) == [
        MONDAY,
        MONDAY + dt.timedelta(days=7),
    ]


def test_it_skips_sessions_already_generated():
    slot = SlotSpec(slot_id=7, weekday=0, valid_from=MONDAY)
    existing = {(7, MONDAY)}
    assert timetabling.sessions_to_create([slot], MONDAY, MONDAY + dt.timedelta(days=13), existing) == [
        (7, MONDAY + dt.timedelta(days=7))
    ]


def test_it_knows_weeks_and_school_years():
    assert timetabling.week_start(dt.date(2026, 11, 29)) == MONDAY
    assert timetabling.week_days(MONDAY)[-1] == dt.date(2026, 11, 29)
    assert timetabling.school_year_is_valid("2026-2027")
    for wrong in ("2026-2028", "2026/2027", "26-27", "2026-2025", "abcd-efgh", "2026"):
        assert not timetabling.school_year_is_valid(wrong)
    assert timetabling.school_year_of(dt.date(2027, 3, 1)) == "2026-2027"
    assert timetabling.school_year_bounds("2026-2027") == (dt.date(2026, 9, 5), dt.date(2027, 5, 31))
