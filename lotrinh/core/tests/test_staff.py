import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled

from lotrinh.conftest import client_for
from lotrinh.core import services
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Membership, User
from lotrinh.core.roles import Role

NEW_STAFF = {
    "full_name": "Nguyễn Thị Hằng",
    "username": "hang.nguyen",
    "email": "hang@example.vn",
    "phone": "+84 912 345 678",
    "role": Role.COUNSELOR,
}


def _url(center, suffix=""):
    return f"/c/{center.slug}/nhan-su/{suffix}"


def test_it_lists_the_centers_staff_only(center_a, alice, bob, charlie):
    response = client_for(alice).get(_url(center_a))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Trần Văn Bình" in content
    assert "Lê Văn Cường" not in content


def test_it_finds_staff_without_diacritics(center_a, alice, bob):
    response = client_for(alice).get(_url(center_a), {"q": "tran van binh"}, HTTP_HX_REQUEST="true")
    assert "Trần Văn Bình" in response.content.decode()
    assert "Nguyễn Thị Hằng" not in response.content.decode()


def test_it_adds_a_staff_member_and_sends_a_password_link(center_a, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(_url(center_a, "them/"), NEW_STAFF)
    assert response.status_code == 302
    user = User.objects.get(username="hang.nguyen")
    assert user.phone == "0912345678"
    assert not user.has_usable_password()
    with scope(center=center_a):
        assert Membership.objects.get(user=user).role == Role.COUNSELOR
        assert AuditEvent.objects.filter(object_type="core.user", object_id=str(user.pk), actor=alice).exists()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "12345"), ("email", "khong-phai-email"), ("username", "Hằng Nguyễn"), ("full_name", "")],
)
def test_it_refuses_bad_input_and_saves_nothing(center_a, alice, field, value):
    response = client_for(alice).post(_url(center_a, "them/"), {**NEW_STAFF, field: value})
    assert response.status_code == 422
    assert 'class="errorlist"' in response.content.decode()
    assert not User.objects.filter(email="hang@example.vn").exists()


def test_it_refuses_a_teacher_adding_staff(center_a, bob):
    response = client_for(bob).post(_url(center_a, "them/"), NEW_STAFF)
    assert response.status_code == 403
    assert not User.objects.filter(username="hang.nguyen").exists()


def test_it_refuses_a_teacher_on_the_staff_list(center_a, bob):
    assert client_for(bob).get(_url(center_a)).status_code == 403


def test_it_answers_404_to_another_center_on_the_staff_list(center_a, charlie):
    assert client_for(charlie).get(_url(center_a)).status_code == 404


def test_it_does_not_open_another_centers_membership(center_a, center_b, alice, charlie):
    with scopes_disabled():
        charlies = Membership.objects.get(user=charlie)
    assert client_for(alice).get(_url(center_a, f"{charlies.pk}/")).status_code == 404


def test_it_keeps_at_least_one_director(center_a, alice):
    with scope(center=center_a):
        membership = Membership.objects.get(user=alice)
        with pytest.raises(ApplicationError):
            services.membership_role_change(membership=membership, role=Role.TEACHER, actor=alice)
        membership.refresh_from_db()
        assert membership.role == Role.DIRECTOR


def test_it_changes_a_role_and_audits_it(center_a, alice, bob):
    with scope(center=center_a):
        membership = Membership.objects.get(user=bob)
    response = client_for(alice).post(_url(center_a, f"{membership.pk}/vai-tro/"), {"role": Role.COUNSELOR})
    assert response.status_code == 302
    with scope(center=center_a):
        membership.refresh_from_db()
        assert membership.role == Role.COUNSELOR
        event = AuditEvent.objects.get(object_type="core.membership", action=AuditEvent.Action.UPDATE)
        assert event.changes == {"role": [Role.TEACHER, Role.COUNSELOR]}


def test_it_refuses_a_teacher_changing_roles(center_a, alice, bob):
    with scope(center=center_a):
        membership = Membership.objects.get(user=alice)
    response = client_for(bob).post(_url(center_a, f"{membership.pk}/vai-tro/"), {"role": Role.TEACHER})
    assert response.status_code == 403


def test_it_ends_a_membership_but_keeps_history(center_a, alice, bob):
    with scope(center=center_a):
        membership = Membership.objects.get(user=bob)
    client_for(alice).post(_url(center_a, f"{membership.pk}/ket-thuc/"))
    with scope(center=center_a):
        membership.refresh_from_db()
        assert membership.is_active is False
    # Bob can no longer reach the center.
    assert client_for(bob).get(f"/c/{center_a.slug}/").status_code == 404


def test_it_refuses_to_end_your_own_membership(center_a, alice):
    with scope(center=center_a):
        membership = Membership.objects.get(user=alice)
        with pytest.raises(ApplicationError):
            services.membership_deactivate(membership=membership, actor=alice)


def test_it_reactivates_someone_who_comes_back(center_a, alice, bob):
    with scope(center=center_a):
        membership = Membership.objects.get(user=bob)
        services.membership_deactivate(membership=membership, actor=alice)
        again = services.staff_add(
            center=center_a,
            full_name="Trần Văn Bình",
            username="bob",
            email="bob@example.vn",
            role=Role.TEACHER,
            actor=alice,
        )
        assert again.pk == membership.pk and again.is_active


def test_it_adds_an_existing_user_from_another_center(center_a, center_b, alice, charlie):
    with scope(center=center_a):
        membership = services.staff_add(
            center=center_a, full_name="x", username="charlie", email="x@example.vn", role=Role.TEACHER, actor=alice
        )
    assert membership.user == charlie


def test_it_exports_the_staff_list_to_xlsx(center_a, alice, bob):
    import io

    from openpyxl import load_workbook

    response = client_for(alice).get(_url(center_a), {"xuat": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["Nguyễn Thị Hằng", "Trần Văn Bình"]


def test_it_refuses_the_staff_export_to_a_teacher(center_a, bob):
    assert client_for(bob).get(_url(center_a), {"xuat": "xlsx"}).status_code == 403
