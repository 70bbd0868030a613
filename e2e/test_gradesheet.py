"""The teacher enters a grade sheet with the keyboard, pastes a block from Excel, sees an 11 refused, saves.

The demo gives giaovien (Phạm Văn Hùng) the homeroom class 10A1. Whatever scores the demo already has,
the cells typed here are checked in the database after the save.
"""

import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, Page, expect

from lotrinh.academics.models import SchoolClass
from lotrinh.assessment.models import Score
from lotrinh.core.models import AuditEvent

from .helpers import MAIN_CENTER, login, main_center

PASTED = "6\t7,5\n8,5\t9\n5\t6,5\n"  # three rows × two columns, as Excel copies them (decimal commas)


@pytest.fixture
def grading_rule(demo):
    """The flush between browser tests empties reference tables; put the grading rule back as its migration does."""
    migration = importlib.import_module("lotrinh.assessment.migrations.0002_grading_rules")
    migration.load(apps, None)


def cell(page: Page, row: int, column: str):
    return page.locator("form.gradesheet tbody tr").nth(row).locator(f'input[name$="-{column}"]')


def focused_name(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name")


def learner_id(page: Page, row: int) -> int:
    name = cell(page, row, "final").get_attribute("name")
    return int(re.match(r"s-(\d+)-final", name).group(1))


@pytest.mark.browser
def test_teacher_types_pastes_is_refused_an_11_and_saves(
    browser: Browser, live_server, demo, grading_rule, screenshots_dir
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900}, locale="vi-VN")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        login(page, "giaovien")
        page.goto(f"/c/{MAIN_CENTER}/so-diem/")
        row_10a1 = page.locator("table.gradebook tbody tr", has_text="10A1")
        with page.expect_navigation():
            row_10a1.locator("a.gs-chip", has_text="Toán").click()
        expect(page.locator("h1")).to_contain_text("Toán")
        expect(page.locator("h1")).to_contain_text("10A1")
        ids = [learner_id(page, row) for row in range(4)]

        # Keyboard: type, Tab to the right, Enter goes down, arrows come back.
        first = cell(page, 0, "regular-1")
        first.click()
        page.keyboard.type("8")
        page.keyboard.press("Tab")
        assert focused_name(page) == f"s-{ids[0]}-regular-2"
        page.keyboard.type("7,5")
        page.keyboard.press("Tab")
        page.keyboard.press("Delete")  # the cell's text is selected on focus: clear what the demo may have put
        page.keyboard.press("Tab")
        page.keyboard.press("Delete")
        page.keyboard.press("Enter")
        assert focused_name(page) == f"s-{ids[1]}-regular-4"
        page.keyboard.press("ArrowUp")
        assert focused_name(page) == f"s-{ids[0]}-regular-4"
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        assert focused_name(page) == f"s-{ids[0]}-regular-1"
        page.keyboard.press("ArrowDown")
        page.keyboard.type("9")
        page.keyboard.press("Enter")
        assert focused_name(page) == f"s-{ids[2]}-regular-1"

        # Paste a 3×2 block copied from Excel into the first learner's mid-term cell.
        target = cell(page, 0, "midterm")
        target.focus()
        target.evaluate(
            """(el, text) => {
                const data = new DataTransfer();
                data.setData("text/plain", text);
                el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
            }""",
            PASTED,
        )
        expect(cell(page, 0, "midterm")).to_have_value("6")
        expect(cell(page, 0, "final")).to_have_value("7,5")
        expect(cell(page, 1, "midterm")).to_have_value("8,5")
        expect(cell(page, 1, "final")).to_have_value("9")
        expect(cell(page, 2, "midterm")).to_have_value("5")
        expect(cell(page, 2, "final")).to_have_value("6,5")
        expect(page.locator(".gs-status")).to_contain_text("3")
        # The first row's average is live: (8 + 7.5 + 2×6 + 3×7.5) / 7 = 50 / 7 = 7.14 → 7,1
        expect(page.locator("form.gradesheet tbody tr").nth(0).locator("[data-avg]")).to_have_text("7,1")

        # An 11 is refused in the browser, with the learner and the column named, and nothing is sent.
        bad = cell(page, 3, "final")
        bad.fill("11")
        expect(bad).to_have_attribute("aria-invalid", "true")
        expect(page.locator("form.gradesheet tbody tr").nth(3).locator("td.gs-cell.has-error")).to_have_count(1)
        with scopes_disabled():
            before = Score.objects.filter(school_class__name="10A1", subject="Toán", term=1).count()
        requests = []
        page.on("request", lambda request: requests.append(request) if request.method == "POST" else None)
        page.locator("form.gradesheet button[type=submit]").click()
        status = page.locator(".gs-status")
        expect(status).to_contain_text("11")
        learner_name = page.locator("form.gradesheet tbody tr").nth(3).locator("td.gs-name a").inner_text()
        expect(status).to_contain_text(learner_name)
        assert focused_name(page) == bad.get_attribute("name")
        assert requests == []
        page.screenshot(path=screenshots_dir / "gradesheet_refused_1440.png")

        # Corrected, the sheet saves in one POST and comes back with the server's averages.
        bad.fill("10")
        expect(bad).not_to_have_attribute("aria-invalid", "true")
        with page.expect_response(lambda r: r.request.method == "POST" and "/luu/" in r.url) as response:
            page.locator("form.gradesheet button[type=submit]").click()
        assert response.value.status == 200
        expect(page.locator("#gradesheet .msg-success")).to_be_visible()
        expect(page.locator("form.gradesheet tbody tr").nth(0).locator("[data-avg]")).to_have_text("7,1")
        page.screenshot(path=screenshots_dir / "gradesheet_1440.png", full_page=False)

        with scopes_disabled():
            school_class = SchoolClass.objects.get(center=main_center(), name="10A1")
            saved = {
                (s.learner_id, s.kind, s.sequence): s.value
                for s in Score.objects.filter(school_class=school_class, subject="Toán", term=1)
            }
            assert Score.objects.filter(school_class=school_class, subject="Toán", term=1).count() >= before
            event = AuditEvent.objects.filter(object_type="academics.schoolclass").latest("id")
            assert event.actor.username == "giaovien"
        expected = {
            (ids[0], "regular", 1): Decimal("8"),
            (ids[0], "regular", 2): Decimal("7.5"),
            (ids[1], "regular", 1): Decimal("9"),
            (ids[0], "midterm", 1): Decimal("6"),
            (ids[0], "final", 1): Decimal("7.5"),
            (ids[1], "midterm", 1): Decimal("8.5"),
            (ids[1], "final", 1): Decimal("9"),
            (ids[2], "midterm", 1): Decimal("5"),
            (ids[2], "final", 1): Decimal("6.5"),
            (ids[3], "final", 1): Decimal("10"),
        }
        for key, value in expected.items():
            assert saved.get(key) == value, (key, saved.get(key))
        assert (ids[0], "regular", 3) not in saved and (ids[0], "regular", 4) not in saved
    finally:
        context.close()
