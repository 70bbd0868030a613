"""JSON shapes of the academics API: input and output separate."""

import datetime as dt

from ninja import Field, Schema

from lotrinh.core.schemas import TimeOfDay


class ClassOut(Schema):
    id: int
    name: str
    program: str
    program_code: str
    trade: str | None
    school_year: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    partner_school: str
    homeroom_teacher: str | None
    headcount: int


class RosterRowOut(Schema):
    learner_id: int
    code: str
    full_name: str
    status: str
    status_label: str
    enrolled_on: dt.date


class SlotOut(Schema):
    id: int
    class_id: int
    class_name: str
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    starts_at: TimeOfDay
    ends_at: TimeOfDay
    subject: str
    kind: str
    teacher_id: int
    teacher: str
    room_id: int
    room: str
    valid_from: dt.date
    valid_to: dt.date | None = Field(description="The first day without the lesson (exclusive); null = open")


class ClassDetailOut(ClassOut):
    roster: list[RosterRowOut]
    weekly_slots: list[SlotOut]


class SlotIn(Schema):
    class_id: int
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")
    starts_at: TimeOfDay
    ends_at: TimeOfDay
    subject: str
    kind: str = "culture"
    teacher_id: int
    room_id: int
    valid_from: dt.date
    valid_to: dt.date | None = None
    generate_until: dt.date | None = Field(None, description="Also generate the sessions up to this day")


class SessionOut(Schema):
    id: int
    class_id: int
    class_name: str
    subject: str
    kind: str
    date: dt.date
    starts_at: TimeOfDay
    ends_at: TimeOfDay
    teacher_id: int
    teacher: str
    room: str
    weekly_slot_id: int | None
    roll_taken: bool


class MarkOut(Schema):
    learner_id: int
    code: str
    full_name: str
    status: str
    in_class: bool


class RollOut(Schema):
    session: SessionOut
    taken: bool
    taken_at: dt.datetime | None
    taken_by: str | None
    counts: dict[str, int]
    marks: list[MarkOut]


class MarkIn(Schema):
    learner_id: int
    status: str = Field(description="present, late, excused (absent with leave) or unexcused (without leave)")


class RollIn(Schema):
    marks: list[MarkIn] = Field(description="The exceptions; a learner of the class left out is present")


class StreakOut(Schema):
    learner_id: int
    full_name: str
    absences: int
    homeroom_notified: bool
    guardian_outcome: str
    guardians_messaged: list[str]


class RollSavedOut(RollOut):
    created: bool
    changed: int
    streaks: list[StreakOut]
