"""The learner API: the same services as the pages, JSON errors by field, the same who-may-do-what."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent
from lotrinh.factories import SchoolClassFactory
from lotrinh.people import services
from lotrinh.people.models import Consent, Ethnicity, Learner

from .conftest import make_learner


def _api(center, suffix: str = "") -> str:
    return f"/api/c/{center.slug}/{suffix}"


def _send(client, method: str, url: str, payload: dict | None = None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(payload or {}), content_type="application/json")


NEW = {
    "code": "HV2609999",
    "full_name": "Lê Thị Mai",
    "date_of_birth": "2009-05-12",
    "sex": "female",
    "id_number": "045309123456",
    "phone": "+84 912 345 678",
    "commune_code": 19333,
    "distance_km": "7.5",
}


def test_it_creates_a_learner_through_the_same_service(center_a, alice):
    response = _send(client_for(alice), "post", _api(center_a, "learners"), {**NEW, "ethnicity_code": "01"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phone"] == "0912345678"
    assert body["id_number_masked"] == "•••••••••456"
    assert body["ethnicity"] == "Kinh" and body["commune"] == "Phường Đông Hà"
    with scope(center=center_a):
        assert AuditEvent.objects.filter(object_type="people.learner", action="create", actor=alice).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "045209123456"}, "id_number"),
        ({"id_number": "999309123456"}, "id_number"),
        ({"date_of_birth": "2099-01-01", "id_number": ""}, "date_of_birth"),
        ({"phone": "+1 415 555 0100"}, "phone"),
        ({"sex": "other"}, "sex"),
        ({"commune_code": 1}, "commune_code"),
        ({"household_status": "rich"}, "household_status"),
    ],
)
def test_it_answers_400_with_the_field_and_saves_nothing(center_a, alice, changes, field):
    response = _send(client_for(alice), "post", _api(center_a, "learners"), {**NEW, **changes})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"]
    assert field in [e["field"] for e in body["errors"]]
    with scope(center=center_a):
        assert not Learner.objects.exists()


@pytest.mark.parametrize("sent", ["{not json", "{}", json.dumps({"full_name": 12})])
def test_it_answers_403_to_a_wrong_role_whatever_the_body(center_a, bob, sent):
    """The permission is checked before the body is read: a teacher learns nothing of the schema."""
    response = client_for(bob).post(_api(center_a, "learners"), data=sent, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_it_answers_422_when_a_required_field_is_missing(center_a, alice):
    payload = {k: v for k, v in NEW.items() if k != "full_name"}
    response = _send(client_for(alice), "post", _api(center_a, "learners"), payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "full_name"


def test_it_shows_a_learner_with_ethnicity_only_to_roles_that_may_see_it(center_a, alice, bob, counselor, hang):
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, ethnicity=Ethnicity.objects.get(name="Tà-ôi"))
    url = _api(center_a, f"learners/{hang.pk}")
    seen = client_for(counselor).get(url).json()
    assert (seen["ethnicity"], seen["ethnicity_visible"]) == ("Tà-ôi", True)
    hidden = client_for(bob).get(url).json()
    assert (hidden["ethnicity"], hidden["ethnicity_code"], hidden["ethnicity_visible"]) == (None, None, False)
    assert hidden["full_name"] == "Nguyễn Thị Hằng"


def test_it_updates_only_the_fields_sent_and_audits_them(center_a, alice, hang):
    response = _send(client_for(alice), "patch", _api(center_a, f"learners/{hang.pk}"), {"phone": "0987 654 321"})
    assert response.status_code == 200
    assert response.json()["phone"] == "0987654321"
    with scope(center=center_a):
        hang.refresh_from_db()
        event = AuditEvent.objects.get(object_type="people.learner", action="update")
    assert hang.full_name == "Nguyễn Thị Hằng"
    assert event.changes == {"phone": ["", "0987654321"]}


def test_it_refuses_an_impossible_id_number_on_update(center_a, alice, hang):
    response = _send(client_for(alice), "patch", _api(center_a, f"learners/{hang.pk}"), {"id_number": "045211000000"})
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"id_number"}


def test_it_refuses_to_empty_a_required_field(center_a, alice, hang):
    response = _send(client_for(alice), "patch", _api(center_a, f"learners/{hang.pk}"), {"full_name": None})
    assert response.status_code == 400


def test_it_reveals_an_id_number_and_logs_it(center_a, alice, hang):
    born = hang.date_of_birth
    number = f"0453{born.year % 100:02d}000321"
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, id_number=number)
    response = client_for(alice).post(_api(center_a, f"learners/{hang.pk}/id-number/reveal"))
    assert response.json() == {"id_number": number, "is_legacy": False}
    with scope(center=center_a):
        event = AuditEvent.objects.get(action=AuditEvent.Action.REVEAL)
    assert event.changes == {"id_number": [None, "•••••••••321"]}


def test_it_lists_and_filters_learners(center_a, alice, hang, nam):
    from lotrinh.academics import services as academics_services

    with scope(center=center_a):
        school_class = SchoolClassFactory(center=center_a, name="10A1")
        academics_services.enrollment_create(
            learner=nam, school_class=school_class, enrolled_on=dt.date(2026, 9, 5), actor=alice
        )
    body = client_for(alice).get(_api(center_a, "learners"), {"q": "tran van"}).json()
    assert body["count"] == 1 and body["items"][0]["classes"] == ["10A1"]
    assert client_for(alice).get(_api(center_a, "learners"), {"class_id": school_class.pk}).json()["count"] == 1


def test_it_adds_and_lists_guardians(center_a, alice, hang, nam):
    client = client_for(alice)
    new = {"full_name": "Nguyễn Văn Hùng", "phone": "0912 345 678", "relationship": "father"}
    response = _send(client, "post", _api(center_a, f"learners/{hang.pk}/guardians"), new)
    assert response.status_code == 201
    guardian_id = response.json()["guardian_id"]
    assert response.json()["is_primary_contact"] is True
    # The brother gets the same guardian.
    response = _send(
        client,
        "post",
        _api(center_a, f"learners/{nam.pk}/guardians"),
        {"guardian_id": guardian_id, "relationship": "father"},
    )
    assert response.status_code == 201
    listed = client.get(_api(center_a, f"learners/{nam.pk}/guardians")).json()
    assert [(g["guardian_id"], g["phone"]) for g in listed] == [(guardian_id, "0912345678")]
    response = _send(client, "post", _api(center_a, f"learners/{nam.pk}/guardians"), {**new, "relationship": "father"})
    assert response.status_code == 400  # the same phone: link, do not duplicate


def test_it_records_lists_and_withdraws_consents(center_a, alice, counselor, nam):
    today = timezone.localdate()
    with scope(center=center_a):
        father = services.guardian_create(
            center=center_a, actor=alice, full_name="Trần Văn Hải", learner=nam, relationship="father"
        )
    client = client_for(counselor)
    url = _api(center_a, f"learners/{nam.pk}/consents")
    refused = _send(client, "post", url, {"purpose": "photo_publication", "given_on": today.isoformat()})
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json()["errors"]} == {"guardian_id", "learner_agreed"}
    payload = {"purpose": "photo_publication", "given_on": today.isoformat(), "guardian_id": father.pk}
    response = _send(client, "post", url, {**payload, "learner_agreed": True})
    assert response.status_code == 201 and response.json()["in_force"] is True
    consent_id = response.json()["id"]
    response = _send(
        client, "post", _api(center_a, f"consents/{consent_id}/withdraw"), {"withdrawn_on": today.isoformat()}
    )
    assert response.status_code == 200
    assert response.json()["in_force"] is False and response.json()["withdrawn_by"] == "Hoàng Minh Tâm"
    listed = client.get(url).json()
    assert [(c["id"], c["withdrawn_on"]) for c in listed] == [(consent_id, today.isoformat())]
    with scope(center=center_a):
        assert Consent.objects.count() == 1


@pytest.fixture
def targets(center_a, alice, hang) -> dict:
    today = timezone.localdate()
    with scope(center=center_a):
        consent = services.consent_record(
            learner=hang, purpose="messages_to_guardian", given_on=today, learner_agreed=True, actor=alice
        )
    return {"learner": hang.pk, "consent": consent.pk}


TODAY = timezone.localdate().isoformat()
# (method, route, the permission it needs, a well-formed body)
ROUTES = [
    ("get", "learners", "learners.view", None),
    ("post", "learners", "learners.manage", NEW),
    ("get", "learners/{learner}", "learners.view", None),
    ("patch", "learners/{learner}", "learners.manage", {"phone": "0912345678"}),
    ("post", "learners/{learner}/id-number/reveal", "learners.reveal_id", None),
    ("get", "learners/{learner}/guardians", "learners.view", None),
    ("post", "learners/{learner}/guardians", "learners.manage", {"full_name": "Lê Văn Tư", "relationship": "father"}),
    ("get", "learners/{learner}/consents", "learners.view", None),
    (
        "post",
        "learners/{learner}/consents",
        "consents.manage",
        {"purpose": "photo_publication", "given_on": TODAY, "learner_agreed": True},
    ),
    ("post", "consents/{consent}/withdraw", "consents.manage", {"withdrawn_on": TODAY}),
]


@pytest.mark.parametrize(("method", "route", "perm", "payload"), ROUTES)
def test_it_answers_404_json_to_another_center(center_a, charlie, targets, method, route, perm, payload):
    response = _send(client_for(charlie), method, _api(center_a, route.format(**targets)), payload)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(("method", "route", "perm", "payload"), [r for r in ROUTES if r[2] != "learners.view"])
def test_it_answers_403_json_to_a_teacher(center_a, bob, targets, method, route, perm, payload):
    response = _send(client_for(bob), method, _api(center_a, route.format(**targets)), payload)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    with scope(center=center_a):
        assert not AuditEvent.objects.filter(actor=bob).exists()


def test_it_answers_404_for_a_learner_of_another_center(center_a, center_b, alice):
    other = make_learner(center_b)
    assert client_for(alice).get(_api(center_a, f"learners/{other.pk}")).status_code == 404


def test_it_documents_the_error_responses(center_a):
    from config.api import api

    schema = api.get_openapi_schema()
    operation = schema["paths"]["/api/c/{center_slug}/learners/{pk}"]["patch"]
    assert {400, 401, 403, 404, 422} <= {int(code) for code in operation["responses"]}


@pytest.mark.parametrize("class_id", ["-982245480208453861376", "0"])
def test_it_answers_422_to_a_class_id_that_cannot_be_an_id(center_a, bob, class_id):
    response = client_for(bob).get(f"/api/c/{center_a.slug}/learners", {"class_id": class_id})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "class_id"
