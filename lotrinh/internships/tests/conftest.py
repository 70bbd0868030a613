"""Beside the project cast: a training officer, the enterprise ABC (partner of center A, account ``ana``) and
XYZ (partner of center B only, account ``xavier``), a welding class of center A with culture lessons on
Monday mornings, and a round of four weeks starting two weeks after today."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from lotrinh.academics.models import ProgramType, SessionKind, Trade, WeeklySlot
from lotrinh.conftest import make_user, member
from lotrinh.core.models import User
from lotrinh.core.roles import Role
from lotrinh.factories import EnrollmentFactory, LearnerFactory, RoomFactory, SchoolClassFactory
from lotrinh.industry.models import Enterprise, EnterpriseContact, IndustryCode, Partnership
from lotrinh.internships import services
from lotrinh.internships.models import InternshipRound

_tax = itertools.count(1)


def valid_tax_code(n: int) -> str:
    from lotrinh.industry.validators import tax_check_digit

    for base in itertools.count(n * 7919 + 20000000):
        nine = f"{base:09d}"[-9:]
        digit = tax_check_digit(nine)
        if digit is not None:
            return nine + str(digit)
    raise AssertionError  # pragma: no cover


def make_enterprise(slug: str, name: str, center) -> Enterprise:
    enterprise = Enterprise.objects.create(
        slug=slug, name=name, tax_code=valid_tax_code(next(_tax)), industry=IndustryCode.objects.get(code="14")
    )
    with scopes_disabled():
        Partnership.objects.create(
            center=center, enterprise=enterprise, since=dt.date(2024, 9, 1), status=Partnership.Status.ACTIVE
        )
    return enterprise


def account(enterprise: Enterprise, username: str, full_name: str) -> User:
    user = make_user(username, full_name)
    EnterpriseContact.objects.create(enterprise=enterprise, user=user, full_name=full_name, is_mentor=True)
    return user


@pytest.fixture
def officer(center_a) -> User:
    user = make_user("tro", "Phan Thị Én")
    member(user, center_a, Role.TRAINING_OFFICER)
    return user


@pytest.fixture
def weld(db) -> Trade:
    return Trade.objects.get(name="Hàn")


@pytest.fixture
def abc(center_a) -> Enterprise:
    return make_enterprise("co-khi-abc", "Công ty TNHH Cơ khí ABC", center_a)


@pytest.fixture
def xyz(center_b) -> Enterprise:
    return make_enterprise("go-xyz", "Công ty CP Gỗ XYZ", center_b)


@pytest.fixture
def ana(abc) -> User:
    return account(abc, "ana", "Đặng Thị An")


@pytest.fixture
def xavier(xyz) -> User:
    return account(xyz, "xavier", "Hồ Văn Xuân")


@pytest.fixture
def weld_class(center_a, weld, bob, today):
    """Class H1 (welding) with three enrolled learners and culture lessons on Monday 07:30–09:00."""
    with scope(center=center_a):
        program = ProgramType.objects.get(code="so-cap")
        school_class = SchoolClassFactory(center=center_a, name="H1", program=program, trade=weld)
        room = RoomFactory(center=center_a)
        WeeklySlot.objects.create(
            center=center_a,
            school_class=school_class,
            weekday=0,
            starts_at=dt.time(7, 30),
            ends_at=dt.time(9, 0),
            subject="Toán",
            kind=SessionKind.CULTURE,
            teacher=bob,
            room=room,
            valid_from=today - dt.timedelta(days=60),
        )
        learners = []
        for name in ("Nguyễn Thị Hằng", "Trần Văn Nam", "Lê Thị Mai"):
            learner = LearnerFactory(center=center_a, full_name=name, distance_km=Decimal("4"))
            EnrollmentFactory(center=center_a, learner=learner, school_class=school_class, enrolled_on=today)
            learners.append(learner)
        school_class.learners = learners
        return school_class


@pytest.fixture
def round_(center_a, weld, alice, today) -> InternshipRound:
    with scope(center=center_a):
        return services.round_create(
            center=center_a,
            name="Thực tập Hàn đợt 1",
            trade=weld,
            starts_on=today + dt.timedelta(days=14),
            weeks=4,
            max_distance_km=Decimal("20"),
            actor=alice,
        )


def add_slot(round, enterprise, trade, *, capacity=2, blocks=None, actor, distance="3"):
    return services.slot_create(
        round=round,
        enterprise=enterprise,
        trade=trade,
        capacity=capacity,
        place="Lô B2, KCN Nam Đông Hà",
        distance_km_from_center=Decimal(distance),
        blocks=blocks or [(1, dt.time(7, 30), dt.time(11, 30)), (3, dt.time(13, 30), dt.time(17, 0))],
        actor=actor,
    )


def fuzz_internships(center, actor, today) -> dict:
    """For the API fuzzing: a round with a partner's slot, so that its operations meet a real id."""
    from lotrinh.academics.models import Trade

    trade = Trade.objects.get(name="Hàn")
    enterprise = make_enterprise("fuzz-han", "Công ty TNHH Hàn Fuzz", center)
    round = services.round_create(
        center=center,
        name="Đợt thử",
        trade=trade,
        starts_on=today + dt.timedelta(days=14),
        weeks=4,
        max_distance_km=Decimal("20"),
        actor=actor,
    )
    add_slot(round, enterprise, trade, actor=actor)
    return {"internship-rounds": [round.pk]}
