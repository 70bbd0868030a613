"""Guardians: new or shared between brothers and sisters, one main contact, every change audited."""

import pytest
from django.utils import timezone
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.people import selectors, services
from lotrinh.people.models import Guardian, LearnerGuardian

from .conftest import make_learner


def _url(center, suffix: str = "") -> str:
    return f"/c/{center.slug}/hoc-vien/{suffix}"


NEW_GUARDIAN = {
    "full_name": "Nguyễn Văn Hùng",
    "relationship": "father",
    "phone": "+84 912 345 678",
    "email": "hung@example.vn",
    "street_address": "Thôn 3",
}


@pytest.fixture
def hung(center_a, alice, hang) -> Guardian:
    with scope(center=center_a):
        return services.guardian_create(
            center=center_a,
            actor=alice,
            full_name="Nguyễn Văn Hùng",
            phone="0912345678",
            learner=hang,
            relationship="father",
        )


def test_it_adds_a_new_guardian_to_a_learner_and_audits_it(center_a, alice, hang):
    response = client_for(alice).post(_url(center_a, f"{hang.pk}/nguoi-giam-ho/them/"), NEW_GUARDIAN)
    assert response.status_code == 302
    assert response["Location"].endswith("#guardians")
    with scope(center=center_a):
        link = LearnerGuardian.objects.select_related("guardian").get(learner=hang)
        events = {e.object_type: e for e in AuditEvent.objects.filter(actor=alice)}
    assert link.guardian.phone == "0912345678"
    assert link.is_primary_contact  # the first guardian is the one the center calls
    assert events["people.guardian"].changes["phone"] == [None, "0912345678"]
    assert events["people.learnerguardian"].changes["relationship"] == [None, "father"]
    assert "Nguyễn Văn Hùng" in client_for(alice).get(_url(center_a, f"{hang.pk}/")).content.decode()


@pytest.mark.parametrize(("field", "value"), [("phone", "12345"), ("full_name", " "), ("relationship", "")])
def test_it_refuses_a_bad_guardian_and_saves_nothing(center_a, alice, hang, field, value):
    response = client_for(alice).post(_url(center_a, f"{hang.pk}/nguoi-giam-ho/them/"), {**NEW_GUARDIAN, field: value})
    assert response.status_code == 422
    assert field in response.context["guardian_form"].errors
    with scope(center=center_a):
        assert not Guardian.objects.exists()
        assert not AuditEvent.objects.exists()


def test_it_refuses_a_second_guardian_with_the_same_phone_and_says_to_link(center_a, alice, hung, nam):
    response = client_for(alice).post(_url(center_a, f"{nam.pk}/nguoi-giam-ho/them/"), NEW_GUARDIAN)
    assert response.status_code == 422
    assert "Nguyễn Văn Hùng" in response.context["guardian_form"].errors["phone"][0]
    with scope(center=center_a):
        assert Guardian.objects.count() == 1


def test_it_finds_a_guardian_by_phone_or_by_name_without_diacritics(center_a, alice, hung, nam):
    url = _url(center_a, f"{nam.pk}/nguoi-giam-ho/tim/")
    for query in ("0912 345 678", "+84912345678", "nguyen van hung", "Hùng"):
        response = client_for(alice).get(url, {"q": query}, HTTP_HX_REQUEST="true")
        assert [g.pk for g in response.context["guardian_results"]] == [hung.pk], query
    content = client_for(alice).get(url, {"q": "0912345678"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Nguyễn Thị Hằng" in content  # whose guardian they already are
    assert client_for(alice).get(url, {"q": "Lê Văn Tám"}).context["guardian_results"] == []


def test_it_links_one_guardian_to_brothers_and_sisters(center_a, alice, hung, hang, nam):
    response = client_for(alice).post(
        _url(center_a, f"{nam.pk}/nguoi-giam-ho/lien-ket/"),
        {"guardian": hung.pk, "relationship": "father", "is_primary_contact": "on"},
    )
    assert response.status_code == 302
    with scope(center=center_a):
        assert sorted(hung.learners.values_list("full_name", flat=True)) == ["Nguyễn Thị Hằng", "Trần Văn Nam"]
        assert AuditEvent.objects.filter(object_type="people.learnerguardian", action="create").count() == 2


def test_it_refuses_to_link_the_same_guardian_twice(center_a, alice, hung, hang):
    with scope(center=center_a), pytest.raises(ApplicationError) as error:
        services.guardian_link(learner=hang, guardian=hung, relationship="father", actor=alice)
    assert "guardian" in error.value.errors


def test_it_does_not_link_a_guardian_of_another_center(center_a, center_b, alice, charlie, hang):
    other_learner = make_learner(center_b)
    with scope(center=center_b):
        other = services.guardian_create(
            center=center_b, actor=charlie, full_name="Lê Văn Khách", learner=other_learner, relationship="father"
        )
    response = client_for(alice).post(
        _url(center_a, f"{hang.pk}/nguoi-giam-ho/lien-ket/"), {"guardian": other.pk, "relationship": "father"}
    )
    assert response.status_code == 404
    with scope(center=center_a):
        assert not LearnerGuardian.objects.filter(learner=hang).exists()


def test_it_keeps_one_main_contact_per_learner(center_a, alice, hung, hang):
    with scope(center=center_a):
        services.guardian_create(
            center=center_a,
            actor=alice,
            full_name="Lê Thị Lan",
            learner=hang,
            relationship="mother",
            is_primary_contact=True,
        )
        main = list(
            LearnerGuardian.objects.filter(learner=hang, is_primary_contact=True).values_list(
                "guardian__full_name", flat=True
            )
        )
        moved = AuditEvent.objects.get(object_type="people.learnerguardian", action="update")
    assert main == ["Lê Thị Lan"]
    assert moved.changes == {"is_primary_contact": [True, False]}


def test_it_unlinks_a_guardian_and_audits_it(center_a, alice, hung, hang):
    with scope(center=center_a):
        link = LearnerGuardian.objects.get(learner=hang)
    response = client_for(alice).post(_url(center_a, f"nguoi-giam-ho/{link.pk}/bo/"))
    assert response.status_code == 302
    with scope(center=center_a):
        assert not LearnerGuardian.objects.exists()
        assert Guardian.objects.filter(pk=hung.pk).exists()  # other learners may still need them
        event = AuditEvent.objects.get(object_type="people.learnerguardian", action=AuditEvent.Action.DELETE)
    assert event.changes["guardian"] == ["Nguyễn Văn Hùng", None]


def test_it_refuses_to_unlink_a_guardian_whose_consent_is_in_force(center_a, alice, hung, nam):
    with scope(center=center_a):
        link = services.guardian_link(learner=nam, guardian=hung, relationship="father", actor=alice)
        services.consent_record(
            learner=nam, purpose="messages_to_guardian", guardian=hung, given_on=timezone.localdate(), actor=alice
        )
    response = client_for(alice).post(_url(center_a, f"nguoi-giam-ho/{link.pk}/bo/"), follow=True)
    assert response.status_code == 200
    with scope(center=center_a):
        assert LearnerGuardian.objects.filter(pk=link.pk).exists()


def test_it_lists_a_learners_guardians_main_contact_first(center_a, alice, hung, hang):
    with scope(center=center_a):
        services.guardian_create(
            center=center_a, actor=alice, full_name="Lê Thị Lan", learner=hang, relationship="mother"
        )
        names = [link.guardian.full_name for link in selectors.guardians_of_learner(hang)]
    assert names == ["Nguyễn Văn Hùng", "Lê Thị Lan"]


def test_it_changes_a_guardians_details_and_audits_old_and_new(center_a, alice, hung, hang, nam):
    with scope(center=center_a):
        services.guardian_create(
            center=center_a, actor=alice, full_name="Lê Thị Lan", learner=hang, relationship="mother"
        )
        link = LearnerGuardian.objects.get(learner=hang, guardian=hung)
    data = {**NEW_GUARDIAN, "phone": "0987 654 321", "relationship": "grandparent", "is_primary_contact": ""}
    response = client_for(alice).post(_url(center_a, f"nguoi-giam-ho/{link.pk}/sua/"), data)
    assert response.status_code == 302
    with scope(center=center_a):
        hung.refresh_from_db()
        link.refresh_from_db()
        guardian_event = AuditEvent.objects.get(object_type="people.guardian", action="update")
        link_event = AuditEvent.objects.get(object_type="people.learnerguardian", action="update")
    assert hung.phone == "0987654321"
    assert guardian_event.changes["phone"] == ["0912345678", "0987654321"]
    assert link_event.changes["relationship"] == ["father", "grandparent"]
    assert link_event.changes["is_primary_contact"] == [True, False]


def test_it_refuses_a_bad_change_to_a_guardian_and_keeps_the_old_details(center_a, alice, hung, hang):
    with scope(center=center_a):
        link = LearnerGuardian.objects.get(learner=hang, guardian=hung)
    response = client_for(alice).post(
        _url(center_a, f"nguoi-giam-ho/{link.pk}/sua/"), {**NEW_GUARDIAN, "phone": "+33 6 12 34 56 78"}
    )
    assert response.status_code == 422
    with scope(center=center_a):
        hung.refresh_from_db()
        assert not AuditEvent.objects.filter(action="update").exists()
    assert hung.phone == "0912345678"
