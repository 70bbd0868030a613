import datetime as dt

import pytest

from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent, CenterRecord, SupervisingBody


@pytest.fixture
def change(body):
    return {
        "valid_from": "01/01/2027",
        "name": "Trường Trung học nghề Đông Hà",
        "kind": "vocational_secondary",
        "supervising_body": body.pk,
        "commune": 19333,
        "street_address": "Số 2 Lê Lợi",
        "citation": "Quyết định số 01/QĐ-UBND ngày 15/12/2026",
    }


def test_it_records_a_change_as_a_new_period(center_a, alice, change):
    response = client_for(alice).post(f"/c/{center_a.slug}/ho-so/thay-doi/", change)
    assert response.status_code == 302
    old, new = CenterRecord.objects.filter(center=center_a).order_by("valid_from")
    assert (old.valid_to, old.last_day) == (dt.date(2027, 1, 1), dt.date(2026, 12, 31))
    assert (new.valid_from, new.valid_to, new.kind) == (dt.date(2027, 1, 1), None, "vocational_secondary")
    assert AuditEvent.objects.with_scopes_disabled().filter(object_type="core.centerrecord").exists()


def test_it_reads_the_date_day_first(center_a, alice, change):
    response = client_for(alice).post(f"/c/{center_a.slug}/ho-so/thay-doi/", {**change, "valid_from": "12/31/2026"})
    assert response.status_code == 422
    assert CenterRecord.objects.filter(center=center_a).count() == 1


def test_it_refuses_a_change_that_changes_nothing(center_a, alice, body):
    record = CenterRecord.objects.get(center=center_a)
    same = {
        "valid_from": "01/01/2027",
        "name": record.name,
        "kind": record.kind,
        "supervising_body": body.pk,
        "commune": record.commune_id,
        "street_address": "",
        "citation": "Công văn khác",
    }
    response = client_for(alice).post(f"/c/{center_a.slug}/ho-so/thay-doi/", same)
    assert response.status_code == 422
    assert CenterRecord.objects.filter(center=center_a).count() == 1


def test_it_refuses_a_commune_of_another_province(center_a, alice, change):
    response = client_for(alice).post(f"/c/{center_a.slug}/ho-so/thay-doi/", {**change, "commune": 1})
    assert response.status_code == 422
    assert CenterRecord.objects.filter(center=center_a).count() == 1


def test_it_refuses_a_teacher_recording_a_change(center_a, bob, change):
    assert client_for(bob).post(f"/c/{center_a.slug}/ho-so/thay-doi/", change).status_code == 403
    assert CenterRecord.objects.filter(center=center_a).count() == 1


def test_it_shows_the_history_to_a_teacher_without_the_form(center_a, bob):
    content = client_for(bob).get(f"/c/{center_a.slug}/ho-so/").content.decode()
    assert "Trung tâm GDNN-GDTX Đông Hà" in content
    assert "thay-doi" not in content


def test_it_offers_only_bodies_still_in_force(center_a, alice):
    SupervisingBody.objects.create(
        slug="cu",
        name="UBND huyện cũ",
        kind="district_committee",
        province_id=44,
        valid_from=dt.date(2016, 7, 1),
        valid_to=dt.date(2025, 7, 1),
    )
    form = client_for(alice).get(f"/c/{center_a.slug}/ho-so/").context["form"]
    assert "UBND huyện cũ" not in [b.name for b in form.fields["supervising_body"].queryset]
