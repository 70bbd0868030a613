"""Academics fixtures: a class of learners with bob as its teacher, rooms, and roles without permissions.

``an`` (accountant) has no ``classes.view`` nor ``attendance.take``; bob (teacher) has no ``classes.manage``
nor ``attendance.view``; ``gina`` is another teacher of center A.
"""

import datetime as dt

import pytest

from lotrinh.academics.models import ClassSession, Room, SchoolClass
from lotrinh.conftest import make_user, member
from lotrinh.core.roles import Role
from lotrinh.factories import EnrollmentFactory, LearnerFactory, RoomFactory, SchoolClassFactory

GIVEN = ["Anh", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Khoa", "Lan", "Minh", "Nam", "Phúc", "Quỳnh", "Trang"]


@pytest.fixture
def an(center_a):
    user = make_user("an", "Đặng Thị An")
    member(user, center_a, Role.ACCOUNTANT)
    return user


@pytest.fixture
def gina(center_a):
    user = make_user("gina", "Ngô Thùy Linh")
    member(user, center_a, Role.TEACHER)
    return user


@pytest.fixture
def tina(center_a):
    user = make_user("tina", "Phan Thị Tình")
    member(user, center_a, Role.TRAINING_OFFICER)
    return user


def make_class(center, *, name: str = "10A1", learners: int = 3, homeroom=None) -> tuple[SchoolClass, list]:
    school_class = SchoolClassFactory(center=center, name=name, homeroom_teacher=homeroom)
    people = []
    for n in range(learners):
        learner = LearnerFactory(center=center, full_name=f"Nguyễn Văn {GIVEN[n % len(GIVEN)]} {n}")
        EnrollmentFactory(center=center, learner=learner, school_class=school_class)
        people.append(learner)
    return school_class, people


def make_session(school_class, *, teacher, room: Room, day: dt.date, start=(7, 0), end=(8, 30), subject="Toán"):
    return ClassSession.objects.create(
        center=school_class.center,
        school_class=school_class,
        subject=subject,
        date=day,
        starts_at=dt.time(*start),
        ends_at=dt.time(*end),
        teacher=teacher,
        room=room,
    )


@pytest.fixture
def room(in_center_a) -> Room:
    return RoomFactory(center=in_center_a, name="P.101")


@pytest.fixture
def klass(in_center_a, bob):
    """10A1 with three learners; bob is its homeroom teacher."""
    return make_class(in_center_a, learners=3, homeroom=bob)
