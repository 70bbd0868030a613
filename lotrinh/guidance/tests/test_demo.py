import random

from django_scopes import scope

from lotrinh.factories import LearnerFactory
from lotrinh.guidance import demo, selectors
from lotrinh.guidance.models import CounselingSession, LowerSecondarySchool, OutreachEvent


def test_it_builds_schools_cohorts_with_destinations_sessions_and_outreach(center_a, counselor, today):
    with scope(center=center_a):
        LearnerFactory.create_batch(15, center=center_a)
        demo.demo_extend(center=center_a, rng=random.Random(7), today=today)
        assert LowerSecondarySchool.objects.count() == 6
        data = selectors.streaming_dashboard()
        assert len(data.years) == 4
        for school in data.schools:
            assert 100 <= school.data.total <= 200  # ~120–180 graduates per school and year
        latest = data.trend[-1][1]
        assert 0.1 < float(latest.vet_percent) / 100 < 0.45
        assert latest.counts["thpt"] > latest.counts["gdtx"] > 0
        assert CounselingSession.objects.count() == 12
        assert OutreachEvent.objects.count() == 2


def test_it_leaves_a_center_without_a_counselor_alone(center_a, alice, today):
    with scope(center=center_a):
        demo.demo_extend(center=center_a, rng=random.Random(7), today=today)
        assert not LowerSecondarySchool.objects.exists()
