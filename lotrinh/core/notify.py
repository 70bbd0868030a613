"""Messages to people, behind one adapter: e-mail now; an SMS or Zalo gateway implements the same protocol.

A service stores every message as an ``OutboundMessage`` row (``messages_store``) inside its
transaction and hands the ids to a task after the commit; the task calls ``messages_deliver``, which
picks the messenger registered for each message's channel and records the outcome (sent or failed).
Nothing is lost when a gateway is down: the row keeps the error.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OutboundMessage


class Messenger(Protocol):
    """Sends one message or raises; it does not touch the database."""

    def send(self, message: OutboundMessage) -> None: ...


class EmailMessenger:
    """Django mail: SMTP in production, the console in development, the outbox in tests."""

    def send(self, message: OutboundMessage) -> None:
        send_mail(message.subject, message.body, None, [message.recipient], fail_silently=False)


class FakeMessenger:
    """A test double that records what it was asked to send; ``fail=True`` makes every send raise."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.sent: list[OutboundMessage] = []

    def send(self, message: OutboundMessage) -> None:
        if self.fail:
            raise ConnectionError("The fake gateway is down.")
        self.sent.append(message)


# The messenger for each channel. A gateway app registers its own in AppConfig.ready().
_registry: dict[str, Messenger] = {OutboundMessage.Channel.EMAIL: EmailMessenger()}


def register(channel: str, messenger: Messenger) -> None:
    _registry[channel] = messenger


def messenger_for(channel: str) -> Messenger | None:
    return _registry.get(channel)


@contextmanager
def messengers_replaced(replacements: dict[str, Messenger]) -> Iterator[dict[str, Messenger]]:
    """For tests: use these messengers (e.g. a FakeMessenger) instead of the registered ones."""
    saved = dict(_registry)
    _registry.update(replacements)
    try:
        yield replacements
    finally:
        _registry.clear()
        _registry.update(saved)


def messages_store(messages: Iterable[OutboundMessage]) -> list[OutboundMessage]:
    """Save new messages as queued, in one query; the caller sends their ids to a task after the commit."""
    messages = list(messages)
    for message in messages:
        message.status = OutboundMessage.Status.QUEUED
    return OutboundMessage.objects.bulk_create(messages)


def messages_deliver(message_ids: Iterable[int]) -> list[OutboundMessage]:
    """Send the queued messages among ``message_ids`` and record each outcome; already sent ones are skipped."""
    messages = list(OutboundMessage.objects.filter(pk__in=list(message_ids), status=OutboundMessage.Status.QUEUED))
    for message in messages:
        messenger = messenger_for(message.channel)
        if messenger is None:
            message.status = OutboundMessage.Status.FAILED
            message.error = _("No gateway is set up for this channel (%(channel)s).") % {
                "channel": message.get_channel_display()
            }
        else:
            try:
                messenger.send(message)
            except Exception as error:  # any gateway failure is recorded, never lost
                message.status = OutboundMessage.Status.FAILED
                message.error = str(error)[:255] or error.__class__.__name__
            else:
                message.status = OutboundMessage.Status.SENT
                message.sent_at = timezone.now()
        message.save(update_fields=["status", "error", "sent_at"])
    return messages
