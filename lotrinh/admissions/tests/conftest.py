"""Beside the project cast: a counselor and a training officer at center A, an open plan with targets, applicants."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope
from PIL import Image

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.admissions import services
from lotrinh.admissions.models import AdmissionPlan, AdmissionTarget
from lotrinh.conftest import make_user, member
from lotrinh.core.models import User
from lotrinh.core.roles import Role


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def counselor(center_a) -> User:
    user = make_user("cam", "Hoàng Minh Tâm")
    member(user, center_a, Role.COUNSELOR)
    return user


@pytest.fixture
def officer(center_a) -> User:
    user = make_user("dao", "Võ Thị Đào")
    member(user, center_a, Role.TRAINING_OFFICER)
    return user


def years_ago(years: int, today: dt.date | None = None) -> dt.date:
    day = (today or timezone.localdate()) - dt.timedelta(days=40)
    return day.replace(year=day.year - years, day=min(day.day, 28))


def id_for(*, sex: str, born: dt.date, serial: int) -> str:
    """A 12-digit number consistent with the person (Quảng Trị place code 045)."""
    century_sex = 2 * ((born.year - 1900) // 100) + (1 if sex == "female" else 0)
    return f"045{century_sex}{born.year % 100:02d}{serial:06d}"


@pytest.fixture
def plan(center_a, alice, today) -> AdmissionPlan:
    with scope(center=center_a):
        return services.plan_create(
            center=center_a,
            school_year=services.default_school_year(today),
            opens_on=today - dt.timedelta(days=20),
            closes_on=today + dt.timedelta(days=30),
            actor=alice,
        )


@pytest.fixture
def thpt(plan, alice) -> AdmissionTarget:
    with scope(center=plan.center):
        return services.target_set(
            plan=plan, program=ProgramType.objects.get(code="gdtx-thpt"), trade=None, target=90, actor=alice
        )


@pytest.fixture
def trade_target(plan, alice, today) -> AdmissionTarget:
    with scope(center=plan.center):
        trade = Trade.objects.filter(Trade.holding_on(today), level=Trade.Level.SO_CAP).first()
        return services.target_set(
            plan=plan, program=ProgramType.objects.get(code="so-cap"), trade=trade, target=25, actor=alice
        )


def form_data(target: AdmissionTarget, **overrides) -> dict:
    born = overrides.pop("born", None) or years_ago(15)
    sex = overrides.get("sex", "female")
    data = {
        "form_token": services.form_token_new(),
        "website": "",
        "full_name": "Lê Thị Mai",
        "date_of_birth": born.strftime("%d/%m/%Y"),
        "sex": sex,
        "id_number": id_for(sex=sex, born=born, serial=overrides.pop("serial", 1)),
        "phone": "0912345678",
        "commune": "",
        "previous_school": "Trường THCS Nguyễn Trãi",
        "target": str(target.pk),
        "guardian_name": "Lê Văn Hùng",
        "guardian_phone": "0987654321",
        "guardian_relationship": "father",
        "consent_processing": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(center, target: AdmissionTarget, *, documents=(), **overrides):
    """An application straight through the service, as the public form sends it."""
    data = form_data(target, **overrides)
    with scope(center=center):
        born = dt.datetime.strptime(data["date_of_birth"], "%d/%m/%Y").date()
        application, _created = services.application_submit(
            center=center,
            data=services.ApplicationData(
                full_name=data["full_name"],
                date_of_birth=born,
                sex=data["sex"],
                id_number=data["id_number"],
                phone=data["phone"],
                commune=None,
                previous_school=data["previous_school"],
                target=target,
                guardian_name=data["guardian_name"],
                guardian_phone=data["guardian_phone"],
                guardian_relationship=data["guardian_relationship"],
                consent_processing=bool(data.get("consent_processing")),
                consent_contact=bool(data.get("consent_contact")),
            ),
            documents=list(documents),
            form_token=data["form_token"],
        )
    return application


def png_file(name: str = "hoc-ba.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_file(name: str = "giay-khai-sinh.pdf", body: bytes = b"") -> SimpleUploadedFile:
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + body + b"\ntrailer << >>\n%%EOF\n"
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def fuzz_applications(center, actor, today) -> dict[str, list[int]]:
    """For the API fuzzing (core/tests/test_api_schema.py): an open plan with a target and applications in
    several states; the ids by the path segment before ``{pk}``. Runs inside the center's scope."""
    plan = services.plan_create(
        center=center,
        school_year=services.default_school_year(today),
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=30),
        actor=actor,
    )
    target = services.target_set(
        plan=plan, program=ProgramType.objects.get(code="gdtx-thpt"), trade=None, target=40, actor=actor
    )
    apps = [submit(center, target, serial=i, full_name=f"Thí Sinh {i}") for i in range(1, 4)]
    services.application_verify(application=apps[1], actor=actor)
    services.application_verify(application=apps[2], actor=actor)
    services.application_admit(application=apps[2], actor=actor)
    return {"admission-plans": [plan.pk], "applications": [a.pk for a in apps]}
