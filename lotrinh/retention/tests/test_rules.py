"""The transparent rules, one by one: each fires on its fact, says why with the learner's figures, and adds its points.

The reason texts are English source until the translation pass; the page shows them in Vietnamese.
"""

import datetime as dt

import pytest

from lotrinh.retention.scoring import rules
from lotrinh.retention.scoring.features import (
    Grading,
    KindMeanIn,
    LearnerInput,
    MarkIn,
    StatusEventIn,
    build_facts,
    grade_of,
    term_on,
)
from lotrinh.retention.selectors import reason_texts

pytestmark = pytest.mark.usefixtures("source_language")

TODAY = dt.date(2026, 11, 20)
GRADING = Grading(kind_weights={"regular": 1, "midterm": 2, "final": 3}, pass_mark=5.0)


def learner(**extra) -> LearnerInput:
    values = {
        "learner_id": 1,
        "as_of": TODAY,
        "date_of_birth": dt.date(2011, 3, 1),
        "program_code": "gdtx-thpt",
        "class_name": "10A1",
        "school_year_start": dt.date(2026, 9, 5),
    }
    return LearnerInput(**{**values, **extra})


def days_back(count: int, *, until: dt.date = TODAY) -> list[dt.date]:
    return [until - dt.timedelta(days=n) for n in range(count - 1, -1, -1)]


def marks(statuses: str, *, until: dt.date = TODAY) -> list[MarkIn]:
    """'PPAU…' oldest first, one a day up to ``until``: P present, L late, E excused, U unexcused."""
    codes = {"P": "present", "L": "late", "E": "excused", "U": "unexcused"}
    return [MarkIn(day, codes[c]) for day, c in zip(days_back(len(statuses), until=until), statuses, strict=True)]


def score(data: LearnerInput) -> rules.RiskResult:
    return rules.score_rules(rules.facts_for(data, GRADING))


def fired(data: LearnerInput) -> dict[str, rules.Reason]:
    return {r.code: r for r in score(data).reasons}


def text(data: LearnerInput, code: str) -> str:
    reason = fired(data)[code]
    return reason_texts([reason.as_dict()])[0]


def test_it_gives_a_learner_with_no_warning_sign_a_low_risk_and_no_reason():
    result = score(learner(marks=marks("P" * 56)))
    assert (result.level, result.score, result.reasons, result.method) == ("low", 0.0, (), "rules")


def test_it_flags_falling_attendance_with_both_rates():
    # 28 days at 100 %, then 28 days attended 18 of 28 (64 %): 36 points lost.
    data = learner(marks=marks("P" * 28 + "P" * 18 + "E" * 10))
    assert fired(data)["attendance_falling"].params == {"previous": "100", "recent": "64"}
    assert text(data, "attendance_falling") == (
        "Attendance fell from 100% to 64% (last 4 weeks against the 4 weeks before)"
    )


def test_it_does_not_flag_a_small_dip_in_attendance():
    assert "attendance_falling" not in fired(learner(marks=marks("P" * 28 + "P" * 25 + "E" * 3)))


def test_it_flags_low_attendance_in_the_last_four_weeks():
    data = learner(marks=marks("P" * 20 + "E" * 8))  # the last 28 days only: 71 %
    assert text(data, "attendance_low") == "Attended 71% of sessions in the last 4 weeks"
    assert "attendance_low" not in fired(learner(marks=marks("P" * 23 + "E" * 5)))  # 82 %


def test_it_needs_enough_marks_before_it_speaks_of_a_rate():
    assert not {"attendance_low", "attendance_falling"} & set(fired(learner(marks=marks("PUE"))))


def test_it_counts_unexcused_absences_in_the_last_four_weeks():
    data = learner(marks=marks("U" * 3 + "P" * 30 + "UPUPUP" + "P" * 5))
    assert fired(data)["unexcused_absences"].params == {"count": "3"}  # the three older ones are out of the window
    assert text(data, "unexcused_absences") == "Absences without leave in the last 4 weeks: 3"


def test_it_counts_the_current_streak_of_unexcused_absences():
    data = learner(marks=marks("P" * 20 + "UEUUUU"))
    assert fired(data)["absence_streak"].params == {"count": "4"}
    assert text(data, "absence_streak") == "Sessions missed in a row without leave: 4"
    assert "absence_streak" not in fired(learner(marks=marks("P" * 20 + "UUUP")))  # back in class: no streak


def test_it_flags_a_term_average_below_the_pass_mark():
    scores = [KindMeanIn(1, "regular", 4.0), KindMeanIn(1, "midterm", 5.0)]  # (4 + 2×5) / 3 = 4.7
    data = learner(scores=scores)
    assert text(data, "grades_below_pass") == "Average score 4,7 in term 1, below the pass mark 5,0"
    assert "grades_below_pass" not in fired(learner(scores=[KindMeanIn(1, "regular", 5.0)]))


def test_it_flags_falling_grades_between_terms():
    scores = [KindMeanIn(1, "regular", 7.5), KindMeanIn(2, "regular", 6.0), KindMeanIn(2, "final", 6.0)]
    data = learner(as_of=dt.date(2027, 3, 10), scores=scores)
    assert text(data, "grades_falling") == "Average score fell from 7,5 to 6,0 (term 2)"


def test_it_ignores_scores_of_a_term_that_has_not_started():
    data = learner(as_of=TODAY, scores=[KindMeanIn(1, "regular", 7.5), KindMeanIn(2, "regular", 3.0)])
    assert not {"grades_falling", "grades_below_pass"} & set(fired(data))


def test_it_flags_a_learner_two_years_older_than_usual_for_the_grade():
    data = learner(date_of_birth=dt.date(2009, 12, 30))  # 17 in the year grade 10 starts at 15
    assert text(data, "over_age") == "Aged 17 in grade 10, where the usual age is 15"
    assert "over_age" not in fired(learner(date_of_birth=dt.date(2010, 1, 2)))  # 16: one year over


def test_it_does_not_judge_age_in_a_trade_course():
    data = learner(program_code="so-cap", class_name="SC-ĐDD-K15", date_of_birth=dt.date(1990, 1, 1))
    assert "over_age" not in fired(data)


def test_it_flags_a_long_way_from_home():
    assert text(learner(distance_km=22.5), "far_from_home") == "Lives 22,5 km from the center"
    assert text(learner(distance_km=15.0), "far_from_home") == "Lives 15 km from the center"
    assert "far_from_home" not in fired(learner(distance_km=14.9))


def test_it_flags_a_learner_who_works():
    assert text(learner(is_working=True), "working") == "Works while studying"


@pytest.mark.parametrize(
    ("field", "code", "expected"),
    [
        ("household_certified", "poor_household", "Poor or near-poor household: may need support with costs"),
        ("has_disability", "disability", "Has a disability: may need learning support"),
        (
            "lives_in_disadvantaged_commune",
            "disadvantaged_commune",
            "Lives in a disadvantaged commune: may need support with travel or boarding",
        ),
    ],
)
def test_it_frames_policy_facts_as_a_need_for_support(field, code, expected):
    assert text(learner(**{field: True}), code) == expected
    assert rules.RULES[code].points <= 5  # a support need weighs less than a behaviour


def test_it_flags_a_recent_suspension_and_a_return():
    events = [
        StatusEventIn("enrolled", dt.date(2026, 9, 5), is_first=True),
        StatusEventIn("suspended", dt.date(2026, 10, 1)),
        StatusEventIn("enrolled", dt.date(2026, 10, 20)),
    ]
    data = learner(status_events=events)
    assert text(data, "recent_suspension") == "Suspended studies on 01/10/2026"
    assert text(data, "recent_reenrollment") == "Came back to class on 20/10/2026 after a break"


def test_it_forgets_status_changes_older_than_sixty_days_and_the_first_enrollment():
    events = [
        StatusEventIn("enrolled", dt.date(2026, 10, 1), is_first=True),
        StatusEventIn("suspended", dt.date(2026, 9, 1)),
    ]
    assert not {"recent_suspension", "recent_reenrollment"} & set(fired(learner(status_events=events)))


def test_it_adds_points_into_levels_with_the_strongest_reason_first():
    medium = learner(is_working=True, distance_km=30.0, household_certified=True)  # 10 + 10 + 5
    assert (score(medium).level, score(medium).score) == ("medium", 0.25)
    high = learner(marks=marks("P" * 20 + "UUUUUUUU"), is_working=True)  # low 20, absences 15, streak 25, work 10
    result = score(high)
    assert (result.level, result.score) == ("high", 0.7)
    assert [r.code for r in result.reasons][:1] == ["absence_streak"]
    assert result.reasons == tuple(sorted(result.reasons, key=lambda r: -r.weight))


def test_it_caps_the_score_at_one():
    data = learner(
        marks=marks("P" * 28 + "U" * 28),
        is_working=True,
        distance_km=40.0,
        household_certified=True,
        has_disability=True,
        date_of_birth=dt.date(2005, 1, 1),
    )
    assert score(data).score == 1.0


def test_it_has_a_reason_text_and_a_measure_for_every_rule():
    assert set(rules.RULES) == set(rules.REASONS) == set(rules.MEASURES) == set(rules.FEATURES)


def test_it_reads_the_grade_and_the_term():
    settings = rules.SETTINGS
    assert grade_of("gdtx-thpt", "10A1", settings) == 10
    assert grade_of("chin-cong", "11A2", settings) == 11
    assert grade_of("gdtx-thpt", "Lớp 10", settings) is None
    assert grade_of("gdtx-thpt", "102", settings) is None
    assert (term_on(dt.date(2026, 12, 31)), term_on(dt.date(2027, 1, 14)), term_on(dt.date(2027, 1, 15))) == (1, 1, 2)


def test_it_describes_attendance_as_of_a_past_day():
    # The same marks seen 10 days earlier: the final absences have not happened yet.
    data = learner(marks=marks("P" * 40 + "U" * 10), as_of=TODAY - dt.timedelta(days=10))
    facts = build_facts(data, GRADING, rules.SETTINGS)
    assert (facts.absence_streak, facts.recent_rate) == (0, 1.0)


def test_it_gives_the_reasons_in_vietnamese():
    from django.utils import translation

    reasons = [
        {"code": "far_from_home", "weight": 9.0, "params": {"km": "30"}},
        {"code": "working", "weight": 1.0, "params": {}},
    ]
    with translation.override("vi"):
        assert reason_texts(reasons) == ["Nhà cách trung tâm 30 km", "Vừa học vừa làm"]
