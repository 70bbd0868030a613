"""Beside the project cast: a counselor at center A, a learner, courses and demand figures."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django_scopes import scope

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.careers import selectors
from lotrinh.careers.models import LabourDemand, TrainingOffer
from lotrinh.conftest import make_user, member
from lotrinh.core.models import Center, User
from lotrinh.core.roles import Role
from lotrinh.factories import LearnerFactory
from lotrinh.people.models import Learner

SCORES = {"R": 36, "I": 20, "A": 12, "S": 15, "E": 18, "C": 30}  # code R-C-I


@pytest.fixture
def counselor(center_a) -> User:
    user = make_user("cam", "Hoàng Minh Tâm")
    member(user, center_a, Role.COUNSELOR)
    return user


@pytest.fixture
def in_a(center_a):
    with scope(center=center_a):
        yield center_a


def trade(name: str) -> Trade:
    return Trade.objects.get(name=name)


def offer(center: Center, trade_name: str, *, by: User, months: int = 3, cost: int = 2_500_000, **extra):
    with scope(center=center):
        return TrainingOffer.objects.create(
            center=center,
            trade=trade(trade_name),
            program=ProgramType.objects.get(code=extra.pop("program", "so-cap")),
            level=extra.pop("level", "so_cap"),
            provider=extra.pop("provider", "center"),
            duration_months=months,
            cost_vnd=cost,
            created_by=by,
            **extra,
        )


def demand(center: Center, trade_name: str, openings: int, *, by: User, year: int, quarter=None, **extra):
    with scope(center=center):
        return LabourDemand.objects.create(
            center=center,
            trade=trade(trade_name),
            year=year,
            quarter=quarter,
            openings=openings,
            source=extra.pop("source", "Khảo sát KCN Quán Ngang"),
            noted_on=extra.pop("noted_on", dt.date(year, 1, 15)),
            created_by=by,
            **extra,
        )


@pytest.fixture
def learner(center_a) -> Learner:
    with scope(center=center_a):
        return LearnerFactory(
            center=center_a,
            full_name="Nguyễn Thị Hằng",
            code="HV2600001",
            date_of_birth=dt.date(2010, 3, 8),
            previous_school="Trường THCS Nguyễn Trãi",
        )


@pytest.fixture
def took_test(monkeypatch):
    """The learner's latest interest test, as the interests area hands it over (scores by type)."""

    def with_scores(scores=SCORES):
        attempt = SimpleNamespace(scores=dict(scores), code_with_ties="", submitted_at=None)
        monkeypatch.setattr(selectors, "latest_attempt", lambda learner: attempt)
        return attempt

    return with_scores


@pytest.fixture
def no_support_area(monkeypatch):
    monkeypatch.setattr(selectors, "_support_function", lambda: None)


def fuzz_careers(center: Center, actor: User, today: dt.date) -> dict[str, list[int]]:
    """Rows the API fuzzing (core/tests/test_api_schema.py) names by id: trades, a demand figure, an offer."""
    row = demand(center, "Hàn", 45, by=actor, year=today.year)
    course = offer(center, "Hàn", by=actor)
    return {
        "trades": list(Trade.objects.values_list("pk", flat=True)),
        "demand": [row.pk],
        "offers": [course.pk],
    }
