"""The industry API: roles, isolation of enterprise accounts, bad input as a 400 in Vietnamese with nothing saved."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from lotrinh.academics.models import Trade
from lotrinh.conftest import client_for
from lotrinh.industry.models import Opening, TrainingOrder
from lotrinh.industry.tests.conftest import partner


def _payload(today, **extra):
    return {
        "trade_id": Trade.objects.first().pk,
        "title": "Thợ hàn",
        "level": "so_cap",
        "count": 4,
        "wage_min": 7_000_000,
        "wage_max": 9_000_000,
        "shifts": "day",
        "deadline": (today + dt.timedelta(days=10)).isoformat(),
        **extra,
    }


@pytest.mark.parametrize("path", ["enterprises", "agreements", "training-orders", "openings", "labour-demand"])
def test_it_lists_for_staff_forbids_a_teacher_and_hides_from_others(path, officer, bob, charlie, center_a, abc):
    assert client_for(officer).get(f"/api/c/{center_a.slug}/{path}").status_code == 200
    assert client_for(bob).get(f"/api/c/{center_a.slug}/{path}").status_code == 403
    assert client_for(charlie).get(f"/api/c/{center_a.slug}/{path}").status_code == 404


def test_it_posts_an_opening_for_a_partner(officer, center_a, abc, xyz, today):
    client = client_for(officer)
    response = client.post(
        f"/api/c/{center_a.slug}/openings", _payload(today, enterprise_id=abc.pk), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["enterprise_id"] == abc.pk
    not_partner = client.post(
        f"/api/c/{center_a.slug}/openings", _payload(today, enterprise_id=xyz.pk), content_type="application/json"
    )
    assert not_partner.status_code == 400


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"deadline": "2020-01-01"}, "Hạn nộp hồ sơ không được ở quá khứ."),
        ({"wage_min": 9_500_000}, "Mức lương cao nhất không được thấp hơn mức thấp nhất."),
    ],
)
def test_it_refuses_bad_openings_with_a_vietnamese_400(ana, abc, center_a, today, extra, message):
    response = client_for(ana).post(
        f"/api/dn/{abc.slug}/openings", _payload(today, center_id=center_a.pk, **extra), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == message
    with scopes_disabled():
        assert not Opening.objects.exists()


def test_it_lets_an_enterprise_post_and_list_only_its_own(ana, abc, xyz, center_a, center_b, today):
    client = client_for(ana)
    url = f"/api/dn/{abc.slug}/openings"
    assert client.post(url, _payload(today, center_id=center_a.pk), content_type="application/json").status_code == 201
    # center B is no partner of ABC
    assert client.post(url, _payload(today, center_id=center_b.pk), content_type="application/json").status_code == 400
    partner(center_a, xyz)
    with scopes_disabled():
        Opening.objects.create(
            center=center_a, enterprise=xyz, trade=Trade.objects.first(), title="XYZ", count=1,
            wage_min=1, wage_max=2, deadline=today,
        )  # fmt: skip
    titles = [o["title"] for o in client.get(url).json()]
    assert titles == ["Thợ hàn"]


def test_it_answers_404_to_another_enterprise_account_and_401_to_anonymous(ana, xavier, abc, xyz, center_a, today):
    assert client_for(xavier).get(f"/api/dn/{abc.slug}/openings").status_code == 404
    assert client_for(None).get(f"/api/dn/{abc.slug}/openings").status_code == 401
    with scopes_disabled():
        theirs = TrainingOrder.objects.create(
            center=center_a, enterprise=abc, trade=Trade.objects.first(), head_count=3, starts_on=today
        )
    assert client_for(ana).get(f"/api/dn/{abc.slug}/training-orders/{theirs.pk}").status_code == 200
    assert client_for(xavier).get(f"/api/dn/{xyz.slug}/training-orders/{theirs.pk}").status_code == 404


def test_it_answers_404_to_another_enterprise_account_whatever_body_it_sends(ana, xavier, abc, center_a):
    url = f"/api/dn/{abc.slug}/openings"
    for body in ('{"count": "many"}', "{}", "not json"):
        response = client_for(xavier).post(url, body, content_type="application/json")
        assert response.status_code == 404, body
        assert response.json()["code"] == "not_found"
    # The enterprise's own contact sending the same invalid body is told what is wrong with it.
    assert client_for(ana).post(url, '{"count": "many"}', content_type="application/json").status_code == 422
