"""Beside the project cast: a counselor at center A, and the engine's view of the national tables."""

import pytest

from lotrinh.conftest import make_user, member
from lotrinh.core.models import User
from lotrinh.core.roles import Role


@pytest.fixture
def counselor(center_a) -> User:
    user = make_user("cam", "Hoàng Minh Tâm")
    member(user, center_a, Role.COUNSELOR)
    return user
