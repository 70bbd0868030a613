"""The internship round in the browser: staff create a round, add a slot, save a learner's first choice (HTMX),
run the allocation, read the reason, pin the pair, publish; the learner opens their link on a phone."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from lotrinh.academics.models import Enrollment, EnrollmentStatus
from lotrinh.core.models import Center
from lotrinh.internships.models import InternshipRound, Placement

from .helpers import MAIN_CENTER, logged_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_runs_a_round_from_creation_to_the_learners_link(browser, live_server, demo, screenshots_dir):
    today = timezone.localdate()
    with scopes_disabled():
        center = Center.objects.get(slug=MAIN_CENTER)
        enrollment = (
            Enrollment.objects.filter(
                center=center, status=EnrollmentStatus.ENROLLED, school_class__trade__isnull=False
            )
            .select_related("learner", "school_class__trade")
            .order_by("school_class__name", "learner__full_name", "id")
            .first()
        )
    learner, trade = enrollment.learner, enrollment.school_class.trade
    with logged_in_page(browser, live_server.url, "daotao") as page:
        page.goto(f"/c/{MAIN_CENTER}/thuc-tap/")
        page.locator("#id_name").fill("Thực tập thử nghiệm")
        page.locator("#id_trade").select_option(str(trade.pk))
        page.locator("#id_starts_on").fill((today + dt.timedelta(days=30)).strftime("%d/%m/%Y"))
        page.locator("#id_weeks").fill("6")
        page.locator("#id_max_distance_km").fill("40")
        with page.expect_navigation():
            page.get_by_role("button", name="Tạo đợt").click()
        assert page.get_by_role("heading", name="Thực tập thử nghiệm").is_visible()

        page.locator("#slots summary").click()
        page.locator("#id_trade").select_option(str(trade.pk))
        page.locator("#id_capacity").fill("1")
        page.locator("#id_place").fill("Xưởng thực hành số 3")
        page.locator("#id_day1").select_option("6")  # Sunday: no culture lesson in the demo timetables
        page.locator("#id_from1").fill("07:30")
        page.locator("#id_to1").fill("11:30")
        with page.expect_navigation():
            page.get_by_role("button", name="Thêm chỗ thực tập", exact=True).click()
        assert page.locator("#slots").get_by_text("Chủ nhật 07:30–11:30").is_visible()

        row = page.locator(f"#pref-{learner.pk}")
        slot_value = row.locator("select[name=c1] option").nth(1).get_attribute("value")
        row.locator("select[name=c1]").select_option(slot_value)
        row.get_by_role("button", name="Lưu").click()
        expect(page.locator(f"#pref-{learner.pk}").get_by_text("Đã lưu")).to_be_visible()

        with page.expect_navigation():
            page.get_by_role("button", name="Xếp chỗ thực tập").click()
        results = page.locator("#results")
        placed_row = results.locator("tr", has_text=learner.full_name).first
        assert "Nguyện vọng 1" in placed_row.inner_text()
        with page.expect_navigation():
            placed_row.get_by_role("button", name="Ghim").click()
        assert page.get_by_text("Đã lưu quy tắc").is_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="Xếp chỗ lại").click()
        assert "Cán bộ ghim cặp này" in page.locator("#results tr", has_text=learner.full_name).first.inner_text()
        with page.expect_navigation():
            page.get_by_role("button", name="Công bố cho học viên và doanh nghiệp").click()
        assert page.get_by_text("Đã công bố").first.is_visible()
        page.screenshot(path=str(screenshots_dir / "internships_round_1440.png"), full_page=False)

    with scopes_disabled():
        round = InternshipRound.objects.get(name="Thực tập thử nghiệm")
    with scope(center=center):
        token = Placement.objects.get(round=round, learner=learner).learner_token
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="vi-VN")
    try:
        mobile = phone.new_page()
        mobile.goto(f"/p/{MAIN_CENTER}/thuc-tap/{token}/")
        assert mobile.get_by_role("heading", name="Thực tập của tôi").is_visible()
        assert mobile.get_by_text("Xưởng thực hành số 3").is_visible()
        assert mobile.get_by_text("Chủ nhật 07:30–11:30").is_visible()
        mobile.screenshot(path=str(screenshots_dir / "internships_learner_390.png"), full_page=True)
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        phone.close()
