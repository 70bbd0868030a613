"""Small helpers shared by the browser tests: log in through the real form, read figures, count in the DB."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, Page

from lotrinh.academics.models import ClassSession, Enrollment, SchoolClass
from lotrinh.core.demo import DEMO_PASSWORD
from lotrinh.core.models import Center, Membership, User
from lotrinh.core.navigation import CENTER_NAV
from lotrinh.core.roles import ROLE_PERMISSIONS

MAIN_CENTER = "dong-ha"


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fill the log-in form and wait for wherever it leads (redirects included)."""
    page.goto("/dang-nhap/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()


@contextmanager
def logged_in_page(browser: Browser, base_url: str, username: str, *, width: int = 1440) -> Iterator[Page]:
    """A fresh Vietnamese browser context, logged in as ``username``, closed afterwards whatever happens."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900}, locale="vi-VN")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        login(page, username)
        yield page
    finally:
        context.close()


def as_int(text: str) -> int:
    """'1.234' (Vietnamese grouping) → 1234."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no figure in {text!r}"
    return int(digits)


def stat_values(page: Page) -> list[int]:
    return [as_int(t) for t in page.locator(".stats .stat .value").all_inner_texts()]


def nav_split(role: str, center_slug: str = MAIN_CENTER) -> tuple[list[str], list[str]]:
    """The center menu's addresses a role may open (in menu order) and those it may not, from the one table."""
    perms = ROLE_PERMISSIONS[role]
    allowed, refused = [], []
    for item in CENTER_NAV:
        url = reverse(item.url_name, kwargs={"center_slug": center_slug})
        (allowed if item.perm in perms else refused).append(url)
    return allowed, [u for u in refused if u not in allowed]


def center_figures(center: Center) -> dict[str, int]:
    """What a center's home and the supervisor's table should show, counted straight from the database."""
    with scopes_disabled():
        enrolled = Enrollment.objects.filter(center=center, status=Enrollment.Status.ENROLLED)
        return {
            "learners": enrolled.values("learner").distinct().count(),
            "classes": SchoolClass.objects.filter(center=center, enrollments__status=Enrollment.Status.ENROLLED)
            .distinct()
            .count(),
            "staff": Membership.objects.filter(center=center, is_active=True).count(),
            "sessions_today": ClassSession.objects.filter(center=center, date=timezone.localdate()).count(),
            "dropouts": Enrollment.objects.filter(center=center, status=Enrollment.Status.DROPPED_OUT).count(),
        }


def sessions_today_of(user: User, center: Center) -> int:
    with scopes_disabled():
        return ClassSession.objects.filter(center=center, date=timezone.localdate(), teacher=user).count()


def main_center() -> Center:
    with scopes_disabled():
        return Center.objects.get(slug=MAIN_CENTER)
