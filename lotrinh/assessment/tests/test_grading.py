"""The pure arithmetic of scores: what a teacher may type, term and year averages, rounding half-up."""

from decimal import Decimal

import pytest

from lotrinh.assessment import grading
from lotrinh.assessment.grading import Mark, Rule, ScoreInputError, parse_score, term_average, year_average

D = Decimal
RULE = Rule.from_data({"regular": 1, "midterm": 2, "final": 3}, {"1": 1, "2": 2}, "5.0")


def marks(regular=(), midterm=None, final=None) -> list[Mark]:
    found = [Mark("regular", D(str(v))) for v in regular]
    if midterm is not None:
        found.append(Mark("midterm", D(str(midterm))))
    if final is not None:
        found.append(Mark("final", D(str(final))))
    return found


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7", "7.0"),
        ("7,5", "7.5"),
        ("7.5", "7.5"),
        (" 8 ", "8.0"),
        ("10", "10.0"),
        ("0", "0.0"),
        ("7.50", "7.5"),
        ("9,0", "9.0"),
        (".5", "0.5"),
    ],
)
def test_it_accepts_scores_as_teachers_type_them(typed, expected):
    assert parse_score(typed) == D(expected)


def test_it_never_stores_a_negative_zero():
    assert str(parse_score("-0")) == "0.0"


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_it_reads_an_empty_cell_as_no_score(typed):
    assert parse_score(typed) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("11", grading.OUT_OF_RANGE),
        ("-1", grading.OUT_OF_RANGE),
        ("10.1", grading.OUT_OF_RANGE),
        ("7.25", grading.TOO_MANY_DECIMALS),
        ("7,25", grading.TOO_MANY_DECIMALS),
        ("abc", grading.NOT_A_NUMBER),
        ("7,5,1", grading.NOT_A_NUMBER),
        ("1e1", grading.NOT_A_NUMBER),
        ("NaN", grading.NOT_A_NUMBER),
        ("Infinity", grading.NOT_A_NUMBER),
        ("7 5", grading.NOT_A_NUMBER),
        (".", grading.NOT_A_NUMBER),
    ],
)
def test_it_refuses_what_is_not_a_score(typed, code):
    with pytest.raises(ScoreInputError) as caught:
        parse_score(typed)
    assert caught.value.code == code


@pytest.mark.parametrize(("value", "expected"), [("6.25", "6.3"), ("6.24", "6.2"), ("6.35", "6.4"), ("6.05", "6.1")])
def test_it_rounds_half_up_exactly(value, expected):
    # round(6.35, 1) on a float gives 6.3 (6.35 is 6.3499… in binary) and round(6.25, 1) gives 6.2 (to even).
    assert grading.round_half_up(D(value)) == D(expected)


def test_it_weighs_each_kind_of_score():
    # (8 + 7 + 2×6 + 3×9) / (1 + 1 + 2 + 3) = 54 / 7 = 7.714…
    result = term_average(RULE, marks(regular=[8, 7], midterm=6, final=9))
    assert result.average == D("7.7")
    assert result.complete and result.missing == ()


def test_it_rounds_a_term_average_at_the_half_upwards():
    # (6 + 2×6 + 3×6.5) / 6 = 37.5 / 6 = 6.25 → 6.3
    assert term_average(RULE, marks(regular=[6], midterm=6, final=6.5)).average == D("6.3")


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"regular": [8], "midterm": 7}, ("final",)),
        ({"midterm": 7, "final": 8}, ("regular",)),
        ({"regular": [8, 9]}, ("midterm", "final")),
        ({}, ("regular", "midterm", "final")),
    ],
)
def test_it_gives_no_term_average_until_every_required_kind_exists(given, missing):
    result = term_average(RULE, marks(**given))
    assert result.average is None
    assert not result.complete
    assert result.missing == missing


def test_it_ignores_kinds_the_rule_does_not_weigh():
    rule = Rule.from_data({"regular": 1, "final": 1}, {"1": 1})
    assert term_average(rule, marks(regular=[6], midterm=10, final=8)).average == D("7.0")


def test_it_weighs_terms_in_the_year_average():
    # (6.5 + 2×7.0) / 3 = 6.833… → 6.8
    assert year_average(RULE, {1: D("6.5"), 2: D("7.0")}).average == D("6.8")


def test_it_rounds_the_year_average_half_up():
    rule = Rule.from_data({"regular": 1}, {"1": 1, "2": 1})
    assert year_average(rule, {1: D("6.5"), 2: D("6.0")}).average == D("6.3")


def test_it_gives_no_year_average_while_a_term_lacks_its_average():
    result = year_average(RULE, {1: D("6.5"), 2: None})
    assert result.average is None
    assert result.missing_terms == (2,)
    assert year_average(RULE, {1: D("6.5")}).missing_terms == (2,)


def test_it_reads_a_rule_from_its_stored_json():
    rule = Rule.from_data({"regular": 1, "midterm": "2", "final": 3.0}, {"1": 1, "2": 2}, "5.0")
    assert rule.weights == {"regular": D(1), "midterm": D(2), "final": D(3)}
    assert rule.term_weights == {1: D(1), 2: D(2)}
    assert rule.required_kinds == ("regular", "midterm", "final")


def test_it_passes_at_the_pass_mark():
    assert grading.passed(RULE, D("5.0"))
    assert not grading.passed(RULE, D("4.9"))
    assert not grading.passed(RULE, None)


def test_it_keeps_kinds_and_terms_in_teaching_order_whatever_the_json_order():
    # PostgreSQL's jsonb hands keys back sorted by length, not as written.
    rule = grading.Rule.from_data({"final": 3, "regular": 1, "midterm": 2}, {"2": 2, "1": 1})
    assert rule.required_kinds == ("regular", "midterm", "final")
    assert list(rule.term_weights) == [1, 2]
