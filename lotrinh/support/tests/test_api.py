"""The support API: policies, a learner's outcomes, the quick estimate; the same rules as the pages."""

import datetime as dt

import pytest
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.factories import LearnerFactory
from lotrinh.support.models import SupportFacts

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(center_a, today):
    with scope(center=center_a):
        learner = LearnerFactory(
            center=center_a,
            household_status="near_poor",
            household_certificate_valid_from=today - dt.timedelta(days=30),
            household_certificate_valid_to=today + dt.timedelta(days=300),
        )
        SupportFacts.objects.create(center=center_a, learner=learner, previously_supported=False)
        return learner


def test_it_lists_the_policies(counselor, center_a):
    answer = client_for(counselor).get(f"/api/c/{center_a.slug}/support/policies")
    assert answer.status_code == 200
    policies = {p["code"]: p for p in answer.json()}
    assert {"QD-46-2015-TTg", "ND-238-2025-ND-CP", "NQ-217-2025-QH15"} <= set(policies)
    qd46 = policies["QD-46-2015-TTg"]
    assert (qd46["verified"], qd46["in_force"], qd46["once_only"]) == (False, True, True)
    assert {r["group_code"]: r["cap_vnd"] for r in qd46["rules"]}["nguoi_khuyet_tat"] == 6_000_000


def test_it_gives_a_learners_outcomes(counselor, center_a, learner):
    answer = client_for(counselor).get(
        f"/api/c/{center_a.slug}/support/learners/{learner.pk}/outcomes",
        {"level": "so_cap", "cost_vnd": 4_000_000, "study_days": 20},
    )
    assert answer.status_code == 200
    body = answer.json()
    tier = {o["group_code"]: o for o in body["outcomes"]}["ho_can_ngheo"]
    assert (tier["status"], tier["amount_vnd"]) == ("eligible", 2_500_000)
    # Largest fee cover (ND 238 does not exempt a near-poor Kinh learner) + meals 20 × 30.000.
    assert body["eligible_total_vnd"] == 2_500_000 + 600_000


def test_it_estimates_from_facts(counselor, center_a):
    payload = {"facts": {"household": "poor", "ethnic_minority": True}, "course": {"level": "so_cap"}}
    answer = client_for(counselor).post(
        f"/api/c/{center_a.slug}/support/estimate", payload, content_type="application/json"
    )
    assert answer.status_code == 200
    body = answer.json()
    tier = {o["group_code"]: o for o in body["outcomes"]}["dtts_ngheo_hoac_ngheo_xa_dbkk"]
    # No certificate dates, no word on earlier support: missing, never guessed.
    assert tier["status"] == "missing_fact" and tier["amount_vnd"] is None and tier["potential_vnd"] == 4_000_000


def test_it_answers_422_to_a_bad_level_or_a_negative_cost(counselor, center_a, learner):
    client = client_for(counselor)
    base = f"/api/c/{center_a.slug}/support"
    assert client.get(f"{base}/learners/{learner.pk}/outcomes", {"level": "dai_hoc"}).status_code == 422
    payload = {"facts": {}, "course": {"level": "so_cap", "cost_vnd": -1}}
    assert client.post(f"{base}/estimate", payload, content_type="application/json").status_code == 422


def test_it_answers_404_for_an_unknown_learner(counselor, center_a):
    answer = client_for(counselor).get(f"/api/c/{center_a.slug}/support/learners/999999/outcomes", {"level": "so_cap"})
    assert answer.status_code == 404


def test_it_refuses_a_teacher_and_hides_from_another_center(bob, charlie, center_a, learner):
    base = f"/api/c/{center_a.slug}/support"
    payload = {"facts": {}, "course": {"level": "so_cap"}}
    for user, status in ((bob, 403), (charlie, 404)):
        client = client_for(user)
        assert client.get(f"{base}/policies").status_code == status
        assert client.get(f"{base}/learners/{learner.pk}/outcomes", {"level": "so_cap"}).status_code == status
        assert client.post(f"{base}/estimate", payload, content_type="application/json").status_code == status
