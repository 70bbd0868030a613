"""The careers API: the same services and selectors as the pages, errors as JSON."""

import json

import pytest
from django_scopes import scope

from lotrinh.academics.models import ProgramType
from lotrinh.careers.models import LabourDemand, TradeInterestOverride, TrainingOffer
from lotrinh.conftest import client_for

from .conftest import demand, offer, trade

pytestmark = pytest.mark.django_db


def api(center, path: str) -> str:
    return f"/api/c/{center.slug}/careers/{path}"


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def rows(center_a, alice, today):
    return demand(center_a, "Hàn", 45, by=alice, year=today.year), offer(center_a, "Hàn", by=alice)


def test_it_lists_trades_with_codes_demand_and_offers(center_a, counselor, rows):
    body = client_for(counselor).get(api(center_a, "trades")).json()
    welding = next(t for t in body["items"] if t["name"] == "Hàn")
    assert welding["code"] == welding["reference_code"] == "RCI"
    assert welding["demand"] == 45 and welding["offers"][0]["cost_vnd"] == 2_500_000
    assert welding["reviewed"] is False and "51-4121.00" in welding["onet_soc_codes"]
    assert "CC BY 4.0" in body["attribution"]


def test_it_overrides_and_restores_a_code(center_a, counselor):
    client = client_for(counselor)
    welding = trade("Hàn")
    body = post(client, api(center_a, f"trades/{welding.pk}/override"), {"code": "RC", "reason": "KCN"}).json()
    assert (body["code"], body["reference_code"], body["override"]["reason"]) == ("RC", "RCI", "KCN")
    bad = post(client, api(center_a, f"trades/{welding.pk}/override"), {"code": "XYZ", "reason": "KCN"})
    assert bad.status_code == 400 and bad.json()["field"] == "code"
    restored = post(client, api(center_a, f"trades/{welding.pk}/override/remove"), {})
    assert restored.json()["code"] == "RCI"
    with scope(center=center_a):
        assert not TradeInterestOverride.objects.exists()


def test_it_refuses_negative_openings_in_json(center_a, counselor, today):
    body = {
        "trade_id": trade("Hàn").pk,
        "year": today.year,
        "openings": -3,
        "source": "Sở Nội vụ",
        "noted_on": str(today),
    }
    response = post(client_for(counselor), api(center_a, "demand"), body)
    assert response.status_code == 400
    assert response.json()["detail"] == "Số chỗ làm cần tuyển không được là số âm."
    with scope(center=center_a):
        assert not LabourDemand.objects.exists()
    created = post(client_for(counselor), api(center_a, "demand"), {**body, "openings": 30})
    assert created.status_code == 201 and created.json()["openings"] == 30


def test_it_adds_and_removes_an_offer(center_a, counselor):
    client = client_for(counselor)
    body = {
        "trade_id": trade("May công nghiệp").pk,
        "program_id": ProgramType.objects.get(code="so-cap").pk,
        "level": "so_cap",
        "duration_months": 3,
        "cost_vnd": 2_000_000,
    }
    created = post(client, api(center_a, "offers"), body)
    assert created.status_code == 201
    assert post(client, api(center_a, "offers"), {**body, "cost_vnd": -1}).status_code == 400
    assert post(client, api(center_a, f"offers/{created.json()['id']}/delete"), {}).status_code == 204
    with scope(center=center_a):
        assert not TrainingOffer.objects.exists()


def test_it_gives_a_learner_recommendations_with_reasons(center_a, counselor, learner, rows, took_test):
    took_test()
    body = client_for(counselor).get(api(center_a, f"learners/{learner.pk}/recommendations")).json()
    assert body["holland_code"] and body["advisory"] == "Gợi ý để tham khảo; em và gia đình quyết định."
    assert len(body["items"]) == 5
    assert all(item["reasons"] for item in body["items"])


def test_it_refuses_a_teacher_and_hides_from_another_center(center_a, bob, charlie, learner, rows):
    paths = ["trades", "demand", "offers", f"learners/{learner.pk}/recommendations"]
    for path in paths:
        assert client_for(bob).get(api(center_a, path)).status_code == 403
        assert client_for(charlie).get(api(center_a, path)).status_code == 404
    assert post(client_for(bob), api(center_a, "demand"), {}).status_code == 403
