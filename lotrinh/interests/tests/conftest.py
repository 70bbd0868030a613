"""Beside the project cast: a counselor at center A, a class with learners, and complete answer sheets."""

import pytest
from django_scopes import scope

from lotrinh.conftest import make_user, member
from lotrinh.core.roles import Role
from lotrinh.factories import EnrollmentFactory, LearnerFactory, SchoolClassFactory
from lotrinh.interests import riasec, selectors

ITEM_IDS = [f"{t}{n}" for t in riasec.TYPES for n in range(1, 9)]


def sheet(per_type: dict[str, list[int]] | None = None, default: int = 3) -> dict[str, int]:
    """A complete answer sheet: the eight answers of each type given (R1…R8 in order), the rest ``default``."""
    per_type = per_type or {}
    return {f"{t}{n}": (per_type[t][n - 1] if t in per_type else default) for t in riasec.TYPES for n in range(1, 9)}


def post_data(answers: dict[str, int], **extra) -> dict:
    return {**{k: str(v) for k, v in answers.items()}, **extra}


@pytest.fixture
def carol(center_a):
    user = make_user("carol", "Hoàng Minh Tâm")
    member(user, center_a, Role.COUNSELOR)
    return user


@pytest.fixture
def klass(center_a, bob):
    """Class 9A with three learners enrolled."""
    with scope(center=center_a):
        school_class = SchoolClassFactory(center=center_a, name="9A", homeroom_teacher=bob)
        learners = [
            LearnerFactory(center=center_a, full_name=name)
            for name in ("Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cúc")
        ]
        for learner in learners:
            EnrollmentFactory(center=center_a, learner=learner, school_class=school_class)
    school_class.learners = learners
    return school_class


@pytest.fixture
def questionnaire(db):
    return selectors.questionnaire("vi")


def fuzz_interest_sessions(center, actor) -> dict[str, list[int]]:
    """For the API fuzzing (core/tests/test_api_schema.py): an open class session with one paper sheet, inside
    ``center``'s scope; the real ids by the API path segment before ``{pk}``."""
    from lotrinh.academics.models import Enrollment, SchoolClass
    from lotrinh.interests import services

    school_class = SchoolClass.objects.order_by("pk").first()
    session = services.session_open(center=center, school_class=school_class, actor=actor)
    enrollment = Enrollment.objects.filter(school_class=school_class).order_by("pk").first()
    services.paper_sheet_enter(
        session=session, learner=enrollment.learner, answers=sheet(), form_token=services.new_form_token(), actor=actor
    )
    return {"test-sessions": [session.pk]}
