"""Background work of the people app: reading and saving large learner lists.

Thin on purpose: a task takes ids, re-enters the center's scope and calls the service the page would call.
"""

from django.tasks import task
from django_scopes import scope

from lotrinh.core.models import Center, User

from . import import_services
from .models import ImportJob


@task()
def import_job_parse_task(*, job_id: int, center_id: int) -> None:
    """Check every row of an uploaded list (progress in ImportJob.processed_rows), then wait for review."""
    center = Center.objects.get(pk=center_id)
    with scope(center=center):
        job = ImportJob.objects.get(pk=job_id)
        if job.status == ImportJob.Status.PARSING:
            import_services.import_job_parse(job=job)


@task()
def import_job_commit_task(*, job_id: int, center_id: int, actor_id: int) -> None:
    """Save a reviewed list in one transaction; a failure leaves nothing saved and the job marked failed."""
    center = Center.objects.get(pk=center_id)
    actor = User.objects.get(pk=actor_id)
    with scope(center=center):
        job = ImportJob.objects.get(pk=job_id)
        if job.status == ImportJob.Status.COMMITTING:
            import_services.import_job_commit(job=job, actor=actor)
