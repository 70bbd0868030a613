"""manage.py tasks_recover --hours N: recover tasks RUNNING for longer than any task takes (their worker is gone)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.core.worker import task_orphans_recover


class Command(BaseCommand):
    help = "Resume (or fail) background tasks left RUNNING by a worker that died and never came back."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=float, default=6, help="RUNNING for longer than this means dead (default: 6)."
        )

    def handle(self, *args, hours: float, **options):
        recovered = task_orphans_recover(running_before=timezone.now() - dt.timedelta(hours=hours))
        self.stdout.write(
            _("Tasks left running: %(resumed)s resumed, %(failed)s failed.")
            % {"resumed": len(recovered.resumed), "failed": len(recovered.failed)}
        )
