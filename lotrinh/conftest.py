"""The test cast (habit 10): alice directs center A, bob teaches at A, charlie directs center B.

Sam supervises A and B from the provincial Department of Education; Dora supervises another province.
"""

import datetime as dt

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled

from lotrinh.core.models import Center, CenterRecord, Commune, Membership, SupervisingBody, SupervisorMembership, User
from lotrinh.core.roles import Role

PASSWORD = "mat-khau-thu-nghiem-2026"


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
