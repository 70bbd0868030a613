"""The admissions demo: an open plan for the next school year, ~60 applications in every state, two duplicates."""

import datetime as dt
import random
from collections import Counter

from lotrinh.academics.models import ProgramType, SchoolClass
from lotrinh.academics.timetabling import school_year_of
from lotrinh.admissions import selectors
from lotrinh.admissions.demo import demo_extend
from lotrinh.admissions.models import AdmissionPlan, Application
from lotrinh.people.tests.conftest import make_learner, years_ago


def test_it_builds_a_lively_plan(in_center_a, alice, officer, today):
    make_learner(in_center_a, full_name="Đoàn Thị Thu", code="HV2600001", date_of_birth=years_ago(19))
    SchoolClass.objects.create(
        center=in_center_a,
        name="SC-May-K9",
        program=ProgramType.objects.get(code="so-cap"),
        school_year=school_year_of(today),
    )
    counts = demo_extend(center=in_center_a, rng=random.Random(3), today=today)
    plan = AdmissionPlan.objects.get()
    assert plan.is_open_on(today) and int(plan.school_year[:4]) > today.year - 1
    assert counts["applications"] >= 60 == Application.objects.count() - 2
    states = Counter(Application.objects.values_list("status", flat=True))
    assert {"received", "verified", "admitted"} <= set(states)
    days = set(Application.objects.values_list("submitted_on", flat=True))
    assert len(days) >= 8 and min(days) >= today - dt.timedelta(days=21)
    found = selectors.duplicates_of(list(Application.objects.all()))
    kinds = {d.kind for dups in found.values() for d in dups}
    assert kinds == {"application", "learner"}
    assert demo_extend(center=in_center_a, rng=random.Random(3), today=today) == {"applications": 0}
