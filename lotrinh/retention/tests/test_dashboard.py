"""The retention dashboard: headcount at the start against now, drop-outs, learners at risk; fixed query counts."""

import datetime as dt
import re

import pytest
from django.test.signals import template_rendered
from django.utils import timezone

from lotrinh.conftest import client_for
from lotrinh.factories import SchoolClassFactory
from lotrinh.retention import selectors, services

from .conftest import TODAY, change_status, enroll, grade10

pytestmark = pytest.mark.usefixtures("source_language")

YEAR = "2026-2027"


def test_it_counts_the_start_of_the_year_against_now_with_transfers_apart(in_a, alice):
    school_class = grade10(in_a)
    enroll(in_a, school_class)  # stays all year
    dropped = enroll(in_a, school_class)
    moved = enroll(in_a, school_class)
    paused = enroll(in_a, school_class)
    enroll(in_a, school_class, on=dt.date(2026, 10, 1))  # joined later
    change_status(dropped, "dropped_out", dt.date(2026, 10, 10), reason="work")
    change_status(moved, "transferred", dt.date(2026, 11, 2))
    change_status(paused, "suspended", dt.date(2026, 11, 5))
    trade = SchoolClassFactory(
        center=in_a, name="SC-May-K8", program_id=_program("so-cap"), starts_on=dt.date(2026, 10, 15)
    )
    enroll(in_a, trade, on=dt.date(2026, 10, 15), is_working=True, distance_km=20, has_disability=True)
    other_year = SchoolClassFactory(center=in_a, name="10Z", school_year="2025-2026")
    change_status(enroll(in_a, other_year, on=dt.date(2025, 9, 5)), "dropped_out", dt.date(2026, 3, 1), reason="health")
    services.risk_recompute(center=in_a, today=TODAY)

    data = selectors.retention_dashboard(center=in_a, today=TODAY)

    assert data.school_year == YEAR and data.school_years == [YEAR, "2025-2026"]
    row = next(r for r in data.classes if r.label == "10A1")
    assert (row.start, row.now, row.kept, row.joined) == (4, 2, 1, 1)
    assert (row.dropped_out, row.transferred, row.suspended) == (1, 1, 1)
    assert row.retention_percent == 33  # 1 of the 3 who did not transfer
    sc = next(r for r in data.classes if r.label == "SC-May-K8")
    assert (sc.start, sc.now, sc.retention_percent) == (1, 1, 100)  # counted from its own first day
    assert (data.total.start, data.total.now) == (5, 3)
    assert [p.label for p in data.programs] == ["GDTX cấp THPT (lớp 10–12)", "Sơ cấp nghề"]
    assert data.dropouts == 1  # last year's drop-out belongs to last year
    assert [(b.label, b.count) for b in data.dropouts_by_reason] == [("Went to work", 1)]
    assert [(b.label, b.count) for b in data.dropouts_by_month] == [("09/2026", 0), ("10/2026", 1), ("11/2026", 0)]
    assert data.risk_levels == {"low": 2, "medium": 1, "high": 0}
    assert [r.learner.code for r in data.at_risk] == [r.learner.code for r in data.at_risk[:1]]
    assert data.at_risk_without_intervention == 1 and data.at_risk[0].reason_texts[0] == "Lives 20 km from the center"
    assert data.model.method == "rules" and data.model.outcomes == 2

    last_year = selectors.retention_dashboard(center=in_a, today=TODAY, school_year="2025-2026")
    assert (last_year.dropouts, last_year.classes[0].start, last_year.classes[0].now) == (1, 1, 0)


def _program(code: str) -> int:
    from lotrinh.academics.models import ProgramType

    return ProgramType.objects.get(code=code).pk


def test_it_shows_the_dashboard_with_a_plan_form_for_learners_nobody_acts_on(in_a, alice):
    learner = enroll(in_a, grade10(in_a), is_working=True, distance_km=25, has_disability=True)
    services.risk_recompute(center=in_a, today=timezone.localdate())
    response = client_for(alice).get(f"/c/{in_a.slug}/duy-tri-si-so/", {"nam": YEAR})
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="risk-{learner.pk}" class="row-unattended"' in content
    assert "Lives 25 km from the center" in content
    assert 'name="from" value="row"' in content
    assert "Transparent rules score every learner" in content


def test_it_renders_the_plan_forms_lists_once_for_every_row(in_a, alice, counselor):
    school_class = grade10(in_a)
    learners = [enroll(in_a, school_class, is_working=True, distance_km=25, has_disability=True) for _ in range(3)]
    services.risk_recompute(center=in_a, today=timezone.localdate())
    rendered = []
    template_rendered.connect(receiver := lambda sender, template, **kw: rendered.append(template.name))
    try:
        response = client_for(alice).get(f"/c/{in_a.slug}/duy-tri-si-so/", {"nam": YEAR})
    finally:
        template_rendered.disconnect(receiver)
    content = response.content.decode()
    forms = re.findall(r'<form class="plan-form".*?</form>', content, re.S)
    assert len(forms) == len(learners)
    for form in forms:  # every row still offers every kind and every staff member, the viewer chosen
        assert '<option value="counseling"' in form and '<option value="home_visit"' in form
        assert f'<option value="{alice.pk}" selected>' in form and f'<option value="{counselor.pk}">' in form
    assert rendered.count("plan-choices") == 1 and rendered.count("risk-row") == len(learners)


def _populate(center, *, classes: int, learners: int, actor, tag: str) -> None:
    today = timezone.localdate()
    for c in range(classes):
        school_class = grade10(center, name=f"{10 + c % 3}{tag}{c}")
        for n in range(learners):
            learner = enroll(
                center,
                school_class,
                is_working=n % 2 == 0,
                distance_km=20 if n % 3 == 0 else 3,
                has_disability=n % 3 == 0,
            )
            if n == 1:
                change_status(learner, "dropped_out", dt.date(2026, 10, 1 + c), reason="economic")
            if n == 2:
                change_status(learner, "transferred", dt.date(2026, 10, 1 + c))
    services.risk_recompute(center=center, today=today)
    for risk in selectors.risk_list(level="at_risk")[:3]:
        services.intervention_create(learner=risk.learner, kind="counseling", owner=actor, due_on=today, actor=actor)


PAGES = [
    "duy-tri-si-so/?nam=2026-2027",
    "duy-tri-si-so/nguy-co/",
    "duy-tri-si-so/nguy-co/?level=all",
    "can-thiep/",
    "can-thiep/?show=all",
    "LEARNER",
    "/api/c/SLUG/risks?level=all",
    "/api/c/SLUG/interventions?show=all",
    "/api/c/SLUG/retention/dashboard?school_year=2026-2027",
]


@pytest.mark.parametrize("page", PAGES)
def test_it_runs_retention_pages_in_a_fixed_number_of_queries(page, in_a, alice, django_assert_max_num_queries):
    client = client_for(alice)
    _populate(in_a, classes=1, learners=3, actor=alice, tag="A")

    def url() -> str:
        if page == "LEARNER":
            from lotrinh.retention.models import Intervention

            return f"/c/{in_a.slug}/duy-tri-si-so/hoc-vien/{Intervention.objects.order_by('id').first().learner_id}/"
        return page.replace("SLUG", in_a.slug) if page.startswith("/") else f"/c/{in_a.slug}/{page}"

    target = url()
    with django_assert_max_num_queries(40) as small:
        assert client.get(target).status_code == 200
    _populate(in_a, classes=5, learners=9, actor=alice, tag="B")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(target).status_code == 200
