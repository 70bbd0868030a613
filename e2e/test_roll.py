"""A teacher takes the roll of a class of 30+ on a phone (390×844) in well under a minute.

Everyone is present by default; the teacher taps three learners to mark the exceptions and saves.
If the demo has no session today for the teacher with at least 30 learners (Sunday, say), the test
adds a make-up lesson through the same service the timetable uses.
"""

import datetime as dt
import time

import pytest
from django.db.models import Count, Q
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import Browser, expect

from lotrinh.academics import services
from lotrinh.academics.models import AttendanceMark, ClassSession, Enrollment, Room, SchoolClass
from lotrinh.core.models import User

from .helpers import MAIN_CENTER, login, main_center

PHONE = {"width": 390, "height": 844}
MIN_LEARNERS = 30
BUDGET_SECONDS = 60


def _session_today_with_a_full_class(teacher: User) -> tuple[ClassSession, int]:
    """A session of ``teacher`` today whose class has at least 30 learners; made if there is none."""
    today = timezone.localdate()
    enrolled = Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ENROLLED))
    big = {c.pk: c.n for c in SchoolClass.objects.annotate(n=enrolled).filter(n__gte=MIN_LEARNERS)}
    session = (
        ClassSession.objects.filter(date=today, teacher=teacher, school_class_id__in=big, roll__isnull=True)
        .order_by("starts_at")
        .first()
    )
    if session is None:
        class_id = max(big, key=big.get)
        busy_rooms = ClassSession.objects.filter(date=today, starts_at__lt=dt.time(21), ends_at__gt=dt.time(19, 30))
        room = Room.objects.exclude(pk__in=busy_rooms.values("room_id")).order_by("name").first()
        session = services.class_session_create(
            school_class=SchoolClass.objects.get(pk=class_id),
            date=today,
            starts_at=dt.time(19, 30),
            ends_at=dt.time(21, 0),
            subject="Toán (học bù)",
            teacher=teacher,
            room=room,
            actor=teacher,
        )
    return session, big[session.school_class_id]


@pytest.mark.browser
def test_teacher_takes_the_roll_on_a_phone(browser: Browser, live_server, demo, screenshots_dir):
    center = main_center()
    with scope(center=center):
        teacher = User.objects.get(username="giaovien")
        session, headcount = _session_today_with_a_full_class(teacher)
    assert headcount >= MIN_LEARNERS

    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        login(page, "giaovien")
        page.goto(f"/c/{MAIN_CENTER}/diem-danh/")
        link = page.locator(f'a[href="/c/{MAIN_CENTER}/diem-danh/{session.pk}/"]')
        expect(link).to_be_visible()

        started = time.perf_counter()
        with page.expect_navigation():
            link.tap()
        rows = page.locator(".roll-row")
        expect(rows).to_have_count(headcount)
        buttons = page.locator(".roll-tap")
        expect(buttons.first).to_be_visible()  # the script turned each learner into one big button
        expect(page.locator(".roll-choices").first).not_to_be_in_viewport()
        for n in (0, 1, 3):
            box = buttons.nth(n).bounding_box()
            assert box and box["height"] >= 44 and box["width"] >= 300, box

        # Tap the exceptions: once → absent without leave, twice → with leave, three times → late.
        taps = {0: 1, 1: 2, 3: 3}
        for n, count in taps.items():
            for _ in range(count):
                buttons.nth(n).tap()
        expect(rows.nth(0)).to_have_attribute("data-status", "unexcused")
        expect(rows.nth(1)).to_have_attribute("data-status", "excused")
        expect(rows.nth(3)).to_have_attribute("data-status", "late")
        expect(page.locator('[data-count="present"]')).to_have_text(str(headcount - 3))
        expect(page.locator('[data-count="absent"]')).to_have_text("2")
        save = page.locator(".roll-save")
        expect(save).to_be_in_viewport()  # the Save bar stays within reach of the thumb
        with page.expect_navigation():
            save.tap()
        expect(page.locator(".msg-success")).to_be_visible()
        elapsed = time.perf_counter() - started
        print(f"\nRoll of {headcount} learners: opened, 3 exceptions tapped, saved in {elapsed:.2f} s")
        assert elapsed < BUDGET_SECONDS

        expect(page.locator(".roll-row").nth(0)).to_have_attribute("data-status", "unexcused")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(screenshots_dir / "roll_390.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        names = [t.strip() for t in page.locator(".roll-tap .roll-name").all_inner_texts()[:4]]
    finally:
        context.close()

    with scope(center=center):
        marks = dict(AttendanceMark.objects.filter(roll__session=session).values_list("learner__full_name", "status"))
        assert AttendanceMark.objects.filter(roll__session=session).count() == headcount
    expected = {names[0]: "unexcused", names[1]: "excused", names[3]: "late"}
    assert {name: status for name, status in marks.items() if status != "present"} == expected


@pytest.mark.browser
def test_the_roll_works_without_javascript(browser: Browser, live_server, demo):
    center = main_center()
    with scope(center=center):
        session, headcount = _session_today_with_a_full_class(User.objects.get(username="giaovien"))
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, "giaovien")
        page.goto(f"/c/{MAIN_CENTER}/diem-danh/{session.pk}/")
        expect(page.locator(".roll-tap").first).to_be_hidden()
        second = page.locator(".roll-row").nth(1)
        second.locator('input[value="unexcused"]').check()
        with page.expect_navigation():
            page.locator(".roll-save").click()
        expect(page.locator(".msg-success")).to_be_visible()
        expect(page.locator(".roll-row").nth(1).locator('input[value="unexcused"]')).to_be_checked()
    finally:
        context.close()
    with scope(center=center):
        statuses = list(AttendanceMark.objects.filter(roll__session=session).values_list("status", flat=True))
    assert len(statuses) == headcount
    assert statuses.count("unexcused") == 1
