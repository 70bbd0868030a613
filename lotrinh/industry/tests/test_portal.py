"""The enterprise account's own pages: posting openings for a partner center, isolation from other enterprises."""

import datetime as dt

from django.urls import reverse
from django_scopes import scopes_disabled

from lotrinh.academics.models import Trade
from lotrinh.conftest import client_for
from lotrinh.industry.models import Opening, TrainingOrder
from lotrinh.industry.tests.conftest import partner


def openings_url(enterprise) -> str:
    return reverse("industry:portal-openings", kwargs={"enterprise_slug": enterprise.slug})


def _data(center, today, **extra):
    return {
        "center": center.pk,
        "trade": Trade.objects.first().pk,
        "title": "Công nhân may",
        "level": "unskilled",
        "count": 25,
        "wage_min": 5_500_000,
        "wage_max": 7_000_000,
        "shifts": "day",
        "deadline": (today + dt.timedelta(days=14)).strftime("%d/%m/%Y"),
        **extra,
    }


def test_it_lets_the_enterprise_post_an_opening_for_its_partner_center(ana, abc, center_a, today):
    client = client_for(ana)
    assert client.get(openings_url(abc)).status_code == 200
    assert client.post(openings_url(abc), _data(center_a, today)).status_code == 302
    with scopes_disabled():
        opening = Opening.objects.get()
    assert (opening.center, opening.enterprise, opening.posted_by, opening.posted_by_enterprise) == (
        center_a,
        abc,
        ana,
        True,
    )
    assert "Công nhân may" in client.get(openings_url(abc)).content.decode()


def test_it_refuses_a_center_that_is_not_a_partner(ana, abc, center_b, today):
    response = client_for(ana).post(openings_url(abc), _data(center_b, today))
    assert response.status_code == 422
    with scopes_disabled():
        assert not Opening.objects.exists()


def test_it_refuses_a_past_deadline_in_vietnamese(ana, abc, center_a, today):
    response = client_for(ana).post(openings_url(abc), _data(center_a, today, deadline="01/01/2020"))
    assert response.status_code == 422
    assert "Hạn nộp hồ sơ không được ở quá khứ." in response.content.decode()
    with scopes_disabled():
        assert not Opening.objects.exists()


def test_it_answers_404_to_another_enterprise_account(xavier, abc, center_a, today):
    response = client_for(xavier).post(openings_url(abc), _data(center_a, today))
    assert response.status_code == 404
    with scopes_disabled():
        assert not Opening.objects.exists()


def test_it_hides_another_enterprises_order_even_at_a_shared_center(ana, abc, xyz, center_a, today):
    partner(center_a, xyz)
    with scopes_disabled():
        theirs = TrainingOrder.objects.create(
            center=center_a, enterprise=xyz, trade=Trade.objects.first(), head_count=5, starts_on=today
        )
        mine = TrainingOrder.objects.create(
            center=center_a, enterprise=abc, trade=Trade.objects.first(), head_count=8, starts_on=today
        )
    client = client_for(ana)

    def order(pk):
        return reverse("industry:portal-order", kwargs={"enterprise_slug": abc.slug, "pk": pk})

    assert client.get(order(mine.pk)).status_code == 200
    assert client.get(order(theirs.pk)).status_code == 404
