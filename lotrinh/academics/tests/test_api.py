"""The academics API: classes, weekly slots, sessions by day or week, the roll; same services as the pages."""

import datetime as dt
import json

import pytest
from django_scopes import scope

from lotrinh.academics import services
from lotrinh.academics.models import AttendanceMark, ClassSession, WeeklySlot
from lotrinh.conftest import client_for
from lotrinh.factories import RoomFactory

from .conftest import make_class, make_session


def _api(center, suffix):
    return f"/api/c/{center.slug}/{suffix}"


def _post(client, url, payload):
    return client.post(url, json.dumps(payload, default=str), content_type="application/json")


@pytest.fixture
def setup(center_a, alice, bob, room, today):
    with scope(center=center_a):
        school_class, learners = make_class(center_a, learners=4, homeroom=bob)
        session = make_session(school_class, teacher=bob, room=room, day=today)
    return school_class, learners, session


def test_it_lists_classes_and_shows_one(center_a, alice, setup):
    school_class, _learners, _session = setup
    client = client_for(alice)
    rows = client.get(_api(center_a, "classes")).json()
    assert [(r["name"], r["headcount"]) for r in rows] == [("10A1", 4)]
    detail = client.get(_api(center_a, f"classes/{school_class.pk}")).json()
    assert detail["homeroom_teacher"] == "Trần Văn Bình"
    assert len(detail["roster"]) == 4
    assert detail["roster"][0]["status"] == "enrolled"


def test_it_creates_a_slot_and_refuses_a_clash(center_a, alice, bob, room, setup, today):
    school_class, _learners, _session = setup
    client = client_for(alice)
    payload = {
        "class_id": school_class.pk,
        "weekday": 2,
        "starts_at": "07:00",
        "ends_at": "08:30",
        "subject": "Toán",
        "teacher_id": bob.pk,
        "room_id": room.pk,
        "valid_from": "2026-09-05",
        "generate_until": (today + dt.timedelta(days=27)).isoformat(),
    }
    response = _post(client, _api(center_a, "slots"), payload)
    assert response.status_code == 201, response.json()
    assert response.json()["teacher"] == "Trần Văn Bình"
    with scope(center=center_a):
        other, _ = make_class(center_a, name="10A2")
        assert ClassSession.objects.filter(weekly_slot__isnull=False).count() == 4  # the next four Wednesdays
    clash = _post(client, _api(center_a, "slots"), {**payload, "class_id": other.pk, "starts_at": "08:00"})
    assert clash.status_code == 400
    body = clash.json()
    assert body["field"] == "teacher"
    assert "10A1" in body["detail"]
    listed = client.get(_api(center_a, "slots"), {"class_id": school_class.pk}).json()
    assert [s["weekday"] for s in listed] == [2]
    with scope(center=center_a):
        assert WeeklySlot.objects.count() == 1


def test_it_validates_slot_input(center_a, alice, setup):
    school_class, _learners, _session = setup
    response = _post(client_for(alice), _api(center_a, "slots"), {"class_id": school_class.pk, "weekday": 9})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_it_lists_sessions_by_day_and_by_week(center_a, alice, bob, gina, room, setup, today):
    school_class, _learners, session = setup
    with scope(center=center_a):
        make_session(school_class, teacher=gina, room=room, day=today + dt.timedelta(days=7), start=(9, 0), end=(10, 0))
    client = client_for(alice)
    assert [s["id"] for s in client.get(_api(center_a, "sessions")).json()] == [session.pk]
    week = client.get(_api(center_a, "sessions"), {"week": (today + dt.timedelta(days=7)).isoformat()}).json()
    assert [s["teacher"] for s in week] == ["Ngô Thùy Linh"]
    # A teacher without classes.view_all sees only their own sessions.
    assert client_for(gina).get(_api(center_a, "sessions")).json() == []


def test_it_gets_and_posts_a_roll(center_a, bob, setup):
    _class, learners, session = setup
    client = client_for(bob)
    roll = client.get(_api(center_a, f"sessions/{session.pk}/roll")).json()
    assert roll["taken"] is False
    assert {m["status"] for m in roll["marks"]} == {"present"}
    response = _post(
        client,
        _api(center_a, f"sessions/{session.pk}/roll"),
        {"marks": [{"learner_id": learners[1].pk, "status": "unexcused"}]},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["created"] is True
    assert body["counts"] == {"present": 3, "late": 0, "excused": 0, "unexcused": 1}
    with scope(center=center_a):
        assert AttendanceMark.objects.count() == 4


def test_it_refuses_a_bad_roll(center_a, center_b, bob, setup):
    _class, learners, session = setup
    client = client_for(bob)
    url = _api(center_a, f"sessions/{session.pk}/roll")
    bad_status = _post(client, url, {"marks": [{"learner_id": learners[0].pk, "status": "ngủ"}]})
    assert bad_status.status_code == 400
    with scope(center=center_a):
        _other, strangers = make_class(center_a, name="11A1", learners=1)
    stranger = _post(client, url, {"marks": [{"learner_id": strangers[0].pk, "status": "present"}]})
    assert stranger.status_code == 400
    assert stranger.json()["field"] == "marks"
    missing = _post(client, _api(center_a, f"sessions/{session.pk + 999}/roll"), {"marks": []})
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    with scope(center=center_a):
        assert not AttendanceMark.objects.exists()


def test_it_answers_403_and_404(center_a, an, bob, gina, charlie, room, setup):
    school_class, _learners, session = setup
    roll = _api(center_a, f"sessions/{session.pk}/roll")
    assert client_for(gina).get(roll).status_code == 403  # not her session
    assert _post(client_for(gina), roll, {"marks": []}).status_code == 403
    assert client_for(an).get(_api(center_a, "classes")).status_code == 403
    slot = {
        "class_id": school_class.pk,
        "weekday": 0,
        "starts_at": "07:00",
        "ends_at": "08:00",
        "subject": "Toán",
        "teacher_id": bob.pk,
        "room_id": room.pk,
        "valid_from": "2026-09-05",
    }
    assert _post(client_for(bob), _api(center_a, "slots"), slot).status_code == 403
    for url in (_api(center_a, "classes"), _api(center_a, f"classes/{school_class.pk}"), roll):
        assert client_for(charlie).get(url).status_code == 404


def test_it_answers_404_for_a_class_of_another_center(center_a, center_b, alice):
    with scope(center=center_b):
        other, _ = make_class(center_b)
        RoomFactory(center=center_b)
    assert client_for(alice).get(_api(center_a, f"classes/{other.pk}")).status_code == 404


def test_it_documents_the_routes(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/c/{center_slug}/classes/{pk}",
        "/api/c/{center_slug}/slots",
        "/api/c/{center_slug}/sessions/{pk}/roll",
    ):
        assert path in paths
    roll_post = paths["/api/c/{center_slug}/sessions/{pk}/roll"]["post"]
    assert {"400", "403", "404", "422"} <= set(roll_post["responses"])


def test_it_uses_the_same_roll_service(center_a, bob, setup):
    _class, learners, session = setup
    with scope(center=center_a):
        services.roll_take(session=session, marks={learners[0].pk: "late"}, actor=bob)
    roll = client_for(bob).get(_api(center_a, f"sessions/{session.pk}/roll")).json()
    assert roll["taken"] is True
    assert roll["counts"]["late"] == 1
