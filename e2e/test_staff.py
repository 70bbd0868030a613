"""The director adds a staff member (a wrong phone number first), then reveals an ID number, which is logged."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from lotrinh.core.models import AuditEvent, Membership, User

from .helpers import MAIN_CENTER, login, main_center

NEW = {
    "full_name": "Trần Thị Mai Anh",
    "username": "maianh.tran",
    "email": "maianh.tran@lotrinh.demo",
}
TEACHER_ID_NUMBER = "045083001234"  # set on Phạm Văn Hùng (giaovien) by demo_build()


@pytest.mark.browser
def test_director_adds_staff_then_reveals_an_id_number(page: Page, live_server):
    center = main_center()
    login(page, "giamdoc")
    page.goto(f"/c/{MAIN_CENTER}/nhan-su/")
    with scopes_disabled():
        staff_before = Membership.objects.filter(center=center).count()

    # The "Add a staff member" section is folded; unfold it and fill it with an impossible phone number.
    section = page.locator("#staff-add")
    form = section.locator("form")
    expect(form).to_be_hidden()
    section.locator("summary").click()
    expect(form).to_be_visible()
    for name, value in NEW.items():
        form.locator(f'input[name="{name}"]').fill(value)
    form.locator('input[name="phone"]').fill("12345")
    form.locator('select[name="role"]').select_option("training_officer")
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()

    assert navigation.value is not None and navigation.value.status == 422
    form = page.locator("#staff-add form")
    expect(form).to_be_visible()  # the section comes back unfolded, with the values typed
    phone_row = form.locator(".form-row", has=page.locator('input[name="phone"]'))
    expect(phone_row).to_have_class(re.compile(r"\bhas-error\b"))
    expect(phone_row.locator(".errorlist")).to_be_visible()
    expect(phone_row.locator(".errorlist")).not_to_have_text("")
    expect(form.locator(".form-row.has-error")).to_have_count(1)
    expect(form.locator('input[name="username"]')).to_have_value(NEW["username"])
    with scopes_disabled():
        assert not User.objects.filter(username=NEW["username"]).exists()
        assert Membership.objects.filter(center=center).count() == staff_before

    # A real mobile number, written the way people write it.
    form.locator('input[name="phone"]').fill("0912 345 678")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    with scopes_disabled():
        user = User.objects.get(username=NEW["username"])
        membership = Membership.objects.get(center=center, user=user)
        assert Membership.objects.filter(center=center).count() == staff_before + 1
    assert (user.full_name, user.email, user.phone) == (NEW["full_name"], NEW["email"], "0912345678")
    assert membership.role == "training_officer" and membership.is_active
    expect(page).to_have_url(f"{live_server.url}/c/{MAIN_CENTER}/nhan-su/{membership.pk}/")
    expect(page.locator("main h1")).to_have_text(NEW["full_name"])
    expect(page.locator(".msg-success")).to_be_visible()

    # The teacher's ID number is masked until the director asks for it, and the asking is logged.
    page.goto(f"/c/{MAIN_CENTER}/nhan-su/")
    with page.expect_navigation():
        page.locator("#staff-table a", has_text="Phạm Văn Hùng").click()
    expect(page.locator("main h1")).to_have_text("Phạm Văn Hùng")
    id_number = page.locator("#id-number")
    expect(id_number).to_contain_text("••••")
    expect(page.locator("body")).not_to_contain_text(TEACHER_ID_NUMBER)
    with page.expect_response(lambda r: r.url.endswith("/xem-cccd/")) as reveal:
        id_number.locator("button").click()
    assert reveal.value.status == 200
    expect(page.locator("#id-number strong")).to_have_text(TEACHER_ID_NUMBER)

    with scopes_disabled():
        teacher = User.objects.get(username="giaovien")
        director = User.objects.get(username="giamdoc")
        assert AuditEvent.objects.filter(
            center=center, actor=director, action=AuditEvent.Action.REVEAL, object_id=str(teacher.pk)
        ).exists()

    page.goto(f"/c/{MAIN_CENTER}/nhat-ky/")
    reveal_rows = page.locator("#audit-table tbody tr", has=page.locator(".badge-red"))
    expect(reveal_rows).to_have_count(1)
    expect(reveal_rows.first).to_contain_text("Phạm Văn Hùng")
    expect(reveal_rows.first).to_contain_text("Lê Văn Thành")
    expect(page.locator("body")).not_to_contain_text(TEACHER_ID_NUMBER)  # the log keeps a masked value
