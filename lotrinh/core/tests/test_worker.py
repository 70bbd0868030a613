"""Recovering the tasks a dead worker left RUNNING (lotrinh.core.worker), without a worker process: the rows are
put in the state a killed worker leaves them in. test_worker_kill.py does it with a real worker and SIGKILL."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lotrinh.academics.tasks import messages_send
from lotrinh.core.worker import MAX_ATTEMPTS, task_orphans_recover
from lotrinh.people.models import ImportJob
from lotrinh.people.tasks import import_job_commit_task


@pytest.fixture(autouse=True)
def tasks_in_db(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running(task, *, worker_ids: list[str], started_at=None, **kwargs) -> DBTaskResult:
    """A task as a killed worker leaves it: claimed by each of ``worker_ids`` in turn, still RUNNING."""
    row = DBTaskResult.objects.get(id=task.enqueue(**kwargs).id)
    for worker_id in worker_ids:
        row.claim(worker_id)
    if started_at is not None:
        DBTaskResult.objects.filter(pk=row.pk).update(started_at=started_at)
    return row


def _job(center, alice, status=ImportJob.Status.COMMITTING) -> ImportJob:
    with scope(center=center):
        job = ImportJob.objects.create(
            center=center,
            original_name="danh-sach.xlsx",
            file_sha256="0" * 64,
            total_rows=3,
            valid_rows=3,
            created_by=alice,
            status=status,
        )
    return job


def _commit_task(job, alice, worker_ids, **kwargs) -> DBTaskResult:
    return running(
        import_job_commit_task,
        worker_ids=worker_ids,
        job_id=job.pk,
        center_id=job.center_id,
        actor_id=alice.pk,
        **kwargs,
    )


def test_it_puts_back_a_resumable_task_its_restarted_worker_left_running(center_a, alice):
    job = _job(center_a, alice)
    row = _commit_task(job, alice, ["host-1"])
    recovered = task_orphans_recover(worker_id="host-1")
    row.refresh_from_db()
    assert recovered.resumed == [str(row.pk)]
    assert (row.status, row.started_at) == (TaskResultStatus.READY, None)
    with scope(center=center_a):
        assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.COMMITTING  # it will run again


def test_it_leaves_alone_what_another_worker_is_running(center_a, alice):
    row = _commit_task(_job(center_a, alice), alice, ["host-2"])
    assert task_orphans_recover(worker_id="host-1").resumed == []
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_it_fails_an_import_whose_worker_died_each_time_and_says_nothing_was_saved(center_a, alice):
    job = _job(center_a, alice)
    row = _commit_task(job, alice, [f"host-{n}" for n in range(MAX_ATTEMPTS - 1)] + ["host-1"])
    recovered = task_orphans_recover(worker_id="host-1")
    row.refresh_from_db()
    assert recovered.failed == [str(row.pk)]
    assert row.status == TaskResultStatus.FAILED
    assert "TaskAbandoned" in row.exception_class_path
    with scope(center=center_a):
        job = ImportJob.objects.get(pk=job.pk)
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["message"] == "Việc lưu bị dừng giữa chừng và chưa có gì được lưu. Hãy tải tệp lên lại."


def test_it_fails_a_file_being_read_when_reading_is_given_up(center_a, alice):
    from lotrinh.people.tasks import import_job_parse_task

    job = _job(center_a, alice, status=ImportJob.Status.PARSING)
    running(import_job_parse_task, worker_ids=["a", "b", "host-1"], job_id=job.pk, center_id=center_a.pk)
    task_orphans_recover(worker_id="host-1")
    with scope(center=center_a):
        job = ImportJob.objects.get(pk=job.pk)
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["message"] == "Việc đọc tệp bị dừng giữa chừng. Hãy tải tệp lên lại."


def test_it_never_runs_twice_a_task_not_declared_safe_to_resume(center_a):
    row = running(messages_send, worker_ids=["host-1"], center_id=center_a.pk, message_ids=[1])
    recovered = task_orphans_recover(worker_id="host-1")
    row.refresh_from_db()
    assert (recovered.resumed, recovered.failed) == ([], [str(row.pk)])
    assert row.status == TaskResultStatus.FAILED


def test_it_recovers_by_age_the_tasks_of_a_worker_that_never_came_back(center_a, alice):
    old = _commit_task(_job(center_a, alice), alice, ["gone"], started_at=timezone.now() - dt.timedelta(hours=7))
    recent = _commit_task(_job(center_a, alice), alice, ["busy"])
    call_command("tasks_recover", "--hours", "6")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (TaskResultStatus.READY, TaskResultStatus.RUNNING)
