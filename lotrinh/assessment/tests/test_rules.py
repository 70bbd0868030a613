"""Grading rules are reference data: the version in force on the class's start applies, by program first."""

import datetime as dt
from decimal import Decimal

from lotrinh.academics.models import ProgramType
from lotrinh.assessment import selectors
from lotrinh.assessment.models import GradingRule
from lotrinh.factories import SchoolClassFactory


def test_it_loads_the_rule_with_its_citation(db):
    rule = GradingRule.objects.get(code="gdtx-thpt")
    assert rule.weights == {"regular": 1, "midterm": 2, "final": 3}
    assert "22/2021" in rule.citation


def test_it_picks_the_version_in_force_when_the_class_started(in_center_a):
    GradingRule.objects.filter(code="gdtx-thpt").update(valid_to=dt.date(2027, 8, 1))
    newer = GradingRule.objects.create(
        code="gdtx-thpt",
        name="Quy định mới",
        weights={"regular": 1, "midterm": 1, "final": 2},
        term_weights={"1": 1, "2": 1},
        valid_from=dt.date(2027, 8, 1),
        citation="Thông tư giả định",
    )
    old_class = SchoolClassFactory(center=in_center_a, school_year="2026-2027")
    new_class = SchoolClassFactory(center=in_center_a, school_year="2027-2028")
    assert selectors.grading_rule_for(old_class).valid_from == dt.date(2021, 9, 1)
    assert selectors.grading_rule_for(new_class) == newer
    assert selectors.rule_of(newer).weights["final"] == Decimal(2)


def test_it_prefers_a_rule_carrying_the_programs_own_code(in_center_a):
    own = GradingRule.objects.create(
        code="gdtx-thcs",
        name="GDTX THCS",
        weights={"regular": 1, "midterm": 2, "final": 3},
        term_weights={"1": 1, "2": 2},
        pass_mark="5.0",
        valid_from=dt.date(2021, 9, 1),
    )
    thcs = SchoolClassFactory(center=in_center_a, program=ProgramType.objects.get(code="gdtx-thcs"))
    thpt = SchoolClassFactory(center=in_center_a)
    assert selectors.grading_rule_for(thcs) == own
    assert selectors.grading_rule_for(thpt).code == "gdtx-thpt"


def test_it_falls_back_to_the_default_rule_for_other_programs(in_center_a):
    so_cap = SchoolClassFactory(center=in_center_a, program=ProgramType.objects.get(code="so-cap"))
    assert selectors.grading_rule_for(so_cap).code == "gdtx-thpt"
    assert selectors.rule_of(selectors.grading_rule_for(so_cap)).pass_mark == Decimal("5.0")
