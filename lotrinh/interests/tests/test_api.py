"""The interest API: the items, sessions, a session's attempts, a paper sheet; 404 outsiders, 403 teachers."""

import json

import pytest
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.interests import services
from lotrinh.interests.models import InterestAttempt

from .conftest import sheet


def _api(center, tail):
    return f"/api/c/{center.slug}/interests/{tail}"


def _post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def session(center_a, carol, klass):
    with scope(center=center_a):
        return services.session_open(center=center_a, school_class=klass, actor=carol)


def test_it_lists_the_48_items_with_both_languages(center_a, carol):
    body = client_for(carol).get(_api(center_a, "items")).json()
    assert (body["code"], body["version"], body["licence"]) == ("iip-riasec-markers", "2008", "public domain")
    assert len(body["items"]) == 48
    first = body["items"][0]
    assert (first["item_id"], first["riasec_type"], first["order"]) == ("R1", "R", 1)
    texts = {t["language"]: t for t in first["texts"]}
    assert texts["en"]["text"] == "Test the quality of parts before shipment"
    assert texts["vi"]["source"].startswith("Bản dịch Lộ Trình v1")
    assert body["answer_scale"][0] == "Rất không thích"
    assert sorted(i["riasec_type"] for i in body["items"]).count("C") == 8


def test_it_enters_a_paper_sheet_and_lists_it(center_a, carol, klass, session):
    client = client_for(carol)
    learner = klass.learners[0]
    payload = {"learner_id": learner.pk, "answers": sheet({"A": [5] * 8}), "client_token": "lan-1-phieu-an"}
    response = _post(client, _api(center_a, f"test-sessions/{session.pk}/sheets"), payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["learner_id"] == learner.pk and body["scores"]["A"] == 40 and body["code_with_ties"] == "A>R=I=S=E=C"
    # The same client token again is the same sheet.
    assert _post(client, _api(center_a, f"test-sessions/{session.pk}/sheets"), payload).json()["id"] == body["id"]
    listed = client.get(_api(center_a, f"test-sessions/{session.pk}/attempts")).json()
    assert listed["count"] == 1 and listed["items"][0]["answers"]["A1"] == 5
    sessions = client.get(_api(center_a, "test-sessions")).json()
    assert sessions["count"] == 1 and sessions["items"][0]["attempt_count"] == 1
    assert sessions["items"][0]["join_code"] == session.join_code


@pytest.mark.parametrize(
    "change,words",
    [
        (lambda a: a.pop("S4"), "Bạn chưa trả lời câu 22."),
        (lambda a: a.update(E2=9), "từ 1 đến 5"),
        (lambda a: a.update(Z1=3), "Z1"),
    ],
)
def test_it_answers_400_to_a_bad_sheet_and_saves_nothing(center_a, carol, klass, session, change, words):
    answers = sheet()
    change(answers)
    payload = {"learner_id": klass.learners[0].pk, "answers": answers}
    response = _post(client_for(carol), _api(center_a, f"test-sessions/{session.pk}/sheets"), payload)
    assert response.status_code == 400
    assert words in response.json()["detail"]
    with scope(center=center_a):
        assert InterestAttempt.objects.count() == 0


def test_it_answers_400_when_the_session_is_closed(center_a, carol, klass, session):
    with scope(center=center_a):
        services.session_close(session=session, actor=carol)
    payload = {"learner_id": klass.learners[0].pk, "answers": sheet()}
    response = _post(client_for(carol), _api(center_a, f"test-sessions/{session.pk}/sheets"), payload)
    assert response.status_code == 400 and "đã đóng" in response.json()["detail"]


@pytest.mark.parametrize("tail", ["items", "test-sessions", "test-sessions/{pk}/attempts"])
def test_it_answers_403_to_a_teacher_reading(center_a, bob, session, tail):
    assert client_for(bob).get(_api(center_a, tail.format(pk=session.pk))).status_code == 403


def test_it_answers_403_to_a_teacher_entering_a_sheet(center_a, bob, klass, session):
    payload = {"learner_id": klass.learners[0].pk, "answers": sheet()}
    assert _post(client_for(bob), _api(center_a, f"test-sessions/{session.pk}/sheets"), payload).status_code == 403
    with scope(center=center_a):
        assert InterestAttempt.objects.count() == 0


def test_it_answers_404_to_a_member_of_another_center(center_a, charlie, session):
    assert client_for(charlie).get(_api(center_a, f"test-sessions/{session.pk}/attempts")).status_code == 404
