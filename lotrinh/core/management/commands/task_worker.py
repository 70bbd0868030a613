"""manage.py task_worker: django-tasks-db's db_worker that first recovers what its own id left RUNNING.

Give every worker a stable id that is unique across servers (the systemd unit uses host name + instance): a
worker killed mid-task and started again under the same id puts that task back (lotrinh.core.worker).
"""

from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from lotrinh.core.worker import task_orphans_recover


class Command(DbWorkerCommand):
    help = "Run a database background worker, after recovering the tasks this worker id left running."

    def handle(self, *args, worker_id: str, **options):
        recovered = task_orphans_recover(worker_id=worker_id)
        if recovered.resumed or recovered.failed:
            self.stdout.write(
                _("Tasks this worker left running: %(resumed)s resumed, %(failed)s failed.")
                % {"resumed": len(recovered.resumed), "failed": len(recovered.failed)}
            )
        super().handle(*args, worker_id=worker_id, **options)
