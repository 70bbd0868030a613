"""Issue 7's journey on a phone (390 × 844): a learner takes the public interest test, sees the chart and the
recommendations, applies and gets a tracking code; the counselor finds the application with the learner's interest
profile; the training officer verifies, admits and enrols it; the learner is in that class's list."""

import io
import re

import pytest
from django_scopes import scope
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from lotrinh.academics.models import SchoolClass
from lotrinh.admissions.models import Application, ApplicationStatus

from .helpers import MAIN_CENTER, login, main_center

PHONE = {"width": 390, "height": 844}
NAME = "Hồ Thị Mỹ Duyên"
BORN = "14/03/2010"
ID_NUMBER = "045310004321"  # Quảng Trị, a woman born in 2010
PROGRAM = "Sơ cấp nghề · May công nghiệp"
# Social items "strongly like", enterprising "like", the rest "dislike".
CHOICE = {"S": "5", "E": "4"}


def _phone_page(browser: Browser, base_url: str) -> Page:
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _school_record_photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), "white").save(buffer, "JPEG")
    return {"name": "hoc-ba.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def _take_the_test(page: Page) -> None:
    page.goto(f"/p/{MAIN_CENTER}/trac-nghiem/")
    page.locator("#id_respondent_name").fill(NAME)
    items = page.locator(".riasec-item")
    expect(items).to_have_count(48)
    for index in range(48):
        item_id = items.nth(index).get_attribute("aria-labelledby").removeprefix("q-")
        items.nth(index).locator(f'input[value="{CHOICE.get(item_id[0], "2")}"]').check()
    page.get_by_role("button", name="Xem kết quả của tôi").click()
    page.wait_for_url(re.compile(r".*/trac-nghiem/ket-qua/[\w-]+/$"))


def _apply(page: Page, screenshots_dir) -> str:
    expect(page.locator("main h1")).to_have_text("Đăng ký tuyển sinh trực tuyến")
    expect(page.locator("#id_full_name")).to_have_value(NAME)  # from the test result
    expect(page.get_by_text("Kết quả trắc nghiệm sở thích của bạn")).to_be_visible()
    for box in ("#id_consent_processing", "#id_consent_contact"):
        expect(page.locator(box)).not_to_be_checked()  # nothing ticked for them
    _fits_the_phone(page)
    page.locator("#id_date_of_birth").fill(BORN)
    page.get_by_label("Nữ", exact=True).check()
    page.locator("#id_id_number").fill(ID_NUMBER)
    page.locator("#id_phone").fill("0912 345 678")
    page.locator("#id_commune").select_option(index=1)
    page.locator("#id_previous_school").fill("Trường THCS Nguyễn Trãi")
    page.locator("#id_target").select_option(label=PROGRAM)
    page.locator("#id_guardian_name").fill("Hồ Văn Dũng")
    page.locator("#id_guardian_phone").fill("0987654321")
    page.locator("#id_guardian_relationship").select_option("father")
    page.locator("#id_documents").set_input_files([_school_record_photo()])
    # Without the admission consent the form comes back with the reason, and the rest kept.
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_text("Đánh dấu ô đồng ý")).to_be_visible()
    expect(page.locator("#id_id_number")).to_have_value(ID_NUMBER)
    page.locator("#id_documents").set_input_files([_school_record_photo()])
    page.locator("#id_consent_processing").check()
    page.locator("#id_consent_contact").check()
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.locator("main h1")).to_have_text("Trung tâm đã nhận hồ sơ của bạn")
    code = page.locator("[data-tracking-code]").inner_text().strip()
    assert re.fullmatch(r"[A-HJ-KM-NP-Z2-9]{10}", code), code
    _fits_the_phone(page)
    page.screenshot(path=str(screenshots_dir / "admissions-code-phone.png"), full_page=True)
    return code


@pytest.mark.browser
def test_a_learner_tests_applies_and_ends_up_in_a_class(browser: Browser, live_server, demo, screenshots_dir):
    # 1. The learner, on a phone, without an account: the test, the chart, the recommendations, the application.
    learner = _phone_page(browser, live_server.url)
    _take_the_test(learner)
    expect(learner.locator("svg.riasec-svg")).to_be_visible()
    recommendations = learner.locator(".riasec-recs > li")
    expect(recommendations.first).to_be_visible()
    learner.get_by_role("link", name="Đăng ký học tại trung tâm").click()
    code = _apply(learner, screenshots_dir)

    # Following it without an account: the code and the birth date; a wrong birth date reveals nothing.
    learner.get_by_role("link", name="Tra cứu hồ sơ").first.click()
    learner.locator("#id_code").fill(code)
    learner.locator("#id_date_of_birth").fill("15/03/2010")
    learner.get_by_role("button", name="Tra cứu").click()
    expect(learner.get_by_role("alert")).to_have_text("Không tìm thấy hồ sơ với mã và ngày sinh này")
    learner.locator("#id_date_of_birth").fill(BORN)
    learner.get_by_role("button", name="Tra cứu").click()
    expect(learner.locator(".status-now")).to_contain_text("Đã nhận")

    with scope(center=main_center()):
        application = Application.objects.get(tracking_code=code)
        assert application.interest_attempt_id is not None and application.documents.count() == 1
    detail = f"/c/{MAIN_CENTER}/tuyen-sinh/ho-so/{application.pk}/"

    # 2. The counselor finds the application by the name typed without diacritics, with the interest profile.
    counselor = _phone_page(browser, live_server.url)
    login(counselor, "tuvan")
    counselor.goto(f"/c/{MAIN_CENTER}/tuyen-sinh/ho-so/?q=ho+thi+my+duyen")
    counselor.get_by_role("link", name=NAME).click()
    expect(counselor).to_have_url(re.compile(re.escape(detail) + "$"))
    profile = counselor.locator("#interest-result")
    expect(profile.locator("svg.riasec-svg")).to_be_visible()
    expect(profile).to_contain_text("S")
    expect(counselor.get_by_role("button", name="Xác nhận đã xác minh")).to_have_count(0)  # reads, does not decide
    _fits_the_phone(counselor)
    counselor.screenshot(path=str(screenshots_dir / "admissions-counselor-phone.png"), full_page=True)

    # 3. The training officer verifies, admits and enrols the applicant into a class of the trade.
    officer = _phone_page(browser, live_server.url)
    login(officer, "daotao")
    officer.goto(detail)
    officer.get_by_role("button", name="Xác nhận đã xác minh").click()
    expect(officer.locator(".messages")).to_contain_text("Hồ sơ đã được xác minh.")
    officer.get_by_role("button", name="Công nhận trúng tuyển").click()
    expect(officer.locator(".messages")).to_contain_text("Thí sinh đã trúng tuyển.")
    # The classes offered are those of the program and trade applied for (the demo has a sơ cấp May class).
    choice = officer.locator("#id_school_class option").first.get_attribute("value")
    with scope(center=main_center()):
        school_class = SchoolClass.objects.select_related("program", "trade").get(pk=int(choice))
    assert (school_class.program.code, school_class.trade.name) == ("so-cap", "May công nghiệp")
    officer.locator("#id_school_class").select_option(choice)
    officer.get_by_role("button", name="Nhập học vào lớp").click()
    expect(officer.locator(".messages")).to_contain_text("Thí sinh đã là học viên của lớp.")
    with scope(center=main_center()):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ENROLLED and application.learner_id

    # 4. The learner is in that class's list.
    officer.goto(f"/c/{MAIN_CENTER}/lop/{school_class.pk}/")
    expect(officer.get_by_role("link", name=NAME)).to_be_visible()
    officer.screenshot(path=str(screenshots_dir / "admissions-class-phone.png"), full_page=True)
    for page in (learner, counselor, officer):
        page.context.close()
