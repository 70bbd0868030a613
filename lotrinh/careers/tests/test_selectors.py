"""Reference data, local demand and the recommendation selectors against the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import scope

from lotrinh.academics.models import Trade
from lotrinh.careers import selectors
from lotrinh.careers.models import RIASEC, TradeInterestOverride, TradeInterestProfile

from .conftest import SCORES, demand, offer, trade

pytestmark = pytest.mark.django_db


def test_it_has_a_reviewed_or_flagged_profile_for_every_trade_in_the_catalogue():
    trades = list(Trade.objects.all())
    profiles = {p.trade_id: p for p in TradeInterestProfile.objects.all()}
    assert trades and {t.pk for t in trades} == set(profiles)
    for p in profiles.values():
        assert 1 <= len(p.code) <= 3 and set(p.code) <= set(RIASEC)
        top = sorted(RIASEC, key=lambda t: (-p.levels[t], RIASEC.index(t)))[: len(p.code)]
        assert p.code == "".join(top)
        assert p.onet_soc_codes
        assert f"O*NET® {p.onet_release} Database" in p.attribution
        assert p.reviewed or "cần chuyên gia rà soát" in p.note


def test_it_holds_golden_codes_for_a_few_trades():
    codes = {p.trade.name: p.code for p in TradeInterestProfile.objects.select_related("trade")}
    assert codes["Hàn"] == "RCI"
    assert codes["Điện dân dụng"] == "RIC"
    assert codes["Tin học ứng dụng"] == "CIR"
    assert codes["Chăm sóc sắc đẹp"] == "SAR"
    assert "51-4121.00" in TradeInterestProfile.objects.get(trade__name="Hàn").onet_soc_codes


def test_it_counts_the_latest_period_of_each_source_within_a_year(center_a, alice, today):
    year = today.year
    demand(center_a, "Hàn", 30, by=alice, year=year - 1, source="Khảo sát KCN Quán Ngang")
    demand(center_a, "Hàn", 45, by=alice, year=year, source="Khảo sát KCN Quán Ngang")  # replaces last year's
    demand(center_a, "Hàn", 12, by=alice, year=year, source="Sở Nội vụ")  # another source adds up
    demand(center_a, "May công nghiệp", 80, by=alice, year=year - 3)  # too old
    demand(center_a, "Điện dân dụng", 9, by=alice, year=year + 1)  # not started yet
    demand(center_a, "Sửa chữa xe máy", 0, by=alice, year=year)  # recorded as none: 0, not absent
    counts = selectors.demand_by_trade(center=center_a, day=today)
    assert counts == {trade("Hàn").pk: 57, trade("Sửa chữa xe máy").pk: 0}


def test_it_keeps_each_center_to_its_own_demand(center_a, center_b, alice, charlie, today):
    demand(center_a, "Hàn", 45, by=alice, year=today.year)
    demand(center_b, "Hàn", 7, by=charlie, year=today.year)
    assert selectors.demand_by_trade(center=center_b, day=today) == {trade("Hàn").pk: 7}


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_it_reads_the_trade_list_in_a_fixed_number_of_queries(center_a, alice, today):
    few = _queries(lambda: selectors.trade_rows(center=center_a, day=today))
    for name in ("Hàn", "May công nghiệp", "Điện dân dụng", "Công nghệ ô tô"):
        offer(center_a, name, by=alice)
        offer(
            center_a, name, by=alice, months=18, provider="partner", partner_name="Trường Cao đẳng Kỹ thuật Quảng Trị"
        )
        demand(center_a, name, 20, by=alice, year=today.year)
    with scope(center=center_a):
        TradeInterestOverride.objects.create(
            center=center_a,
            trade=trade("Hàn"),
            code="RC",
            reason="Thợ hàn ở KCN ít việc nghiên cứu",
            set_by=alice,
            set_on=today,
        )
    assert _queries(lambda: selectors.trade_rows(center=center_a, day=today)) == few == 5


def test_it_ranks_for_an_anonymous_test_taker_in_a_fixed_number_of_queries(center_a, alice, today):
    few = _queries(lambda: selectors.recommendations_for_scores(center=center_a, scores=SCORES, day=today))
    for name in ("Hàn", "May công nghiệp", "Điện dân dụng"):
        offer(center_a, name, by=alice)
        demand(center_a, name, 20, by=alice, year=today.year)
    assert _queries(lambda: selectors.recommendations_for_scores(center=center_a, scores=SCORES, day=today)) == few
    recs = selectors.recommendations_for_scores(center=center_a, scores=SCORES, day=today)
    assert len(recs) == Trade.objects.count()
    welding = next(x for x in recs if x.trade_name == "Hàn")
    assert any(x.kind == "support" and x.missing for x in welding.reasons)
    assert not any(x.kind == "grades" and not x.missing for x in welding.reasons)


def test_it_uses_the_center_override_in_the_ranking(center_a, alice, today):
    with scope(center=center_a):
        TradeInterestOverride.objects.create(
            center=center_a,
            trade=trade("Chăm sóc sắc đẹp"),
            code="RCI",
            reason="Thử nghiệm",
            set_by=alice,
            set_on=today,
        )
    recs = selectors.recommendations_for_scores(center=center_a, scores=SCORES, day=today)
    beauty = next(x for x in recs if x.trade_name == "Chăm sóc sắc đẹp")
    assert beauty.code == "RCI" and beauty.interest_agreement == 1


def test_it_ignores_scores_that_are_not_six_valid_ones(center_a, today):
    recs = selectors.recommendations_for_scores(center=center_a, scores={"R": 99}, day=today)
    assert all(any(x.kind == "interest" and x.missing for x in rec.reasons) for rec in recs)


def test_it_speaks_vietnamese_to_the_learner(center_a, alice, today):
    offer(center_a, "May công nghiệp", by=alice, cost=2_500_000)
    demand(center_a, "May công nghiệp", 45, by=alice, year=today.year)
    with translation.override("vi"):
        recs = selectors.recommendations_for_scores(center=center_a, scores=SCORES, day=today)
    sewing = next(x for x in recs if x.trade_name == "May công nghiệp")
    texts = [x.text for x in sewing.reasons]
    assert "Hợp với nhóm sở thích Kỹ thuật (R) và Nghiệp vụ (C) của em" in texts
    assert "Có 45 chỗ làm đang tuyển trong tỉnh" in texts
    assert "3 tháng, 2.500.000 ₫" in texts
    assert sewing.pathway == "Sơ cấp nghề, 3 tháng tại trung tâm"


class _Line:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def test_it_gives_a_learner_support_lines_in_a_fixed_number_of_queries(
    center_a, alice, learner, took_test, monkeypatch, today
):
    took_test()
    calls = []

    def estimate(*, learner, offer, day):
        calls.append(offer.pk)
        return [
            _Line(
                policy_name="QĐ 46/2015/QĐ-TTg",
                amount_vnd=3_000_000,
                percent=None,
                citation="QĐ 46/2015/QĐ-TTg",
                status="eligible",
                explanation="",
            )
        ]

    monkeypatch.setattr(selectors, "_support_function", lambda: estimate)
    offer(center_a, "Hàn", by=alice, months=18, provider="partner", partner_name="Trường Cao đẳng Kỹ thuật Quảng Trị")
    few = _queries(lambda: selectors.recommendations_for_learner(learner=learner, day=today))
    for name in ("Hàn", "May công nghiệp", "Điện dân dụng", "Công nghệ ô tô", "Sửa chữa xe máy", "Chăm sóc sắc đẹp"):
        offer(center_a, name, by=alice)
        demand(center_a, name, 20, by=alice, year=today.year)
    calls.clear()
    with translation.override("en"):
        recs = selectors.recommendations_for_learner(learner=learner, day=today)
    assert len(recs) == 5 and len(calls) == 5  # support for the five shown, not for every trade
    assert all(
        "May be supported up to 3.000.000 ₫ under QĐ 46/2015/QĐ-TTg" in [x.text for x in r.reasons] for r in recs
    )
    assert _queries(lambda: selectors.recommendations_for_learner(learner=learner, day=today)) == few


def test_it_reads_a_learner_culture_average_from_the_transcript(center_a, alice, learner, no_support_area, today):
    from lotrinh.assessment.models import Score
    from lotrinh.factories import EnrollmentFactory, SchoolClassFactory

    with scope(center=center_a):
        klass = SchoolClassFactory(center=center_a, name="10A1")
        EnrollmentFactory(center=center_a, learner=learner, school_class=klass)
        for subject, values in {"Toán": ("6.0", "7.0", "8.0"), "Ngữ văn": ("7.0", "7.0", "7.0")}.items():
            for kind, value in zip(("regular", "midterm", "final"), values, strict=True):
                Score.objects.create(
                    center=center_a, learner=learner, school_class=klass, subject=subject, term=1,
                    kind=kind, sequence=1, value=value, entered_by=alice,
                )  # fmt: skip
        facts = selectors.grade_facts(learner)
    assert facts.culture_average is not None and 6.5 < facts.culture_average < 7.5


def test_it_counts_enterprises_open_postings_before_the_demand_table(center_a, alice, today):
    import datetime as dt

    from lotrinh.industry import services as industry_services
    from lotrinh.industry.tests.conftest import make_enterprise, partner, valid_tax_code

    demand(center_a, "Hàn", 20, by=alice, year=today.year)
    demand(center_a, "May công nghiệp", 15, by=alice, year=today.year)
    enterprise = make_enterprise("co-khi-dong-ha", "Công ty Cơ khí Đông Hà", tax_code=valid_tax_code(7))
    with scope(center=center_a):
        partner(center_a, enterprise)
        for count, deadline in ((4, today + dt.timedelta(days=10)), (3, today)):
            industry_services.opening_create(
                center=center_a,
                enterprise=enterprise,
                trade=trade("Hàn"),
                title="Thợ hàn",
                count=count,
                wage_min=6_000_000,
                wage_max=8_000_000,
                deadline=deadline,
                actor=alice,
            )
    with scope(center=center_a):
        demand_now = selectors.demand_by_trade(center=center_a, day=today)
        demand_later = selectors.demand_by_trade(center=center_a, day=today + dt.timedelta(days=1))
    # The two live postings replace the surveyed 20 welders; the survey still answers for garment work.
    assert demand_now[trade("Hàn").pk] == 7
    assert demand_now[trade("May công nghiệp").pk] == 15
    # A posting whose deadline has passed no longer counts.
    assert demand_later[trade("Hàn").pk] == 4
