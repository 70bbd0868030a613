import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lotrinh.academics.services import timetable_generate
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import Center


class Command(BaseCommand):
    help = "Generates sessions from the weekly timetable for the coming weeks (run nightly; safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument("--center", help="The center's slug; every center when left out.")
        parser.add_argument("--weeks", type=int, default=4, help="How far ahead, from today.")

    def handle(self, *args, center: str | None, weeks: int, **options):
        with scopes_disabled():
            centers = list(Center.objects.filter(slug=center) if center else Center.objects.order_by("slug"))
        if center and not centers:
            raise CommandError(_("No center with the slug “%(slug)s”.") % {"slug": center})
        today = timezone.localdate()
        failed = False
        for item in centers:
            with scope(center=item):
                try:
                    created = timetable_generate(center=item, start=today, end=today + dt.timedelta(weeks=weeks))
                except ApplicationError as error:  # a clash: report it and go on with the other centers
                    self.stderr.write(f"{item.slug}: {error.message}")
                    failed = True
                    continue
            self.stdout.write(_("%(center)s: %(count)s sessions added.") % {"center": item.slug, "count": created})
        if failed:
            raise CommandError(_("Some centers could not be planned; see the messages above."))
