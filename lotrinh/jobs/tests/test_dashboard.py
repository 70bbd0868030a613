"""The employment-rate dashboard: the figures from hires and answers, the definition shown, fixed queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.jobs import selectors, services
from lotrinh.jobs.models import FollowUp, TradeMatch
from lotrinh.jobs.rates import add_months

from .conftest import make_graduate

pytestmark = pytest.mark.django_db


def _dashboard(center):
    with scope(center=center):
        return selectors.employment_dashboard(center=center, today=timezone.localdate())


def _hire(center, learner, actor, today, match=TradeMatch.MATCH):
    with scope(center=center):
        placement = services.job_application_create(
            center=center, learner=learner, employer_name="Công ty TNHH Điện Quảng Trị", job_title="Thợ điện",
            trade_match=match, applied_on=today, actor=actor,
        )  # fmt: skip
        services.job_hire(placement=placement, on=today, actor=actor)


def test_it_counts_hires_and_answers_by_trade_and_cohort(center_a, alice, trade, other_trade, today):
    graduated_on = add_months(today, -7)
    hired = make_graduate(center_a, trade=trade, graduated_on=graduated_on)
    answered = make_graduate(center_a, trade=trade, graduated_on=graduated_on)
    make_graduate(center_a, trade=trade, graduated_on=graduated_on)  # not reached
    make_graduate(center_a, trade=other_trade, graduated_on=graduated_on, program="duoi-3-thang")
    _hire(center_a, hired, alice, today)
    with scope(center=center_a):
        services.followups_schedule(center=center_a, today=today)
        services.followup_answer(
            follow_up=FollowUp.objects.get(learner=answered), channel="call", employed=True,
            employer_name="Tiệm may Thu Hà", trade_match=TradeMatch.RELATED, actor=alice,
        )  # fmt: skip
    data = _dashboard(center_a)
    assert (data.total.graduates, data.total.reached, data.total.employed, data.total.in_trade) == (4, 2, 2, 1)
    assert data.total.rate_reached == 100.0
    assert data.total.rate_all == 50.0
    by_trade = {r.label: (r.graduates, r.employed) for r in data.by_trade}
    assert by_trade == {trade.name: (3, 2), other_trade.name: (1, 0)}
    assert [r.label for r in data.by_cohort] == [str(graduated_on.year)]
    assert {r.label for r in data.by_program} == {"Sơ cấp nghề", "Đào tạo dưới 3 tháng"}


def test_it_lets_a_later_answer_not_working_stand_unless_a_hire_is_recorded(center_a, alice, trade, today):
    learner = make_graduate(center_a, trade=trade, graduated_on=add_months(today, -13))
    with scope(center=center_a):
        services.followups_schedule(center=center_a, today=today)
        six, twelve = FollowUp.objects.order_by("months")
        services.followup_answer(follow_up=six, channel="call", employed=True, employer_name="Xưởng A",
                                 trade_match="match", actor=alice)  # fmt: skip
        services.followup_answer(follow_up=twelve, channel="call", employed=False, actor=alice)
    assert _dashboard(center_a).total.employed == 0
    _hire(center_a, learner, alice, today)
    assert _dashboard(center_a).total.employed == 1


def test_it_shows_the_rate_and_its_definition(center_a, alice, trade, today):
    learner = make_graduate(center_a, trade=trade, graduated_on=add_months(today, -7))
    make_graduate(center_a, trade=trade, graduated_on=add_months(today, -7))
    _hire(center_a, learner, alice, today)
    response = client_for(alice).get(reverse("jobs:dashboard", kwargs={"center_slug": center_a.slug}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cách tính tỷ lệ" in body
    assert 'id="rate-all">50,0%' in body
    assert 'id="rate-reached">100,0%' in body


def test_it_reads_the_dashboard_in_a_fixed_number_of_queries(center_a, alice, trade, today):
    def build(n):
        for i in range(n):
            learner = make_graduate(center_a, trade=trade, graduated_on=add_months(today, -13))
            if i % 2:
                _hire(center_a, learner, alice, today)
        with scope(center=center_a):
            services.followups_schedule(center=center_a, today=today)

    build(3)
    with CaptureQueriesContext(connection) as few:
        _dashboard(center_a)
    build(27)
    with CaptureQueriesContext(connection) as many:
        data = _dashboard(center_a)
    assert data.total.graduates == 30
    assert len(many) == len(few) == 5


def test_it_forbids_a_teacher_and_hides_from_a_non_member(center_a, bob, charlie):
    url = reverse("jobs:dashboard", kwargs={"center_slug": center_a.slug})
    assert client_for(bob).get(url).status_code == 403
    assert client_for(charlie).get(url).status_code == 404
