import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.models import Commune
from lotrinh.guidance import selectors, services, streaming
from lotrinh.guidance.models import CohortGraduate, StreamingTarget


def test_it_computes_shares_and_the_vet_share_by_hand():
    data = streaming.breakdown({"thpt": 5, "so_cap": 1, "trung_cap": 1, "9plus": 1, "unknown": 2}, Decimal("40"))
    assert data.total == 10
    assert data.vet == 3
    assert data.vet_percent == Decimal("30.0")
    assert data.meets_target is False
    assert data.gap == Decimal("-10.0")
    assert [s.percent for s in data.shares if s.destination == "thpt"] == [Decimal("50.0")]


def test_it_rounds_half_up_and_knows_nobody_is_no_share():
    assert streaming.percent(1, 3) == Decimal("33.3")
    assert streaming.percent(2, 3) == Decimal("66.7")
    assert streaming.percent(1, 8) == Decimal("12.5")
    assert streaming.percent(0, 0) is None
    assert streaming.breakdown({}).meets_target is None


def test_it_stacks_each_bar_to_the_full_height_and_draws_the_target_line():
    chart = streaming.trend_chart(
        [(2024, streaming.breakdown({"thpt": 3, "so_cap": 1}, Decimal("40"))), (2025, streaming.breakdown({}))],
        width=400,
        height=232,
    )
    first, empty = chart.bars
    assert sum(r.height for r in first.rects) == pytest.approx(chart.bottom - chart.top)
    assert first.rects[0].destination == "so_cap"  # VET at the bottom
    assert first.target.y1 == pytest.approx(chart.bottom - (chart.bottom - chart.top) * 0.4)
    assert empty.rects == [] and empty.target is None


def _graduates(cohort, counts: dict[str, int]) -> None:
    n = 0
    for destination, count in counts.items():
        for _ in range(count):
            n += 1
            CohortGraduate.objects.create(
                center=cohort.center,
                cohort=cohort,
                full_name=f"Nguyễn Văn {chr(65 + n % 26)}{n}",
                date_of_birth=dt.date(cohort.graduation_year - 15, 1, 1) + dt.timedelta(days=n),
                sex="male",
                destination=destination,
            )


def test_it_applies_the_national_target_of_qd_522_then_the_centers_own(center_a, alice, school):
    with scope(center=center_a):
        targets = selectors.targets_load()
        assert targets.for_year(2025).percent == Decimal("40")
        assert targets.for_year(2019).percent == Decimal("30")
        assert "522/QĐ-TTg" in targets.for_year(2025).citation
        assert targets.for_year(2026) is None
        school.in_disadvantaged_area = True
        assert targets.for_year(2025, school).percent == Decimal("30")
        assert targets.for_year(2020, school).percent == Decimal("25")
        services.streaming_target_create(
            center=center_a, school=None, from_year=2025, to_year=2030, min_percent="45",
            citation="Kế hoạch 12/KH-UBND", actor=alice,
        )  # fmt: skip
        targets = selectors.targets_load()
        assert targets.for_year(2025).percent == Decimal("45")
        assert targets.for_year(2025, school).citation == "Kế hoạch 12/KH-UBND"
        assert targets.for_year(2024).is_national


@pytest.mark.parametrize("value", ["-1", "100.5", "abc", ""])
def test_it_refuses_a_target_below_zero_or_above_100_and_saves_nothing(center_a, alice, value):
    response = client_for(alice).post(
        reverse("guidance:target-create", args=[center_a.slug]),
        {"from_year": 2026, "to_year": 2030, "min_percent": value, "citation": "Kế hoạch 12/KH-UBND"},
    )
    assert response.status_code == 422
    assert "min_percent" in response.context["form"].errors
    with scope(center=center_a):
        assert not StreamingTarget.objects.exists()


def test_it_refuses_a_target_out_of_range_in_the_service_too(center_a, alice):
    from lotrinh.core.errors import ApplicationError

    with scope(center=center_a):
        for value in ("-0.01", "101", "NaN"):
            with pytest.raises(ApplicationError) as error:
                services.streaming_target_create(
                    center=center_a, school=None, from_year=2026, to_year=2026, min_percent=value,
                    citation="Kế hoạch", actor=alice,
                )  # fmt: skip
            assert error.value.field == "min_percent"
        assert not StreamingTarget.objects.exists()


def test_it_saves_edits_and_removes_a_centers_target(center_a, alice):
    client = client_for(alice)
    response = client.post(
        reverse("guidance:target-create", args=[center_a.slug]),
        {"from_year": 2026, "to_year": 2030, "min_percent": "45", "citation": "Kế hoạch 12/KH-UBND"},
    )
    assert response.status_code == 302
    with scope(center=center_a):
        target = StreamingTarget.objects.get()
    response = client.post(
        reverse("guidance:target-edit", args=[center_a.slug, target.pk]),
        {"from_year": 2026, "to_year": 2030, "min_percent": "-5", "citation": "Kế hoạch 12/KH-UBND"},
    )
    assert response.status_code == 422
    response = client.post(
        reverse("guidance:target-edit", args=[center_a.slug, target.pk]),
        {"from_year": 2026, "to_year": 2028, "min_percent": "42.5", "citation": "Kế hoạch 15/KH-UBND"},
    )
    assert response.status_code == 302
    with scope(center=center_a):
        target.refresh_from_db()
        assert (target.to_year, target.min_percent, target.citation) == (2028, Decimal("42.5"), "Kế hoạch 15/KH-UBND")
    client.post(reverse("guidance:target-delete", args=[center_a.slug, target.pk]))
    with scope(center=center_a):
        assert not StreamingTarget.objects.exists()


def test_it_lets_only_plan_managers_change_targets(center_a, counselor):
    response = client_for(counselor).post(
        reverse("guidance:target-create", args=[center_a.slug]),
        {"from_year": 2026, "to_year": 2030, "min_percent": "45", "citation": "Kế hoạch"},
    )
    assert response.status_code == 403


def test_it_shows_shares_per_school_against_the_target(center_a, alice, school, today):
    with scope(center=center_a):
        cohort = services.cohort_create(school=school, graduation_year=2025, actor=alice)
        _graduates(cohort, {"thpt": 6, "trung_cap": 3, "so_cap": 1})
    response = client_for(alice).get(reverse("guidance:streaming", args=[center_a.slug]), {"nam": 2025})
    assert response.status_code == 200
    data = response.context["data"]
    assert data.total.vet_percent == Decimal("40.0")
    assert data.target.percent == Decimal("40")
    assert data.schools[0].data.meets_target is True
    assert b"<svg" in response.content and b"stroke-dasharray" in response.content


def test_it_counts_the_dashboard_in_a_fixed_number_of_queries(center_a, alice, today):
    commune = Commune.objects.get(code=19333)

    def build(schools: int, per_cohort: int, offset: int) -> None:
        with scope(center=center_a):
            for s in range(schools):
                school = services.school_create(
                    center=center_a, name=f"THCS Số {offset + s}", commune=commune, actor=alice
                )
                for year in (2024, 2025):
                    cohort = services.cohort_create(school=school, graduation_year=year, actor=alice)
                    _graduates(cohort, {"thpt": per_cohort, "9plus": per_cohort, "unknown": 1})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries, scope(center=center_a):
            data = selectors.streaming_dashboard(year=2025)
            assert data.schools
        return len(queries)

    build(1, 2, 0)
    small = count()
    build(3, 8, 10)
    assert count() == small
    assert small == 5  # schools, grouped counts, cohorts, center targets, national targets
