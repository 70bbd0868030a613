"""The jobs API: placements, follow-ups and the rate; non-member 404, teacher 403, bad input 400/422."""

import json

import pytest
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.factories import LearnerFactory
from lotrinh.jobs import services
from lotrinh.jobs.models import FollowUp, JobPlacement
from lotrinh.jobs.rates import add_months

from .conftest import make_graduate

pytestmark = pytest.mark.django_db


def _post(user, url, data):
    return client_for(user).post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def learner(center_a):
    with scope(center=center_a):
        return LearnerFactory(center=center_a)


def test_it_records_an_application_then_the_hire(center_a, alice, learner, abc, today):
    base = f"/api/c/{center_a.slug}/jobs/placements"
    created = _post(alice, base, {"learner_id": learner.pk, "enterprise_id": abc.pk, "job_title": "Công nhân may",
                                  "trade_match": "match", "applied_on": today.isoformat()})  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    hired = _post(alice, f"{base}/{pk}/steps", {"action": "hire", "on": today.isoformat()})
    assert hired.status_code == 200
    assert hired.json()["status"] == "hired"
    listing = client_for(alice).get(f"{base}?status=hired")
    assert listing.json()["count"] == 1


def test_it_answers_400_in_vietnamese_and_saves_nothing(center_a, alice, learner, today):
    response = _post(alice, f"/api/c/{center_a.slug}/jobs/placements", {
        "learner_id": learner.pk, "job_title": "Thợ hàn", "trade_match": "match", "applied_on": today.isoformat(),
    })  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"] == "Chọn doanh nghiệp đối tác hoặc ghi tên nơi tuyển dụng."
    with scope(center=center_a):
        assert not JobPlacement.objects.exists()


def test_it_refuses_a_partner_of_another_center(center_a, center_b, alice, learner, today):
    from lotrinh.industry.tests.conftest import make_enterprise, partner

    other = make_enterprise("go-khac", "Công ty Gỗ Khác")
    partner(center_b, other)
    response = _post(alice, f"/api/c/{center_a.slug}/jobs/placements", {
        "learner_id": learner.pk, "enterprise_id": other.pk, "job_title": "Thợ mộc", "trade_match": "match",
        "applied_on": today.isoformat(),
    })  # fmt: skip
    assert response.status_code == 400
    assert response.json()["field"] == "enterprise_id"


def test_it_takes_a_call_answer_and_shows_the_rate(center_a, alice, trade, today):
    make_graduate(center_a, trade=trade, graduated_on=add_months(today, -7))
    with scope(center=center_a):
        services.followups_schedule(center=center_a, today=today)
        follow_up = FollowUp.objects.get()
    listing = client_for(alice).get(f"/api/c/{center_a.slug}/jobs/follow-ups")
    assert [row["id"] for row in listing.json()["items"]] == [follow_up.pk]
    answered = _post(alice, f"/api/c/{center_a.slug}/jobs/follow-ups/{follow_up.pk}/answer",
                     {"employed": True, "employer_name": "Xưởng may Hòa Bình", "trade_match": "match"})  # fmt: skip
    assert answered.status_code == 200
    assert answered.json()["channel"] == "call"
    twice = _post(alice, f"/api/c/{center_a.slug}/jobs/follow-ups/{follow_up.pk}/answer", {"employed": False})
    assert twice.status_code == 400
    rate = client_for(alice).get(f"/api/c/{center_a.slug}/jobs/employment-rate").json()
    assert rate["total"]["employed"] == 1
    assert rate["total"]["rate_all"] == 100.0


@pytest.mark.parametrize(
    "url", ["/api/c/{slug}/jobs/placements", "/api/c/{slug}/jobs/follow-ups", "/api/c/{slug}/jobs/employment-rate"]
)
def test_it_forbids_a_teacher_and_hides_from_a_non_member(center_a, bob, charlie, url):
    url = url.format(slug=center_a.slug)
    assert client_for(bob).get(url).status_code == 403
    assert client_for(charlie).get(url).status_code == 404


def test_it_forbids_a_teacher_to_write_whatever_the_body(center_a, bob):
    response = _post(bob, f"/api/c/{center_a.slug}/jobs/placements", {"nonsense": 1})
    assert response.status_code == 403
