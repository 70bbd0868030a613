"""Background work of the academics area: thin, takes ids, re-enters the center scope."""

from django.tasks import task
from django_scopes import scope

from lotrinh.core import notify
from lotrinh.core.models import Center


@task
def messages_send(*, center_id: int, message_ids: list[int]) -> int:
    """Deliver queued messages (absence streaks) through the messenger of their channel."""
    center = Center.objects.get(pk=center_id)
    with scope(center=center):
        return len(notify.messages_deliver(message_ids))
