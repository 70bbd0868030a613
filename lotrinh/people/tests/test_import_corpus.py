"""Eight list layouts through the real import, each with the rows it must save, refuse and warn about."""

import datetime as dt

import pytest

from lotrinh.people import import_services
from lotrinh.people.models import Guardian, ImportJob, Learner
from lotrinh.people.tests import corpus
from lotrinh.people.tests.test_import_services import commit, create

CASES = corpus.cases()


@pytest.fixture(autouse=True)
def _in_the_admission_season(on_day):
    on_day(dt.date(2026, 9, 5))  # the lists arrive as a school year starts; the rows' dates are fixed


def test_it_has_at_least_eight_layouts_in_every_format_schools_send():
    assert len({case.name for case in CASES}) >= 8
    assert {case.kind for case in CASES} >= {"xlsx", "xls", "ods", "csv"}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_it_imports_what_each_layout_must_import_and_no_more(in_center_a, alice, case):
    job = create(in_center_a, alice, case.data, f"danh-sach.{case.kind}")
    assert job.status == ImportJob.Status.PREVIEW, job.errors
    assert (job.total_rows, job.valid_rows) == (case.learners, case.valid)
    assert {e["row"]: e["label"] for e in job.errors} == case.errors
    assert {w["row"]: w["field"] for w in job.warnings} == case.warnings
    assert job.warning_rows == len(case.warnings)
    assert all(f["message"] and f["label"] for f in job.errors + job.warnings)
    assert not Learner.objects.exists()

    job = commit(job, alice)
    assert job.status == ImportJob.Status.DONE
    assert Learner.objects.count() == job.created_count == case.valid
    assert Guardian.objects.count() == case.guardians

    again = commit(create(in_center_a, alice, case.data, f"danh-sach.{case.kind}"), alice)
    assert (again.created_count, again.existing_count) == (0, case.valid)
    assert Learner.objects.count() == case.valid and Guardian.objects.count() == case.guardians


def test_it_says_the_length_of_a_short_id_number_before_any_digit_rule(in_center_a, alice):
    job = create(in_center_a, alice, corpus.management_system_export().data, "lop-9a2.xls")
    (short,) = [e for e in job.errors if e["row"] == 7]
    assert short["message"] == "Số định danh cá nhân có 12 chữ số; số này có 11."


def test_it_keeps_the_parents_phone_of_a_graduate_list_as_an_unnamed_guardian(in_center_a, alice):
    job = commit(create(in_center_a, alice, corpus.thcs_graduates("xlsx").data), alice)
    an = Learner.objects.get(full_name="Nguyễn Văn An")
    (guardian,) = an.guardians.all()
    assert (guardian.full_name, guardian.phone) == ("", "0912101001")
    assert an.street_address == "Thôn Tân Hiệp"
    warning = next(w for w in job.warnings if w["row"] == 8)
    assert warning["label"] == "Họ và tên phụ huynh — không có cột này trong tệp"
    assert import_services.import_job_list().count() == 1
