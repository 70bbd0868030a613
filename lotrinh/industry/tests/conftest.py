"""Beside the project cast: an enterprise officer at center A, enterprises and their accounts.

- ``abc`` (Công ty TNHH May ABC, KCN Nam Đông Hà) is an active partner of center A; ``ana`` is its account.
- ``xyz`` (Công ty CP Gỗ XYZ) is an active partner of center B only; ``xavier`` is its account.
"""

import datetime as dt
import itertools

import pytest
from django_scopes import scopes_disabled

from lotrinh.conftest import make_user, member
from lotrinh.core.models import User
from lotrinh.core.roles import Role
from lotrinh.industry.models import Enterprise, EnterpriseContact, IndustrialPark, IndustryCode, Partnership

_tax_codes = itertools.count(1)


def valid_tax_code(n: int) -> str:
    """The n-th valid 10-digit tax code (check digit computed)."""
    from lotrinh.industry.validators import tax_check_digit

    for base in itertools.count(n * 7919 + 10000000):
        nine = f"{base:09d}"[-9:]
        digit = tax_check_digit(nine)
        if digit is not None:
            return nine + str(digit)
    raise AssertionError  # pragma: no cover


def make_enterprise(slug: str, name: str, **extra) -> Enterprise:
    extra.setdefault("tax_code", valid_tax_code(next(_tax_codes)))
    extra.setdefault("industry", IndustryCode.objects.get(code="14"))
    extra.setdefault("industrial_park", IndustrialPark.objects.get(slug="kcn-nam-dong-ha"))
    extra.setdefault("commune_id", 19333)
    return Enterprise.objects.create(slug=slug, name=name, **extra)


def partner(center, enterprise, status=Partnership.Status.ACTIVE, since=dt.date(2024, 9, 1)) -> Partnership:
    with scopes_disabled():
        return Partnership.objects.create(center=center, enterprise=enterprise, since=since, status=status)


def account(enterprise: Enterprise, username: str, full_name: str, **extra) -> User:
    user = make_user(username, full_name)
    EnterpriseContact.objects.create(enterprise=enterprise, user=user, full_name=full_name, **extra)
    return user


@pytest.fixture
def officer(center_a) -> User:
    user = make_user("eno", "Phan Thị Én")
    member(user, center_a, Role.ENTERPRISE_OFFICER)
    return user


@pytest.fixture
def abc(center_a) -> Enterprise:
    enterprise = make_enterprise("may-abc", "Công ty TNHH May ABC", short_name="May ABC")
    partner(center_a, enterprise)
    return enterprise


@pytest.fixture
def xyz(center_b) -> Enterprise:
    enterprise = make_enterprise(
        "go-xyz", "Công ty CP Gỗ XYZ", industry=IndustryCode.objects.get(code="16"), investor_origin="JP"
    )
    partner(center_b, enterprise)
    return enterprise


@pytest.fixture
def ana(abc) -> User:
    return account(abc, "ana", "Đặng Thị An", position="Trưởng phòng nhân sự")


@pytest.fixture
def xavier(xyz) -> User:
    return account(xyz, "xavier", "Hồ Văn Xuân")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
