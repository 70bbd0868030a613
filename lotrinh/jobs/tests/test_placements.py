"""Job placements: one service per step, wrong steps refused in Vietnamese, the pages and their access."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.factories import LearnerFactory
from lotrinh.jobs import services
from lotrinh.jobs.models import JobPlacement, JobPlacementStep, TradeMatch, WageBand

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(center_a):
    with scope(center=center_a):
        return LearnerFactory(center=center_a, full_name="Nguyễn Văn Hùng")


def _apply(center, learner, actor, today, **extra):
    with scope(center=center):
        return services.job_application_create(
            center=center, learner=learner, job_title="Công nhân may", trade_match=TradeMatch.MATCH,
            applied_on=extra.pop("applied_on", today - dt.timedelta(days=20)), actor=actor, **extra,
        )  # fmt: skip


def test_it_follows_an_application_to_the_hire_with_its_steps_and_audit(center_a, alice, learner, abc, today):
    placement = _apply(center_a, learner, alice, today, enterprise=abc)
    band = WageBand.objects.get(code="5-7tr")
    with scope(center=center_a):
        services.job_interview_record(placement=placement, on=today - dt.timedelta(days=10), actor=alice)
        services.job_hire(placement=placement, on=today - dt.timedelta(days=3), wage_band=band, actor=alice)
        placement.refresh_from_db()
        steps = list(JobPlacementStep.objects.filter(placement=placement).values_list("status", flat=True))
        audits = AuditEvent.objects.filter(object_type="jobs.jobplacement", object_id=str(placement.pk)).count()
    assert placement.status == JobPlacement.Status.HIRED
    assert placement.hired_on == today - dt.timedelta(days=3)
    assert placement.wage_band == band
    assert placement.employer == "Công ty TNHH May ABC"
    assert steps == ["applied", "interviewed", "hired"]
    assert audits == 3


def test_it_refuses_a_step_after_the_end_in_vietnamese(center_a, alice, learner, today):
    placement = _apply(center_a, learner, alice, today, employer_name="Cửa hàng sửa xe Minh Phát")
    with scope(center=center_a):
        services.job_reject(placement=placement, on=today, actor=alice)
        with pytest.raises(ApplicationError) as error:
            services.job_hire(placement=placement, on=today, actor=alice)
        assert JobPlacementStep.objects.filter(placement=placement).count() == 2
    assert "không thể" in error.value.message


def test_it_refuses_a_date_before_the_previous_step(center_a, alice, learner, today):
    placement = _apply(center_a, learner, alice, today, employer_name="Xưởng mộc Tân Tiến")
    with scope(center=center_a), pytest.raises(ApplicationError) as error:
        services.job_interview_record(placement=placement, on=today - dt.timedelta(days=30), actor=alice)
    assert error.value.field == "on"
    with scope(center=center_a):
        placement.refresh_from_db()
    assert placement.status == JobPlacement.Status.APPLIED


def test_it_refuses_an_application_without_an_employer(center_a, alice, learner, today):
    with pytest.raises(ApplicationError) as error:
        _apply(center_a, learner, alice, today)
    assert "employer_name" in error.value.errors
    with scope(center=center_a):
        assert not JobPlacement.objects.exists()


def test_it_records_an_application_from_the_page(center_a, alice, learner, abc, today):
    url = reverse("jobs:placement-create", kwargs={"center_slug": center_a.slug})
    response = client_for(alice).post(url, {
        "learner": learner.pk, "enterprise": abc.pk, "job_title": "Thợ may", "trade_match": "match",
        "applied_on": today.strftime("%d/%m/%Y"),
    })  # fmt: skip
    assert response.status_code == 302
    with scope(center=center_a):
        placement = JobPlacement.objects.get()
    assert placement.enterprise == abc
    page = client_for(alice).get(response["Location"])
    assert "Thợ may" in page.content.decode()


def test_it_shows_the_errors_and_saves_nothing_for_a_bad_form(center_a, alice, learner, today):
    url = reverse("jobs:placement-create", kwargs={"center_slug": center_a.slug})
    response = client_for(alice).post(url, {"learner": learner.pk, "job_title": "", "trade_match": "match",
                                            "applied_on": "31/02/2026"})  # fmt: skip
    assert response.status_code == 422
    body = response.content.decode()
    assert "Chọn doanh nghiệp đối tác hoặc ghi tên nơi tuyển dụng." in body
    with scope(center=center_a):
        assert not JobPlacement.objects.exists()


def test_it_records_the_hire_from_the_detail_page(center_a, alice, learner, abc, today):
    placement = _apply(center_a, learner, alice, today, enterprise=abc)
    url = reverse("jobs:placement-step", kwargs={"center_slug": center_a.slug, "pk": placement.pk})
    response = client_for(alice).post(url, {"action": "hire", "on": today.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    with scope(center=center_a):
        placement.refresh_from_db()
    assert placement.status == "hired"
    again = client_for(alice).post(url, {"action": "reject", "on": today.strftime("%d/%m/%Y")})
    assert again.status_code == 422
    assert "Đã tuyển dụng" in again.content.decode()


@pytest.mark.parametrize("name", ["jobs:placement-list", "jobs:dashboard", "jobs:followup-list"])
def test_it_forbids_a_teacher_the_pages(center_a, bob, name):
    assert client_for(bob).get(reverse(name, kwargs={"center_slug": center_a.slug})).status_code == 403


def test_it_forbids_a_teacher_to_record(center_a, bob, learner, today):
    url = reverse("jobs:placement-create", kwargs={"center_slug": center_a.slug})
    data = {"learner": learner.pk, "employer_name": "X", "job_title": "Thợ", "trade_match": "match",
            "applied_on": today.strftime("%d/%m/%Y")}  # fmt: skip
    response = client_for(bob).post(url, data)
    assert response.status_code == 403
    with scope(center=center_a):
        assert not JobPlacement.objects.exists()


def test_it_hides_the_center_from_a_non_member(center_a, charlie):
    url = reverse("jobs:placement-list", kwargs={"center_slug": center_a.slug})
    assert client_for(charlie).get(url).status_code == 404


def test_it_lists_placements_in_a_fixed_number_of_queries(center_a, alice, abc, today, django_assert_max_num_queries):
    url = reverse("jobs:placement-list", kwargs={"center_slug": center_a.slug})
    client = client_for(alice)
    with scope(center=center_a):
        learners = LearnerFactory.create_batch(3, center=center_a)
    for learner in learners:
        _apply(center_a, learner, alice, today, enterprise=abc)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with scope(center=center_a):
        more = LearnerFactory.create_batch(20, center=center_a)
    for learner in more:
        _apply(center_a, learner, alice, today, employer_name="Cơ sở Hoàng Long")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_it_records_an_application_for_an_opening_with_its_employer_and_trade(center_a, alice, learner, abc, today):
    from lotrinh.academics.models import Trade
    from lotrinh.industry.models import Opening

    trade = Trade.objects.order_by("pk").first()
    with scope(center=center_a):
        opening = Opening.objects.create(
            center=center_a, enterprise=abc, trade=trade, title="Công nhân cắt vải", count=3,
            wage_min=6_000_000, wage_max=7_500_000, deadline=today + dt.timedelta(days=10),
        )  # fmt: skip
    url = reverse("jobs:placement-create", kwargs={"center_slug": center_a.slug})
    response = client_for(alice).post(url, {"learner": learner.pk, "opening": opening.pk, "trade_match": "match",
                                            "applied_on": today.strftime("%d/%m/%Y")})  # fmt: skip
    assert response.status_code == 302
    with scope(center=center_a):
        placement = JobPlacement.objects.get()
    assert (placement.opening, placement.enterprise, placement.trade, placement.job_title) == (
        opening,
        abc,
        trade,
        "Công nhân cắt vải",
    )
