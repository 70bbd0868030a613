"""The jobs demo: graduates of two past years, their follow-ups, thirty applications; nothing twice."""

import random

import pytest
from django_scopes import scope

from lotrinh.jobs import demo, selectors
from lotrinh.jobs.models import FollowUp, JobPlacement

pytestmark = pytest.mark.django_db


def test_it_builds_graduates_follow_ups_and_applications_once(center_a, alice, today):
    with scope(center=center_a):
        built = demo.demo_extend(center=center_a, rng=random.Random(7), today=today)
        again = demo.demo_extend(center=center_a, rng=random.Random(7), today=today)
        statuses = set(JobPlacement.objects.values_list("status", flat=True))
        answered = FollowUp.objects.filter(status=FollowUp.Status.ANSWERED)
        channels = set(answered.values_list("channel", flat=True))
        data = selectors.employment_dashboard(center=center_a, today=today)
    assert built.graduates == 2 * demo.PAST_CLASSES * demo.CLASS_SIZE
    assert built.placements == 30
    assert built.follow_ups > 0 and built.answered > 0
    assert again == demo.DemoJobs(0, 0, 0, 0, 0)
    assert {"applied", "interviewed", "hired"} <= statuses
    assert channels == {"link", "call"}
    assert data.total.graduates == built.graduates
    assert 0 < data.total.employed <= data.total.reached <= data.total.graduates
