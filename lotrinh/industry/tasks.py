"""Background work of the industry area: thin, takes ids, re-enters the center scope, calls the service.

Daily (the nightly timer runs ``manage.py agreement_reminders``, which enqueues this for every center):

    agreement_reminders_all_task.enqueue()
"""

import datetime as dt

from django.db import transaction
from django.tasks import task
from django_scopes import scope, scopes_disabled

from lotrinh.core import notify
from lotrinh.core.models import Center

from . import services


@task()
def agreement_reminders_send_task(center_id: int, day: str | None = None) -> int:
    """Renewal reminders of one center's expiring agreements (``day`` as YYYY-MM-DD, today by default)."""
    from django.utils import timezone

    with scopes_disabled():
        center = Center.objects.get(pk=center_id)
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    with scope(center=center):
        with transaction.atomic():
            ids = services.agreement_reminders_send(center=center, day=today)
        notify.messages_deliver(ids)
    return len(ids)


@task()
def agreement_reminders_all_task(day: str | None = None) -> int:
    with scopes_disabled():
        ids = list(Center.objects.values_list("pk", flat=True))
    for center_id in ids:
        agreement_reminders_send_task.enqueue(center_id=center_id, day=day)
    return len(ids)
