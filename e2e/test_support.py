"""A counselor finds a learner from the support page and sees the expired poor-household certificate as such."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import Browser, expect

from lotrinh.people.models import HouseholdStatus, Learner

from .helpers import MAIN_CENTER, logged_in_page, main_center


def _learner_with_an_expired_certificate(today: dt.date) -> Learner:
    center = main_center()
    with scope(center=center):
        learner = (
            Learner.objects.filter(household_status=HouseholdStatus.POOR, household_certificate_valid_to__lt=today)
            .order_by("id")
            .first()
        )
        if learner is None:  # the demo draws certificates at random: make sure one has run out
            learner = Learner.objects.order_by("id").first()
            learner.household_status = HouseholdStatus.POOR
            learner.household_certificate_valid_from = dt.date(today.year - 1, 1, 1)
            learner.household_certificate_valid_to = dt.date(today.year - 1, 12, 31)
            learner.save()
        return learner


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
def test_counselor_sees_an_expired_certificate_shown_as_expired(
    browser: Browser, live_server, demo, screenshots_dir, width
):
    today = timezone.localdate()
    learner = _learner_with_an_expired_certificate(today)
    with logged_in_page(browser, live_server.url, "tuvan", width=width) as page:
        page.goto(f"/c/{MAIN_CENTER}/ho-tro/")
        expect(page.locator("main h1")).to_have_text("Chính sách hỗ trợ và học phí")
        page.locator("#id_q").fill(learner.code)
        page.locator("form[role=search] button").click()
        page.get_by_role("link", name=learner.full_name).click()
        expect(page.locator("main h1")).to_have_text(learner.full_name)

        expired = page.locator("#outcomes-expired_fact")
        expect(expired).to_be_visible()
        expect(expired).to_contain_text(
            f"Giấy chứng nhận hộ nghèo đã hết hiệu lực từ {learner.household_certificate_valid_to:%d/%m/%Y}"
        )
        expect(expired).to_contain_text("Giấy tờ hết hiệu lực")
        expect(page.locator(".support-to-collect")).to_contain_text("giấy chứng nhận hộ nghèo / cận nghèo còn hiệu lực")
        # Never counted as eligible: the QĐ 46 poor-household tier is not among the eligible outcomes.
        eligible = page.locator("#outcomes-eligible")
        if eligible.count():
            expect(eligible).not_to_contain_text("người thuộc hộ nghèo, hộ bị thu hồi đất")
        page.screenshot(path=str(screenshots_dir / f"support-expired-{width}.png"), full_page=True)
