"""The messaging adapter: messages stored, sent through the messenger of their channel, outcomes recorded."""

from django.core import mail
from django_scopes import scope

from lotrinh.core import notify
from lotrinh.core.models import OutboundMessage


def _message(center, **extra) -> OutboundMessage:
    values = {
        "center": center,
        "channel": OutboundMessage.Channel.EMAIL,
        "recipient": "cha@example.vn",
        "recipient_name": "Nguyễn Văn Cha",
        "subject": "Vắng học",
        "body": "Em đã vắng ba buổi liên tiếp.",
        "reason": "absence_streak",
        "related_object": "people.learner:1:since:start",
    }
    return OutboundMessage(**{**values, **extra})


def test_it_stores_messages_as_queued(center_a):
    with scope(center=center_a):
        stored = notify.messages_store([_message(center_a), _message(center_a, recipient="me@example.vn")])
        assert all(m.pk for m in stored)
        assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"queued"}


def test_it_sends_e_mail_through_django_mail(center_a):
    with scope(center=center_a):
        [message] = notify.messages_store([_message(center_a)])
        notify.messages_deliver([message.pk])
        message.refresh_from_db()
    assert message.status == "sent"
    assert message.sent_at is not None
    assert mail.outbox[0].to == ["cha@example.vn"]
    assert mail.outbox[0].subject == "Vắng học"


def test_it_uses_the_messenger_registered_for_the_channel(center_a):
    fake = notify.FakeMessenger()
    with scope(center=center_a), notify.messengers_replaced({"zalo": fake}):
        [message] = notify.messages_store([_message(center_a, channel="zalo", recipient="0912345678")])
        notify.messages_deliver([message.pk])
    assert [m.recipient for m in fake.sent] == ["0912345678"]
    assert mail.outbox == []
    assert notify.messenger_for("zalo") is None  # the replacement ends with the block


def test_it_records_a_failure_and_the_reason(center_a):
    with scope(center=center_a), notify.messengers_replaced({"email": notify.FakeMessenger(fail=True)}):
        [message] = notify.messages_store([_message(center_a)])
        notify.messages_deliver([message.pk])
        message.refresh_from_db()
    assert (message.status, message.error) == ("failed", "The fake gateway is down.")


def test_it_fails_a_message_for_a_channel_without_a_gateway(center_a):
    with scope(center=center_a):
        [message] = notify.messages_store([_message(center_a, channel="sms", recipient="0912345678")])
        notify.messages_deliver([message.pk])
        message.refresh_from_db()
    assert message.status == "failed"
    assert message.error


def test_it_does_not_send_a_message_twice(center_a):
    fake = notify.FakeMessenger()
    with scope(center=center_a), notify.messengers_replaced({"email": fake}):
        [message] = notify.messages_store([_message(center_a)])
        notify.messages_deliver([message.pk])
        notify.messages_deliver([message.pk])
    assert len(fake.sent) == 1


def test_it_lets_a_gateway_register_itself(center_a):
    fake = notify.FakeMessenger()
    with notify.messengers_replaced({}):
        notify.register("sms", fake)
        assert notify.messenger_for("sms") is fake
    assert notify.messenger_for("sms") is None
