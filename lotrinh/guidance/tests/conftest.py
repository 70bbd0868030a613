"""Beside the project cast: a counselor at center A, a catchment school with a cohort, and learners."""

import io

import pytest
from django_scopes import scope
from PIL import Image

from lotrinh.conftest import make_user, member
from lotrinh.core.models import Commune, User
from lotrinh.core.roles import Role
from lotrinh.guidance import services
from lotrinh.guidance.models import Cohort, LowerSecondarySchool


@pytest.fixture
def counselor(center_a) -> User:
    user = make_user("cam", "Hoàng Minh Tâm")
    member(user, center_a, Role.COUNSELOR)
    return user


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def school(center_a, alice) -> LowerSecondarySchool:
    with scope(center=center_a):
        return services.school_create(
            center=center_a, name="THCS Nguyễn Trãi", commune=Commune.objects.get(code=19333), actor=alice
        )


@pytest.fixture
def cohort(school, alice, today) -> Cohort:
    with scope(center=school.center):
        return services.cohort_create(school=school, graduation_year=today.year, actor=alice)


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\n".join(";".join(r) for r in rows).encode("utf-8")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()
