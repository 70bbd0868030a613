"""Assessment fixtures: bob teaches Toán in 10A1 only; 10A2 belongs to alice; a sơ cấp class has modules.

Also a training officer (tina), a counselor (cuong, grades.view only) and an accountant (an, no grades.view).
"""

import datetime as dt

import pytest

from lotrinh.academics.models import ProgramType, SessionKind
from lotrinh.conftest import make_user, member
from lotrinh.core.roles import Role
from lotrinh.factories import ClassSessionFactory, EnrollmentFactory, LearnerFactory, RoomFactory, SchoolClassFactory

TODAY = dt.date(2026, 11, 25)  # the assessment tests are written against term 1 of 2026-2027
DAY = TODAY - dt.timedelta(days=3)  # sessions near today: subjects are read from recent ones
NAMES = ["Nguyễn Thị Hằng", "Trần Văn Nam", "Lê Thị Mai"]


@pytest.fixture(autouse=True)
def _in_term_one(on_day):
    on_day(TODAY)


def make_class(center, *, name, teacher, homeroom=None, subjects=("Toán",), learners=3, program="gdtx-thpt", kind=None):
    """A class with one session per subject taught by ``teacher`` and ``learners`` enrolled learners."""
    room = RoomFactory(center=center)
    school_class = SchoolClassFactory(
        center=center, name=name, homeroom_teacher=homeroom, program=ProgramType.objects.get(code=program)
    )
    for subject in subjects:
        ClassSessionFactory(
            center=center,
            school_class=school_class,
            subject=subject,
            date=DAY,
            teacher=teacher,
            room=room,
            kind=kind or SessionKind.CULTURE,
        )
    people = []
    for n in range(learners):
        learner = LearnerFactory(center=center, full_name=NAMES[n] if n < len(NAMES) else f"Học Viên Số {n}")
        EnrollmentFactory(center=center, learner=learner, school_class=school_class)
        people.append(learner)
    return school_class, people


@pytest.fixture
def tina(center_a):
    user = make_user("tina", "Phan Thị Tình")
    member(user, center_a, Role.TRAINING_OFFICER)
    return user


@pytest.fixture
def cuong(center_a):
    user = make_user("cuong", "Hoàng Minh Cường")
    member(user, center_a, Role.COUNSELOR)
    return user


@pytest.fixture
def an(center_a):
    user = make_user("an", "Đặng Thị An")
    member(user, center_a, Role.ACCOUNTANT)
    return user


@pytest.fixture
def bob_class(in_center_a, bob, alice):
    """10A1: bob teaches Toán there (not homeroom); alice teaches Ngữ văn."""
    school_class, learners = make_class(in_center_a, name="10A1", teacher=bob, subjects=("Toán",))
    room = RoomFactory(center=in_center_a)
    ClassSessionFactory(
        center=in_center_a, school_class=school_class, subject="Ngữ văn", date=DAY, teacher=alice, room=room
    )
    school_class.learners = learners
    return school_class


@pytest.fixture
def other_class(in_center_a, alice):
    """10A2: alice is homeroom teacher and teaches Toán; bob has nothing to do with it."""
    school_class, learners = make_class(in_center_a, name="10A2", teacher=alice, homeroom=alice, subjects=("Toán",))
    school_class.learners = learners
    return school_class


@pytest.fixture
def vocational_class(in_center_a, bob):
    """SC-ĐDD: a sơ cấp class where bob teaches the practice module."""
    school_class, learners = make_class(
        in_center_a,
        name="SC-ĐDD-K1",
        teacher=bob,
        subjects=("Điện dân dụng (thực hành)",),
        program="so-cap",
        kind=SessionKind.PRACTICE,
    )
    school_class.learners = learners
    return school_class
