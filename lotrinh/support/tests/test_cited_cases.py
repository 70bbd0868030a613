"""One test per cited case, against the tables the data migration loads, with hand-computed amounts."""

import datetime as dt
from dataclasses import replace

import pytest

from lotrinh.support import selectors
from lotrinh.support.eligibility import Course, Facts, evaluate

pytestmark = pytest.mark.django_db

# Everything known and "no": a base that each case changes in one place.
NOBODY = Facts(
    household="none",
    ethnic_minority=False,
    disability=False,
    disadvantaged_commune=False,
    distance_km=2.0,
    policy_beneficiary=False,
    orphan=False,
    land_recovered=False,
    female_lost_job=False,
    fisher=False,
    fisher_steel_vessel=False,
    female=False,
    rural_worker=False,
    thcs_graduate=False,
    parent_work_accident=False,
    previously_supported=False,
)


def person(**changes) -> Facts:
    return replace(NOBODY, **changes)


SO_CAP = Course(level="so_cap", study_days=40, cost_vnd=5_000_000)


def by_group(facts: Facts, course: Course, day: dt.date, center) -> dict:
    policies = selectors.policies_in_force(center=center, day=day)
    return {o.group_code: o for o in evaluate(facts, course, policies, day)}


def certified(day: dt.date, status: str = "poor") -> dict:
    return {
        "household": status,
        "household_certificate_valid_from": day - dt.timedelta(days=100),
        "household_certificate_valid_to": day + dt.timedelta(days=200),
    }


TRAINING_TIERS = {
    "nguoi_khuyet_tat",
    "dtts_ngheo_hoac_ngheo_xa_dbkk",
    "dtts_nguoi_co_cong_ho_ngheo",
    "ho_can_ngheo",
    "phu_nu_lao_dong_nong_thon",
    "ngu_dan_tau_vo_thep",
}


def eligible_training(result: dict) -> list:
    """The QĐ 46 training-cost tiers that pay (at most one)."""
    return [o for o in result.values() if o.group_code in TRAINING_TIERS and o.status == "eligible"]


def test_it_gives_a_person_with_a_disability_the_6_million_tier(center_a, today):
    result = by_group(person(**{"disability": True}), SO_CAP, today, center_a)
    tier = result["nguoi_khuyet_tat"]
    assert (tier.status, tier.amount_vnd) == ("eligible", 5_000_000)  # min(6.000.000 cap, 5.000.000 cost)
    assert "Quyết định 46/2015/QĐ-TTg" in tier.citation
    assert result["dtts_nguoi_co_cong_ho_ngheo"].status == "not_eligible"


def test_it_caps_the_disability_tier_at_6_million(center_a, today):
    course = Course(level="duoi_3_thang", study_days=20, cost_vnd=7_500_000)
    result = by_group(person(**{"disability": True}), course, today, center_a)
    assert result["nguoi_khuyet_tat"].amount_vnd == 6_000_000


def test_it_gives_a_poor_ethnic_minority_person_the_4_million_tier_only(center_a, today):
    facts = person(**{**certified(today), "ethnic_minority": True})
    result = by_group(facts, SO_CAP, today, center_a)
    assert result["dtts_ngheo_hoac_ngheo_xa_dbkk"].amount_vnd == 4_000_000
    assert [o.group_code for o in eligible_training(result)] == ["dtts_ngheo_hoac_ngheo_xa_dbkk"]
    assert "một mức cao nhất" in result["dtts_nguoi_co_cong_ho_ngheo"].explanation


def test_it_gives_a_poor_household_in_a_disadvantaged_commune_the_4_million_tier(center_a, today):
    facts = person(**{**certified(today), "disadvantaged_commune": True})
    assert by_group(facts, SO_CAP, today, center_a)["dtts_ngheo_hoac_ngheo_xa_dbkk"].amount_vnd == 4_000_000


@pytest.mark.parametrize(
    "fact", ["ethnic_minority", "policy_beneficiary", "land_recovered", "female_lost_job", "fisher"]
)
def test_it_gives_each_3_million_group_its_cap(center_a, today, fact):
    result = by_group(person(**{fact: True}), SO_CAP, today, center_a)
    assert [(o.group_code, o.amount_vnd) for o in eligible_training(result)] == [
        ("dtts_nguoi_co_cong_ho_ngheo", 3_000_000)
    ]


def test_it_gives_a_poor_household_the_3_million_tier(center_a, today):
    result = by_group(person(**{**certified(today)}), SO_CAP, today, center_a)
    assert [(o.group_code, o.amount_vnd) for o in eligible_training(result)] == [
        ("dtts_nguoi_co_cong_ho_ngheo", 3_000_000)
    ]


def test_it_gives_a_near_poor_household_2_5_million(center_a, today):
    result = by_group(person(**{**certified(today, "near_poor")}), SO_CAP, today, center_a)
    assert [(o.group_code, o.amount_vnd) for o in eligible_training(result)] == [("ho_can_ngheo", 2_500_000)]


@pytest.mark.parametrize("fact", ["female", "rural_worker"])
def test_it_gives_women_and_rural_workers_2_million(center_a, today, fact):
    result = by_group(person(**{fact: True}), SO_CAP, today, center_a)
    assert [(o.group_code, o.amount_vnd) for o in eligible_training(result)] == [
        ("phu_nu_lao_dong_nong_thon", 2_000_000)
    ]


def test_it_pays_the_whole_cost_for_fishers_on_steel_vessels(center_a, today):
    course = Course(level="so_cap", study_days=30, cost_vnd=9_800_000)
    result = by_group(person(**{"fisher": True, "fisher_steel_vessel": True}), course, today, center_a)
    assert [(o.group_code, o.amount_vnd) for o in eligible_training(result)] == [("ngu_dan_tau_vo_thep", 9_800_000)]
    assert result["dtts_nguoi_co_cong_ho_ngheo"].status == "not_eligible"  # a higher tier applies


def test_it_pays_the_meal_allowance_per_study_day(center_a, today):
    result = by_group(person(**{"female": True}), SO_CAP, today, center_a)
    assert (result["tien_an"].status, result["tien_an"].amount_vnd) == ("eligible", 1_200_000)  # 30.000 × 40


def test_it_pays_200_thousand_travel_from_15_km(center_a, today):
    result = by_group(person(**{"female": True, "distance_km": 15.0}), SO_CAP, today, center_a)
    assert (result["di_lai_15km"].status, result["di_lai_15km"].amount_vnd) == ("eligible", 200_000)
    near = by_group(person(**{"female": True, "distance_km": 14.9}), SO_CAP, today, center_a)
    assert near["di_lai_15km"].status == "not_eligible"


def test_it_pays_300_thousand_travel_from_5_km_to_a_person_with_a_disability(center_a, today):
    facts = person(**{"disability": True, "distance_km": 5.0})
    result = by_group(facts, SO_CAP, today, center_a)
    assert (result["di_lai_5km_khuyet_tat_xa_kho_khan"].amount_vnd, result["di_lai_15km"].status) == (
        300_000,
        "not_eligible",
    )
    far = by_group(replace(facts, **{"distance_km": 20.0}), SO_CAP, today, center_a)
    # Both travel rules hold at 20 km: only the higher one, 300.000 ₫, is paid.
    assert [o.amount_vnd for o in far.values() if o.group_code.startswith("di_lai") and o.status == "eligible"] == [
        300_000
    ]


def test_it_pays_300_thousand_travel_from_5_km_in_a_disadvantaged_commune(center_a, today):
    facts = person(**{"female": True, "disadvantaged_commune": True, "distance_km": 6.0})
    assert by_group(facts, SO_CAP, today, center_a)["di_lai_5km_khuyet_tat_xa_kho_khan"].amount_vnd == 300_000


def test_it_supports_a_person_only_once(center_a, today):
    facts = person(**{"disability": True, "previously_supported": True})
    result = by_group(facts, SO_CAP, today, center_a)
    assert eligible_training(result) == []
    assert "một lần" in result["nguoi_khuyet_tat"].explanation
    assert result["nguoi_khuyet_tat_gdnn"].status == "eligible"  # ND 238 tuition is another policy


def test_it_shows_an_expired_poor_household_certificate_as_expired(center_a, today):
    facts = person(
        household="poor",
        household_certificate_valid_from=today - dt.timedelta(days=400),
        household_certificate_valid_to=today - dt.timedelta(days=1),
    )
    tier = by_group(facts, SO_CAP, today, center_a)["dtts_nguoi_co_cong_ho_ngheo"]
    assert (tier.status, tier.amount_vnd, tier.potential_vnd) == ("expired_fact", None, 3_000_000)
    assert f"hết hiệu lực từ {today - dt.timedelta(days=1):%d/%m/%Y}" in tier.explanation
    assert any("còn hiệu lực" in text for text in tier.facts_needed)


def test_it_shows_an_unknown_household_as_a_missing_fact(center_a, today):
    tier = by_group(person(**{"household": None}), SO_CAP, today, center_a)["ho_can_ngheo"]
    assert (tier.status, tier.amount_vnd) == ("missing_fact", None)
    assert "Chưa có thông tin hộ nghèo / cận nghèo" in tier.explanation


def test_it_does_not_take_an_unknown_earlier_support_for_a_no(center_a, today):
    facts = person(**{"disability": True, "previously_supported": None})
    tier = by_group(facts, SO_CAP, today, center_a)["nguoi_khuyet_tat"]
    assert (tier.status, tier.potential_vnd) == ("missing_fact", 5_000_000)
    assert "đã từng được hỗ trợ" in tier.explanation


def test_it_exempts_gdtx_learners_at_a_public_center(center_a, today):
    course = Course(level="gdtx_thpt", cost_vnd=1_800_000)
    result = by_group(NOBODY, course, today, center_a)
    nd238, nq217 = result["gdtx_cong_lap"], result["gdtx_pho_thong_cong_lap"]
    assert (nd238.status, nd238.percent, nd238.amount_vnd) == ("eligible", 100, 1_800_000)
    assert (nq217.status, nq217.percent) == ("eligible", 100)
    assert "217/2025/QH15" in nq217.citation and "238/2025/NĐ-CP" in nd238.citation


def test_it_does_not_exempt_gdtx_learners_at_a_private_institution(center_a, today):
    result = by_group(NOBODY, Course(level="gdtx_thcs", ownership="private"), today, center_a)
    assert result["gdtx_cong_lap"].status == result["gdtx_pho_thong_cong_lap"].status == "not_eligible"


def test_it_exempts_a_revolutionary_contributor(center_a, today):
    result = by_group(person(**{"policy_beneficiary": True}), Course(level="trung_cap"), today, center_a)
    assert (result["nguoi_co_cong"].status, result["nguoi_co_cong"].percent) == ("eligible", 100)


def test_it_exempts_a_vet_learner_with_a_disability(center_a, today):
    course = Course(level="trung_cap", cost_vnd=6_000_000)
    outcome = by_group(person(**{"disability": True}), course, today, center_a)["nguoi_khuyet_tat_gdnn"]
    assert (outcome.status, outcome.amount_vnd) == ("eligible", 6_000_000)


def test_it_exempts_an_orphan_at_trung_cap_but_not_at_so_cap(center_a, today):
    facts = person(**{"orphan": True})
    assert by_group(facts, Course(level="trung_cap"), today, center_a)["mo_coi_trung_cap_cao_dang"].status == "eligible"
    assert "mo_coi_trung_cap_cao_dang" not in by_group(facts, SO_CAP, today, center_a)


def test_it_exempts_a_thcs_graduate_going_on_to_trung_cap_as_a_secondary_source(center_a, today):
    outcome = by_group(person(**{"thcs_graduate": True}), Course(level="trung_cap"), today, center_a)[
        "tot_nghiep_thcs_hoc_trung_cap"
    ]
    assert (outcome.status, outcome.confidence, outcome.verified) == ("eligible", "S", True)


def test_it_exempts_poor_ethnic_minority_vet_learners_but_marks_it_unverified(center_a, today):
    facts = person(**{**certified(today, "near_poor"), "ethnic_minority": True})
    outcome = by_group(facts, Course(level="trung_cap"), today, center_a)["dtts_ngheo_can_ngheo_gdnn"]
    assert (outcome.status, outcome.percent, outcome.verified) == ("eligible", 100, False)


def test_it_reduces_tuition_by_70_percent_for_a_special_trade(center_a, today):
    course = Course(level="trung_cap", cost_vnd=4_000_000, special_trade=True)
    outcome = by_group(NOBODY, course, today, center_a)["nghe_dac_thu_doc_hai"]
    assert (outcome.status, outcome.percent, outcome.amount_vnd) == ("eligible", 70, 2_800_000)


def test_it_reduces_tuition_by_70_percent_for_ethnic_minorities_in_a_difficult_commune(center_a, today):
    facts = person(**{"ethnic_minority": True, "disadvantaged_commune": True})
    outcome = by_group(facts, Course(level="so_cap", cost_vnd=3_000_000), today, center_a)["dtts_vung_dbkk"]
    assert (outcome.status, outcome.amount_vnd) == ("eligible", 2_100_000)


def test_it_reduces_tuition_by_50_percent_for_a_child_of_a_work_accident_beneficiary(center_a, today):
    facts = person(**{"parent_work_accident": True})
    outcome = by_group(facts, Course(level="trung_cap", cost_vnd=3_000_000), today, center_a)["con_tai_nan_lao_dong"]
    assert (outcome.status, outcome.percent, outcome.amount_vnd) == ("eligible", 50, 1_500_000)


def test_it_applies_only_the_highest_tuition_exemption(center_a, today):
    facts = person(**{"parent_work_accident": True, "disability": True})
    result = by_group(facts, Course(level="trung_cap", cost_vnd=3_000_000), today, center_a)
    assert result["nguoi_khuyet_tat_gdnn"].status == "eligible"
    assert result["con_tai_nan_lao_dong"].status == "not_eligible"


def test_it_leaves_nd_238_out_before_it_took_effect(center_a):
    day = dt.date(2025, 9, 2)
    result = by_group(NOBODY, Course(level="gdtx_thpt"), day, center_a)
    assert "gdtx_cong_lap" not in result and "gdtx_pho_thong_cong_lap" in result  # NQ 217 from 01/09/2025


def test_it_leaves_nq_217_out_before_the_2025_2026_school_year(center_a):
    assert by_group(NOBODY, Course(level="gdtx_thpt"), dt.date(2025, 8, 31), center_a) == {}


def test_it_leaves_qd_46_out_before_2016(center_a):
    assert by_group(person(**{"disability": True}), SO_CAP, dt.date(2015, 12, 31), center_a) == {}
