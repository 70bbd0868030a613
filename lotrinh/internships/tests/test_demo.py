import random

from django_scopes import scope

from lotrinh.internships import demo
from lotrinh.internships.models import AllocationRun, InternshipRound, InternshipSlot


def test_it_builds_an_allocated_round_for_the_demo(center_a, alice, weld_class, today):
    with scope(center=center_a):
        demo.demo_extend(center=center_a, rng=random.Random(1), today=today)
        round = InternshipRound.objects.get()
        assert round.status == InternshipRound.Status.ALLOCATED
        assert InternshipSlot.objects.filter(round=round, trade=weld_class.trade).count() >= 2
        run = AllocationRun.objects.get()
        assert run.placed + run.unplaced.count() == len(weld_class.learners)
        demo.demo_extend(center=center_a, rng=random.Random(1), today=today)  # a second call adds nothing
        assert InternshipRound.objects.count() == 1
