"""The selectors other apps call: facts from the learner record (unknown stays unknown) and fixed query counts."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django_scopes import scope

from lotrinh.factories import LearnerFactory
from lotrinh.people.models import Learner
from lotrinh.support import selectors
from lotrinh.support.eligibility import Course, Facts
from lotrinh.support.models import SupportFacts

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_a(center_a):
    with scope(center=center_a):
        yield center_a


def test_it_keeps_unknown_facts_unknown(in_a):
    learner = LearnerFactory(center=in_a)  # no ethnic group, household "", no distance, no support facts
    facts = selectors.facts_of_learner(learner)
    assert (facts.household, facts.ethnic_minority, facts.distance_km, facts.previously_supported) == (
        None,
        None,
        None,
        None,
    )
    assert facts.female is True


def test_it_derives_the_ethnic_minority_from_the_ethnic_group(in_a):
    kinh = LearnerFactory(center=in_a, ethnicity_id="01")
    bru = LearnerFactory(center=in_a, ethnicity_id="23")
    assert selectors.facts_of_learner(kinh).ethnic_minority is False
    assert selectors.facts_of_learner(bru).ethnic_minority is True


def test_it_takes_a_checked_household_as_neither_poor_nor_near_poor(in_a):
    learner = LearnerFactory(center=in_a)
    SupportFacts.objects.create(center=in_a, learner=learner, household_checked=True, previously_supported=True)
    facts = selectors.facts_of_learner(learner)
    assert (facts.household, facts.previously_supported) == ("none", True)


def test_it_estimates_a_careers_offer(in_a, today):
    learner = LearnerFactory(center=in_a, has_disability=True)
    SupportFacts.objects.create(center=in_a, learner=learner, previously_supported=False)
    offer = SimpleNamespace(level="short_course", duration_months=2, cost_vnd=2_400_000, provider="center")
    outcomes = {o.group_code: o for o in selectors.support_estimate(learner=learner, offer=offer, day=today)}
    assert (outcomes["nguoi_khuyet_tat"].status, outcomes["nguoi_khuyet_tat"].amount_vnd) == ("eligible", 2_400_000)


def test_it_estimates_in_a_fixed_number_of_queries(in_a, today, django_assert_num_queries):
    learners = [LearnerFactory(center=in_a) for _ in range(3)]
    for learner in learners:
        SupportFacts.objects.create(center=in_a, learner=learner, previously_supported=False)
    course = Course(level="so_cap")
    fresh = Learner.objects.get(pk=learners[0].pk)
    with django_assert_num_queries(4):  # the province, the policies, their rules, the support facts
        selectors.support_estimate(learner=fresh, course=course, day=today)
    policies = selectors.policies_in_force(center=in_a, day=today)
    rows = list(Learner.objects.select_related("support_facts").filter(pk__in=[x.pk for x in learners]))
    with django_assert_num_queries(0):
        for learner in rows:
            selectors.support_estimate(learner=learner, course=course, day=today, policies=policies)


def test_it_estimates_from_facts_in_three_queries(in_a, today, django_assert_num_queries):
    with django_assert_num_queries(3):
        outcomes = selectors.support_estimate_from_facts(
            center=in_a, facts=Facts(disability=True), course=Course(level="so_cap"), day=today
        )
    assert outcomes


def test_it_adds_the_centers_province_rules_only(in_a, today):
    from lotrinh.support.models import SupportPolicy, SupportRule

    for province_id, code in ((44, "QT"), (37, "NB")):
        policy = SupportPolicy.objects.create(
            code=f"NQ-1-2025-{code}", title=code, citation="NQ", issuing_body="HĐND", kind="allowance",
            province_id=province_id, effective_from=dt.date(2025, 1, 1),
        )  # fmt: skip
        SupportRule.objects.create(policy=policy, group_code="x", label=code, benefit="per_course", amount_vnd=1)
    codes = {p.code for p in selectors.policies_in_force(center=in_a, day=today)}
    assert "NQ-1-2025-QT" in codes and "NQ-1-2025-NB" not in codes
