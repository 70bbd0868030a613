"""The engine's own mechanics on small hand-made tables (no database)."""

import datetime as dt

from lotrinh.support.eligibility import Course, Facts, Policy, Rule, evaluate, summarize

DAY = dt.date(2026, 3, 2)
TRAVEL = Rule(group_code="di_lai", label="Đi lại", benefit="per_course", min_distance_km=10, amount_vnd=150_000)
POLICY = Policy(
    code="NQ-99-2024-HDND",
    version=1,
    name="Hỗ trợ của tỉnh",
    citation="Nghị quyết 99/2024/NQ-HĐND",
    effective_from=dt.date(2024, 1, 1),
    effective_to=dt.date(2025, 12, 31),
    scope="Quảng Trị",
    rules=(TRAVEL,),
)


def test_it_leaves_out_a_policy_no_longer_in_force():
    assert evaluate(Facts(distance_km=30), Course(level="so_cap"), [POLICY], DAY) == []
    [outcome] = evaluate(Facts(distance_km=30), Course(level="so_cap"), [POLICY], dt.date(2025, 12, 31))
    assert (outcome.status, outcome.amount_vnd, outcome.scope) == ("eligible", 150_000, "Quảng Trị")


def test_it_leaves_out_a_policy_not_yet_in_force():
    assert evaluate(Facts(distance_km=30), Course(level="so_cap"), [POLICY], dt.date(2023, 12, 31)) == []


def test_it_takes_the_course_distance_over_the_learner_one():
    course = Course(level="so_cap", distance_km=4)
    [outcome] = evaluate(Facts(distance_km=30), course, [POLICY], dt.date(2025, 6, 1))
    assert outcome.status == "not_eligible"
    assert "10 km" in outcome.explanation


def test_it_names_an_unknown_distance():
    [outcome] = evaluate(Facts(), Course(level="so_cap"), [POLICY], dt.date(2025, 6, 1))
    assert outcome.status == "missing_fact"
    assert outcome.facts_needed == ("khoảng cách từ nơi ở đến nơi học (km)",)


def test_it_does_not_guess_a_public_institution():
    rule = Rule(group_code="gdtx", label="GDTX", benefit="tuition_percent", ownership="public", percent=100)
    policy = Policy(code="X", version=1, name="X", citation="X", effective_from=dt.date(2020, 1, 1), rules=(rule,))
    [outcome] = evaluate(Facts(), Course(level="gdtx_thpt", ownership="unknown"), [policy], DAY)
    assert outcome.status == "missing_fact"
    assert "công lập" in outcome.explanation


def test_it_does_not_take_a_certificate_not_yet_valid():
    rule = Rule(group_code="ngheo", label="Hộ nghèo", benefit="per_course", all_of=("poor",), amount_vnd=100_000)
    policy = Policy(code="X", version=1, name="X", citation="X", effective_from=dt.date(2020, 1, 1), rules=(rule,))
    facts = Facts(household="poor", household_certificate_valid_from=DAY + dt.timedelta(days=1))
    [outcome] = evaluate(facts, Course(level="so_cap"), [policy], DAY)
    assert outcome.status == "missing_fact"
    no_dates = evaluate(Facts(household="poor"), Course(level="so_cap"), [policy], DAY)[0]
    assert no_dates.status == "missing_fact"


def test_it_prefers_an_expired_fact_over_a_missing_one_in_the_status():
    rule = Rule(group_code="r", label="R", benefit="per_course", all_of=("poor", "orphan"), amount_vnd=1)
    policy = Policy(code="X", version=1, name="X", citation="X", effective_from=dt.date(2020, 1, 1), rules=(rule,))
    facts = Facts(
        household="poor",
        household_certificate_valid_from=dt.date(2024, 1, 1),
        household_certificate_valid_to=dt.date(2025, 12, 31),
    )
    [outcome] = evaluate(facts, Course(level="so_cap"), [policy], DAY)
    assert outcome.status == "expired_fact"
    assert "mồ côi" in outcome.explanation and "31/12/2025" in outcome.explanation


def test_it_sums_only_what_is_eligible():
    facts = Facts(distance_km=30)
    outcomes = evaluate(facts, Course(level="so_cap"), [POLICY], dt.date(2025, 1, 1))
    assert summarize(outcomes).total_vnd == 150_000
    assert summarize(evaluate(Facts(), Course(level="so_cap"), [POLICY], dt.date(2025, 1, 1))).total_vnd == 0


def test_it_counts_a_course_fee_once_in_the_total():
    support = Rule(group_code="a", label="A", benefit="training_cost", cap_vnd=3_000_000)
    exempt = Rule(group_code="b", label="B", benefit="tuition_percent", percent=100)
    meals = Rule(group_code="c", label="C", benefit="per_day", amount_vnd=30_000)
    policy = Policy(
        code="X", version=1, name="X", citation="X", effective_from=dt.date(2020, 1, 1), rules=(support, exempt, meals)
    )
    outcomes = evaluate(Facts(), Course(level="so_cap", cost_vnd=2_000_000, study_days=10), [policy], DAY)
    assert summarize(outcomes).total_vnd == 2_000_000 + 300_000
