"""Background work of the people app: reading and saving large learner lists.

Thin on purpose: a task takes ids, re-enters the center's scope and calls the service the page would call.
"""

from django.tasks import task
from django_scopes import scope

from lotrinh.core.models import Center, User
from lotrinh.core.worker import recoverable

from . import import_services
from .models import ImportJob


def _abandoned(*, job_id: int, center_id: int, **other) -> None:
    center = Center.objects.get(pk=center_id)
    with scope(center=center):
        import_services.import_job_abandon(job=ImportJob.objects.get(pk=job_id))


# Both phases may run again after a worker died under them: reading writes the preview only at the end, and
# saving is one transaction that re-matches the rows against the center (nothing is created twice).
@recoverable(resume=True, abandoned=_abandoned)
@task()
def import_job_parse_task(*, job_id: int, center_id: int) -> None:
    """Check every row of an uploaded list (progress in ImportJob.processed_rows), then wait for review."""
    center = Center.objects.get(pk=center_id)
    with scope(center=center):
        job = ImportJob.objects.get(pk=job_id)
        if job.status == ImportJob.Status.PARSING:
            import_services.import_job_parse(job=job)


@recoverable(resume=True, abandoned=_abandoned)
@task()
def import_job_commit_task(*, job_id: int, center_id: int, actor_id: int) -> None:
    """Save a reviewed list in one transaction; a failure leaves nothing saved and the job marked failed."""
    center = Center.objects.get(pk=center_id)
    actor = User.objects.get(pk=actor_id)
    with scope(center=center):
        job = ImportJob.objects.get(pk=job_id)
        if job.status == ImportJob.Status.COMMITTING:
            import_services.import_job_commit(job=job, actor=actor)
