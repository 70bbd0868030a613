"""Every demo account logs in through the real form, lands where its role belongs and sees only its menu."""

import re

import pytest
from django.utils import translation
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from lotrinh.core.demo import ADMIN, MAIN_STAFF, SUPERVISOR
from lotrinh.core.models import Center, SupervisingBody, User
from lotrinh.core.navigation import CENTER_NAV
from lotrinh.core.roles import PERMISSIONS, ROLE_PERMISSIONS, Role

from .helpers import MAIN_CENTER, center_figures, login, main_center, nav_split, sessions_today_of, stat_values

MOBILE = {"width": 360, "height": 740}


def screenshots(page: Page, directory, name: str) -> None:
    """Full page at 1920×1080 (the context's size), then again after reloading at 360×740."""
    page.screenshot(path=directory / f"{name}_1920.png", full_page=True)
    page.set_viewport_size(MOBILE)
    page.reload()
    page.screenshot(path=directory / f"{name}_360.png", full_page=True)


def status_of(page: Page, live_server, url: str) -> int:
    """Open an address with the page's session, without leaving the page."""
    return page.request.get(live_server.url + url, max_redirects=0).status


def test_every_center_menu_entry_needs_a_known_permission():
    """The expectations below come from CENTER_NAV × ROLE_PERMISSIONS; a typo there would make them vacuous."""
    assert {item.perm for item in CENTER_NAV} <= set(PERMISSIONS)


@pytest.mark.browser
@pytest.mark.parametrize("account", MAIN_STAFF, ids=lambda a: a.username)
def test_center_staff_land_on_their_center_with_their_menu(page: Page, live_server, screenshots_dir, account):
    login(page, account.username)

    expect(page).to_have_url(f"{live_server.url}/c/{MAIN_CENTER}/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    center = main_center()
    expect(page.locator("main h1")).to_have_text(center.name)
    expect(page.locator(".usermenu .username")).to_have_text(account.full_name)
    with translation.override("vi"):
        expect(page.locator(".usermenu .badge")).to_have_text(str(Role(account.role).label))

    # Real figures: learners enrolled, classes running, staff, sessions today.
    figures = center_figures(center)
    assert figures["learners"] > 0
    values = stat_values(page)
    learners, classes, staff = values[:3]
    assert learners == figures["learners"]
    assert classes == figures["classes"]
    assert staff == figures["staff"]
    perms = ROLE_PERMISSIONS[account.role]
    if "classes.view_all" in perms:  # the whole center's day
        assert values[3] == figures["sessions_today"]
    elif "classes.view" in perms:  # a teacher's home is their own day
        with scopes_disabled():
            user = User.objects.get(username=account.username)
        assert values[3] == sessions_today_of(user, center)
    else:  # no timetable at all (the accountant)
        assert len(values) == 3

    # The menu: exactly what the role may open, in the table's order, and no link to anything else.
    allowed, refused = nav_split(account.role)
    hrefs = page.locator("#sidenav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == allowed
    expect(page.locator("#sidenav a[aria-current=page]")).to_have_attribute("href", f"/c/{MAIN_CENTER}/")
    expect(page.locator("#sidenav")).to_be_in_viewport()
    for url in refused:
        expect(page.locator(f'a[href="{url}"]')).to_have_count(0)
    # ... and the menu tells the truth: what it shows opens, what it hides is refused.
    for url in allowed:
        assert status_of(page, live_server, url) == 200, url
    for url in refused:
        assert status_of(page, live_server, url) == 403, url

    screenshots(page, screenshots_dir, account.role)


@pytest.mark.browser
def test_supervisor_sees_the_department_centers_side_by_side(page: Page, live_server, screenshots_dir):
    login(page, SUPERVISOR.username)

    expect(page).to_have_url(f"{live_server.url}/so/so-gddt-quang-tri/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    with scopes_disabled():
        body = SupervisingBody.objects.get(slug="so-gddt-quang-tri")
        centers = list(Center.objects.order_by("slug"))
    expect(page.locator("main h1")).to_have_text(body.name)
    assert len(centers) == 3

    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(3)
    shown = {}
    for row in rows.all():
        cells = row.locator("td")
        shown[row.locator("td strong").inner_text()] = {
            "learners": int(re.sub(r"\D", "", cells.nth(2).inner_text())),
            "classes": int(re.sub(r"\D", "", cells.nth(3).inner_text())),
            "staff": int(re.sub(r"\D", "", cells.nth(4).inner_text())),
            "sessions_today": int(re.sub(r"\D", "", cells.nth(5).inner_text())),
            "dropouts": int(re.sub(r"\D", "", cells.nth(6).inner_text())),
        }
    expected = {c.name: center_figures(c) for c in centers}
    assert shown == expected
    assert all(figures["learners"] > 0 for figures in expected.values())
    learners, classes, staff, dropouts = stat_values(page)
    assert learners == sum(f["learners"] for f in expected.values())
    assert classes == sum(f["classes"] for f in expected.values())
    assert staff == sum(f["staff"] for f in expected.values())
    assert dropouts == sum(f["dropouts"] for f in expected.values())

    # No center menu, no link into a center, and the centers' own pages stay closed to the Department.
    expect(page.locator("#sidenav")).to_have_count(0)
    expect(page.locator(".nav-toggle")).to_have_count(0)
    expect(page.locator('a[href^="/c/"]')).to_have_count(0)
    for center in centers:
        assert status_of(page, live_server, f"/c/{center.slug}/") == 404

    screenshots(page, screenshots_dir, SUPERVISOR.role)


@pytest.mark.browser
def test_platform_admin_lands_on_the_platform_section(page: Page, live_server, screenshots_dir):
    login(page, ADMIN.username)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    with scopes_disabled():
        centers = list(Center.objects.order_by("slug"))  # the platform lists centers by address
    platform = page.locator("section.card", has=page.locator('a[href="/nen-tang/"]'))
    expect(platform).to_be_visible()
    expect(platform).to_contain_text(re.compile(rf"\b{len(centers)}\b"))
    expect(platform.locator('a[href="/admin/"]')).to_be_visible()
    expect(page.locator("#sidenav")).to_have_count(0)
    expect(page.locator('a[href^="/c/"]')).to_have_count(0)

    screenshots(page, screenshots_dir, ADMIN.role)

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.locator('a[href="/nen-tang/"]').click()
    expect(page).to_have_url(f"{live_server.url}/nen-tang/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(len(centers))
    for row, center in zip(rows.all(), centers, strict=True):
        expect(row.locator("td").nth(0)).to_have_text(center.code)
        expect(row.locator("td").nth(1)).to_have_text(center.name)
        expect(row.locator("td").nth(2)).to_have_text(f"/c/{center.slug}/")
