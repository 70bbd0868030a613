"""The dashboard: target against applications, admitted and enrolled per program; applications by day."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from lotrinh.admissions import selectors, services
from lotrinh.admissions.models import Application
from lotrinh.conftest import client_for

from .conftest import submit


def _queries_for_page(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_counts_per_program(center_a, thpt, trade_target, officer, today):
    apps = [submit(center_a, thpt, serial=i, full_name=f"Học Viên {i}") for i in range(1, 5)]
    submit(center_a, trade_target, serial=9, full_name="Thợ Hàn")
    with scope(center=center_a):
        for application in apps[:3]:
            services.application_verify(application=application, actor=officer)
        services.applications_admit(application_ids=[a.pk for a in apps[:2]], actor=officer)
        data = selectors.admissions_dashboard(plan=thpt.plan, today=today)
    rows = {r.target.pk: r for r in data.rows}
    assert (
        rows[thpt.pk].target.target,
        rows[thpt.pk].applications,
        rows[thpt.pk].verified,
        rows[thpt.pk].admitted_total,
    ) == (90, 4, 1, 2)
    assert rows[trade_target.pk].applications == 1
    assert data.total.applications == 5 and data.total.target.target == 115
    assert sum(d.count for d in data.days) == 5
    assert data.days[-1].day == today and data.days[-1].count == 5


def test_it_draws_the_days_without_style_attributes(center_a, thpt, counselor, today):
    submit(center_a, thpt)
    with scopes_disabled():
        Application.objects.update(submitted_on=today - dt.timedelta(days=3))
    html = client_for(counselor).get(f"/c/{center_a.slug}/tuyen-sinh/").content.decode()
    assert "<svg" in html and "style=" not in html
    assert "GDTX cấp THPT" in html


def test_it_builds_the_page_in_a_fixed_number_of_queries(center_a, thpt, trade_target, counselor):
    client = client_for(counselor)
    url = f"/c/{center_a.slug}/tuyen-sinh/"
    for i in range(3):
        submit(center_a, thpt if i % 2 else trade_target, serial=i + 1, full_name=f"Người {i}")
    few = _queries_for_page(client, url)
    for i in range(3, 30):
        submit(center_a, thpt if i % 2 else trade_target, serial=i + 1, full_name=f"Người {i}")
    assert _queries_for_page(client, url) == few


def test_it_says_there_is_no_plan_yet(center_a, alice):
    html = client_for(alice).get(f"/c/{center_a.slug}/tuyen-sinh/").content.decode()
    assert "Chưa có kế hoạch tuyển sinh" in html
