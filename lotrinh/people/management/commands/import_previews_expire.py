import datetime as dt

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lotrinh.core.models import Center
from lotrinh.people.import_services import import_previews_expire


class Command(BaseCommand):
    help = "Closes learner-list imports left unsaved for some days, and deletes their files (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Close previews older than this many days (7).")

    def handle(self, *args, days: int, **options):
        with scopes_disabled():
            centers = list(Center.objects.order_by("slug"))
        closed = 0
        for center in centers:
            with scope(center=center):
                closed += import_previews_expire(older_than=dt.timedelta(days=max(days, 1)))
        self.stdout.write(_("%(count)s unsaved imports closed.") % {"count": closed})
