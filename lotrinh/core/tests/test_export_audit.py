"""A file of personal data that leaves the system is a sensitive read: each export is in the audit log."""

import pytest
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent
from lotrinh.factories import LearnerFactory

PERSONAL_LISTS = [
    ("hoc-vien/xuat-excel/", "Danh sách học viên"),
    ("nhan-su/", "Nhân sự"),
    ("nhat-ky/", "Nhật ký thay đổi"),
    ("duy-tri-si-so/nguy-co/", "Học viên có nguy cơ bỏ học"),
    ("can-thiep/", "Can thiệp"),
]


def exports(center) -> list[AuditEvent]:
    with scope(center=center):
        return list(AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT))


@pytest.mark.parametrize(("path", "title"), PERSONAL_LISTS)
def test_it_audits_who_exported_which_list_with_which_filters(center_a, alice, path, title):
    response = client_for(alice).get(f"/c/{center_a.slug}/{path}", {"xuat": "xlsx", "q": "hằng"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    [event] = exports(center_a)
    assert event.actor == alice
    assert event.object_repr.startswith(title), event.object_repr
    assert event.object_repr.endswith("[q=hằng]")  # the filters, readable, without the export switch


def test_it_leaves_the_filters_that_were_not_set_out_of_the_log(center_a, alice):
    response = client_for(alice).get(f"/c/{center_a.slug}/nhan-su/", {"xuat": "xlsx", "q": "", "role": ""})
    assert response.status_code == 200
    [event] = exports(center_a)
    assert event.object_repr == "Nhân sự"


def test_it_writes_nothing_when_the_export_is_refused(center_a, bob):
    assert client_for(bob).get(f"/c/{center_a.slug}/nhan-su/", {"xuat": "xlsx"}).status_code == 403
    assert exports(center_a) == []


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_it_audits_a_transcript_download_against_the_learner(center_a, alice, suffix):
    with scope(center=center_a):
        learner = LearnerFactory(center=center_a, full_name="Nguyễn Thị Hằng")
    assert client_for(alice).get(f"/c/{center_a.slug}/hoc-vien/{learner.pk}/hoc-ba{suffix}").status_code == 200
    [event] = exports(center_a)
    assert (event.object_type, event.object_id) == ("people.learner", str(learner.pk))
    assert "Nguyễn Thị Hằng" in event.object_repr


def test_it_shows_exports_in_the_audit_log_filter(center_a, alice):
    client = client_for(alice)
    client.get(f"/c/{center_a.slug}/hoc-vien/xuat-excel/")
    response = client.get(f"/c/{center_a.slug}/nhat-ky/", {"object_type": "export"})
    assert response.status_code == 200
    assert "Xuất dữ liệu cá nhân" in response.content.decode()
