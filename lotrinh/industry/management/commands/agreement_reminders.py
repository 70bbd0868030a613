from django.core.management.base import BaseCommand

from lotrinh.industry.tasks import agreement_reminders_all_task


class Command(BaseCommand):
    help = "Enqueues today's agreement renewal reminders for every center (for the nightly timer)."

    def handle(self, *args, **options):
        agreement_reminders_all_task.enqueue()
        self.stdout.write("ok")
