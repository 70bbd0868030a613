"""Graduate follow-up: scheduled at 6 and 12 months, the survey link (SMS), the public survey, the call form."""

import datetime as dt
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.models import OutboundMessage
from lotrinh.core.notify import FakeMessenger, messengers_replaced
from lotrinh.jobs import services
from lotrinh.jobs.models import FollowUp
from lotrinh.jobs.rates import add_months

from .conftest import make_graduate

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(center_a, trade, today):
    """Graduated 13 months ago: both follow-ups are due."""
    return make_graduate(center_a, trade=trade, graduated_on=add_months(today, -13), phone="0912345678",
                         full_name="Trần Thị Lan")  # fmt: skip


def _schedule(center, today):
    with scope(center=center):
        return services.followups_schedule(center=center, today=today)


def test_it_schedules_the_due_follow_ups_once(center_a, graduate, trade, today):
    recent = make_graduate(center_a, trade=trade, graduated_on=add_months(today, -7))
    make_graduate(center_a, trade=trade, graduated_on=add_months(today, -2))  # nothing due yet
    assert _schedule(center_a, today) == 3  # 6 and 12 months for the first, 6 months for the second
    assert _schedule(center_a, today) == 0
    with scope(center=center_a):
        rows = sorted(FollowUp.objects.values_list("learner_id", "months"))
    assert rows == sorted([(graduate.pk, 6), (graduate.pk, 12), (recent.pk, 6)])


def test_it_schedules_every_centers_follow_ups_from_the_nightly_command(center_a, graduate, trade, today):
    from django.core.management import call_command

    call_command("followups_schedule", stdout=io.StringIO())  # the test settings run tasks at once
    call_command("followups_schedule", stdout=io.StringIO())
    with scope(center=center_a):
        assert sorted(FollowUp.objects.values_list("learner_id", "months")) == [(graduate.pk, 6), (graduate.pk, 12)]


def test_it_sends_the_survey_link_by_sms(center_a, alice, graduate, today, django_capture_on_commit_callbacks):
    _schedule(center_a, today)
    with scope(center=center_a):
        follow_up = FollowUp.objects.get(months=6)
    url = reverse("jobs:followup-send", kwargs={"center_slug": center_a.slug, "pk": follow_up.pk})
    fake = FakeMessenger()
    with messengers_replaced({OutboundMessage.Channel.SMS: fake}), django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(url)
    assert response.status_code == 302
    assert len(fake.sent) == 1
    assert fake.sent[0].recipient == "0912345678"
    assert f"/p/{center_a.slug}/khao-sat/{follow_up.token}/" in fake.sent[0].body
    with scope(center=center_a):
        follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.SENT


def _answer(employed="yes", **extra):
    return {"employed": employed, "employer_name": "Công ty TNHH May ABC", "trade_match": "match",
            "satisfaction": "4", "further_study": "no", **extra}  # fmt: skip


def test_it_takes_the_answer_by_the_link_once(center_a, graduate, today):
    _schedule(center_a, today)
    with scope(center=center_a):
        follow_up = FollowUp.objects.get(months=12)
    url = reverse("jobs:survey", kwargs={"portal_slug": center_a.slug, "token": follow_up.token})
    client = client_for(None)
    page = client.get(url)
    assert page.status_code == 200
    assert "Trần Thị Lan" in page.content.decode()
    assert client.post(url, _answer()).status_code == 200
    with scope(center=center_a):
        follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.channel, follow_up.employed, follow_up.recorded_by) == (
        "answered",
        "link",
        True,
        None,
    )
    assert follow_up.answered_at is not None
    again = client.post(url, _answer(employed="no"))
    assert again.status_code == 409
    assert "Khảo sát này đã được trả lời" in again.content.decode()
    with scope(center=center_a):
        follow_up.refresh_from_db()
    assert follow_up.employed is True


def test_it_refuses_a_wrong_token_with_a_plain_404(center_a, graduate, today):
    _schedule(center_a, today)
    url = reverse("jobs:survey", kwargs={"portal_slug": center_a.slug, "token": "khong-dung-ma-nay"})
    assert client_for(None).get(url).status_code == 404


def test_it_refuses_another_centers_token(center_a, center_b, graduate, today):
    _schedule(center_a, today)
    with scope(center=center_a):
        token = FollowUp.objects.first().token
    url = reverse("jobs:survey", kwargs={"portal_slug": center_b.slug, "token": token})
    assert client_for(None).get(url).status_code == 404


def test_it_asks_where_a_working_graduate_works_and_saves_nothing(center_a, graduate, today):
    _schedule(center_a, today)
    with scope(center=center_a):
        follow_up = FollowUp.objects.get(months=6)
    url = reverse("jobs:survey", kwargs={"portal_slug": center_a.slug, "token": follow_up.token})
    response = client_for(None).post(url, _answer(employer_name=""))
    assert response.status_code == 422
    assert "Ghi nơi bạn đang làm việc." in response.content.decode()
    with scope(center=center_a):
        follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DUE


@override_settings(LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR=1)
def test_it_limits_the_answers_per_client(center_a, graduate, today):
    _schedule(center_a, today)
    with scope(center=center_a):
        first, second = FollowUp.objects.order_by("months")
    client = client_for(None)
    client.post(reverse("jobs:survey", kwargs={"portal_slug": center_a.slug, "token": first.token}), _answer())
    url = reverse("jobs:survey", kwargs={"portal_slug": center_a.slug, "token": second.token})
    assert client.post(url, _answer()).status_code == 429
    with scope(center=center_a):
        second.refresh_from_db()
    assert second.status == FollowUp.Status.DUE


def test_it_takes_an_answer_given_on_the_phone(center_a, alice, graduate, today):
    _schedule(center_a, today)
    with scope(center=center_a):
        follow_up = FollowUp.objects.get(months=6)
    url = reverse("jobs:followup-call", kwargs={"center_slug": center_a.slug, "pk": follow_up.pk})
    assert client_for(alice).get(url).status_code == 200
    response = client_for(alice).post(url, _answer(employed="no", employer_name=""))
    assert response.status_code == 302
    with scope(center=center_a):
        follow_up.refresh_from_db()
    assert (follow_up.channel, follow_up.employed, follow_up.recorded_by) == ("call", False, alice)


def test_it_forbids_a_teacher_the_call_form(center_a, bob, graduate, today):
    _schedule(center_a, today)
    with scope(center=center_a):
        follow_up = FollowUp.objects.first()
    url = reverse("jobs:followup-call", kwargs={"center_slug": center_a.slug, "pk": follow_up.pk})
    assert client_for(bob).post(url, _answer()).status_code == 403
    with scope(center=center_a):
        follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DUE


def test_it_lists_follow_ups_in_a_fixed_number_of_queries(center_a, alice, trade, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("jobs:followup-list", kwargs={"center_slug": center_a.slug}) + "?show=all"
    client = client_for(alice)
    for _ in range(2):
        make_graduate(center_a, trade=trade, graduated_on=add_months(today, -13))
    _schedule(center_a, today)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(10):
        make_graduate(center_a, trade=trade, graduated_on=add_months(today, -13))
    _schedule(center_a, today)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_it_counts_the_day_of_graduation_not_the_enrolment(center_a, trade, today):
    graduated_on = today - dt.timedelta(days=200)
    make_graduate(center_a, trade=trade, graduated_on=graduated_on)
    _schedule(center_a, today)
    with scope(center=center_a):
        follow_up = FollowUp.objects.get()
    assert (follow_up.graduated_on, follow_up.due_on) == (graduated_on, add_months(graduated_on, 6))
