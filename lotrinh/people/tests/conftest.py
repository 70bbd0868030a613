"""Beside the project cast (alice, bob, charlie): a counselor and a training officer at center A, and learners."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scope

from lotrinh.conftest import make_user, member
from lotrinh.core.models import Center, User
from lotrinh.core.roles import Role
from lotrinh.factories import LearnerFactory
from lotrinh.people.models import Learner, Sex


@pytest.fixture
def counselor(center_a) -> User:
    """Sees sensitive data and manages consents, but does not edit learner records."""
    user = make_user("cam", "Hoàng Minh Tâm")
    member(user, center_a, Role.COUNSELOR)
    return user


@pytest.fixture
def officer(center_a) -> User:
    user = make_user("dao", "Võ Thị Đào")
    member(user, center_a, Role.TRAINING_OFFICER)
    return user


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def years_ago(years: int, today: dt.date | None = None) -> dt.date:
    """A birthday that fell ``years`` years ago, a month back, so the age is exactly ``years``."""
    day = (today or timezone.localdate()) - dt.timedelta(days=31)
    return day.replace(year=day.year - years, day=min(day.day, 28))


def make_learner(center: Center, **fields) -> Learner:
    with scope(center=center):
        return LearnerFactory(center=center, **{"sex": Sex.FEMALE, **fields})


@pytest.fixture
def hang(center_a) -> Learner:
    """Nguyễn Thị Hằng, 17 (consents herself)."""
    return make_learner(center_a, full_name="Nguyễn Thị Hằng", code="HV2600001", date_of_birth=years_ago(17))


@pytest.fixture
def nam(center_a) -> Learner:
    """Trần Văn Nam, 14 (a guardian consents for him)."""
    return make_learner(center_a, full_name="Trần Văn Nam", code="HV2600002", date_of_birth=years_ago(14), sex=Sex.MALE)
