from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotrinh.core.database import planner_statistics_refresh


class Command(BaseCommand):
    help = "Refreshes the query planner's table statistics (run nightly, and after a bulk load)."

    def handle(self, *args, **options):
        planner_statistics_refresh()
        self.stdout.write(_("Table statistics refreshed."))
