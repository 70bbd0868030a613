from django.core.management.base import BaseCommand

from lotrinh.jobs.tasks import followups_schedule


class Command(BaseCommand):
    help = "Enqueues the graduate follow-ups that fall due today (6 and 12 months), every center (nightly timer)."

    def handle(self, *args, **options):
        followups_schedule.enqueue()
        self.stdout.write("ok")
