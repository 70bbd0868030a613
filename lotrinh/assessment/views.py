"""The grade book: choose a class and subject, enter a grade sheet fast, module results, a learner's transcript."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.academics import timetabling
from lotrinh.academics.models import SchoolClass
from lotrinh.core.audit import audit_export
from lotrinh.core.errors import ApplicationError
from lotrinh.core.exporting import XLSX_TYPE
from lotrinh.core.htmx import is_htmx, render_form_errors, trigger
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import forms, selectors, services
from .transcript import PDF_TYPE, transcript_pdf, transcript_xlsx


def _term(value: str | None, default: int | None = None) -> int:
    try:
        term = int(value or "")
    except ValueError:
        term = 0
    if term in selectors.TERMS:
        return term
    return default or selectors.term_of(timezone.localdate())


def _school_class(pk: int) -> SchoolClass:
    return get_object_or_404(SchoolClass.objects.select_related("program", "homeroom_teacher"), pk=pk)


def _check_subject(request: HttpRequest, school_class: SchoolClass, subject: str, *, module: bool = False) -> None:
    selectors.sheet_access_check(
        membership=request.membership, school_class=school_class, subject=subject, module=module
    )


def _sheet_url(center_slug: str, school_class: SchoolClass, subject: str, term: int) -> str:
    url = reverse("assessment:gradesheet", kwargs={"center_slug": center_slug, "pk": school_class.pk})
    return f"{url}?{urlencode({'mon': subject, 'hoc-ky': term})}"


@center_view(perm="grades.view")
def gradebook(request: HttpRequest, center_slug: str) -> HttpResponse:
    """Choose a class, a subject and a term; a teacher sees only their classes and subjects."""
    term = _term(request.GET.get("hoc-ky"))
    years = selectors.school_years()
    current = timetabling.school_year_of(timezone.localdate())
    school_year = request.GET.get("nam-hoc", "")
    if school_year not in years:
        school_year = current if current in years else (years[0] if years else "")
    rows = selectors.gradebook(membership=request.membership, school_year=school_year)
    return render(
        request,
        "assessment/gradebook.html",
        {
            "rows": rows,
            "term": term,
            "school_year": school_year,
            "school_years": years,
            "terms": [(t, selectors.TERM_LABELS[t]) for t in selectors.TERMS],
            "only_mine": not selectors.sees_all_classes(request.membership),
        },
    )


def _sheet_context(request: HttpRequest, sheet: selectors.GradeSheet, **extra) -> dict:
    rule = sheet.rule
    return {
        "sheet": sheet,
        "can_enter": request.membership.has_perm("grades.enter"),
        "weights_json": json.dumps({kind: str(w) for kind, w in rule.weights.items()}),
        "terms": [(t, selectors.TERM_LABELS[t]) for t in selectors.TERMS],
        "sheet_url": _sheet_url(request.center.slug, sheet.school_class, sheet.subject, sheet.term),
        **extra,
    }


@center_view(perm="grades.view")
def gradesheet(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """Learners × score columns for one class, subject and term; read-only without grades.enter."""
    school_class = _school_class(pk)
    subject = request.GET.get("mon", "").strip()
    _check_subject(request, school_class, subject)
    term = _term(request.GET.get("hoc-ky"))
    sheet = selectors.grade_sheet(school_class=school_class, subject=subject, term=term)
    return render(request, "assessment/gradesheet.html", _sheet_context(request, sheet))


@center_view(perm="grades.enter")
@require_POST
def gradesheet_save(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """Every cell of the sheet in one POST: all valid and saved at once, or nothing saved and the errors shown."""
    school_class = _school_class(pk)
    subject = request.POST.get("subject", "").strip()
    _check_subject(request, school_class, subject)
    term = _term(request.POST.get("term"))
    template = "assessment/gradesheet.html#sheet" if is_htmx(request) else "assessment/gradesheet.html"
    try:
        result = services.scores_save(
            school_class=school_class,
            subject=subject,
            term=term,
            entries=forms.score_entries(request.POST),
            actor=request.user,
        )
    except ApplicationError as error:
        sheet = selectors.grade_sheet(school_class=school_class, subject=subject, term=term)
        for row in sheet.rows:  # keep what was typed, with the message beside the cell
            for cell in row.cells:
                cell.text = request.POST.get(cell.name, cell.text)
                messages_ = error.errors.get(services.cell_key(row.learner.pk, cell.column.key))
                cell.error = messages_[0] if messages_ else ""
        cell_errors = [m for key, ms in error.errors.items() if "." in key for m in ms]
        context = _sheet_context(request, sheet, error=error.message, cell_errors=cell_errors)
        return render_form_errors(request, template, context)

    saved = _("Saved: %(n)d changes.") % {"n": result.changed} if result.changed else _("Nothing had changed.")
    if not is_htmx(request):
        messages.success(request, saved)
        return redirect(_sheet_url(center_slug, school_class, subject, term))
    sheet = selectors.grade_sheet(school_class=school_class, subject=subject, term=term)
    response = render(request, template, _sheet_context(request, sheet, saved=saved))
    return trigger(response, "scores-saved", {"changed": result.changed})


# --- Module results ------------------------------------------------------------------------------------------


def _module_url(center_slug: str, school_class: SchoolClass, module: str) -> str:
    url = reverse("assessment:module-sheet", kwargs={"center_slug": center_slug, "pk": school_class.pk})
    return f"{url}?{urlencode({'mo-dun': module})}"


def _module_context(request: HttpRequest, sheet: selectors.ModuleSheet, form=None, **extra) -> dict:
    if form is None:
        form = forms.ModuleSheetForm(
            initial={
                "module": sheet.module,
                "hours": sheet.hours,
                "assessed_on": sheet.assessed_on or timezone.localdate(),
            }
        )
    return {
        "sheet": sheet,
        "form": form,
        "can_enter": request.membership.has_perm("grades.enter"),
        "pass_mark": selectors.average_text(sheet.rule.pass_mark),
        **extra,
    }


@center_view(perm="grades.view")
def module_sheet(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """One module's results for a class: hours, score, passed (by the pass mark unless set by hand)."""
    school_class = _school_class(pk)
    module = request.GET.get("mo-dun", "").strip()[:150]
    if not module:
        raise Http404
    _check_subject(request, school_class, module, module=True)
    sheet = selectors.module_sheet(school_class=school_class, module=module)
    return render(request, "assessment/module_sheet.html", _module_context(request, sheet))


@center_view(perm="grades.enter")
@require_POST
def module_sheet_save(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    school_class = _school_class(pk)
    form = forms.ModuleSheetForm(request.POST)
    module = request.POST.get("module", "").strip()[:150]
    if not module:
        raise Http404
    _check_subject(request, school_class, module, module=True)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.module_results_save(
                school_class=school_class,
                module=module,
                hours=data["hours"],
                assessed_on=data["assessed_on"],
                entries=forms.module_entries(request.POST),
                actor=request.user,
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request,
                _("Saved: %(n)d changes.") % {"n": result.changed} if result.changed else _("Nothing had changed."),
            )
            return redirect(_module_url(center_slug, school_class, module))
    sheet = selectors.module_sheet(school_class=school_class, module=module)
    for row in sheet.rows:
        row.text = request.POST.get(row.score_name, row.text)
        row.passed_choice = request.POST.get(row.passed_name, row.passed_choice)
        if error is not None:
            found = error.errors.get(services.cell_key(row.learner.pk, "score"))
            row.error = found[0] if found else ""
    if error is not None:
        for field in ("hours", "assessed_on"):
            for message in error.errors.get(field, []):
                form.add_error(field, message)
    context = _module_context(request, sheet, form=form, error=error.message if error else _("Check the fields."))
    return render_form_errors(request, "assessment/module_sheet.html", context)


# --- The transcript ------------------------------------------------------------------------------------------


def _learner(request: HttpRequest, pk: int) -> Learner:
    learner = get_object_or_404(Learner.objects, pk=pk)
    if not selectors.learner_allowed(membership=request.membership, learner=learner):
        raise PermissionDenied
    return learner


@center_view(perm="grades.view")
def transcript(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """Per class and subject the scores, term and year averages, and module results."""
    learner = _learner(request, pk)
    return render(request, "assessment/transcript.html", {"transcript": selectors.transcript(learner=learner)})


def _filename(learner: Learner, extension: str) -> str:
    return f"hoc-ba-{slugify(learner.full_name.replace('đ', 'd').replace('Đ', 'D'))}-{learner.code}.{extension}"


@center_view(perm="grades.view")
def transcript_xlsx_download(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    content = transcript_xlsx(selectors.transcript(learner=learner), center_name=request.center.name)
    audit_export(actor=request.user, center=request.center, title=_("Transcript (xlsx)"), obj=learner)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(learner, "xlsx")}"'
    return response


@center_view(perm="grades.view")
def transcript_pdf_download(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    content = transcript_pdf(selectors.transcript(learner=learner), center_name=request.center.name)
    audit_export(actor=request.user, center=request.center, title=_("Transcript (PDF)"), obj=learner)
    response = HttpResponse(content, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'inline; filename="{_filename(learner, "pdf")}"'
    return response
