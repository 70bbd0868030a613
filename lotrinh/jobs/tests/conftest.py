"""Beside the project cast: graduates, partner enterprises with their accounts, published internships.

- ``abc`` (Công ty TNHH May ABC) is an active partner of center A; ``ana`` is its account and the mentor.
- ``xyz`` (Công ty CP Gỗ XYZ) is an active partner of center A too (so both are in the same scope: isolation
  must come from the enterprise filter, not the center scope); ``xavier`` is its account.
"""

import datetime as dt
import itertools

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from lotrinh.academics.models import Enrollment, EnrollmentStatus, EnrollmentStatusChange, ProgramType, Trade
from lotrinh.conftest import member
from lotrinh.core.roles import Role
from lotrinh.factories import LearnerFactory, SchoolClassFactory
from lotrinh.industry.models import EnterpriseContact, IndustryCode
from lotrinh.industry.tests.conftest import account, make_enterprise, partner

_names = itertools.count(1)


def trades() -> list[Trade]:
    return list(Trade.objects.filter(Trade.holding_on(timezone.localdate())).order_by("pk")[:2])


def make_graduate(center, *, trade, graduated_on: dt.date, program: str = "so-cap", full_name: str = "", phone=""):
    """A learner whose enrollment in a class of ``trade`` ended with graduation on ``graduated_on``."""
    n = next(_names)
    with scope(center=center):
        school_class = SchoolClassFactory(
            center=center,
            name=f"SC-{n}",
            trade=trade,
            program=ProgramType.objects.get(code=program),
            school_year=f"{graduated_on.year - 1}-{graduated_on.year}",
        )
        learner = LearnerFactory(center=center, phone=phone, **({"full_name": full_name} if full_name else {}))
        enrollment = Enrollment.objects.create(
            center=center,
            learner=learner,
            school_class=school_class,
            status=EnrollmentStatus.GRADUATED,
            enrolled_on=graduated_on - dt.timedelta(days=300),
        )
        EnrollmentStatusChange.objects.create(
            center=center, enrollment=enrollment, status=EnrollmentStatus.ENROLLED, effective_on=enrollment.enrolled_on
        )
        EnrollmentStatusChange.objects.create(
            center=center, enrollment=enrollment, status=EnrollmentStatus.GRADUATED, effective_on=graduated_on
        )
    return learner


def make_internship(center, *, enterprise, learner, trade, actor, mentor=None, published=True, starts_on=None):
    """A placement of ``learner`` in a slot of ``enterprise``, published (or only assigned)."""
    from lotrinh.internships.models import AllocationRun, InternshipRound, InternshipSlot, Placement

    today = timezone.localdate()
    starts_on = starts_on or today - dt.timedelta(days=14)
    with scope(center=center):
        internship_round = InternshipRound.objects.create(
            center=center, name=f"Đợt thực tập {next(_names)}", starts_on=starts_on, weeks=8,
            max_distance_km=30, status="published" if published else "draft", created_by=actor,
        )  # fmt: skip
        slot = InternshipSlot.objects.create(
            center=center, round=internship_round, enterprise=enterprise, trade=trade, capacity=3,
            place="KCN Nam Đông Hà", mentor=mentor, starts_on=starts_on, weeks=8, created_by=actor,
        )  # fmt: skip
        now = timezone.now()
        run = AllocationRun.objects.create(
            center=center, round=internship_round, started_at=now, finished_at=now, solver="test",
            status="optimal", model_version="test",
        )  # fmt: skip
        return Placement.objects.create(
            center=center, round=internship_round, run=run, learner=learner, slot=slot,
            explanation="Đúng nghề, gần nhà.", status="published" if published else "assigned",
            published_at=now if published else None,
        )  # fmt: skip


@pytest.fixture
def officer(center_a):
    from lotrinh.conftest import make_user

    user = make_user("eno", "Phan Thị Én")
    member(user, center_a, Role.ENTERPRISE_OFFICER)
    return user


@pytest.fixture
def abc(center_a):
    enterprise = make_enterprise("may-abc", "Công ty TNHH May ABC", short_name="May ABC")
    partner(center_a, enterprise)
    return enterprise


@pytest.fixture
def xyz(center_a):
    enterprise = make_enterprise("go-xyz", "Công ty CP Gỗ XYZ", industry=IndustryCode.objects.get(code="16"))
    partner(center_a, enterprise)
    return enterprise


@pytest.fixture
def ana(abc):
    return account(abc, "ana", "Đặng Thị An", position="Tổ trưởng chuyền", is_mentor=True)


@pytest.fixture
def xavier(xyz):
    return account(xyz, "xavier", "Hồ Văn Xuân")


@pytest.fixture
def ana_contact(ana):
    with scopes_disabled():
        return EnterpriseContact.objects.get(user=ana)


@pytest.fixture
def trade(db) -> Trade:
    return trades()[0]


@pytest.fixture
def other_trade(db) -> Trade:
    return trades()[1]


@pytest.fixture
def intern(center_a, abc, ana_contact, trade, alice):
    """A published internship of a learner at May ABC, mentored by ana."""
    with scope(center=center_a):
        learner = LearnerFactory(center=center_a, full_name="Lê Thị Mai")
    return make_internship(center_a, enterprise=abc, learner=learner, trade=trade, actor=alice, mentor=ana_contact)


@pytest.fixture
def xyz_intern(center_a, xyz, trade, alice):
    with scope(center=center_a):
        learner = LearnerFactory(center=center_a, full_name="Phạm Quốc Bảo")
    return make_internship(center_a, enterprise=xyz, learner=learner, trade=trade, actor=alice)


def fuzz_jobs(center, actor, today) -> dict[str, list[int]]:
    """For the API fuzzing (core/tests/test_api_schema.py): graduates with follow-ups, an open application and a
    published internship, so that every jobs operation meets real rows. Returns the ids by path segment."""
    from lotrinh.jobs import services
    from lotrinh.jobs.models import FollowUp, JobPlacement
    from lotrinh.jobs.rates import add_months

    trade = trades()[0]
    graduate = make_graduate(center, trade=trade, graduated_on=add_months(today, -13), phone="0905123456")
    make_graduate(center, trade=trade, graduated_on=add_months(today, -7))
    enterprise = make_enterprise("may-fuzz", "Công ty TNHH May Thử Nghiệm")
    partner(center, enterprise)
    with scope(center=center):
        services.followups_schedule(center=center, today=today)
        services.job_application_create(
            center=center, learner=graduate, enterprise=enterprise, job_title="Công nhân may",
            trade_match="match", applied_on=today, actor=actor,
        )  # fmt: skip
        learner = LearnerFactory(center=center, full_name="Đinh Thị Thu")
    placement = make_internship(center, enterprise=enterprise, learner=learner, trade=trade, actor=actor)
    with scope(center=center):
        return {
            "placements": list(JobPlacement.objects.values_list("pk", flat=True)),
            "follow-ups": list(FollowUp.objects.values_list("pk", flat=True)),
            "follow-up": [placement.pk],
        }
