from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotrinh.core.database import planner_statistics_refresh
from lotrinh.core.demo import DEMO_PASSWORD, demo_accounts, demo_build, demo_scale


class Command(BaseCommand):
    help = "Builds the demo centers of Quảng Trị (once; later runs only extend the timetable) and prints the accounts."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument("--scale-centers", type=int, default=0, help="Add this many benchmark centers.")
        parser.add_argument("--scale-learners", type=int, default=0, help="Learners shared by the benchmark centers.")

    def handle(self, *args, seed: int, quiet: bool, scale_centers: int, scale_learners: int, **options):
        center = demo_build(seed=seed)
        if scale_centers:
            created = demo_scale(centers=scale_centers, learners=scale_learners or scale_centers * 2500, seed=seed)
            message = ngettext(
                "Added %(centers)s benchmark center with %(learners)s learners.",
                "Added %(centers)s benchmark centers with %(learners)s learners.",
                scale_centers,
            )
            self.stdout.write(message % {"centers": scale_centers, "learners": created})
            planner_statistics_refresh()  # the planner must know the tables grew a hundredfold
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS(_("Demo center ready: %(name)s") % {"name": center.name}))
        self.stdout.write("")
        self.stdout.write(_("Demo accounts (password for all: %(password)s)") % {"password": DEMO_PASSWORD})
        for account in demo_accounts():
            self.stdout.write(f"  {account.username:<14} {account.label:<30} {account.full_name}")
        self.stdout.write("")
