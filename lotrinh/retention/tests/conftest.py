"""Beside the project cast: a counselor at center A, and helpers that write attendance, scores and history."""

import datetime as dt

import pytest
from django_scopes import scope

from lotrinh.academics.models import (
    AttendanceMark,
    AttendanceRoll,
    ClassSession,
    Enrollment,
    EnrollmentStatusChange,
    SchoolClass,
)
from lotrinh.assessment.models import Score
from lotrinh.conftest import make_user, member
from lotrinh.core.models import Center, User
from lotrinh.core.roles import Role
from lotrinh.factories import LearnerFactory, RoomFactory, SchoolClassFactory
from lotrinh.people.models import Learner

TODAY = dt.date(2026, 11, 20)  # a Friday in term 1 of 2026-2027
YEAR_START = dt.date(2026, 9, 5)


@pytest.fixture(autouse=True)
def _on_today(on_day):
    on_day(TODAY)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def counselor(center_a) -> User:
    user = make_user("cam", "Hoàng Minh Tâm")
    member(user, center_a, Role.COUNSELOR)
    return user


@pytest.fixture
def in_a(center_a):
    with scope(center=center_a):
        yield center_a


def enroll(center: Center, school_class: SchoolClass, *, on: dt.date = YEAR_START, **learner_fields) -> Learner:
    """A learner enrolled in ``school_class`` on ``on``, with the first step of the status history."""
    learner_fields.setdefault("date_of_birth", dt.date(2011, 5, 12))  # 15 in 2026: the usual age for grade 10
    learner = LearnerFactory(center=center, **learner_fields)
    enrollment = Enrollment.objects.create(center=center, learner=learner, school_class=school_class, enrolled_on=on)
    EnrollmentStatusChange.objects.create(center=center, enrollment=enrollment, status="enrolled", effective_on=on)
    return learner


def change_status(learner: Learner, status: str, on: dt.date, reason: str = "") -> None:
    enrollment = Enrollment.objects.get(learner=learner)
    EnrollmentStatusChange.objects.create(
        center=enrollment.center, enrollment=enrollment, status=status, reason=reason, effective_on=on
    )
    enrollment.status = status
    enrollment.save(update_fields=["status"])


def school_days(until: dt.date, count: int) -> list[dt.date]:
    """The last ``count`` days from Monday to Saturday, up to ``until``, oldest first."""
    days, day = [], until
    while len(days) < count:
        if day.weekday() < 6:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


def attend(learner: Learner, teacher: User, marks: list[tuple[dt.date, str]]) -> None:
    """One session per day for the learner's class (shared with classmates), a roll, the learner's mark."""
    enrollment = Enrollment.objects.select_related("school_class").filter(learner=learner).first()
    school_class = enrollment.school_class
    for day, status in marks:
        session = ClassSession.objects.filter(school_class=school_class, date=day).first()
        if session is None:
            session = ClassSession.objects.create(
                center=learner.center,
                school_class=school_class,
                subject="Toán",
                date=day,
                starts_at=dt.time(7, 0),
                ends_at=dt.time(8, 30),
                teacher=teacher,
                room=_room(learner.center),
            )
        roll, _ = AttendanceRoll.objects.get_or_create(
            session=session,
            defaults={
                "center": learner.center,
                "taken_by": teacher,
                "taken_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            },
        )
        AttendanceMark.objects.create(center=learner.center, roll=roll, learner=learner, status=status, date=day)


def _room(center: Center):
    from lotrinh.academics.models import Room

    return Room.objects.first() or RoomFactory(center=center)


def score(learner: Learner, teacher: User, term: int, kind: str, value: str, subject: str = "Toán", n: int = 1) -> None:
    enrollment = Enrollment.objects.filter(learner=learner).first()
    Score.objects.create(
        center=learner.center,
        learner=learner,
        school_class=enrollment.school_class,
        subject=subject,
        term=term,
        kind=kind,
        sequence=n,
        value=value,
        entered_by=teacher,
    )


def grade10(center: Center, **extra) -> SchoolClass:
    return SchoolClassFactory(center=center, name=extra.pop("name", "10A1"), **extra)


@pytest.fixture
def source_language():
    """These tests pin the rules' logic and wording in the source language (English); the Vietnamese users
    read is checked by test_rules.test_it_gives_the_reasons_in_vietnamese, by the catalogue test
    (core/tests/test_translations.py) and by the browser test of the dashboard."""
    from django.utils import translation

    with translation.override("en"):
        yield
