"""The import pages, the learner export and the import API: access, the upload flow, bad files, query counts."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django_scopes import scope
from openpyxl import load_workbook

from lotrinh.conftest import client_for
from lotrinh.core.roles import Role
from lotrinh.factories import EnrollmentFactory, LearnerFactory, SchoolClassFactory
from lotrinh.people import import_services
from lotrinh.people.importing import headers, reader
from lotrinh.people.models import Ethnicity, ImportJob, Learner
from lotrinh.people.tests import files


def url(center, suffix: str = "") -> str:
    return f"/c/{center.slug}/hoc-vien/nhap/{suffix}"


def post_file(client: Client, center, data: bytes, name: str = "danh-sach.xlsx", **extra):
    return client.post(url(center, "tai-len/"), {"file": SimpleUploadedFile(name, data), **extra})


def job_of(center) -> ImportJob:
    with scope(center=center):
        return ImportJob.objects.get()


def rows_of(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


# --- Access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "mau.xlsx", "1/", "1/loi.xlsx"])
def test_it_answers_404_to_another_centers_director(center_a, alice, charlie, suffix):
    assert client_for(charlie).get(url(center_a, suffix)).status_code == 404


def test_it_answers_404_for_another_centers_import(center_a, center_b, alice, charlie):
    with scope(center=center_b):
        job = import_services.import_job_create(
            center=center_b, actor=charlie, upload=SimpleUploadedFile("b.xlsx", files.messy_xlsx())
        )
    assert client_for(alice).get(url(center_a, f"{job.pk}/")).status_code == 404
    assert client_for(alice).post(url(center_a, f"{job.pk}/luu/")).status_code == 404
    assert client_for(alice).get(f"/api/c/{center_a.slug}/imports/{job.pk}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "mau.xlsx"])
def test_it_refuses_a_teacher(center_a, bob, suffix):
    assert client_for(bob).get(url(center_a, suffix)).status_code == 403


def test_it_refuses_a_teacher_uploading_or_saving(center_a, alice, bob):
    assert post_file(client_for(bob), center_a, files.messy_xlsx()).status_code == 403
    post_file(client_for(alice), center_a, files.messy_xlsx())
    job = job_of(center_a)
    assert client_for(bob).post(url(center_a, f"{job.pk}/luu/")).status_code == 403
    assert client_for(bob).get(url(center_a, f"{job.pk}/")).status_code == 403
    with scope(center=center_a):
        assert not Learner.objects.exists()


def test_it_refuses_a_teacher_on_the_api(center_a, bob):
    client = client_for(bob)
    assert client.get(f"/api/c/{center_a.slug}/imports").status_code == 403
    response = client.post(f"/api/c/{center_a.slug}/imports", {"file": SimpleUploadedFile("a.xlsx", b"x")})
    assert response.status_code == 403


def test_it_still_checks_the_csrf_token_on_upload(center_a, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = post_file(client, center_a, files.messy_xlsx())
    assert response.status_code == 403
    with scope(center=center_a):
        assert not ImportJob.objects.exists()


# --- The upload, the preview, the commit ---------------------------------------------------------------


def test_it_previews_the_messy_file_with_row_errors(center_a, alice, officer):
    client = client_for(officer)
    response = post_file(client, center_a, files.messy_xlsx(), "Danh sach 10A1.xlsx")
    job = job_of(center_a)
    assert response.status_code == 302 and response["Location"] == url(center_a, f"{job.pk}/")
    content = client.get(url(center_a, f"{job.pk}/")).content.decode()
    assert "Danh sach 10A1.xlsx" in content
    for row, label in files.MESSY_ERROR_ROWS.items():
        assert re.search(rf'data-label="[^"]+">{row}</td><td>{label} <span class="muted small">', content)
    assert "Nguyễn Văn An" in content and "Phụ huynh (SĐT)" in content  # the sample and the header found
    assert "045209001234" not in content  # ID numbers stay masked
    assert f'action="{url(center_a, f"{job.pk}/luu/")}"' in content
    with scope(center=center_a):
        assert not Learner.objects.exists()


def test_it_commits_from_the_preview_and_nothing_is_duplicated_the_second_time(center_a, officer):
    client = client_for(officer)
    for attempt in (1, 2):
        post_file(client, center_a, files.messy_xlsx())
        with scope(center=center_a):
            job = ImportJob.objects.order_by("-pk").first()
        response = client.post(url(center_a, f"{job.pk}/luu/"), follow=True)
        assert response.status_code == 200
        with scope(center=center_a):
            assert Learner.objects.count() == 3
            job.refresh_from_db()
            assert (job.created_count, job.existing_count) == ((3, 0) if attempt == 1 else (0, 3))


def test_it_enrolls_the_list_into_the_chosen_class(center_a, officer):
    with scope(center=center_a):
        school_class = SchoolClassFactory(center=center_a)
    client = client_for(officer)
    post_file(client, center_a, files.messy_xlsx(), school_class=school_class.pk)
    job = job_of(center_a)
    assert job.school_class_id == school_class.pk
    client.post(url(center_a, f"{job.pk}/luu/"))
    with scope(center=center_a):
        assert school_class.enrollments.count() == 3


def test_it_does_not_offer_another_centers_class(center_a, center_b, officer):
    with scope(center=center_b):
        other = SchoolClassFactory(center=center_b)
    response = post_file(client_for(officer), center_a, files.messy_xlsx(), school_class=other.pk)
    assert response.status_code == 422
    with scope(center=center_a):
        assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (files.PNG_BYTES, "anh.xlsx"),
        (b"", "trong.csv"),
        (files.xlsx_bytes([["Nguyễn Văn An", "12/05/2009", "Nam"], ["Trần Thị Bình", "05/09/2009", "Nữ"]]), "x.xlsx"),
    ],
)
def test_it_refuses_a_bad_file_beside_the_field_and_creates_nothing(center_a, officer, data, name):
    response = post_file(client_for(officer), center_a, data, name)
    assert response.status_code == 422
    content = response.content.decode()
    assert 'class="form-row has-error"' in content and 'class="errorlist"' in content
    with scope(center=center_a):
        assert not ImportJob.objects.exists()


@override_settings(LOTRINH_IMPORT_MAX_BYTES=1000)
def test_it_refuses_a_file_over_the_limit_without_reading_it(center_a, officer, monkeypatch):
    from lotrinh.people import import_views

    monkeypatch.setattr(import_views, "FORM_OVERHEAD_BYTES", 100)
    response = post_file(client_for(officer), center_a, b"x" * 5000, "lon.csv")
    assert response.status_code == 422
    assert "1 MB" in response.content.decode()
    assert not hasattr(response.wsgi_request, "_files")  # the multipart body was never parsed
    with scope(center=center_a):
        assert not ImportJob.objects.exists()


@override_settings(LOTRINH_IMPORT_MAX_BYTES=1000)
def test_it_refuses_a_file_just_over_the_limit_after_reading_it(center_a, officer):
    response = post_file(client_for(officer), center_a, b"x" * 1001, "lon.csv")
    assert response.status_code == 422
    with scope(center=center_a):
        assert not ImportJob.objects.exists()


@override_settings(LOTRINH_IMPORT_INLINE_ROWS=2)
def test_it_shows_a_progress_bar_that_polls_until_the_task_is_done(center_a, officer):
    client = client_for(officer)
    post_file(client, center_a, files.messy_xlsx())  # not run: on_commit callbacks wait for the test's transaction
    job = job_of(center_a)
    assert job.status == ImportJob.Status.PARSING
    page = client.get(url(center_a, f"{job.pk}/")).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    with scope(center=center_a):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=3)
    partial = client.get(url(center_a, f"{job.pk}/"), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and 'value="50"' in partial.content.decode()
    assert "<html" not in partial.content.decode()
    with scope(center=center_a):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEW)
    done = client.get(url(center_a, f"{job.pk}/"), HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_it_lists_imports_in_a_fixed_number_of_queries(center_a, officer, django_assert_max_num_queries):
    client = client_for(officer)
    post_file(client, center_a, files.messy_xlsx())
    with django_assert_max_num_queries(20) as few:
        assert client.get(url(center_a)).status_code == 200
    for _ in range(5):
        post_file(client, center_a, files.messy_xlsx())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(center_a)).status_code == 200


def test_it_exports_the_row_errors(center_a, officer):
    client = client_for(officer)
    post_file(client, center_a, files.messy_xlsx())
    job = job_of(center_a)
    response = client.get(url(center_a, f"{job.pk}/loi.xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = rows_of(response)
    error = "Lỗi: dòng bị bỏ qua"
    assert [r[:4] for r in rows[2:]] == [(9, error, "F", "Số định danh cá nhân"),
                                         (10, error, "F", "Số định danh cá nhân"),
                                         (11, error, "C", "Ngày tháng năm sinh")]  # fmt: skip


def test_it_exports_the_warnings_after_the_errors(center_a, officer):
    client = client_for(officer)
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "SĐT phụ huynh"],
            ["Nguyễn Văn An", "12/05/2009", "Nam", "0912 000 111"],
            ["Trần Thị Bình", "31/02/2009", "Nữ", "0912 000 222"]]  # fmt: skip
    post_file(client, center_a, files.xlsx_bytes(rows))
    exported = rows_of(client.get(url(center_a, f"{job_of(center_a).pk}/loi.xlsx")))
    assert [r[:4] for r in exported[2:]] == [
        (3, "Lỗi: dòng bị bỏ qua", "B", "Ngày sinh"),
        (2, "Cảnh báo: vẫn nhập, cần kiểm tra", None, "Họ và tên phụ huynh — không có cột này trong tệp"),
    ]


def test_it_offers_a_template_the_importer_recognises(center_a, officer):
    response = client_for(officer).get(url(center_a, "mau.xlsx"))
    assert response.status_code == 200
    _kind, sheets = reader.read_sheets(response.content)
    layout = headers.detect_layout(sheets[0].rows)
    assert layout is not None and layout.missing() == []
    assert {c.field for c in layout.columns} >= {"code", "full_name", "date_of_birth", "sex", "ethnicity",
                                                  "id_number", "phone", "guardian_name", "guardian_phone"}  # fmt: skip


# --- The learner export ---------------------------------------------------------------------------------


def export_url(center) -> str:
    return f"/c/{center.slug}/hoc-vien/xuat-excel/"


def test_it_exports_the_learner_list_with_ethnicity_for_those_allowed(center_a, alice, bob):
    with scope(center=center_a):
        kinh = Ethnicity.objects.get(name="Kinh")
        LearnerFactory(center=center_a, full_name="Nguyễn Thị Hằng", code="HV01", ethnicity=kinh)
        school_class = SchoolClassFactory(center=center_a, name="10A1")
        learner = LearnerFactory(center=center_a, full_name="Trần Văn Nam", code="HV02", sex="male")
        EnrollmentFactory(center=center_a, learner=learner, school_class=school_class)
    director = rows_of(client_for(alice).get(export_url(center_a)))
    assert "Kinh" in director[2]
    assert len(director[1]) == 10 and director[3][-1] == "10A1"
    teacher = rows_of(client_for(bob).get(export_url(center_a)))
    assert len(teacher[1]) == 9 and "Kinh" not in teacher[2]  # no ethnicity column for a teacher
    assert teacher[2][2] is not None  # the date of birth is a real date cell


def test_it_exports_the_filtered_list(center_a, alice):
    with scope(center=center_a):
        LearnerFactory(center=center_a, full_name="Nguyễn Thị Hằng")
        LearnerFactory(center=center_a, full_name="Lê Thị Mai")
    rows = rows_of(client_for(alice).get(export_url(center_a), {"q": "nguyen thi hang"}))
    assert [r[1] for r in rows[2:]] == ["Nguyễn Thị Hằng"]


def test_it_answers_404_to_another_center_on_the_export(center_a, alice, charlie):
    assert client_for(charlie).get(export_url(center_a)).status_code == 404


def test_it_exports_in_a_fixed_number_of_queries(center_a, alice, bob, django_assert_max_num_queries):
    client = client_for(alice)
    with scope(center=center_a):
        LearnerFactory(center=center_a)
    with django_assert_max_num_queries(20) as few:
        assert client.get(export_url(center_a)).status_code == 200
    with scope(center=center_a):
        school_class = SchoolClassFactory(center=center_a)
        for _ in range(30):
            EnrollmentFactory(center=center_a, learner=LearnerFactory(center=center_a), school_class=school_class)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(export_url(center_a)).status_code == 200


# --- The API ---------------------------------------------------------------------------------------------


def test_it_imports_through_the_api(center_a, officer):
    client = client_for(officer)
    api = f"/api/c/{center_a.slug}/imports"
    response = client.post(api, {"file": SimpleUploadedFile("ds.xlsx", files.messy_xlsx())})
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["new_rows"], body["error_rows"]) == ("preview", 3, 3)
    detail = client.get(f"{api}/{body['id']}").json()
    assert [e["row"] for e in detail["errors"]] == [9, 10, 11]
    text = detail["errors"][2]["text"]  # "Dòng 11, cột Ngày tháng năm sinh: …" once translated
    assert "11" in text and "Ngày tháng năm sinh" in text and detail["errors"][2]["message"] in text
    assert {c["field"] for c in detail["columns"]} >= {"full_name", "date_of_birth", "guardian_phone"}
    saved = client.post(f"{api}/{body['id']}/commit")
    assert saved.status_code == 200 and saved.json()["created_count"] == 3
    assert client.post(f"{api}/{body['id']}/commit").status_code == 400  # not twice
    assert [j["id"] for j in client.get(api).json()] == [body["id"]]


def test_it_refuses_a_bad_file_on_the_api(center_a, officer):
    response = client_for(officer).post(
        f"/api/c/{center_a.slug}/imports", {"file": SimpleUploadedFile("anh.xlsx", files.PNG_BYTES)}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "file"


def test_it_keeps_the_import_permission_to_the_roles_that_manage_learners():
    from lotrinh.core.roles import role_has_perm

    assert {r for r in Role.values if role_has_perm(r, "learners.import")} == {
        Role.DIRECTOR,
        Role.DEPUTY_DIRECTOR,
        Role.TRAINING_OFFICER,
    }
