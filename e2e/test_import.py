"""The training officer imports a messy list: reads the row errors, saves, imports it again, nothing doubles."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, expect

from lotrinh.people.models import Guardian, Learner
from lotrinh.people.tests import corpus, files

from .helpers import MAIN_CENTER, logged_in_page, main_center, stat_values


@pytest.mark.browser
def test_training_officer_imports_a_messy_list_twice(browser: Browser, live_server, demo, screenshots_dir, tmp_path):
    path = tmp_path / "DS hoc vien 10A1 (so GD gui).xlsx"
    path.write_bytes(files.messy_xlsx())
    center = main_center()
    with scopes_disabled():
        learners_before = Learner.objects.filter(center=center).count()
        guardians_before = Guardian.objects.filter(center=center).count()

    with logged_in_page(browser, live_server.url, "daotao") as page:
        page.goto(f"/c/{MAIN_CENTER}/hoc-vien/")
        with page.expect_navigation():
            page.locator("#sidenav").get_by_role("link", name=re.compile("nhập|import", re.IGNORECASE)).click()
        expect(page).to_have_url(f"{live_server.url}/c/{MAIN_CENTER}/hoc-vien/nhap/")

        # Upload: the preview lists what will be created and every error, row by row, before anything is saved.
        page.locator('#import-upload input[type="file"]').set_input_files(path)
        with page.expect_navigation():
            page.locator("#import-upload button[type=submit]").click()
        expect(page.locator("main h1")).to_have_text(path.name)
        new, existing, errors = stat_values(page)[1:4]
        assert (new, existing, errors) == (files.MESSY_VALID, 0, len(files.MESSY_ERRORS))
        error_rows = page.locator("#import-errors tbody tr")
        expect(error_rows).to_have_count(len(files.MESSY_ERRORS))
        for index, (row, label) in enumerate(files.MESSY_ERROR_ROWS.items()):
            cells = error_rows.nth(index).locator("td")
            expect(cells.nth(0)).to_have_text(str(row))
            expect(cells.nth(1)).to_contain_text(label)
            expect(cells.nth(2)).not_to_have_text("")
        sample = page.locator("#import-sample tbody")
        expect(sample).to_contain_text("Nguyễn Văn An")  # decomposed, with stray spaces, in the file
        expect(sample).to_contain_text("Trần Thị Bình")  # in capitals in the file
        expect(sample).not_to_contain_text("045209001234")  # ID numbers stay masked
        expect(page.locator("#import-columns")).to_contain_text("Phụ huynh (SĐT)")
        page.screenshot(path=screenshots_dir / "import_preview_1440.png", full_page=True)
        with scopes_disabled():
            assert Learner.objects.filter(center=center).count() == learners_before  # nothing saved yet

        # Save: the three good rows become learners, with their guardians.
        with page.expect_navigation():
            page.locator("#import-commit button[type=submit]").click()
        expect(page.locator(".msg-success")).to_be_visible()
        expect(page.locator("#import-commit")).to_have_count(0)
        with scopes_disabled():
            assert Learner.objects.filter(center=center).count() == learners_before + files.MESSY_VALID
            assert Guardian.objects.filter(center=center).count() == guardians_before + 2
            saved = Learner.objects.get(center=center, full_name="Trần Thị Bình")
            assert saved.phone == "0987654321" and saved.code.startswith("HV")
        page.screenshot(path=screenshots_dir / "import_done_1440.png", full_page=True)

        # The same file again: every good row is recognised, nothing new is offered or created.
        page.goto(f"/c/{MAIN_CENTER}/hoc-vien/nhap/")
        page.locator('#import-upload input[type="file"]').set_input_files(path)
        with page.expect_navigation():
            page.locator("#import-upload button[type=submit]").click()
        new, existing, errors = stat_values(page)[1:4]
        assert (new, existing, errors) == (0, files.MESSY_VALID, len(files.MESSY_ERRORS))
        expect(page.locator(".msg-info")).to_be_visible()  # this same file was already saved
        expect(page.locator("#import-commit button")).to_have_count(0)
        with scopes_disabled():
            assert Learner.objects.filter(center=center).count() == learners_before + files.MESSY_VALID
            assert Guardian.objects.filter(center=center).count() == guardians_before + 2


@pytest.mark.browser
def test_training_officer_imports_a_graduate_list_with_parent_phones_and_no_parent_names(
    browser: Browser, live_server, demo, screenshots_dir, tmp_path
):
    case = corpus.thcs_graduates("xlsx")
    path = tmp_path / "DS tot nghiep THCS Cam Lo 2026.xlsx"
    path.write_bytes(case.data)
    center = main_center()
    with scopes_disabled():
        learners_before = Learner.objects.filter(center=center).count()

    with logged_in_page(browser, live_server.url, "daotao") as page:
        page.goto(f"/c/{MAIN_CENTER}/hoc-vien/nhap/")
        page.locator('#import-upload input[type="file"]').set_input_files(path)
        with page.expect_navigation():
            page.locator("#import-upload button[type=submit]").click()

        # Errors and warnings apart, each counted: an error keeps its row out, a warning lets it in.
        new, existing, errors, warnings = stat_values(page)[1:5]
        assert (new, existing, errors, warnings) == (case.valid, 0, len(case.errors), len(case.warnings))
        error_rows = page.locator("#import-errors tbody tr")
        expect(error_rows).to_have_count(len(case.errors))
        for index, (row, label) in enumerate(case.errors.items()):
            expect(error_rows.nth(index).locator("td").nth(0)).to_have_text(str(row))
            expect(error_rows.nth(index).locator("td").nth(1)).to_contain_text(label)
        warning_rows = page.locator("#import-warnings tbody tr")
        expect(warning_rows).to_have_count(len(case.warnings))
        first = warning_rows.nth(0).locator("td")
        expect(first.nth(0)).to_have_text("8")
        expect(first.nth(1)).to_have_text("Họ và tên phụ huynh — không có cột này trong tệp")
        expect(first.nth(2)).to_contain_text("0912101001")
        expect(page.locator("#import-errors")).not_to_contain_text("Hãy nhập họ và tên")
        page.screenshot(path=screenshots_dir / "import_graduates_preview_1440.png", full_page=True)

        with page.expect_navigation():
            page.locator("#import-commit button[type=submit]").click()
        expect(page.locator(".msg-success")).to_be_visible()
        with scopes_disabled():
            assert Learner.objects.filter(center=center).count() == learners_before + case.valid
            an = Learner.objects.get(center=center, full_name="Nguyễn Văn An")

        # The learner's page shows the parent's phone, the name to fill in; staff fill it in.
        page.goto(f"/c/{MAIN_CENTER}/hoc-vien/{an.pk}/")
        guardians = page.locator("#guardians")
        expect(guardians).to_contain_text("(chưa có tên)")
        expect(guardians).to_contain_text("0912101001")
        page.screenshot(path=screenshots_dir / "learner_unnamed_guardian_1440.png", full_page=True)
        guardians.locator("summary", has_text="Sửa thông tin").first.click()
        guardians.locator("form[action*='nguoi-giam-ho'] input[name$='full_name']").first.fill("Nguyễn Văn Bảy")
        with page.expect_navigation():
            guardians.locator("form[action*='nguoi-giam-ho'] button[type=submit]").first.click()
        expect(page.locator("#guardians")).to_contain_text("Nguyễn Văn Bảy")
        expect(page.locator("#guardians")).not_to_contain_text("(chưa có tên)")
        with scopes_disabled():
            assert an.guardians.get().full_name == "Nguyễn Văn Bảy"
