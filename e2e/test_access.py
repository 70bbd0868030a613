"""Refusals a user meets in the browser: a role without the permission, another center, a wrong password."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from lotrinh.core.models import Center, LoginThrottle

from .helpers import MAIN_CENTER, login


def in_vietnamese(msgid: str) -> str:
    """The catalogue's text for a message, as the live server (same process) renders it."""
    with translation.override("vi"):
        return gettext(msgid)


@pytest.mark.browser
def test_teacher_typing_the_audit_log_address_gets_the_403_page(page: Page, live_server):
    login(page, "giaovien")
    expect(page).to_have_url(f"{live_server.url}/c/{MAIN_CENTER}/")

    response = page.goto(f"/c/{MAIN_CENTER}/nhat-ky/")

    assert response is not None
    assert response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("main h1")).to_have_text(in_vietnamese("You do not have permission to do this."))
    expect(page.locator('main a[href="/"]')).to_be_visible()
    expect(page.locator("#audit-table")).to_have_count(0)


@pytest.mark.browser
def test_director_of_another_center_gets_404_at_dong_ha(page: Page, live_server):
    login(page, "giamdoc.dakrong")
    expect(page).to_have_url(f"{live_server.url}/c/dakrong/")

    response = page.goto(f"/c/{MAIN_CENTER}/")

    assert response is not None
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    with scopes_disabled():
        name = Center.objects.get(slug=MAIN_CENTER).name
    # "No such center" and "not your center" look the same: nothing of Đông Hà leaks.
    expect(page.locator("body")).not_to_contain_text(name)
    expect(page.locator("#sidenav")).to_have_count(0)


@pytest.mark.browser
def test_wrong_password_shows_an_error_on_the_login_page(page: Page, live_server):
    page.goto("/dang-nhap/")
    page.locator("#id_username").fill("giamdoc")
    page.locator("#id_password").fill("SaiMatKhau@2026")
    with page.expect_navigation() as navigation:
        page.locator("form button[type=submit]").click()

    assert navigation.value is not None and navigation.value.status == 200
    expect(page).to_have_url(f"{live_server.url}/dang-nhap/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    error = page.locator('[role="alert"].msg-error')
    expect(error).to_be_visible()
    expect(error).not_to_have_text("")
    expect(page.locator("#id_username")).to_have_value("giamdoc")
    expect(page.locator("#id_password")).to_have_value("")
    # Still logged out, and the failure was counted towards the lockout.
    assert LoginThrottle.objects.get(kind="username", key="giamdoc").failures == 1
    page.goto(f"/c/{MAIN_CENTER}/")
    expect(page).to_have_url(f"{live_server.url}/dang-nhap/?next=/c/{MAIN_CENTER}/")
