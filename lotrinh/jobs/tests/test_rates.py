"""The pure employment-rate maths, on cases counted by hand."""

import datetime as dt

from lotrinh.jobs.rates import Graduate, add_months, percent, rate_of, rates_by


def g(trade="Điện", reached=False, employed=False, in_trade=False, year=2025, program="Sơ cấp nghề") -> Graduate:
    return Graduate(
        learner_id=0, graduated_on=dt.date(year, 6, 30), trade=trade, program=program,
        reached=reached, employed=employed, in_trade=in_trade,
    )  # fmt: skip


def test_it_counts_the_rate_over_the_graduates_reached_and_over_all():
    # 5 graduates; 4 reached; 3 employed, 2 of them in the trade.
    rows = [
        g(reached=True, employed=True, in_trade=True),
        g(reached=True, employed=True, in_trade=True),
        g(reached=True, employed=True),
        g(reached=True),
        g(),
    ]
    rate = rate_of("", rows)
    assert (rate.graduates, rate.reached, rate.employed, rate.in_trade) == (5, 4, 3, 2)
    assert rate.rate_reached == 75.0  # 3 / 4
    assert rate.rate_all == 60.0  # 3 / 5
    assert rate.in_trade_rate == 50.0  # 2 / 4


def test_it_gives_no_rate_when_nobody_was_reached():
    rate = rate_of("", [g(), g()])
    assert rate.rate_reached is None
    assert rate.rate_all == 0.0
    assert rate_of("", []).rate_all is None


def test_it_rounds_to_one_decimal():
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7


def test_it_groups_by_any_key_in_sorted_order():
    rows = [g("May", reached=True, employed=True), g("Điện", reached=True), g("May"), g("Điện", year=2024)]
    by_trade = rates_by(rows, lambda r: r.trade)
    assert [(r.label, r.graduates, r.employed) for r in by_trade] == [("Điện", 2, 0), ("May", 2, 1)]  # Vietnamese order
    by_year = rates_by(rows, lambda r: str(r.graduated_on.year))
    assert [(r.label, r.graduates) for r in by_year] == [("2024", 1), ("2025", 3)]


def test_it_adds_months_keeping_the_day_or_the_last_of_a_short_month():
    assert add_months(dt.date(2025, 6, 30), 6) == dt.date(2025, 12, 30)
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2025, 12, 15), 12) == dt.date(2026, 12, 15)
