"""The import API: upload a learner list, read its preview (row errors included), save it; the pages' services."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lotrinh.academics.models import SchoolClass
from lotrinh.core.api import ERRORS, READ_ERRORS, WRITE_ERRORS
from lotrinh.core.tenancy import center_view

from . import import_services
from .models import ImportJob

router = Router(tags=["imports"])


class ImportErrorOut(Schema):
    row: int | None
    column: str
    label: str
    field: str
    message: str
    text: str


class ImportColumnOut(Schema):
    letter: str
    label: str
    field: str


class ImportJobOut(Schema):
    id: int
    file_name: str
    status: str
    status_label: str
    total_rows: int
    processed_rows: int
    progress_percent: int
    new_rows: int
    existing_count: int
    error_rows: int
    warning_rows: int
    created_count: int
    school_class_id: int | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


class ImportJobDetailOut(ImportJobOut):
    sheet: str
    header_row: int | None
    columns: list[ImportColumnOut]
    errors: list[ImportErrorOut]
    warnings: list[ImportErrorOut]


def _error_text(error: dict) -> str:
    if error.get("row") and error.get("label"):
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": error["row"],
            "column": error["label"],
            "message": error["message"],
        }
    if error.get("row"):
        return _("Row %(row)s: %(message)s") % {"row": error["row"], "message": error["message"]}
    return error["message"]


def _job_out(job: ImportJob) -> dict:
    finished = job.status in (ImportJob.Status.PREVIEW, ImportJob.Status.DONE)
    return {
        "id": job.pk,
        "file_name": job.original_name,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "progress_percent": job.progress_percent,
        "new_rows": job.header_map.get("new_rows", 0) if job.status == ImportJob.Status.PREVIEW else 0,
        "existing_count": job.existing_count,
        "error_rows": job.total_rows - job.valid_rows if finished else 0,
        "warning_rows": job.warning_rows if finished else 0,
        "created_count": job.created_count,
        "school_class_id": job.school_class_id,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _job_detail_out(job: ImportJob) -> dict:
    summary = job.header_map
    return {
        **_job_out(job),
        "sheet": summary.get("sheet", ""),
        "header_row": summary.get("header_row"),
        "columns": summary.get("columns", []),
        "errors": [_finding_out(e) for e in job.errors],
        "warnings": [_finding_out(w) for w in job.warnings],
    }


def _finding_out(finding: dict) -> dict:
    return {
        "row": finding.get("row"),
        "column": finding.get("column", ""),
        "label": finding.get("label", ""),
        "field": finding.get("field", ""),
        "message": finding["message"],
        "text": _error_text(finding),
    }


@router.get(
    "/c/{center_slug}/imports", response={200: list[ImportJobOut], **ERRORS}, summary="The center's latest imports"
)
@center_view(perm="learners.import")
def import_list(request, center_slug: str):
    return [_job_out(job) for job in import_services.import_job_list()]


@router.post(
    "/c/{center_slug}/imports",
    response={201: ImportJobOut, **WRITE_ERRORS},
    summary="Upload a learner list (xlsx, xls, ods or csv); a large one is read in the background",
)
@center_view(perm="learners.import")
def import_create(request, center_slug: str, file: File[UploadedFile], school_class_id: Form[int | None] = None):
    school_class = get_object_or_404(SchoolClass.objects.all(), pk=school_class_id) if school_class_id else None
    job = import_services.import_job_create(
        center=request.center, actor=request.user, upload=file, school_class=school_class
    )
    return Status(201, _job_out(job))


@router.get(
    "/c/{center_slug}/imports/{pk}",
    response={200: ImportJobDetailOut, **READ_ERRORS},
    summary="An import: its progress, the header found, the counts, every row error and every warning",
)
@center_view(perm="learners.import")
def import_detail(request, center_slug: str, pk: int):
    return _job_detail_out(get_object_or_404(ImportJob.objects.all(), pk=pk))


@router.post(
    "/c/{center_slug}/imports/{pk}/commit",
    response={200: ImportJobOut, 202: ImportJobOut, **WRITE_ERRORS},
    summary="Save a previewed import in one transaction (202 when a large one is saved in the background)",
)
@center_view(perm="learners.import")
def import_commit(request, center_slug: str, pk: int):
    job = get_object_or_404(ImportJob.objects.all(), pk=pk)
    job = import_services.import_job_commit_start(job=job, actor=request.user)
    return Status(200 if job.status == ImportJob.Status.DONE else 202, _job_out(job))
