"""Background work of the jobs area: thin, re-enters each center's scope, calls the services."""

from django.tasks import task

from . import services


@task
def followups_schedule() -> int:
    """Daily: create the graduate follow-ups that fell due (6 and 12 months after graduating), nothing twice."""
    return services.followups_schedule_all()
