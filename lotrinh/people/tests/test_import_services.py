"""Import services against the database: preview, atomic commit, idempotency, the background path."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from django_scopes import scope

from lotrinh.academics.models import Enrollment, EnrollmentStatusChange
from lotrinh.core import crypto
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.factories import LearnerFactory, SchoolClassFactory
from lotrinh.people import import_services, services
from lotrinh.people.models import Ethnicity, Guardian, ImportJob, Learner, LearnerGuardian
from lotrinh.people.tasks import import_job_parse_task
from lotrinh.people.tests import files


def upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def create(center, actor, data: bytes, name: str = "danh-sach.xlsx", **kwargs) -> ImportJob:
    return import_services.import_job_create(center=center, actor=actor, upload=upload(data, name), **kwargs)


def commit(job: ImportJob, actor) -> ImportJob:
    return import_services.import_job_commit_start(job=job, actor=actor)


def prefix() -> str:
    return f"HV{timezone.localdate().year % 100:02d}"


def test_it_previews_the_messy_file_and_saves_no_learner(in_center_a, alice):
    job = create(in_center_a, alice, files.messy_xlsx())
    assert job.status == ImportJob.Status.PREVIEW
    assert (job.total_rows, job.valid_rows, job.existing_count) == (6, files.MESSY_VALID, 0)
    assert job.header_map["new_rows"] == 3
    assert {e["row"]: e["field"] for e in job.errors} == {9: "id_number", 10: "id_number", 11: "date_of_birth"}
    assert {e["row"]: e["label"] for e in job.errors} == files.MESSY_ERROR_ROWS
    assert all(e["message"] for e in job.errors)
    assert [s["full_name"] for s in job.header_map["sample"]] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert job.header_map["sample"][0]["id_number"].endswith("234") and "045209" not in str(job.header_map)
    assert not Learner.objects.exists()


def test_it_commits_the_valid_rows_with_codes_guardians_and_one_audit_row(in_center_a, alice):
    job = commit(create(in_center_a, alice, files.messy_xlsx()), alice)
    assert job.status == ImportJob.Status.DONE and job.created_count == 3
    learners = list(Learner.objects.order_by("code"))
    assert [x.code for x in learners] == [f"{prefix()}{n:05d}" for n in (1, 2, 3)]
    an, binh, cuong = learners
    assert (an.full_name, an.name_search, an.phone, an.sex) == ("Nguyễn Văn An", "nguyen van an", "0912345678", "male")
    assert crypto.decrypt(binh.id_number_encrypted) == "045309002345"
    assert binh.id_number_digest == services.id_number_digest("045309002345")
    assert cuong.ethnicity.name == "Bru-Vân Kiều" and cuong.previous_school == "THCS Cam Lộ"
    assert sorted(Guardian.objects.values_list("full_name", "phone")) == [
        ("Nguyễn Văn Ba", "0912000111"),
        ("Trần Văn Ca", "0912000222"),
    ]
    assert LearnerGuardian.objects.filter(learner=an, is_primary_contact=True).count() == 1
    events = AuditEvent.objects.filter(center=in_center_a)
    assert events.count() == 1  # one row for the import, not one per learner
    assert events.get().changes["learners_created"] == [None, 3]
    assert not job.file  # the file with ID numbers in clear is not kept


def test_it_creates_nothing_when_the_same_file_is_imported_again(in_center_a, alice):
    data = files.messy_xlsx()  # once: openpyxl stamps the time into the file
    commit(create(in_center_a, alice, data), alice)
    learners, guardians = Learner.objects.count(), Guardian.objects.count()
    again = create(in_center_a, alice, data)
    assert (again.existing_count, again.header_map["new_rows"]) == (3, 0)
    assert all(s["existing"] for s in again.header_map["sample"])
    assert import_services.import_job_same_file(again) is not None
    again = commit(again, alice)
    assert again.created_count == 0
    assert (Learner.objects.count(), Guardian.objects.count()) == (learners, guardians)


def test_it_creates_the_same_learner_as_learner_create(center_a, center_b, alice, charlie):
    values = {
        "code": "HV2600042",
        "full_name": "Hồ Thị Dung",
        "date_of_birth": dt.date(2010, 2, 14),
        "sex": "female",
        "phone": "+84 912 000 444",
        "street_address": "Thôn 3, Cam Hiếu",
        "previous_school": "THCS Đông Hà",
    }
    with scope(center=center_a):
        made = services.learner_create(
            center=center_a,
            actor=alice,
            id_number="045310004567",
            ethnicity=Ethnicity.objects.get(name="Kinh"),
            **values,
        )
    rows = [
        ["Mã HV", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "SĐT", "Địa chỉ", "Trường cũ"],
        ["HV2600042", files.nfd(" Hồ  Thị Dung"), "14/02/2010", "Nữ", "Kinh", "045310004567", "+84 912 000 444",
         "Thôn 3, Cam Hiếu", "THCS Đông Hà"],
    ]  # fmt: skip
    with scope(center=center_b):
        commit(create(center_b, charlie, files.xlsx_bytes(rows)), charlie)
        imported = Learner.objects.get()
    skip = {"id", "center", "created_at", "updated_at", "id_number_encrypted"}
    for model_field in Learner._meta.concrete_fields:
        if model_field.name not in skip:
            name = model_field.attname
            assert getattr(imported, name) == getattr(made, name), name
    assert crypto.decrypt(imported.id_number_encrypted) == crypto.decrypt(made.id_number_encrypted)


def test_it_saves_nothing_when_the_commit_fails_midway(in_center_a, alice, monkeypatch):
    job = create(in_center_a, alice, files.messy_xlsx())

    def broken_audit(**kwargs):
        raise RuntimeError("the disk is full")

    # The learners and guardians are inserted before the audit row: a failure there must undo them.
    monkeypatch.setattr(import_services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        commit(job, alice)
    assert not Learner.objects.exists()
    assert not Guardian.objects.exists() and not LearnerGuardian.objects.exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.created_count == 0
    assert job.errors[0]["message"]
    assert "rows_file" not in job.header_map  # the checked rows are not kept either


def test_it_matches_learners_already_in_the_center(in_center_a, alice):
    by_id = LearnerFactory(center=in_center_a, full_name="Nguyễn Văn An", date_of_birth=dt.date(2009, 5, 12))
    by_id.id_number_digest = services.id_number_digest("045209001234")
    by_id.save()
    by_name = LearnerFactory(center=in_center_a, full_name="Tran Thi Binh", date_of_birth=dt.date(2009, 9, 5))
    job = create(in_center_a, alice, files.xlsx_bytes(files.simple_rows()))
    assert job.existing_count == 2  # An by ID number; Bình by name (without diacritics) and date of birth
    assert [s["existing"] for s in job.header_map["sample"]] == [True, True, False]
    commit(job, alice)
    assert Learner.objects.count() == 3
    assert by_name.pk in set(Learner.objects.values_list("pk", flat=True))


def test_it_refuses_an_id_number_or_a_code_that_belongs_to_someone_else(in_center_a, alice):
    other = LearnerFactory(center=in_center_a, code="HV001", full_name="Lê Thị Mai", date_of_birth=dt.date(2009, 1, 1))
    other.id_number_digest = services.id_number_digest("045209001234")
    other.save()
    rows = [
        ["Mã HV", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"],
        [None, "Nguyễn Văn An", "12/05/2009", "Nam", "045209001234"],
        ["HV001", "Trần Thị Bình", "05/09/2009", "Nữ", None],
    ]
    job = create(in_center_a, alice, files.xlsx_bytes(rows))
    assert {(e["row"], e["field"]) for e in job.errors} == {(2, "id_number"), (3, "code")}
    assert all("Lê Thị Mai" in e["message"] for e in job.errors)


def test_it_enrolls_new_and_existing_learners_through_the_enrollment_service(in_center_a, alice):
    school_class = SchoolClassFactory(center=in_center_a)
    LearnerFactory(center=in_center_a, full_name="Nguyễn Văn An", date_of_birth=dt.date(2009, 5, 12), sex="male")
    job = commit(create(in_center_a, alice, files.xlsx_bytes(files.simple_rows()), school_class=school_class), alice)
    assert job.created_count == 2 and job.header_map["enrolled"] == 3
    assert Enrollment.objects.filter(school_class=school_class).count() == 3
    assert EnrollmentStatusChange.objects.filter(enrollment__school_class=school_class).count() == 3
    # Again: everyone is already in the class; nothing new.
    again = commit(create(in_center_a, alice, files.xlsx_bytes(files.simple_rows()), school_class=school_class), alice)
    assert again.header_map["enrolled"] == 0
    assert Enrollment.objects.count() == 3


def test_it_links_brothers_and_sisters_to_one_guardian(in_center_a, alice):
    Guardian.objects.create(center=in_center_a, full_name="Lê Văn Hòa", phone="0912000999")
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Họ tên cha", "SĐT cha", "Họ tên mẹ", "SĐT mẹ"],
        ["Nguyễn Văn An", "12/05/2009", "Nam", "Nguyễn Văn Ba", "0912 000 111", "Phạm Thị Tư", "0912 000 111"],
        ["Nguyễn Thị Út", "01/03/2011", "Nữ", "Nguyễn Văn Ba", "0912000111", None, None],
        ["Lê Văn Cường", "30/01/2008", "Nam", "Lê Văn Hòa", "0912000999", None, None],
    ]
    commit(create(in_center_a, alice, files.xlsx_bytes(rows)), alice)
    ba = Guardian.objects.get(full_name="Nguyễn Văn Ba")
    assert sorted(ba.learners.values_list("full_name", flat=True)) == ["Nguyễn Thị Út", "Nguyễn Văn An"]
    assert Guardian.objects.get(full_name="Phạm Thị Tư").phone == ""  # the family phone stays with the father
    assert Guardian.objects.get(full_name="Lê Văn Hòa").learners.get().full_name == "Lê Văn Cường"
    assert LearnerGuardian.objects.get(guardian__full_name="Phạm Thị Tư").relationship == "mother"


def test_it_keeps_a_guardian_without_the_phone_another_guardian_has_and_warns(in_center_a, alice):
    Guardian.objects.create(center=in_center_a, full_name="Lê Văn Hòa", phone="0912000999")
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "SĐT phụ huynh", "Họ tên phụ huynh"],
            ["Nguyễn Văn An", "12/05/2009", "Nam", "0912000999", "Nguyễn Văn Ba"]]  # fmt: skip
    job = create(in_center_a, alice, files.xlsx_bytes(rows))
    assert (job.errors, job.valid_rows, job.warning_rows) == ([], 1, 1)
    assert [(w["row"], w["field"], w["label"]) for w in job.warnings] == [(2, "guardian_phone", "SĐT phụ huynh")]
    assert "Lê Văn Hòa" in job.warnings[0]["message"] and "Nguyễn Văn Ba" in job.warnings[0]["message"]
    commit(job, alice)
    ba = Guardian.objects.get(full_name="Nguyễn Văn Ba")
    assert (ba.phone, ba.learners.get().full_name) == ("", "Nguyễn Văn An")
    assert Guardian.objects.get(phone="0912000999").full_name == "Lê Văn Hòa"


def test_it_keeps_a_parent_phone_without_a_name_as_an_unnamed_guardian(in_center_a, alice):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "SĐT phụ huynh"],
            ["Nguyễn Văn An", "12/05/2009", "Nam", "0912 000 111"],
            ["Trần Thị Bình", "05/09/2009", "Nữ", "0912 000 222"]]  # fmt: skip
    job = create(in_center_a, alice, files.xlsx_bytes(rows))
    assert (job.errors, job.valid_rows, job.warning_rows) == ([], 2, 2)
    warning = job.warnings[0]
    assert (warning["row"], warning["field"], warning["column"]) == (2, "guardian_name", "")
    assert warning["label"] == "Họ và tên phụ huynh — không có cột này trong tệp"
    assert "0912000111" in warning["message"]
    commit(job, alice)
    guardian = Guardian.objects.get(phone="0912000111")
    assert (guardian.full_name, guardian.display_name) == ("", "(chưa có tên)")
    assert guardian.learners.get().full_name == "Nguyễn Văn An"
    assert LearnerGuardian.objects.get(guardian=guardian).is_primary_contact


def test_it_keeps_the_learner_when_a_parent_phone_is_not_a_mobile_number(in_center_a, alice):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Họ tên cha", "SĐT cha", "Họ tên mẹ", "SĐT mẹ"],
            ["Nguyễn Văn An", "12/05/2009", "Nam", "Nguyễn Văn Ba", "123", None, "02333 852 000"]]  # fmt: skip
    job = create(in_center_a, alice, files.xlsx_bytes(rows))
    assert (job.errors, job.valid_rows, job.warning_rows) == ([], 1, 1)
    assert [(w["field"], w["label"]) for w in job.warnings] == [("father_phone", "SĐT cha"), ("mother_phone", "SĐT mẹ")]
    assert "“123”" in job.warnings[0]["message"]
    commit(job, alice)
    # The father is kept with his name; the mother, with neither a name nor a usable phone, is not recorded.
    assert list(Guardian.objects.values_list("full_name", "phone")) == [("Nguyễn Văn Ba", "")]


def test_it_names_an_unnamed_parent_from_a_brothers_row(in_center_a, alice):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "SĐT phụ huynh", "Họ tên phụ huynh"],
            ["Nguyễn Văn An", "12/05/2009", "Nam", "0912000111", None],
            ["Nguyễn Thị Út", "03/03/2011", "Nữ", "0912000111", "Nguyễn Văn Ba"]]  # fmt: skip
    job = commit(create(in_center_a, alice, files.xlsx_bytes(rows)), alice)
    assert job.warning_rows == 1 and job.warnings[0]["label"] == "Họ tên phụ huynh"
    ba = Guardian.objects.get()
    assert (ba.full_name, ba.phone) == ("Nguyễn Văn Ba", "0912000111")
    assert sorted(ba.learners.values_list("full_name", flat=True)) == ["Nguyễn Thị Út", "Nguyễn Văn An"]


def test_it_continues_the_centers_code_sequence_and_keeps_codes_from_the_file(in_center_a, alice):
    LearnerFactory(center=in_center_a, code=f"{prefix()}00007")
    rows = [
        ["Mã học viên", "Họ và tên", "Ngày sinh", "Giới tính"],
        [None, "Nguyễn Văn An", "12/05/2009", "Nam"],
        [f"{prefix()}00008", "Trần Thị Bình", "05/09/2009", "Nữ"],
        [None, "Lê Văn Cường", "30/01/2008", "Nam"],
    ]
    commit(create(in_center_a, alice, files.xlsx_bytes(rows)), alice)
    codes = dict(Learner.objects.values_list("full_name", "code"))
    assert codes["Trần Thị Bình"] == f"{prefix()}00008"
    assert (codes["Nguyễn Văn An"], codes["Lê Văn Cường"]) == (f"{prefix()}00009", f"{prefix()}00010")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (files.PNG_BYTES, "anh-the.xlsx"),  # a photo renamed .xlsx
        (b"", "trong.xlsx"),
        (files.xlsx_bytes([["Nguyễn Văn An", "12/05/2009", "Nam"]]), "khong-tieu-de.xlsx"),
        (files.xlsx_bytes([["Họ và tên", "Số CCCD"], ["Nguyễn Văn An", "045209001234"]]), "thieu-cot.xlsx"),
        (files.xlsx_bytes([["Họ và tên", "Ngày sinh", "Giới tính"]]), "chi-tieu-de.xlsx"),
    ],
)
def test_it_refuses_a_file_it_cannot_use_and_stores_nothing(in_center_a, alice, data, name):
    with pytest.raises(ApplicationError) as caught:
        create(in_center_a, alice, data, name)
    assert caught.value.field == "file" and caught.value.message
    assert not ImportJob.objects.exists()


@override_settings(LOTRINH_IMPORT_MAX_BYTES=1000)
def test_it_refuses_a_file_over_the_size_limit(in_center_a, alice):
    with pytest.raises(ApplicationError) as caught:
        create(in_center_a, alice, b"x" * 1001, "lon.csv")
    assert caught.value.field == "file"
    assert not ImportJob.objects.exists()


@override_settings(LOTRINH_IMPORT_INLINE_ROWS=2)
def test_it_reads_and_saves_a_large_file_in_the_background(
    center_a, alice, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(import_services, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(import_services, "PROGRESS_SECONDS", 0)
    seen: list[tuple[str, int]] = []
    original = import_services._progress_writer

    def spy(job):
        write = original(job)

        def recorded(count):
            write(count)
            seen.append((ImportJob.objects.get(pk=job.pk).status, ImportJob.objects.get(pk=job.pk).processed_rows))

        return recorded

    monkeypatch.setattr(import_services, "_progress_writer", spy)
    with scope(center=center_a):
        with django_capture_on_commit_callbacks(execute=True):
            job = create(center_a, alice, files.messy_xlsx())
            assert job.status == ImportJob.Status.PARSING  # the request returns at once
        job.refresh_from_db()
        assert job.status == ImportJob.Status.PREVIEW and job.processed_rows == job.total_rows == 6
        assert seen[:3] == [("parsing", 1), ("parsing", 2), ("parsing", 3)]
        assert job.progress_percent == 100

        seen.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert commit(job, alice).status == ImportJob.Status.COMMITTING
        job.refresh_from_db()
        assert seen[0] == ("committing", 1)
        assert job.status == ImportJob.Status.DONE and job.created_count == 3
        assert Learner.objects.count() == 3


@override_settings(LOTRINH_IMPORT_INLINE_ROWS=2)
def test_it_runs_the_task_in_the_center_of_the_job(center_a, center_b, alice):
    with scope(center=center_a):
        job = create(center_a, alice, files.messy_xlsx())  # the task waits for the test's transaction
        assert job.status == ImportJob.Status.PARSING
    import_job_parse_task.enqueue(job_id=job.pk, center_id=center_a.pk)  # outside any scope, as a worker is
    with scope(center=center_a):
        job.refresh_from_db()
        assert job.status == ImportJob.Status.PREVIEW
    with pytest.raises(ImportJob.DoesNotExist):  # the job is not found in another center's scope
        import_job_parse_task.call(job_id=job.pk, center_id=center_b.pk)


def test_it_refuses_to_save_a_list_twice(in_center_a, alice):
    job = commit(create(in_center_a, alice, files.messy_xlsx()), alice)
    with pytest.raises(ApplicationError):
        commit(job, alice)
    assert Learner.objects.count() == 3


def test_it_closes_previews_left_unsaved_and_deletes_their_rows(in_center_a, alice, django_capture_on_commit_callbacks):
    import io

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    stale = create(in_center_a, alice, files.messy_xlsx())
    fresh = create(in_center_a, alice, files.messy_xlsx())
    saved = commit(create(in_center_a, alice, files.messy_xlsx()), alice)
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    ImportJob.objects.filter(pk__in=[stale.pk, saved.pk]).update(created_at=eight_days_ago)
    rows_file = stale.header_map["rows_file"]
    assert default_storage.exists(rows_file)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_previews_expire", "--days", "7", stdout=io.StringIO())

    stale.refresh_from_db(), fresh.refresh_from_db(), saved.refresh_from_db()
    assert stale.status == ImportJob.Status.FAILED
    assert stale.errors[0]["message"].startswith("Bản xem trước này không được lưu trong 7 ngày")
    assert "rows_file" not in stale.header_map and not default_storage.exists(rows_file)
    assert fresh.status == ImportJob.Status.PREVIEW and default_storage.exists(fresh.header_map["rows_file"])
    assert saved.status == ImportJob.Status.DONE
    with pytest.raises(ApplicationError):  # a closed preview cannot be saved any more
        commit(stale, alice)
