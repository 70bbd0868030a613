"""What a task worker killed mid-task leaves behind, and how it is recovered.

django-tasks-db claims a task by marking its row RUNNING with the worker's id. A worker killed mid-task (SIGKILL,
the OOM killer, a power cut, systemd's stop timeout) never marks it again, so the row would stay RUNNING for ever
and the task would never run: an import would show "saving" for ever, a recompute would simply be lost.

A task declares with ``@recoverable(...)`` what may be done with it then:

- ``resume=True``: run it again. Only for a task whose writes are one transaction (the kill rolls it back) and
  that re-reads what is already done (an import re-matches the rows against the center, so saving twice creates
  nothing the second time; a recompute recomputes). It goes back to READY, up to MAX_ATTEMPTS claims in all.
- ``abandoned``: called with the task's arguments when the task is given up (out of attempts, or not resumable),
  so that the app's own record says so (an import job ends failed with a message, instead of "saving").

A task that declares nothing is never run twice: it ends FAILED. A worker is known to be dead in two ways:

- the worker with the same id starts again: ``manage.py task_worker --worker-id ID`` first recovers what ID left
  RUNNING (one id runs one task at a time, so whatever it still holds was cut off);
- the task has been RUNNING longer than any task takes: ``manage.py tasks_recover`` (the cleanup timer), for a
  worker that never comes back under its id.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.tasks import Task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Recovery:
    resume: bool
    abandoned: Callable[..., None] | None


_RECOVERIES: dict[str, Recovery] = {}


class TaskAbandoned(Exception):
    """Stored as the failure of a task whose worker died under it (the traceback column says which)."""


def recoverable(*, resume: bool, abandoned: Callable[..., None] | None = None) -> Callable[[Task], Task]:
    """Declare, above ``@task()``, what to do with the task when its worker dies under it (see the module)."""

    def register(task: Task) -> Task:
        _RECOVERIES[task.module_path] = Recovery(resume=resume, abandoned=abandoned)
        return task

    return register


def _recovery_of(result: DBTaskResult) -> Recovery:
    try:
        result.task  # noqa: B018 (importing the task's module registers its recovery)
    except Exception:  # a task that no longer exists in the code: nothing can run it again
        logger.warning("task %s (%s) cannot be imported", result.pk, result.task_path)
    return _RECOVERIES.get(result.task_path, Recovery(resume=False, abandoned=None))


@dataclass
class Recovered:
    resumed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@transaction.atomic
def task_orphans_recover(*, worker_id: str | None = None, running_before: dt.datetime | None = None) -> Recovered:
    """Put back the tasks a dead worker left RUNNING: those last claimed by ``worker_id`` (a worker starting under
    that id), or those RUNNING since before ``running_before``. Resumable ones run again, the others end FAILED."""
    if worker_id is None and running_before is None:
        raise ValueError("Say whose tasks are orphans: worker_id or running_before.")
    running = DBTaskResult.objects.running().select_for_update(skip_locked=True).order_by("started_at")
    if running_before is not None:
        running = running.filter(started_at__lt=running_before)
    recovered = Recovered()
    for result in running:
        if worker_id is not None and (not result.worker_ids or result.worker_ids[-1] != worker_id):
            continue
        recovery = _recovery_of(result)
        attempts = len(result.worker_ids)
        if recovery.resume and attempts < MAX_ATTEMPTS:
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            recovered.resumed.append(str(result.pk))
            logger.warning(
                "task %s (%s) resumed after its worker died (attempt %s)", result.pk, result.task_path, attempts
            )
            continue
        reason = (
            f"The worker died during each of {attempts} attempts."
            if recovery.resume
            else "The worker died during the task, which is not safe to run again."
        )
        result.set_failed(TaskAbandoned(reason))
        if recovery.abandoned is not None:
            recovery.abandoned(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        recovered.failed.append(str(result.pk))
        logger.warning("task %s (%s) failed: %s", result.pk, result.task_path, reason)
    return recovered
