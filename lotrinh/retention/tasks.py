"""Background work of the retention area: thin, takes ids, re-enters the center scope, calls the service.

Enqueue after a roll is saved (only that class's learners, no retraining):

    transaction.on_commit(lambda: risk_recompute_task.enqueue(center_id=center.pk, learner_ids=[...]))

and nightly for every center (the whole center; the learned model retrains when the history grew):

    risk_recompute_task.enqueue(center_id=center.pk)
"""

import datetime as dt

from django.tasks import task
from django_scopes import scope, scopes_disabled

from lotrinh.core.models import Center
from lotrinh.core.worker import recoverable

from . import services


# A recompute is one transaction that computes every risk afresh: after a worker died under it, it runs again.
@recoverable(resume=True)
@task()
def risk_recompute_task(center_id: int, day: str | None = None, learner_ids: list[int] | None = None) -> dict:
    """Recompute drop-out risks of a center (``day`` as YYYY-MM-DD, today by default)."""
    with scopes_disabled():
        center = Center.objects.get(pk=center_id)
    today = dt.date.fromisoformat(day) if day else None
    with scope(center=center):
        summary = services.risk_recompute(center=center, today=today, learner_ids=learner_ids)
    return {"method": summary.method, "learners": summary.learners, "changed": summary.changed, **summary.levels}


@recoverable(resume=True)
@task()
def risk_recompute_all_task(day: str | None = None) -> int:
    """Enqueue a recompute for every center (for a nightly schedule)."""
    with scopes_disabled():
        ids = list(Center.objects.values_list("pk", flat=True))
    for center_id in ids:
        risk_recompute_task.enqueue(center_id=center_id, day=day)
    return len(ids)
