"""The support demo: the example rule of Quảng Trị marked as such, some learners' facts, and nothing twice."""

import random

import pytest
from django_scopes import scope, scopes_disabled

from lotrinh.core.models import AuditEvent
from lotrinh.factories import LearnerFactory
from lotrinh.support import demo
from lotrinh.support.models import SupportFacts, SupportPolicy

pytestmark = pytest.mark.django_db


def test_it_adds_the_example_rule_and_some_facts_once(alice, center_a, today):
    with scope(center=center_a):
        for _ in range(10):
            LearnerFactory(center=center_a)
        first = demo.demo_extend(center=center_a, rng=random.Random(1), today=today)
        again = demo.demo_extend(center=center_a, rng=random.Random(1), today=today)
        facts = SupportFacts.objects.count()
    assert first["policies"] == 1 and first["facts"] == facts > 0
    assert again == {"policies": 0, "facts": 0}
    example = SupportPolicy.objects.get(code=demo.EXAMPLE_CODE)
    assert (example.province_id, example.is_example, example.verified) == (44, True, False)
    assert "Ví dụ minh họa — cần thay bằng nghị quyết HĐND tỉnh" in example.citation
    with scopes_disabled():
        assert AuditEvent.objects.filter(object_type="support.supportfacts").count() == facts
