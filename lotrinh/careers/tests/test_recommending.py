"""The pure recommendation, against rankings worked out by hand (figures in the comments)."""

import pytest

from lotrinh.careers import recommending as r

WEIGHTS = r.Weights(
    version="test",
    interest=40,
    grades=20,
    demand=25,
    length_cost=15,
    demand_full_at=50,
    months_full=24,
    cost_full_vnd=20_000_000,
)
SCORES = {"R": 36, "I": 20, "A": 12, "S": 15, "E": 18, "C": 30}  # R-C-I
LIKE_SCORES = {t: v / 6 for t, v in SCORES.items()}  # levels in step with the scores: r = +1
OPPOSITE = {t: 8 - v / 6 for t, v in SCORES.items()}  # r = −1


def offer(offer_id=1, months=3, cost=2_500_000, at_center=True, partner="", support=None, depends=False):
    return r.OfferIn(offer_id, "Sơ cấp nghề", at_center, partner, months, cost, support, depends)


def option(trade_id, name, code, levels, demand, offers=(), level="so_cap"):
    return r.TradeOption(trade_id, name, level, "Sơ cấp", code, levels, demand, tuple(offers))


WELDING = option(1, "Hàn", "RCI", LIKE_SCORES, 45, [offer()])
BEAUTY = option(2, "Chăm sóc sắc đẹp", "SAE", OPPOSITE, 10, [offer(2, months=6, cost=4_000_000)])
IT = option(3, "Tin học ứng dụng", "CIR", LIKE_SCORES, None)


def test_it_scores_letter_agreement_with_the_first_letters_weighted_most():
    assert r.letter_agreement("RCI", "RCI") == 1
    # R: 3×1, I: 2×2 … here person R-C-I, trade C-I-R: R 3×1 + C 2×3 + I 1×2 = 11 of 14
    assert r.letter_agreement("RCI", "CIR") == pytest.approx(11 / 14)
    assert r.letter_agreement("RCI", "SAE") == 0
    # the same one shared letter counts more first than third
    assert r.letter_agreement("RSA", "RIC") > r.letter_agreement("SAR", "RIC")


def test_it_correlates_the_six_scores_with_the_trade_levels():
    assert r.correlation(SCORES, LIKE_SCORES) == pytest.approx(1)
    assert r.correlation(SCORES, OPPOSITE) == pytest.approx(-1)
    assert r.correlation(SCORES, dict.fromkeys("RIASEC", 4)) == 0


def test_it_ranks_by_hand_computed_scores():
    ranked = r.rank([BEAUTY, IT, WELDING], scores=SCORES, grades=None, weights=WEIGHTS)
    # Hàn: interest 1.0 (same code, r=1), demand 45/50 = 0.9, length and cost 1 − 3/24/2 − 2.5/20/2 = 0.875;
    #   no grades: (40×1 + 25×0.9 + 15×0.875) / 80 = 94.5 → 95
    # Tin học: 11/14 × 0.95 + 0.05 = 0.796; no demand figure and no course count 0: 40×0.796 / 80 = 39.8 → 40
    # Sắc đẹp: interest 0 (no letter shared, r = −1), demand 0.2, cost 1 − 6/24/2 − 4/20/2 = 0.775:
    #   (0 + 25×0.2 + 15×0.775) / 80 = 20.8 → 21
    assert [(x.trade_name, x.score) for x in ranked] == [
        ("Hàn", 95),
        ("Tin học ứng dụng", 40),
        ("Chăm sóc sắc đẹp", 21),
    ]


def test_it_breaks_a_tie_of_letters_with_the_correlation():
    closer = option(10, "B nghề gần", "RCI", LIKE_SCORES, None)
    farther = option(11, "A nghề xa", "RCI", {**LIKE_SCORES, "S": 7, "A": 7}, None)
    ranked = r.rank([farther, closer], scores=SCORES, grades=None, weights=WEIGHTS)
    assert [x.trade_id for x in ranked] == [10, 11]
    assert ranked[0].interest_agreement == ranked[1].interest_agreement == 1
    assert ranked[0].correlation > ranked[1].correlation


def test_it_never_lets_the_correlation_beat_a_letter():
    # one letter-step better with the worst correlation still wins over the best correlation
    better_letters = option(1, "X", "RCI", OPPOSITE, None)
    worse_letters = option(2, "Y", "RCE", LIKE_SCORES, None)
    ranked = r.rank([worse_letters, better_letters], scores=SCORES, grades=None, weights=WEIGHTS)
    assert ranked[0].trade_id == 1


def test_it_gives_the_reasons_in_words_with_the_figures():
    rec = r.recommend_one(WELDING, scores=SCORES, grades=None, weights=WEIGHTS)
    texts = {reason.kind: reason.text for reason in rec.reasons}
    assert texts["interest"] == "Fits your interest types Realistic (R), Conventional (C) and Investigative (I)"
    assert texts["demand"] == "45 job openings recorded in the province"
    assert texts["length_cost"] == "3 months, 2.500.000 ₫"
    assert rec.pathway == "Sơ cấp nghề, 3 months at the center"


def test_it_says_what_is_missing_and_never_guesses():
    rec = r.recommend_one(IT, scores=None, grades=None, weights=WEIGHTS)
    missing = {reason.kind for reason in rec.reasons if reason.missing}
    assert missing == {"interest", "grades", "demand", "length_cost"}
    assert rec.score == 0
    assert rec.pathway == "Sơ cấp: no course open yet"


def test_it_does_not_rank_an_unknown_trade_above_a_known_one():
    unknown = option(5, "A nghề chưa rõ", "RIC", LIKE_SCORES, None)  # almost the person's code, nothing else known
    ranked = r.rank([unknown, WELDING], scores=SCORES, grades=None, weights=WEIGHTS)
    assert [x.trade_id for x in ranked] == [1, 5]


def test_it_reads_grades_against_the_level_of_the_course():
    so_cap = option(1, "Hàn", "RCI", LIKE_SCORES, None, level="so_cap")
    trung_cap = option(2, "Điện công nghiệp", "RIC", LIKE_SCORES, None, level="trung_cap")
    grades = r.GradeFacts(culture_average=6.5)
    # sơ cấp: (6.5 − 4) / 3 = 0.833; trung cấp: (6.5 − 5) / 3 = 0.5; no test: interest out; no demand, no
    # course: 0 of 25 + 15. 20×0.833 / 60 = 27.8 → 28; 20×0.5 / 60 = 16.7 → 17
    a = r.recommend_one(so_cap, scores=None, grades=grades, weights=WEIGHTS)
    b = r.recommend_one(trung_cap, scores=None, grades=grades, weights=WEIGHTS)
    assert (a.score, b.score) == (28, 17)
    assert "culture subjects average is 6,5: enough" in next(x.text for x in a.reasons if x.kind == "grades")
    assert "need steady effort" in next(x.text for x in b.reasons if x.kind == "grades")


def test_it_prefers_the_modules_of_the_trade_to_the_culture_average():
    grades = r.GradeFacts(culture_average=5.0, trade_averages={1: 8.0})
    rec = r.recommend_one(WELDING, scores=None, grades=grades, weights=WEIGHTS)
    assert "vocational modules of this trade average is 8,0" in next(x.text for x in rec.reasons if x.kind == "grades")


def test_it_shows_each_support_outcome_with_its_citation():
    lines = (
        r.SupportLine("QĐ 46/2015", "eligible", amount_vnd=3_000_000, citation="QĐ 46/2015/QĐ-TTg"),
        r.SupportLine("NĐ 238/2025", "expired_fact", explanation="giấy chứng nhận hộ nghèo hết hạn 31/12/2025"),
        r.SupportLine("NĐ 238/2025 miễn", "eligible", percent=70, citation="NĐ 238/2025/NĐ-CP"),
    )
    welding = option(1, "Hàn", "RCI", LIKE_SCORES, 45, [offer(support=lines)])
    texts = [x.text for x in r.recommend_one(welding, scores=SCORES, grades=None, weights=WEIGHTS).reasons]
    assert "May be supported up to 3.000.000 ₫ under QĐ 46/2015/QĐ-TTg" in texts
    assert (
        "A document has expired, support under NĐ 238/2025 cannot be estimated: "
        "giấy chứng nhận hộ nghèo hết hạn 31/12/2025"
    ) in texts
    assert "May get 70% of the cost covered under NĐ 238/2025/NĐ-CP" in texts


def test_it_sums_up_each_policy_in_one_reason():
    citation = "Quyết định 46/2015/QĐ-TTg ngày 28/9/2015 của Thủ tướng Chính phủ, Điều 3"
    lines = (
        r.SupportLine("QĐ 46", "not_eligible", citation=citation, explanation="cần người khuyết tật"),
        r.SupportLine(
            "QĐ 46", "missing_fact", citation=citation, explanation="chưa rõ hộ nghèo", potential_vnd=3_000_000
        ),
        r.SupportLine("QĐ 46", "missing_fact", citation=citation, explanation="chưa rõ", potential_vnd=2_000_000),
        r.SupportLine("NĐ 238", "not_eligible", citation="Nghị định 238/2025/NĐ-CP ngày 03/9/2025"),
    )
    welding = option(1, "Hàn", "RCI", LIKE_SCORES, 45, [offer(support=lines)])
    support = [
        x for x in r.recommend_one(welding, scores=SCORES, grades=None, weights=WEIGHTS).reasons if x.kind == "support"
    ]
    assert [(x.text, x.missing) for x in support] == [
        (
            "Not enough information to estimate support under Quyết định 46/2015/QĐ-TTg"
            " (up to 3.000.000 ₫ if eligible)",
            True,
        ),
        ("Not in the groups supported by Nghị định 238/2025/NĐ-CP", False),
    ]


def test_it_says_support_depends_on_circumstances_for_an_anonymous_person():
    welding = option(1, "Hàn", "RCI", LIKE_SCORES, 45, [offer(depends=True)])
    rec = r.recommend_one(welding, scores=SCORES, grades=None, weights=WEIGHTS)
    support = [x for x in rec.reasons if x.kind == "support"]
    assert [(x.text, x.missing) for x in support] == [
        ("Support depends on your family's circumstances: ask a counselor", True)
    ]


def test_it_picks_the_easiest_course_as_the_pathway():
    partner = offer(7, months=18, cost=12_000_000, at_center=False, partner="Trường Cao đẳng Kỹ thuật Quảng Trị")
    short = offer(8, months=3, cost=2_000_000)
    rec = r.recommend_one(
        option(1, "Hàn", "RCI", LIKE_SCORES, 45, [partner, short]), scores=SCORES, grades=None, weights=WEIGHTS
    )
    assert rec.offer_id == 8
    only_partner = r.recommend_one(
        option(1, "Hàn", "RCI", LIKE_SCORES, 45, [partner]), scores=SCORES, grades=None, weights=WEIGHTS
    )
    assert only_partner.pathway == "Sơ cấp nghề, 18 months with Trường Cao đẳng Kỹ thuật Quảng Trị"


def test_it_keeps_ties_visible_in_the_code():
    assert r.person_code({"R": 30, "I": 10, "A": 10, "S": 30, "E": 12, "C": 20}) == "RSC"
    assert r.ties_text({"R": 30, "I": 10, "A": 10, "S": 30, "E": 12, "C": 20}) == "R=S > C"
    assert r.ties_text({"R": 30, "I": 20, "A": 20, "S": 20, "E": 12, "C": 8}) == "R > I=A=S"


@pytest.mark.parametrize("scores", [{"R": 36}, {**SCORES, "C": 41}, {**SCORES, "I": 7}])
def test_it_refuses_scores_out_of_range(scores):
    with pytest.raises(ValueError):
        r.rank([WELDING], scores=scores, grades=None, weights=WEIGHTS)
