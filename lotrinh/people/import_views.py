"""Pages for importing learner lists (upload → preview → save) and exporting the learner list to Excel."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from lotrinh.academics.models import SchoolClass
from lotrinh.core.errors import ApplicationError
from lotrinh.core.exporting import Column, personal_data_xlsx_response, xlsx_response
from lotrinh.core.htmx import is_htmx, render_form_errors
from lotrinh.core.tenancy import center_view

from . import import_services, selectors
from .importing.messages import FIELD_LABELS
from .models import Ethnicity, ImportJob, Sex

# Multipart framing and the other form fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
ERRORS_ON_PAGE = 200
RUNNING = (ImportJob.Status.PARSING, ImportJob.Status.COMMITTING)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Learner list"),
        help_text=gettext_lazy(
            "Excel (xlsx, xls), OpenDocument (ods) or CSV. Title rows above the table are fine: the header "
            "row is found by its column names."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )
    school_class = forms.ModelChoiceField(
        label=gettext_lazy("Enroll them into a class"),
        queryset=SchoolClass.objects.none(),
        required=False,
        empty_label=gettext_lazy("— no class —"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = selectors.class_choices()


def _list_context(form: ImportUploadForm) -> dict:
    return {"form": form, "jobs": import_services.import_job_list(), "max_mb": _max_mb()}


def _max_mb() -> int:
    return max(1, round(import_services.max_bytes() / 1024 / 1024))


@center_view(perm="learners.import")
def import_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    return render(request, "people/import_list.html", _list_context(ImportUploadForm()))


@center_view(perm="learners.import")
@csrf_exempt  # checked below, once the size is known: reading the token would read the whole upload first
@require_POST
def import_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > import_services.max_bytes() + FORM_OVERHEAD_BYTES:
        # Refused from the request's announced size, before Django streams the body to disk.
        form = ImportUploadForm(data={})
        form.is_valid()
        form.errors["file"] = form.error_class(
            [_("The file is larger than %(size)s MB; split the list into smaller files.") % {"size": _max_mb()}]
        )
        return render_form_errors(request, "people/import_list.html", _list_context(form))
    return _import_create(request, center_slug)


@csrf_protect
def _import_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = import_services.import_job_create(
                center=request.center,
                actor=request.user,
                upload=form.cleaned_data["file"],
                school_class=form.cleaned_data["school_class"],
            )
        except ApplicationError as error:
            form.add_error("file" if error.field == "file" else None, error.message)
        else:
            return redirect("people:import-detail", center_slug=center_slug, pk=job.pk)
    return render_form_errors(request, "people/import_list.html", _list_context(form))


def _job(pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.select_related("created_by", "school_class"), pk=pk)


def _columns(job: ImportJob) -> list[dict]:
    return [
        {**c, "imported_as": FIELD_LABELS.get(c["field"], "") if c["field"] else ""}
        for c in job.header_map.get("columns", [])
    ]


def _sample(rows: list[dict], *, with_ethnicity: bool) -> list[dict]:
    names = dict(Ethnicity.objects.values_list("code", "name")) if with_ethnicity and rows else {}
    return [
        {
            **x,
            "born": dt.date.fromisoformat(x["date_of_birth"]),
            "sex_label": Sex(x["sex"]).label,
            "ethnicity": names.get(x["ethnicity"], ""),
        }
        for x in rows
    ]


@center_view(perm="learners.import")
def import_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    job = _job(pk)
    if is_htmx(request):
        if job.status in RUNNING:
            return render(request, "people/import_detail.html#progress", {"job": job})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # finished: show the preview or the result
        return response
    summary = job.header_map
    show_ethnicity = request.membership.has_perm("learners.view_sensitive")
    context = {
        "job": job,
        "running": job.status in RUNNING,
        "summary": summary,
        "columns": _columns(job),
        "errors": job.errors[:ERRORS_ON_PAGE],
        "errors_hidden": max(0, summary.get("errors_total", len(job.errors)) - ERRORS_ON_PAGE),
        "error_rows": job.total_rows - job.valid_rows,
        "warnings": job.warnings[:ERRORS_ON_PAGE],
        "warnings_hidden": max(0, len(job.warnings) - ERRORS_ON_PAGE),
        "new_rows": summary.get("new_rows", 0),
        "sample": _sample(summary.get("sample", []), with_ethnicity=show_ethnicity),
        "codes_missing": any(not x["code"] for x in summary.get("sample", [])),
        "show_ethnicity": show_ethnicity,
        "same_file": import_services.import_job_same_file(job) if job.status == ImportJob.Status.PREVIEW else None,
    }
    return render(request, "people/import_detail.html", context)


@center_view(perm="learners.import")
@require_POST
def import_commit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    job = _job(pk)
    try:
        job = import_services.import_job_commit_start(job=job, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if job.status == ImportJob.Status.DONE:
            messages.success(
                request,
                _("%(created)s new learners were saved; %(existing)s were already in the center.")
                % {"created": job.created_count, "existing": job.existing_count},
            )
    return redirect("people:import-detail", center_slug=center_slug, pk=job.pk)


@center_view(perm="learners.import")
def import_errors(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """Every row error and warning of an import, to correct the file in Excel."""
    job = _job(pk)
    kinds = {"error": _("Error: row left out"), "warning": _("Warning: imported, to check")}
    columns = [
        Column(_("Row"), lambda e: e.get("row") or "", 8),
        Column(_("Kind"), lambda e: kinds[e["kind"]], 24),
        Column(_("Column"), lambda e: e.get("column", ""), 8),
        Column(_("Column name in the file"), lambda e: e.get("label", ""), 28),
        Column(_("Problem"), lambda e: e.get("message", ""), 80),
    ]
    return xlsx_response(
        filename=f"loi-{job.original_name.rsplit('.', 1)[0]}",
        title=_("Errors in %(file)s") % {"file": job.original_name},
        columns=columns,
        rows=[{**e, "kind": "error"} for e in job.errors] + [{**w, "kind": "warning"} for w in job.warnings],
    )


# The template's columns, in the order schools usually put them; each header is one the importer recognises.
TEMPLATE_HEADERS = [
    (gettext_lazy("Learner code"), 14),
    (gettext_lazy("Full name"), 28),
    (gettext_lazy("Date of birth (dd/mm/yyyy)"), 16),
    (gettext_lazy("Sex (Nam/Nữ)"), 10),
    (gettext_lazy("Ethnic group"), 12),
    (gettext_lazy("ID number"), 16),
    (gettext_lazy("Phone number"), 14),
    (gettext_lazy("Street address"), 30),
    (gettext_lazy("Previous school"), 24),
    (gettext_lazy("Guardian's full name"), 26),
    (gettext_lazy("Guardian's phone number"), 16),
]


@center_view(perm="learners.import")
def import_template(request: HttpRequest, center_slug: str) -> HttpResponse:
    """An empty list with recognised headers (the ID number and phone columns should be typed as text)."""
    columns = [Column(str(header), lambda row: "", width) for header, width in TEMPLATE_HEADERS]
    return xlsx_response(filename="mau-danh-sach-hoc-vien", title=_("Learner list"), columns=columns, rows=[])


@center_view(perm="learners.view")
def learner_export(request: HttpRequest, center_slug: str) -> HttpResponse:
    """The learner list as filtered on the page, in Excel; ethnicity only for roles allowed to see it."""
    with_ethnicity = request.membership.has_perm("learners.view_sensitive")
    try:
        school_class_id = int(request.GET.get("class") or 0) or None
    except ValueError:
        school_class_id = None
    learners = selectors.with_active_enrollments(
        selectors.learner_list(
            query=request.GET.get("q", "").strip(),
            school_class_id=school_class_id,
            status=request.GET.get("status", ""),
            with_ethnicity=with_ethnicity,
        )
    )
    columns = [
        Column(_("Code"), lambda x: x.code, 12),
        Column(_("Full name"), lambda x: x.full_name, 28),
        Column(_("Date of birth"), lambda x: x.date_of_birth, 14),
        Column(_("Sex"), lambda x: x.get_sex_display(), 8),
    ]
    if with_ethnicity:
        columns.append(Column(_("Ethnic group"), lambda x: x.ethnicity.name if x.ethnicity else "", 12))
    columns += [
        Column(_("Phone number"), lambda x: x.phone, 14),
        Column(_("Street address"), lambda x: x.street_address, 30),
        Column(_("Commune"), lambda x: x.commune.name if x.commune else "", 22),
        Column(_("Previous school"), lambda x: x.previous_school, 24),
        Column(_("Class"), lambda x: ", ".join(e.school_class.name for e in x.active_enrollments), 14),
    ]
    today = timezone.localdate()
    return personal_data_xlsx_response(
        request,
        filename=f"hoc-vien-{center_slug}-{today:%Y-%m-%d}",
        title=_("Learners of %(center)s on %(date)s") % {"center": request.center.name, "date": f"{today:%d/%m/%Y}"},
        columns=columns,
        rows=learners,
    )
