"""Timetable maths, pure Python: clash detection and turning weekly slots into dated sessions.

No Django here: the services load rows, turn them into these dataclasses, and act on the answer.
A clash is the same class, teacher or room booked twice at overlapping times on the same day —
a weekday for weekly slots (when their periods of validity overlap too), a date for sessions.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Resource = Literal["class", "teacher", "room"]
RESOURCES: tuple[Resource, ...] = ("class", "teacher", "room")
WEEKDAYS = 7


@dataclass(frozen=True)
class Booking:
    """A slot or a session as the clash check sees it.

    ``day`` is a weekday (0 = Monday) for weekly slots or a date for sessions. ``valid_from`` /
    ``valid_to`` bound a weekly slot (``valid_to`` exclusive, None = open); sessions leave them None.
    ``key`` identifies the row (None for one not saved yet).
    """

    key: Hashable
    day: int | dt.date
    starts_at: dt.time
    ends_at: dt.time
    class_id: int
    teacher_id: int
    room_id: int
    class_name: str = ""
    teacher_name: str = ""
    room_name: str = ""
    subject: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def resource_id(self, resource: Resource) -> int:
        return {"class": self.class_id, "teacher": self.teacher_id, "room": self.room_id}[resource]


@dataclass(frozen=True)
class Clash:
    """``new`` would take ``resource`` while ``existing`` holds it."""

    resource: Resource
    new: Booking
    existing: Booking


def times_overlap(a: Booking, b: Booking) -> bool:
    """Half-open intervals: a lesson ending at 08:30 does not clash with one starting at 08:30."""
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def periods_overlap(a: Booking, b: Booking) -> bool:
    """Whether two validity periods share a day (None bounds are open)."""
    a_from, b_from = a.valid_from or dt.date.min, b.valid_from or dt.date.min
    a_to, b_to = a.valid_to or dt.date.max, b.valid_to or dt.date.max
    return a_from < b_to and b_from < a_to


def find_clashes(new: Sequence[Booking], existing: Iterable[Booking] = ()) -> list[Clash]:
    """Every clash of a new booking with an existing one or with another new one.

    Existing bookings are not checked among themselves; a row in both lists (same key) is taken as
    new, so an edited slot is not compared with its old self. Bookings are grouped by resource and
    day and swept in start order, so a whole term of sessions is checked in O(n log n).
    """
    new_keys = {b.key for b in new if b.key is not None}
    tagged = [(b, True) for b in new] + [(b, False) for b in existing if b.key is None or b.key not in new_keys]
    clashes: list[Clash] = []
    for resource in RESOURCES:
        groups: dict[tuple[int, int | dt.date], list[tuple[Booking, bool]]] = defaultdict(list)
        for booking, is_new in tagged:
            groups[(booking.resource_id(resource), booking.day)].append((booking, is_new))
        for group in groups.values():
            if len(group) < 2 or not any(is_new for _, is_new in group):
                continue
            group.sort(key=lambda item: (item[0].starts_at, item[0].ends_at))
            active: list[tuple[Booking, bool]] = []
            for booking, is_new in group:
                active = [item for item in active if item[0].ends_at > booking.starts_at]
                for other, other_is_new in active:
                    if not (is_new or other_is_new) or not periods_overlap(booking, other):
                        continue
                    if is_new and not other_is_new:
                        clashes.append(Clash(resource, booking, other))
                    elif other_is_new and not is_new:
                        clashes.append(Clash(resource, other, booking))
                    else:  # two new ones: report the later against the earlier
                        clashes.append(Clash(resource, booking, other))
                active.append((booking, is_new))
    clashes.sort(key=lambda c: (_day_order(c.new.day), c.new.starts_at, RESOURCES.index(c.resource)))
    return clashes


def _day_order(day: int | dt.date) -> int:
    return day if isinstance(day, int) else day.toordinal()


@dataclass(frozen=True)
class SlotSpec:
    """A weekly slot to expand into sessions (``valid_to`` exclusive)."""

    slot_id: int
    weekday: int
    valid_from: dt.date
    valid_to: dt.date | None = None
    class_starts_on: dt.date | None = None
    class_ends_on: dt.date | None = None  # inclusive: the class's last day


def slot_dates(slot: SlotSpec, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates from ``start`` to ``end`` (both inclusive) on which the slot holds a lesson."""
    first = max(start, slot.valid_from, slot.class_starts_on or dt.date.min)
    last = end
    if slot.valid_to is not None:
        last = min(last, slot.valid_to - dt.timedelta(days=1))
    if slot.class_ends_on is not None:
        last = min(last, slot.class_ends_on)
    if first > last:
        return []
    first += dt.timedelta(days=(slot.weekday - first.weekday()) % WEEKDAYS)
    dates = []
    while first <= last:
        dates.append(first)
        first += dt.timedelta(days=WEEKDAYS)
    return dates


def sessions_to_create(
    slots: Iterable[SlotSpec], start: dt.date, end: dt.date, existing: set[tuple[int, dt.date]]
) -> list[tuple[int, dt.date]]:
    """(slot id, date) pairs still to generate; those in ``existing`` were generated before and are skipped."""
    return [
        (slot.slot_id, day)
        for slot in slots
        for day in slot_dates(slot, start, end)
        if (slot.slot_id, day) not in existing
    ]


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def week_days(day: dt.date) -> list[dt.date]:
    monday = week_start(day)
    return [monday + dt.timedelta(days=n) for n in range(WEEKDAYS)]


def school_year_bounds(school_year: str) -> tuple[dt.date, dt.date]:
    """'2026-2027' → its first and last day as the timetable sees them (5 September to 31 May)."""
    first, second = (int(part) for part in school_year.split("-"))
    return dt.date(first, 9, 5), dt.date(second, 5, 31)


def school_year_is_valid(school_year: str) -> bool:
    """Four digits, a hyphen, the next year: '2026-2027'."""
    parts = school_year.split("-")
    if len(parts) != 2 or not all(len(p) == 4 and p.isdigit() for p in parts):
        return False
    first, second = int(parts[0]), int(parts[1])
    return second == first + 1 and 1990 <= first <= 2100


def school_year_of(day: dt.date) -> str:
    """The school year a day falls in: from August on, the year that starts then."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"
