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


def fuzz_guidance(center, actor, today) -> dict[str, list[int]]:
    """Rows the API fuzzing (core/tests/test_api_schema.py) needs: a school, a cohort, graduates, a session."""
    import datetime as dt

    from lotrinh.guidance.models import CohortGraduate
    from lotrinh.people.models import Learner

    school = services.school_create(
        center=center, name="THCS Phan Đình Phùng", commune=Commune.objects.get(code=19333), actor=actor
    )
    cohort = services.cohort_create(school=school, graduation_year=today.year, actor=actor)
    graduates = [
        CohortGraduate.objects.create(
            center=center, cohort=cohort, full_name=name, date_of_birth=dt.date(today.year - 15, 3, i + 1), sex="male"
        )
        for i, name in enumerate(["Trần Văn Nam", "Lê Quốc Bảo"])
    ]
    learner = Learner.objects.order_by("pk").first()
    if learner is not None:
        services.counseling_session_create(
            learner=learner, held_on=today, counselor=actor, topics=["trades"], actor=actor
        )
    return {"cohorts": [cohort.pk], "graduates": [g.pk for g in graduates]}
