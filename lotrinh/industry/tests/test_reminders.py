"""Renewal reminders: one message per expiring agreement to the enterprise officers, once per threshold."""

import datetime as dt

from django_scopes import scope

from lotrinh.core.models import OutboundMessage
from lotrinh.industry import services
from lotrinh.industry.models import Agreement, AgreementReminder


def _agreement(center, enterprise, today, days_left, number):
    with scope(center=center):
        return Agreement.objects.create(
            center=center,
            kind=Agreement.Kind.INTERNSHIP,
            enterprise=enterprise,
            number=number,
            signed_on=today - dt.timedelta(days=365),
            valid_from=today - dt.timedelta(days=365),
            valid_to=today + dt.timedelta(days=days_left),
        )


def test_it_reminds_the_enterprise_officers_once_per_threshold(center_a, officer, alice, abc, today, on_day):
    soon = _agreement(center_a, abc, today, 25, "01/HĐTT")
    _agreement(center_a, abc, today, 200, "02/HĐTT")  # far away: no reminder
    _agreement(center_a, abc, today, -1, "03/HĐTT")  # already ended: no reminder
    with scope(center=center_a):
        ids = services.agreement_reminders_send(center=center_a, day=today)
        messages = list(OutboundMessage.objects.filter(pk__in=ids))
        assert [m.recipient for m in messages] == [officer.email]  # the officer, not the director
        assert "01/HĐTT" in messages[0].subject
        assert AgreementReminder.objects.get().threshold_days == 30
        # the next day: nothing new
        assert services.agreement_reminders_send(center=center_a, day=today + dt.timedelta(days=1)) == []
        # at 7 days left, the second threshold
        assert len(services.agreement_reminders_send(center=center_a, day=soon.valid_to - dt.timedelta(days=7))) == 1
        assert sorted(AgreementReminder.objects.values_list("threshold_days", flat=True)) == [7, 30]


def test_it_reminds_the_director_when_there_is_no_enterprise_officer(center_a, alice, abc, today):
    _agreement(center_a, abc, today, 50, "04/HĐTT")
    with scope(center=center_a):
        ids = services.agreement_reminders_send(center=center_a, day=today)
        assert list(OutboundMessage.objects.filter(pk__in=ids).values_list("recipient", flat=True)) == [alice.email]


def test_the_task_delivers_the_reminders(center_a, officer, abc, today, mailoutbox):
    from lotrinh.industry.tasks import agreement_reminders_send_task

    _agreement(center_a, abc, today, 5, "05/HĐTT")
    assert agreement_reminders_send_task.call(center_id=center_a.pk, day=today.isoformat()) == 1
    assert len(mailoutbox) == 1 and "05/HĐTT" in mailoutbox[0].subject
