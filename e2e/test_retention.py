"""The director opens the retention dashboard, reads why a learner is at risk, plans an intervention in one click."""

import random

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import Browser, expect

from lotrinh.core.models import User
from lotrinh.retention.models import Intervention, RiskAssessment
from lotrinh.retention.selectors import reason_texts

from .helpers import MAIN_CENTER, login, main_center


def _retention_demo(center) -> None:
    """The retention demo, unless demo_build already ran it (it does once core/demo.py calls demo_extend)."""
    from lotrinh.retention.demo import demo_extend

    with scopes_disabled():
        done = RiskAssessment.objects.filter(center=center).exists()
    if not done:
        with scope(center=center):
            demo_extend(center=center, rng=random.Random(2026), today=timezone.localdate())


@pytest.mark.browser
def test_director_reads_why_a_learner_is_at_risk_and_plans_an_intervention(
    browser: Browser, live_server, demo, screenshots_dir
):
    center = main_center()
    _retention_demo(center)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        login(page, "giamdoc")
        page.goto(f"/c/{MAIN_CENTER}/duy-tri-si-so/")
        expect(page.locator("main h1")).to_be_visible()

        # The first learner at risk whom nobody is acting on yet: highlighted, with reasons in words.
        row = page.locator("#at-risk tr.row-unattended").first
        expect(row).to_be_visible()
        row_id = row.get_attribute("id")
        learner_id = int(row_id.removeprefix("risk-"))
        with scopes_disabled():
            risk = RiskAssessment.objects.get(learner_id=learner_id, is_current=True)
        assert risk.level in ("high", "medium")
        expected = reason_texts(risk.reasons)
        assert expected, "a learner at risk must say why"
        expect(row.locator("ul.reasons li")).to_have_text(expected)
        page.screenshot(path=str(screenshots_dir / "retention_1440.png"))

        # One click plans the default first step: call the guardian within a week, owned by the director.
        with page.expect_response(lambda r: r.url.endswith("/can-thiep/them/")) as planned:
            row.get_by_role("button").click()
        assert planned.value.status == 200
        row = page.locator(f"#{row_id}")
        expect(row).not_to_have_class("row-unattended")
        expect(row.locator(".open-intervention")).to_contain_text("Lê Văn Thành")

        with scopes_disabled():
            director = User.objects.get(username="giamdoc")
            intervention = Intervention.objects.get(learner_id=learner_id, status="open", created_by=director)
        assert (intervention.kind, intervention.owner) == ("call_guardian", director)
        assert (intervention.due_on - timezone.localdate()).days == 7

        # The learner's page shows the risk and the plan.
        with page.expect_navigation():
            row.locator("td a").first.click()
        expect(page.locator("#risk ul.reasons li")).to_have_text(expected)
        expect(page.locator("#interventions tbody tr").first).to_contain_text("Lê Văn Thành")
    finally:
        context.close()


@pytest.mark.browser
def test_the_retention_dashboard_does_not_scroll_sideways_on_a_phone(browser: Browser, live_server, demo):
    _retention_demo(main_center())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        login(page, "giamdoc")
        page.goto(f"/c/{MAIN_CENTER}/duy-tri-si-so/")
        expect(page.locator("#at-risk tr").nth(1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
