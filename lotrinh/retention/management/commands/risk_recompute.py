import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lotrinh.core.models import Center
from lotrinh.retention.services import risk_recompute


class Command(BaseCommand):
    help = "Recomputes the drop-out risk of every enrolled learner of a center (or of every center)."

    def add_arguments(self, parser):
        parser.add_argument("--center", help="The center's slug; every center when left out.")
        parser.add_argument("--date", help="Compute as of this day (dd/mm/yyyy); today by default.")

    def handle(self, *args, center: str | None, date: str | None, **options):
        today = None
        if date:
            try:
                today = dt.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError as error:
                raise CommandError(_("Write the date as dd/mm/yyyy.")) from error
        with scopes_disabled():
            centers = list(Center.objects.filter(slug=center) if center else Center.objects.order_by("slug"))
        if center and not centers:
            raise CommandError(_("No center with the slug “%(slug)s”.") % {"slug": center})
        for item in centers:
            with scope(center=item):
                summary = risk_recompute(center=item, today=today)
            self.stdout.write(
                _("%(center)s: %(learners)s learners (%(method)s); high %(high)s, medium %(medium)s, low %(low)s.")
                % {
                    "center": item.slug,
                    "learners": summary.learners,
                    "method": summary.method,
                    "high": summary.levels.get("high", 0),
                    "medium": summary.levels.get("medium", 0),
                    "low": summary.levels.get("low", 0),
                }
            )
