"""The admissions API: same services as the pages; 404 to outsiders, 403 to a wrong role, 400 on a broken rule."""

import json

import pytest
from django_scopes import scope, scopes_disabled

from lotrinh.academics.models import ProgramType
from lotrinh.admissions.models import AdmissionTarget, Application, ApplicationStatus
from lotrinh.conftest import client_for
from lotrinh.factories import SchoolClassFactory

from .conftest import submit


def _api(center, path: str) -> str:
    return f"/api/c/{center.slug}/{path}"


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_it_lists_applications_with_duplicates(center_a, thpt, counselor):
    first = submit(center_a, thpt, serial=5, full_name="Lê Thị Mai")
    submit(center_a, thpt, serial=5, full_name="Lê Thị Mây")
    response = client_for(counselor).get(_api(center_a, "applications"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    flagged = {item["full_name"]: item["duplicates"] for item in body["items"]}
    assert flagged["Lê Thị Mây"][0]["id"] == first.pk


def test_it_verifies_admits_and_enrols(center_a, thpt, officer, plan, today):
    application = submit(center_a, thpt)
    with scope(center=center_a):
        school_class = SchoolClassFactory(
            center=center_a, program=ProgramType.objects.get(code="gdtx-thpt"), school_year=plan.school_year
        )
    client = client_for(officer)
    assert _post(client, _api(center_a, f"applications/{application.pk}/verify")).json()["status"] == "verified"
    admitted = _post(client, _api(center_a, "admissions/admit"), {"application_ids": [application.pk]})
    assert admitted.json() == {"admitted": [application.pk]}
    body = _post(
        client,
        _api(center_a, f"applications/{application.pk}/enrol"),
        {"school_class_id": school_class.pk, "enrolled_on": today.isoformat()},
    ).json()
    assert body["status"] == "enrolled" and body["learner_id"]
    again = _post(
        client,
        _api(center_a, f"applications/{application.pk}/enrol"),
        {"school_class_id": school_class.pk, "enrolled_on": today.isoformat()},
    )
    assert again.status_code == 400 and "đã nhập học" in again.json()["detail"]


def test_it_answers_400_to_a_rejection_without_reason(center_a, thpt, officer):
    application = submit(center_a, thpt)
    response = _post(client_for(officer), _api(center_a, f"applications/{application.pk}/reject"), {"reason": ""})
    assert response.status_code == 400
    assert "Ghi lý do" in response.json()["detail"]
    with scopes_disabled():
        assert Application.objects.get().status == ApplicationStatus.RECEIVED


def test_it_refuses_a_negative_target(center_a, plan, alice):
    response = _post(
        client_for(alice),
        _api(center_a, f"admission-plans/{plan.pk}/targets"),
        {"program_code": "so-cap", "target": -3},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Chỉ tiêu không được nhỏ hơn 0."
    with scopes_disabled():
        assert not AdmissionTarget.objects.exists()


def test_it_gives_the_dashboard(center_a, thpt, counselor):
    submit(center_a, thpt)
    body = client_for(counselor).get(_api(center_a, "admissions/dashboard")).json()
    assert body["total"]["applications"] == 1 and body["rows"][0]["target"] == 90


@pytest.mark.parametrize("action", ["verify", "admit", "waitlist", "reject", "enrol"])
def test_it_answers_403_to_a_counselor_acting(center_a, thpt, counselor, action):
    application = submit(center_a, thpt)
    response = _post(
        client_for(counselor),
        _api(center_a, f"applications/{application.pk}/{action}"),
        {"reason": "x", "school_class_id": 1, "enrolled_on": "2026-09-05"},
    )
    assert response.status_code == 403
    with scopes_disabled():
        assert Application.objects.get().status == ApplicationStatus.RECEIVED


@pytest.mark.parametrize("path", ["applications", "applications/{pk}", "admission-plans", "admissions/dashboard"])
def test_it_answers_403_to_a_teacher(center_a, thpt, bob, path):
    application = submit(center_a, thpt)
    assert client_for(bob).get(_api(center_a, path.format(pk=application.pk))).status_code == 403


def test_it_answers_404_to_another_center(center_a, thpt, charlie):
    application = submit(center_a, thpt)
    assert client_for(charlie).get(_api(center_a, f"applications/{application.pk}")).status_code == 404


def test_it_lets_only_the_direction_create_a_plan(center_a, officer, alice, today):
    body = {"school_year": "2027-2028", "opens_on": today.isoformat(), "closes_on": today.isoformat()}
    assert _post(client_for(officer), _api(center_a, "admission-plans"), body).status_code == 403
    response = _post(client_for(alice), _api(center_a, "admission-plans"), body)
    assert response.status_code == 201 and response.json()["school_year"] == "2027-2028"
