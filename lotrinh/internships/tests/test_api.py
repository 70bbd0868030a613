"""The internships API: the same services, JSON errors for bad input, nothing half-saved."""

import datetime as dt

from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.internships.models import InternshipPreference, InternshipRound, InternshipSlot

from .conftest import add_slot


def _api(center, path=""):
    return f"/api/c/{center.slug}/internship-rounds{path}"


def test_it_creates_a_round_and_a_slot_and_refuses_zero_capacity(center_a, officer, abc, weld, today):
    client = client_for(officer)
    created = client.post(
        _api(center_a),
        {
            "name": "Đợt 2",
            "trade_id": weld.pk,
            "starts_on": (today + dt.timedelta(days=20)).isoformat(),
            "weeks": 4,
            "max_distance_km": "20",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    slot = {
        "enterprise_id": abc.pk,
        "trade_id": weld.pk,
        "capacity": 3,
        "place": "KCN",
        "blocks": [{"weekday": 1, "starts_at": "07:30", "ends_at": "11:30"}],
    }
    assert client.post(_api(center_a, f"/{pk}/slots"), slot, content_type="application/json").status_code == 201
    zero = client.post(_api(center_a, f"/{pk}/slots"), {**slot, "capacity": 0}, content_type="application/json")
    assert zero.status_code == 400 and zero.json()["detail"] == "Số chỗ phải ít nhất là 1."
    backwards = {**slot, "blocks": [{"weekday": 1, "starts_at": "11:30", "ends_at": "07:30"}]}
    assert client.post(_api(center_a, f"/{pk}/slots"), backwards, content_type="application/json").status_code == 400
    with scope(center=center_a):
        assert InternshipSlot.objects.count() == 1
    listed = client.get(_api(center_a, f"/{pk}/slots")).json()
    assert listed[0]["blocks"] == [{"weekday": 1, "starts_at": "07:30", "ends_at": "11:30"}]


def test_it_refuses_rank_six_and_duplicate_ranks(center_a, officer, round_, abc, weld, weld_class):
    with scope(center=center_a):
        s1 = add_slot(round_, abc, weld, actor=officer)
        s2 = add_slot(round_, abc, weld, actor=officer)
    client = client_for(officer)
    url = _api(center_a, f"/{round_.pk}/preferences")
    learner = weld_class.learners[0].pk
    ok = client.put(
        url, {"learner_id": learner, "choices": [{"rank": 1, "slot_id": s1.pk}]}, content_type="application/json"
    )
    assert ok.status_code == 200
    six = client.put(
        url, {"learner_id": learner, "choices": [{"rank": 6, "slot_id": s2.pk}]}, content_type="application/json"
    )
    assert six.status_code == 400 and six.json()["detail"] == "Thứ tự nguyện vọng phải từ 1 đến 5."
    dup = client.put(
        url,
        {"learner_id": learner, "choices": [{"rank": 1, "slot_id": s1.pk}, {"rank": 1, "slot_id": s2.pk}]},
        content_type="application/json",
    )
    assert dup.status_code == 400 and dup.json()["detail"] == "Mỗi thứ tự nguyện vọng chỉ được dùng một lần."
    with scope(center=center_a):
        assert list(InternshipPreference.objects.values_list("rank", "slot_id")) == [(1, s1.pk)]


def test_it_runs_shows_results_and_publishes(center_a, officer, round_, abc, weld, weld_class):
    with scope(center=center_a):
        add_slot(round_, abc, weld, capacity=2, actor=officer)
    client = client_for(officer)
    run = client.post(_api(center_a, f"/{round_.pk}/run"), {}, content_type="application/json")
    assert run.status_code == 200 and run.json()["placed"] == 2 and run.json()["status"] == "OPTIMAL"
    results = client.get(_api(center_a, f"/{round_.pk}/results")).json()
    assert len(results["placements"]) == 2 and len(results["unplaced"]) == 1
    assert results["unplaced"][0]["reason"] == "full"
    published = client.post(_api(center_a, f"/{round_.pk}/publish"))
    assert published.status_code == 200 and published.json() == {"status": "published", "published": 2}
    again = client.post(_api(center_a, f"/{round_.pk}/run"), {}, content_type="application/json")
    assert again.status_code == 400
    with scope(center=center_a):
        assert InternshipRound.objects.get().status == "published"


def test_it_forbids_the_teacher_in_the_api(center_a, bob, round_):
    client = client_for(bob)
    assert client.get(_api(center_a)).status_code == 403
    assert client.post(_api(center_a, f"/{round_.pk}/run"), {}, content_type="application/json").status_code == 403
