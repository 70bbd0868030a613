"""The enterprise's own pages: slots for open rounds of partner centers, its published interns — only its own."""

import datetime as dt

from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.internships import services
from lotrinh.internships.models import InternshipSlot

from .conftest import add_slot


def _post(enterprise, round, weld, **extra):
    data = {
        "round": round.pk,
        "trade": weld.pk,
        "capacity": "2",
        "place": "Xưởng hàn số 2",
        "day1": "2",
        "from1": "13:30",
        "to1": "17:00",
    }
    data.update(extra)
    return reverse("internships:enterprise-slot-create", kwargs={"enterprise_slug": enterprise.slug}), data


def test_it_lets_the_enterprise_post_a_slot_for_a_partner_center(ana, abc, round_, weld, center_a):
    url, data = _post(abc, round_, weld)
    response = client_for(ana).post(url, data)
    assert response.status_code == 302
    with scope(center=center_a):
        slot = InternshipSlot.objects.get()
    assert slot.enterprise == abc and slot.capacity == 2 and slot.blocks.get().weekday == 2
    page = client_for(ana).get(reverse("internships:enterprise", kwargs={"enterprise_slug": abc.slug}))
    assert page.status_code == 200 and "Xưởng hàn số 2" in page.content.decode()


def test_it_refuses_zero_capacity_from_the_enterprise(ana, abc, round_, weld, center_a):
    url, data = _post(abc, round_, weld, capacity="0")
    response = client_for(ana).post(url, data)
    assert response.status_code == 422 and "Số chỗ phải ít nhất là 1." in response.content.decode()
    with scope(center=center_a):
        assert not InternshipSlot.objects.exists()


def test_it_answers_404_to_another_enterprise(ana, xavier, abc, xyz, round_, weld, center_a):
    # Xavier's enterprise is not a partner of center A: its round does not exist for him.
    url, data = _post(xyz, round_, weld)
    assert client_for(xavier).post(url, data).status_code == 404
    # Nor can he open ABC's pages, nor Ana open XYZ's.
    assert (
        client_for(xavier).get(reverse("internships:enterprise", kwargs={"enterprise_slug": abc.slug})).status_code
        == 404
    )
    assert (
        client_for(ana).get(reverse("internships:enterprise", kwargs={"enterprise_slug": xyz.slug})).status_code == 404
    )
    url, data = _post(abc, round_, weld)
    assert client_for(xavier).post(url, data).status_code == 404
    with scope(center=center_a):
        assert not InternshipSlot.objects.exists()


def test_it_shows_only_its_own_published_interns(ana, abc, center_a, officer, round_, weld, weld_class, today):
    from .conftest import make_enterprise

    other = make_enterprise("han-khac", "Công ty TNHH Hàn Khác", center_a)
    with scope(center=center_a):
        mine = add_slot(round_, abc, weld, capacity=1, actor=officer)
        theirs = add_slot(round_, other, weld, capacity=2, actor=officer)
        first, second, third = weld_class.learners
        services.preference_set(round=round_, learner=first, choices=[(1, mine.pk)], actor=officer)
        services.preference_set(round=round_, learner=second, choices=[(1, theirs.pk)], actor=officer)
        services.preference_set(round=round_, learner=third, choices=[(1, theirs.pk)], actor=officer)
        services.allocation_run(round=round_, actor=officer)
    url = reverse("internships:enterprise", kwargs={"enterprise_slug": abc.slug})
    before = client_for(ana).get(url).content.decode()
    assert first.full_name not in before  # not published yet
    with scope(center=center_a):
        services.round_publish(round=round_, actor=officer)
    text = client_for(ana).get(url).content.decode()
    assert first.full_name in text and "H1" in text
    assert second.full_name not in text and third.full_name not in text
    assert (round_.starts_on + dt.timedelta(days=0)).strftime("%d/%m/%Y") in text


def test_it_sends_an_anonymous_visitor_to_log_in(abc):
    response = client_for(None).get(reverse("internships:enterprise", kwargs={"enterprise_slug": abc.slug}))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
