"""A counselor opens a learner's guidance page, reads the suggested pathways with their reasons, downloads the
family report."""

import subprocess

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect

from lotrinh.interests.models import InterestAttempt

from .helpers import MAIN_CENTER, login, main_center


@pytest.mark.browser
def test_counselor_reads_a_learners_pathways_and_downloads_the_family_report(
    browser: Browser, live_server, demo, screenshots_dir, tmp_path
):
    center = main_center()
    with scopes_disabled():
        attempt = InterestAttempt.objects.filter(center=center, learner__isnull=False).select_related("learner").first()
    assert attempt is not None, "the demo has learners who took the interest test"
    learner = attempt.learner
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        login(page, "tuvan")
        page.goto(f"/c/{MAIN_CENTER}/huong-nghiep/hoc-vien/{learner.pk}/")
        expect(page.locator("main h1")).to_have_text(learner.full_name)
        expect(page.locator(".advisory")).to_have_text("Gợi ý để tham khảo; em và gia đình quyết định.")

        pathways = page.locator("ol.recommendations > li.recommendation")
        expect(pathways).to_have_count(5)
        first = pathways.first
        expect(first.locator(".pathway")).to_contain_text("tháng")
        expect(first.locator("li.reason-interest")).to_contain_text("sở thích")
        expect(first.locator("li.reason-demand")).to_be_visible()
        expect(first.locator("li.reason-length_cost")).to_contain_text("₫")
        expect(first.locator("li.reason-support").first).to_be_visible()
        page.screenshot(path=str(screenshots_dir / "careers_guidance_1440.png"), full_page=True)

        with page.expect_download() as download:
            page.get_by_role("link", name="Báo cáo gửi gia đình (PDF)").click()
        pdf = tmp_path / "bao-cao.pdf"
        download.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
        assert learner.full_name in text
    finally:
        context.close()
