"""A real task worker (``manage.py task_worker``, in another process) killed with SIGKILL in the middle of a job,
then started again under the same id: the job resumes and ends with exactly what it should have made, and in
between nothing half-written is to be seen.

The worker must open the test database, so these tests need ``LOTRINH_TEST_DB_FILE`` on SQLite (a file instead of
memory) and run on the transactional database; bin/test-api sets that up, on SQLite and on PostgreSQL.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django_scopes import scope, scopes_disabled
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lotrinh.academics import timetabling
from lotrinh.academics.models import Enrollment
from lotrinh.core.demo import random_person
from lotrinh.factories import SchoolClassFactory
from lotrinh.people import import_services
from lotrinh.people.models import ImportJob, Learner
from lotrinh.people.tests import files
from lotrinh.retention import tasks as retention_tasks
from lotrinh.retention.models import RiskAssessment

pytestmark = [pytest.mark.worker_kill, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORKER_ID = "kill-test-1"
FINISHED = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
TASKS_IN_DB = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if name.startswith("file:") or name == ":memory:":
            pytest.fail("The worker cannot open an in-memory database: run bin/test-api (LOTRINH_TEST_DB_FILE).")
        return f"sqlite:///{name}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """``manage.py task_worker`` in its own process, on the test database; stopped with SIGKILL."""

    def __init__(self, log: Path):
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "LOTRINH_TEST_TASKS_IN_DB": "1",
        }
        command = [sys.executable, "manage.py", "task_worker", "--worker-id", WORKER_ID, "--interval", "0.1"]
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [*command, "--no-startup-delay", "--no-reload"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(timeout=10) == -signal.SIGKILL

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def worker(tmp_path):
    running = Worker(tmp_path / "worker.log")
    yield running
    running.stop()


def wait_for(condition, *, seconds: float, what: str, worker: Worker):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"Timed out waiting for {what}. Worker log:\n{worker.log.read_text()}")


def _task_row() -> DBTaskResult:
    return DBTaskResult.objects.get()


def _restart_until_finished(worker: Worker, *, what: str) -> None:
    """The killed worker comes back under its id and must take the cut-off task up again to its end."""
    worker.start()
    with scopes_disabled():
        wait_for(lambda: _task_row().status in FINISHED, seconds=180, what=what, worker=worker)


def learner_list(rows: int) -> bytes:
    """A clean list of ``rows`` different learners, as CSV (quick to write, the same path as xlsx after reading)."""
    import random

    rng = random.Random(2026)
    header = ["Mã học viên", "Họ và tên", "Ngày sinh", "Giới tính", "SĐT"]
    body = []
    for n in range(1, rows + 1):
        name, sex = random_person(rng)
        born = dt.date(rng.randint(1995, 2010), rng.randint(1, 12), rng.randint(1, 28))
        body.append([f"HVK{n:06d}", name, born, "Nam" if sex == "male" else "Nữ", f"09{n:08d}"])
    return files.csv_bytes([header, *body])


IMPORT_ROWS = 50_000  # several seconds of saving, its progress written every half second


def test_it_resumes_a_learner_import_killed_while_saving_and_saves_each_learner_once(center_a, alice, worker, settings):
    data = learner_list(IMPORT_ROWS)
    with scope(center=center_a), override_settings(LOTRINH_IMPORT_INLINE_ROWS=IMPORT_ROWS + 1):
        job = import_services.import_job_create(
            center=center_a, actor=alice, upload=SimpleUploadedFile("danh-sach.csv", data)
        )
    assert job.status == ImportJob.Status.PREVIEW
    saved = job.valid_rows  # the list's own duplicates (same name and birthday) stay out
    assert saved > IMPORT_ROWS * 0.99
    settings.TASKS = TASKS_IN_DB
    settings.LOTRINH_IMPORT_INLINE_ROWS = 100  # this list is saved by the worker, with a progress bar
    with scope(center=center_a):
        job = import_services.import_job_commit_start(job=job, actor=alice)
    assert job.status == ImportJob.Status.COMMITTING

    worker.start()
    with scopes_disabled():
        wait_for(
            lambda: ImportJob.objects.filter(
                pk=job.pk, status=ImportJob.Status.COMMITTING, processed_rows__gt=0
            ).exists(),
            seconds=120,
            what="the worker to be part-way through the list",
            worker=worker,
        )
    worker.kill()

    # Cut off part-way: the job still says "saving", the task still says RUNNING, and not one learner is saved.
    with scopes_disabled():
        assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.COMMITTING
        assert _task_row().status == TaskResultStatus.RUNNING
        assert Learner.objects.count() == 0

    _restart_until_finished(worker, what="the resumed import to end")
    with scopes_disabled():
        job = ImportJob.objects.get(pk=job.pk)
        assert job.status == ImportJob.Status.DONE, job.errors
        assert job.created_count == saved
        codes = list(Learner.objects.filter(center=center_a).values_list("code", flat=True))
        assert len(codes) == len(set(codes)) == saved
        assert set(codes) <= {f"HVK{n:06d}" for n in range(1, IMPORT_ROWS + 1)}
        task = _task_row()
        assert task.status == TaskResultStatus.SUCCESSFUL
        assert task.worker_ids == [WORKER_ID, WORKER_ID]


def enrolled_learners(center, alice, count: int) -> int:
    """``count`` learners enrolled in one class: imported (the quick path), then enrolled in one insert."""
    with scope(center=center), override_settings(LOTRINH_IMPORT_INLINE_ROWS=count + 1):
        job = import_services.import_job_create(
            center=center, actor=alice, upload=SimpleUploadedFile("danh-sach.csv", learner_list(count))
        )
        import_services.import_job_commit_start(job=job, actor=alice)
        school_class = SchoolClassFactory(center=center)
        enrolled_on = timetabling.school_year_bounds(school_class.school_year)[0]
        Enrollment.objects.bulk_create(
            Enrollment(center=center, learner=learner, school_class=school_class, enrolled_on=enrolled_on)
            for learner in Learner.objects.all()
        )
        return Enrollment.objects.count()


RECOMPUTE_LEARNERS = 20_000  # about 3 s of scoring on SQLite


def test_it_resumes_a_risk_recompute_killed_midway_and_leaves_one_current_risk_per_learner(
    center_a, alice, worker, settings, today
):
    learners = enrolled_learners(center_a, alice, RECOMPUTE_LEARNERS)
    settings.TASKS = TASKS_IN_DB
    retention_tasks.risk_recompute_task.enqueue(center_id=center_a.pk, day=today.isoformat())

    worker.start()
    wait_for(lambda: _task_row().status == TaskResultStatus.RUNNING, seconds=60, what="the recompute", worker=worker)
    time.sleep(0.3)
    worker.kill()

    with scopes_disabled():
        assert _task_row().status == TaskResultStatus.RUNNING
        assert RiskAssessment.objects.count() == 0  # one transaction: nothing of the cut-off run is kept

    _restart_until_finished(worker, what="the resumed recompute to end")
    with scopes_disabled():
        task = _task_row()
        assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
        assert task.return_value["learners"] == learners
        current = RiskAssessment.objects.filter(is_current=True)
        assert current.count() == current.values("learner_id").distinct().count() == learners
        assert RiskAssessment.objects.count() == learners  # no row of the killed run, none twice
