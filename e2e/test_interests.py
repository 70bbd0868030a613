"""The RIASEC interest test in a browser: a learner takes it on a phone with no account and sees the chart and
the code; a counselor opens a session for a class, a learner of that class joins with the code, and the
counselor sees the learner's code on the session page."""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import Browser, Page, expect

from lotrinh.interests.models import InterestAttempt

from .helpers import MAIN_CENTER, login, main_center

PHONE = {"width": 390, "height": 844}
# Social items "strongly like", enterprising "like", the rest "dislike": S 40, E 32, the four others 16 each.
CHOICE = {"S": "5", "E": "4"}


def _answer_everything(page: Page) -> None:
    items = page.locator(".riasec-item")
    expect(items).to_have_count(48)
    for index in range(48):
        item_id = items.nth(index).get_attribute("aria-labelledby").removeprefix("q-")
        items.nth(index).locator(f'input[value="{CHOICE.get(item_id[0], "2")}"]').check()


@pytest.mark.browser
def test_a_learner_takes_the_test_on_a_phone_and_sees_the_chart_and_code(
    browser: Browser, live_server, demo, screenshots_dir
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="vi-VN", is_mobile=True)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(f"/p/{MAIN_CENTER}/trac-nghiem/")
        expect(page.locator("main h1")).to_have_text("Trắc nghiệm sở thích nghề nghiệp")
        # Nothing wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator("#id_respondent_name").fill("Hồ Thị Mỹ Duyên")
        _answer_everything(page)
        # Leave one out first: the page names it and keeps the rest.
        page.locator('input[name="A2"]:checked').evaluate("e => e.checked = false")
        page.get_by_role("button", name="Xem kết quả của tôi").click()
        expect(page.locator("#loi")).to_contain_text("Bạn chưa trả lời câu 9.")
        assert page.locator("input[type=radio]:checked").count() == 47
        page.locator('input[name="A2"][value="2"]').check()
        page.get_by_role("button", name="Xem kết quả của tôi").click()
        page.wait_for_url(re.compile(r".*/trac-nghiem/ket-qua/[\w-]+/$"))
        expect(page.locator(".riasec-code strong")).to_have_text("S>E>R=I=A=C")
        expect(page.locator("svg.riasec-svg polygon")).to_have_count(5)  # outline, three rings, the scores
        expect(page.get_by_text("không dùng để tuyển chọn")).to_be_visible()
        expect(page.get_by_role("link", name="Đăng ký học tại trung tâm")).to_have_attribute(
            "href", re.compile(rf"^/p/{MAIN_CENTER}/dang-ky/\?ket-qua=[\w-]+$")
        )
        page.screenshot(path=str(screenshots_dir / "interests-result-phone.png"), full_page=True)
        token = page.url.rstrip("/").rsplit("/", 1)[1]
        with scope(center=main_center()):
            attempt = InterestAttempt.objects.get(token=token)
        assert attempt.respondent_name == "Hồ Thị Mỹ Duyên" and attempt.learner is None
        assert attempt.scores == {"R": 16, "I": 16, "A": 16, "S": 40, "E": 32, "C": 16}
    finally:
        context.close()


@pytest.mark.browser
def test_a_counselor_runs_the_test_for_a_class(browser: Browser, live_server, demo, screenshots_dir):
    staff = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900}, locale="vi-VN")
    phone = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="vi-VN", is_mobile=True)
    for context in (staff, phone):
        context.set_default_timeout(10_000)
    try:
        counselor = staff.new_page()
        login(counselor, "tuvan")
        counselor.goto(f"/c/{MAIN_CENTER}/trac-nghiem/")
        counselor.locator("#id_school_class").select_option(index=1)
        counselor.get_by_role("button", name="Mở buổi trắc nghiệm").click()
        join_code = counselor.locator(".riasec-join-code").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{6}", join_code)

        learner_page = phone.new_page()
        learner_page.goto(f"/p/{MAIN_CENTER}/trac-nghiem/lop/{join_code}/")
        option = learner_page.locator("#id_learner option").nth(1)
        name, learner_id = option.inner_text(), option.get_attribute("value")
        learner_page.locator("#id_learner").select_option(value=learner_id)
        _answer_everything(learner_page)
        learner_page.get_by_role("button", name="Xem kết quả của tôi").click()
        expect(learner_page.locator(".riasec-code strong")).to_have_text("S>E>R=I=A=C")

        counselor.reload()
        row = counselor.locator(f"#hv-{learner_id}")
        expect(row).to_contain_text(name)
        expect(row).to_contain_text("S>E>R=I=A=C")
        expect(row.locator("svg")).to_be_visible()
        counselor.screenshot(path=str(screenshots_dir / "interests-session.png"), full_page=True)
        # The name is gone from the list on the phone.
        learner_page.goto(f"/p/{MAIN_CENTER}/trac-nghiem/lop/{join_code}/")
        expect(learner_page.locator(f'#id_learner option[value="{learner_id}"]')).to_have_count(0)
    finally:
        staff.close()
        phone.close()
