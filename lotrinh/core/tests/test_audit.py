import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core import crypto, services
from lotrinh.core.models import AuditEvent, Membership


@pytest.fixture
def bobs_membership(center_a, bob):
    with scope(center=center_a):
        return Membership.objects.get(user=bob)


def test_it_audits_personal_data_changes_old_to_new(center_a, alice, bob, bobs_membership):
    response = client_for(alice).post(
        f"/c/{center_a.slug}/nhan-su/{bobs_membership.pk}/ho-so/",
        {"full_name": "Trần Văn  Bình", "email": "binh.tran@example.vn", "phone": "0905 123 456", "id_number": ""},
    )
    assert response.status_code == 302
    with scope(center=center_a):
        event = AuditEvent.objects.get(object_type="core.user", action=AuditEvent.Action.UPDATE)
    assert event.actor == alice
    assert event.changes == {"email": ["bob@example.vn", "binh.tran@example.vn"], "phone": ["", "0905123456"]}


def test_it_refuses_an_impossible_id_number_and_saves_nothing(center_a, alice, bob, bobs_membership):
    response = client_for(alice).post(
        f"/c/{center_a.slug}/nhan-su/{bobs_membership.pk}/ho-so/",
        {"full_name": "Người Khác", "email": "bob@example.vn", "phone": "", "id_number": "04508300"},
    )
    assert response.status_code == 422
    bob.refresh_from_db()
    assert bob.full_name == "Trần Văn Bình"
    assert bob.id_number_encrypted == ""


def test_it_stores_the_id_number_encrypted(center_a, alice, bob):
    with scope(center=center_a):
        services.user_id_number_set(user=bob, id_number="045 083 001 234", actor=alice, center=center_a)
    bob.refresh_from_db()
    assert "045083001234" not in bob.id_number_encrypted
    assert crypto.decrypt(bob.id_number_encrypted) == "045083001234"


def test_it_logs_who_revealed_an_id_number(center_a, alice, bob, bobs_membership):
    with scope(center=center_a):
        services.user_id_number_set(user=bob, id_number="045083001234", actor=alice, center=center_a)
    response = client_for(alice).post(f"/c/{center_a.slug}/nhan-su/{bobs_membership.pk}/xem-cccd/")
    assert "045083001234" in response.content.decode()
    with scope(center=center_a):
        reveal = AuditEvent.objects.get(action=AuditEvent.Action.REVEAL)
    assert reveal.actor == alice
    assert reveal.object_id == str(bob.pk)
    assert "045083001234" not in str(reveal.changes)


def test_it_refuses_a_teacher_revealing_an_id_number(center_a, alice, bob):
    with scope(center=center_a):
        membership = Membership.objects.get(user=alice)
    response = client_for(bob).post(f"/c/{center_a.slug}/nhan-su/{membership.pk}/xem-cccd/")
    assert response.status_code == 403
    with scope(center=center_a):
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL).exists()


def test_it_shows_the_audit_log_to_the_director_filtered(center_a, alice, bob, bobs_membership):
    with scope(center=center_a):
        services.membership_role_change(membership=bobs_membership, role="counselor", actor=alice)
        services.user_profile_update(user=bob, actor=alice, center=center_a, phone="0905123456")
    client = client_for(alice)
    everything = client.get(f"/c/{center_a.slug}/nhat-ky/").content.decode()
    assert "0905123456" in everything and "Tư vấn viên" in everything  # the role's label, not its code
    only_people = client.get(f"/c/{center_a.slug}/nhat-ky/", {"object_type": "core.user"}).content.decode()
    assert "0905123456" in only_people and "Tư vấn viên" not in only_people


def test_it_reads_filter_dates_day_first(center_a, alice, bob):
    with scope(center=center_a):
        services.user_profile_update(user=bob, actor=alice, center=center_a, phone="0905123456")
    today = timezone.localdate()
    client = client_for(alice)
    shown = client.get(f"/c/{center_a.slug}/nhat-ky/", {"date_from": today.strftime("%d/%m/%Y")})
    assert "0905123456" in shown.content.decode()
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    hidden = client.get(f"/c/{center_a.slug}/nhat-ky/", {"date_from": tomorrow})
    assert "0905123456" not in hidden.content.decode()


def test_it_keeps_other_centers_events_out_of_the_log(center_a, center_b, alice, charlie):
    with scope(center=center_b):
        services.user_profile_update(user=charlie, actor=charlie, center=center_b, phone="0977000111")
    assert "0977000111" not in client_for(alice).get(f"/c/{center_a.slug}/nhat-ky/").content.decode()


def test_it_refuses_the_audit_log_to_a_teacher(center_a, bob):
    assert client_for(bob).get(f"/c/{center_a.slug}/nhat-ky/").status_code == 403


def test_it_answers_404_for_the_audit_log_of_another_center(center_a, charlie):
    assert client_for(charlie).get(f"/c/{center_a.slug}/nhat-ky/").status_code == 404


def test_it_lists_the_audit_log_in_a_fixed_number_of_queries(
    center_a, alice, bob, bobs_membership, django_assert_max_num_queries
):
    client = client_for(alice)
    with scope(center=center_a):
        services.user_profile_update(user=bob, actor=alice, center=center_a, phone="0905000001")
    with django_assert_max_num_queries(12) as few:
        client.get(f"/c/{center_a.slug}/nhat-ky/")
    with scope(center=center_a):
        for n in range(40):
            services.user_profile_update(user=bob, actor=alice, center=center_a, phone=f"09050001{n:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/c/{center_a.slug}/nhat-ky/")


def test_it_exports_the_filtered_audit_log_to_xlsx(center_a, alice, bob):
    import io

    from openpyxl import load_workbook

    with scope(center=center_a):
        services.user_profile_update(user=bob, actor=alice, center=center_a, phone="0905123456")
    response = client_for(alice).get(f"/c/{center_a.slug}/nhat-ky/", {"object_type": "core.user", "xuat": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 1
    assert rows[0][1] == "Nguyễn Thị Hằng" and "0905123456" in rows[0][4]


def test_it_refuses_an_action_that_is_not_one_of_the_logs_kinds(center_a, alice):
    from lotrinh.core.audit import audit_record

    with pytest.raises(ValueError):
        audit_record(actor=alice, center=center_a, action="internships.allocation_run", obj=center_a)
    with scope(center=center_a):
        assert not AuditEvent.objects.filter(object_type="core.center").exists()


def test_it_refuses_a_change_it_could_not_name_on_the_page(center_a, alice):
    """A code-like key that is neither a field nor a summary would reach the log raw ("employer : — → …")."""
    from lotrinh.core.audit import audit_record

    with pytest.raises(ValueError, match="no label"):
        audit_record(
            actor=alice, center=center_a, action=AuditEvent.Action.UPDATE, obj=alice, changes={"employer_x": [1, 2]}
        )
    # A field, a summary, and a key that is already a person's words are all named.
    audit_record(
        actor=alice,
        center=center_a,
        action=AuditEvent.Action.UPDATE,
        obj=alice,
        changes={"full_name": ["A", "B"], "employer": [None, "Công ty X"], "HV000001 Nguyễn Văn An": ["", "P"]},
    )
    with scope(center=center_a):
        [event] = AuditEvent.objects.filter(object_type="core.user", action=AuditEvent.Action.UPDATE)
    from lotrinh.core.audit_display import change_lines

    # A set: PostgreSQL's jsonb does not keep the keys' order.
    assert {line.label for line in change_lines(event.object_type, event.changes)} == {
        "Họ và tên",
        "Nơi tuyển dụng",
        "HV000001 Nguyễn Văn An",
    }
