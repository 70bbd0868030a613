"""A counselor records where a cohort's graduates went, in one table, and the streaming dashboard follows."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect

from lotrinh.guidance.models import CohortGraduate, DestinationRecord

from .helpers import MAIN_CENTER, as_int, logged_in_page


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
def test_counselor_records_destinations_and_sees_the_dashboard_change(
    browser: Browser, live_server, demo, screenshots_dir, width
):
    with logged_in_page(browser, live_server.url, "tuvan", width=width) as page:
        page.goto(f"/c/{MAIN_CENTER}/phan-luong/")
        expect(page.locator("main h1")).to_be_visible()
        total_vet = as_int(page.locator("[data-figure=vet-percent]").inner_text().split(",")[0])
        row = page.locator("tr[data-school]").first
        school_id = int(row.get_attribute("data-school"))
        vet_before = as_int(row.locator("[data-vet]").inner_text())
        page.screenshot(path=str(screenshots_dir / f"guidance_streaming_{width}.png"), full_page=True)

        # The school's cohort: five graduates who went to public upper secondary are moved to trung cấp.
        row.get_by_role("link").click()
        expect(page.locator("#destination-table")).to_be_visible()
        selects = page.locator("#destination-table select[name^='d-']")
        changed = []
        for index in range(selects.count()):
            select = selects.nth(index)
            if select.input_value() == "thpt":
                select.select_option("trung_cap")
                changed.append(int(select.get_attribute("name").removeprefix("d-")))
            if len(changed) == 5:
                break
        assert len(changed) == 5
        page.locator("#id_source").select_option("phone_call")
        with page.expect_response(lambda r: r.url.endswith("/noi-hoc-tiep/")) as saved:
            page.get_by_role("button", name="Lưu hướng đi").click()
        assert saved.value.status == 200
        expect(page.locator("#destination-table .msg-success")).to_contain_text("5")
        with scopes_disabled():
            assert set(CohortGraduate.objects.filter(pk__in=changed).values_list("destination", flat=True)) == {
                "trung_cap"
            }
            assert DestinationRecord.objects.filter(graduate_id__in=changed, source="phone_call").count() == 5

        page.goto(f"/c/{MAIN_CENTER}/phan-luong/")
        row = page.locator(f"tr[data-school='{school_id}']")
        expect(row.locator("[data-vet]")).to_have_text(str(vet_before + 5))
        assert as_int(page.locator("[data-figure=vet-percent]").inner_text().split(",")[0]) >= total_vet
        page.screenshot(path=str(screenshots_dir / f"guidance_after_{width}.png"), full_page=True)
