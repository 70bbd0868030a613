import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.factories import LearnerFactory
from lotrinh.guidance import services
from lotrinh.guidance.models import CohortGraduate, DestinationRecord, GraduateImport

from .conftest import csv_bytes, png_bytes

HEADER = ["DANH SÁCH HỌC SINH LỚP 9 TỐT NGHIỆP"]
COLUMNS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]


def _list(rows, columns=COLUMNS):
    return csv_bytes([HEADER, [], columns, *rows])


def test_it_previews_rows_and_refuses_bad_ones_naming_row_and_column(center_a, alice, cohort, today):
    data = _list(
        [
            ["1", "NGUYỄN THỊ HẰNG", "12/05/2011", "Nữ", "9/1"],
            ["2", "Trần Văn Nam", "31/02/2011", "Nam", "9/1"],
            ["3", "Lê Thị Mai", "03/04/2011", "X", "9/2"],
            ["4", "Nguyễn Thị Hằng", "12/05/2011", "Nữ", "9/2"],
        ]
    )
    with scope(center=center_a):
        job = services.graduate_import_preview(cohort=cohort, data=data, file_name="lop9.csv", actor=alice)
        assert [r["full_name"] for r in job.rows] == ["Nguyễn Thị Hằng"]
        refused = {(r["row"], r["column"]): r["message"] for r in job.refused}
        assert set(refused) == {(5, "C"), (6, "D"), (7, "B")}
        assert "31/02/2011" in refused[(5, "C")]
        assert "row 4" in refused[(7, "B")] or "dòng 4" in refused[(7, "B")]
        assert not CohortGraduate.objects.exists()  # nothing saved before the confirmation


def test_it_saves_at_once_and_a_second_import_creates_nothing(center_a, alice, cohort):
    data = _list(
        [["1", "Nguyễn Thị Hằng", "12/05/2011", "Nữ", "9/1"], ["2", "Trần Văn Nam", "01/01/2011", "Nam", "9/1"]]
    )
    with scope(center=center_a):
        job = services.graduate_import_preview(cohort=cohort, data=data, file_name="lop9.csv", actor=alice)
        services.graduate_import_commit(job=job, actor=alice)
        assert CohortGraduate.objects.count() == 2
        again = services.graduate_import_preview(cohort=cohort, data=data, file_name="lop9.csv", actor=alice)
        assert all(r["exists"] for r in again.rows)
        again = services.graduate_import_commit(job=again, actor=alice)
        assert (again.created_count, again.updated_count) == (0, 0)
        assert CohortGraduate.objects.count() == 2
        with pytest.raises(ApplicationError):
            services.graduate_import_commit(job=again, actor=alice)


def test_it_imports_destinations_from_a_noi_hoc_tiep_column_with_history(center_a, alice, cohort):
    columns = [*COLUMNS, "Nơi học tiếp"]
    with scope(center=center_a):
        first = services.graduate_import_preview(
            cohort=cohort, data=_list([["1", "Trần Văn Nam", "01/01/2011", "Nam", "9/1", ""]], columns),
            file_name="a.csv", actor=alice,
        )  # fmt: skip
        services.graduate_import_commit(job=first, actor=alice)
        second = services.graduate_import_preview(
            cohort=cohort,
            data=_list(
                [["1", "Trần Văn Nam", "01/01/2011", "Nam", "9/1", "Trung cấp"],
                 ["2", "Lê Văn Bình", "02/02/2011", "Nam", "9/1", "đi du lịch"]],
                columns,
            ),
            file_name="b.csv", actor=alice,
        )  # fmt: skip
        assert second.refused[0]["column"] == "F" and "đi du lịch" in second.refused[0]["message"]
        second = services.graduate_import_commit(job=second, actor=alice)
        graduate = CohortGraduate.objects.get()
        assert (graduate.destination, graduate.destination_source) == ("trung_cap", "imported_file")
        assert second.updated_count == 1
        assert DestinationRecord.objects.filter(graduate=graduate).count() == 1


def test_it_links_a_graduate_who_is_already_a_learner_here(center_a, alice, cohort):
    import datetime as dt

    with scope(center=center_a):
        learner = LearnerFactory(center=center_a, full_name="Phạm Quốc Bảo", date_of_birth=dt.date(2011, 3, 3))
        job = services.graduate_import_preview(
            cohort=cohort, data=_list([["1", "Pham Quoc Bao", "03/03/2011", "Nam", "9/3"]]), file_name="x.csv",
            actor=alice,
        )  # fmt: skip
        services.graduate_import_commit(job=job, actor=alice)
        assert CohortGraduate.objects.get().learner == learner


def test_it_runs_the_whole_flow_through_the_pages(center_a, counselor, cohort):
    client = client_for(counselor)
    upload = SimpleUploadedFile("lop9.csv", _list([["1", "Nguyễn Thị Hằng", "12/05/2011", "Nữ", "9/1"]]))
    response = client.post(reverse("guidance:cohort-import", args=[center_a.slug, cohort.pk]), {"file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "Nguyễn Thị Hằng" in preview.content.decode()
    with scope(center=center_a):
        job = GraduateImport.objects.get()
    response = client.post(reverse("guidance:import-commit", args=[center_a.slug, job.pk]))
    assert response.status_code == 302
    with scope(center=center_a):
        assert CohortGraduate.objects.count() == 1
        assert AuditEvent.objects.filter(object_type="guidance.graduateimport").exists()


def test_it_refuses_a_picture_renamed_as_a_spreadsheet_with_a_clear_message(center_a, counselor, cohort):
    upload = SimpleUploadedFile("lop9.xlsx", png_bytes())
    response = client_for(counselor).post(
        reverse("guidance:cohort-import", args=[center_a.slug, cohort.pk]), {"file": upload}
    )
    assert response.status_code == 422
    assert response.context["import_form"].errors["file"]
    with scope(center=center_a):
        assert not GraduateImport.objects.exists()


def test_it_refuses_a_file_over_the_size_limit_before_reading_it(center_a, counselor, cohort, settings):
    settings.LOTRINH_IMPORT_MAX_BYTES = 100
    upload = SimpleUploadedFile("lop9.csv", b"x" * 500)
    response = client_for(counselor).post(
        reverse("guidance:cohort-import", args=[center_a.slug, cohort.pk]), {"file": upload}
    )
    assert response.status_code == 422
    with scope(center=center_a):
        assert not GraduateImport.objects.exists()


def test_it_refuses_a_list_without_the_sex_column(center_a, alice, cohort):
    with scope(center=center_a), pytest.raises(ApplicationError) as error:
        services.graduate_import_preview(
            cohort=cohort, data=csv_bytes([["Họ và tên", "Ngày sinh"], ["Trần Văn Nam", "01/01/2011"]]),
            file_name="x.csv", actor=alice,
        )  # fmt: skip
    assert error.value.field == "file"
