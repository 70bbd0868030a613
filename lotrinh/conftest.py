"""The test cast (habit 10): alice directs center A, bob teaches at A, charlie directs center B.

Sam supervises A and B from the provincial Department of Education; Dora supervises another province.

The clock: every test starts at the instant the run started, so the whole run sees one "today" (in
Asia/Ho_Chi_Minh) even if it crosses midnight; CI starts runs at awkward dates with faketime. Tests build
their dates from ``today``; a test written against one particular day moves there with ``on_day``.
"""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from lotrinh.core.models import Center, CenterRecord, Commune, Membership, SupervisingBody, SupervisorMembership, User
from lotrinh.core.roles import Role

PASSWORD = "mat-khau-thu-nghiem-2026"


RUN_STARTED_AT = dt.datetime.now(dt.UTC)
_run_clock = time_machine.travel(RUN_STARTED_AT)


def pytest_configure(config):
    # Started here, not in a fixture, so module-level dates computed at collection see the same day.
    _run_clock.start()


def pytest_unconfigure(config):
    _run_clock.stop()


@pytest.fixture(autouse=True)
def clock():
    """Every test starts at the run's instant (time runs on from there, as timestamps need); a test may move
    it (``clock.shift``, ``clock.move_to``) without leaking into the next."""
    with time_machine.travel(RUN_STARTED_AT) as traveller:
        yield traveller


@pytest.fixture
def today(clock) -> dt.date:
    """The Vietnamese day of the run, whatever the server's own time zone says."""
    return timezone.localdate()


@pytest.fixture
def on_day(clock):
    """Moves the clock to mid-morning of a given Vietnamese day, for tests written against fixed dates."""

    def move(day: dt.date, at: dt.time = dt.time(9, 30)) -> dt.date:
        clock.move_to(dt.datetime.combine(day, at, tzinfo=timezone.get_default_timezone()))
        return day

    return move


def make_user(username: str, full_name: str, **extra) -> User:
    user = User(username=username, full_name=full_name, email=f"{username}@example.vn", **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_center(slug: str, name: str, body: SupervisingBody, commune_code: int = 19333) -> Center:
    center = Center.objects.create(slug=slug, code=slug.upper())
    CenterRecord.objects.create(
        center=center,
        name=name,
        kind=CenterRecord.Kind.GDNN_GDTX,
        commune=Commune.objects.get(code=commune_code),
        supervising_body=body,
        valid_from=dt.date(2025, 7, 1),
    )
    return center


@pytest.fixture
def body(db) -> SupervisingBody:
    return SupervisingBody.objects.create(
        slug="so-quang-tri",
        name="Sở Giáo dục và Đào tạo tỉnh Quảng Trị",
        kind=SupervisingBody.Kind.EDUCATION_DEPARTMENT,
        province_id=44,
        valid_from=dt.date(2025, 7, 1),
    )


@pytest.fixture
def center_a(body) -> Center:
    return make_center("trung-tam-a", "Trung tâm GDNN-GDTX Đông Hà", body)


@pytest.fixture
def center_b(body) -> Center:
    return make_center("trung-tam-b", "Trung tâm GDNN-GDTX Đakrông", body, commune_code=19564)


def member(user: User, center: Center, role: str) -> Membership:
    with scopes_disabled():
        return Membership.objects.create(user=user, center=center, role=role)


@pytest.fixture
def alice(center_a) -> User:
    user = make_user("alice", "Nguyễn Thị Hằng")
    member(user, center_a, Role.DIRECTOR)
    return user


@pytest.fixture
def bob(center_a) -> User:
    user = make_user("bob", "Trần Văn Bình")
    member(user, center_a, Role.TEACHER)
    return user


@pytest.fixture
def charlie(center_b) -> User:
    user = make_user("charlie", "Lê Văn Cường")
    member(user, center_b, Role.DIRECTOR)
    return user


@pytest.fixture
def sam(body, center_a, center_b) -> User:
    user = make_user("sam", "Phạm Văn Sâm")
    SupervisorMembership.objects.create(body=body, user=user)
    return user


@pytest.fixture
def dora(db) -> User:
    other = SupervisingBody.objects.create(
        slug="so-ninh-binh",
        name="Sở Giáo dục và Đào tạo tỉnh Ninh Bình",
        kind=SupervisingBody.Kind.EDUCATION_DEPARTMENT,
        province_id=37,
        valid_from=dt.date(2025, 7, 1),
    )
    user = make_user("dora", "Đỗ Thị Dung")
    SupervisorMembership.objects.create(body=other, user=user)
    return user


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def in_center_a(center_a):
    with scope(center=center_a):
        yield center_a


@pytest.fixture(autouse=True)
def _count_queries_across_requests():
    """Django empties the query log when a request starts, so a count taken around a test-client request
    would miss queries logged before it began; keep the log whole while tests measure."""
    from django.core.signals import request_started
    from django.db import reset_queries

    request_started.disconnect(reset_queries)
    yield
    request_started.connect(reset_queries)
