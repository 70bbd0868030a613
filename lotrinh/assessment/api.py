"""The assessment API: grade sheets (read and write, per-cell errors), module results, transcripts.

The same selectors, access checks and services as the pages (habit 9).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from lotrinh.academics.models import SchoolClass
from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS
from lotrinh.core.errors import ApplicationError
from lotrinh.core.schemas import ErrorOut
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import selectors, services
from .schemas import (
    GradebookClassOut,
    ModuleResultOut,
    ModuleResultsIn,
    SaveResultOut,
    ScoreSheetOut,
    ScoresIn,
    TranscriptOut,
)

router = Router(tags=["assessment"])


def _float(value):
    return None if value is None else float(value)


def _rule_out(grading_rule) -> dict | None:
    if grading_rule is None:
        return None
    return {
        "code": grading_rule.code,
        "name": grading_rule.name,
        "weights": {k: float(v) for k, v in grading_rule.weights.items()},
        "term_weights": {str(k): float(v) for k, v in grading_rule.term_weights.items()},
        "pass_mark": float(grading_rule.pass_mark),
        "citation": grading_rule.citation,
        "valid_from": grading_rule.valid_from,
    }


def _school_class(pk: int) -> SchoolClass:
    return get_object_or_404(SchoolClass.objects.select_related("program", "homeroom_teacher"), pk=pk)


def _module_out(result) -> dict:
    return {
        "learner_id": result.learner_id,
        "learner_code": result.learner.code,
        "full_name": result.learner.full_name,
        "module": result.module,
        "hours": result.hours,
        "score": float(result.value),
        "passed": result.passed,
        "assessed_on": result.assessed_on,
    }


@router.get(
    "/c/{center_slug}/gradebook",
    response={200: list[GradebookClassOut], **READ_ERRORS},
    summary="Classes whose grades the user may open, with their subjects and modules",
)
@center_view(perm="grades.view")
def gradebook(request, center_slug: str, school_year: str = ""):
    return [
        {
            "id": row.school_class.pk,
            "name": row.school_class.name,
            "school_year": row.school_class.school_year,
            "program": row.school_class.program.code,
            "headcount": row.headcount,
            "subjects": row.subjects,
            "modules": row.modules,
        }
        for row in selectors.gradebook(membership=request.membership, school_year=school_year)
    ]


def _sheet_out(sheet: selectors.GradeSheet) -> dict:
    return {
        "class_id": sheet.school_class.pk,
        "class_name": sheet.school_class.name,
        "subject": sheet.subject,
        "term": sheet.term,
        "rule": _rule_out(sheet.grading_rule),
        "columns": [{"key": c.key, "kind": c.kind, "sequence": c.sequence, "label": c.label} for c in sheet.columns],
        "rows": [
            {
                "learner_id": row.learner.pk,
                "learner_code": row.learner.code,
                "full_name": row.learner.full_name,
                "enrollment_status": row.enrollment_status,
                "scores": {cell.column.key: _float(cell.value) for cell in row.cells},
                "term_average": _float(row.term.average),
                "complete": row.term.complete,
                "missing": list(row.term.missing),
                "year_average": _float(row.year.average) if row.year else None,
            }
            for row in sheet.rows
        ],
    }


@router.get(
    "/c/{center_slug}/classes/{pk}/scores",
    response={200: ScoreSheetOut, **READ_ERRORS, 400: ErrorOut},
    summary="The grade sheet of a class for a subject and term, with term (and year) averages",
)
@center_view(perm="grades.view")
def scores_get(request, center_slug: str, pk: int, subject: str, term: int):
    school_class = _school_class(pk)
    selectors.sheet_access_check(membership=request.membership, school_class=school_class, subject=subject)
    if term not in selectors.TERMS:
        raise ApplicationError(_("The term must be 1 or 2."), field="term")
    return _sheet_out(selectors.grade_sheet(school_class=school_class, subject=subject, term=term))


@router.put(
    "/c/{center_slug}/classes/{pk}/scores",
    response={200: SaveResultOut, **WRITE_ERRORS},
    summary="Save scores: every cell is checked first; one bad cell saves nothing (errors name the cell)",
    description=(
        "Columns: regular-1 … regular-9, midterm, final. A value is a score from 0 to 10 with at most one "
        'decimal ("7,5", "7.5" or 7.5); null or "" clears the cell. On a refused cell the answer is 400 '
        'with errors[].field = "<learner_id>.<column>".'
    ),
)
@center_view(perm="grades.enter")
def scores_put(request, center_slug: str, pk: int, payload: ScoresIn):
    school_class = _school_class(pk)
    selectors.sheet_access_check(membership=request.membership, school_class=school_class, subject=payload.subject)
    result = services.scores_save(
        school_class=school_class,
        subject=payload.subject,
        term=payload.term,
        entries=[
            services.ScoreEntry(
                learner_id=e.learner_id, column=e.column, value=None if e.value is None else str(e.value)
            )
            for e in payload.entries
        ],
        actor=request.user,
    )
    return {"created": result.created, "updated": result.updated, "deleted": result.deleted, "changed": result.changed}


@router.get(
    "/c/{center_slug}/classes/{pk}/module-results",
    response={200: list[ModuleResultOut], **READ_ERRORS},
    summary="Vocational module results of a class (one module, or all)",
)
@center_view(perm="grades.view")
def module_results_get(request, center_slug: str, pk: int, module: str = ""):
    school_class = _school_class(pk)
    selectors.sheet_access_check(membership=request.membership, school_class=school_class, subject=module, module=True)
    return [_module_out(r) for r in selectors.module_result_list(school_class=school_class, module=module)]


@router.put(
    "/c/{center_slug}/classes/{pk}/module-results",
    response={200: SaveResultOut, **WRITE_ERRORS},
    summary="Save one module's results; passed follows the rule's pass mark unless given",
)
@center_view(perm="grades.enter")
def module_results_put(request, center_slug: str, pk: int, payload: ModuleResultsIn):
    school_class = _school_class(pk)
    selectors.sheet_access_check(
        membership=request.membership, school_class=school_class, subject=payload.module, module=True
    )
    result = services.module_results_save(
        school_class=school_class,
        module=payload.module,
        hours=payload.hours,
        assessed_on=payload.assessed_on,
        entries=[
            services.ModuleEntry(
                learner_id=e.learner_id, value=None if e.value is None else str(e.value), passed=e.passed
            )
            for e in payload.entries
        ],
        actor=request.user,
    )
    return {"created": result.created, "updated": result.updated, "deleted": result.deleted, "changed": result.changed}


@router.get(
    "/c/{center_slug}/learners/{pk}/transcript",
    response={200: TranscriptOut, **READ_ERRORS},
    summary="A learner's transcript: scores, term and year averages, module results per class",
)
@center_view(perm="grades.view")
def transcript_get(request, center_slug: str, pk: int):
    learner = get_object_or_404(Learner.objects, pk=pk)
    if not selectors.learner_allowed(membership=request.membership, learner=learner):
        raise PermissionDenied
    transcript = selectors.transcript(learner=learner)
    return {
        "learner_id": learner.pk,
        "learner_code": learner.code,
        "full_name": learner.full_name,
        "date_of_birth": learner.date_of_birth,
        "classes": [
            {
                "class_id": record.school_class.pk,
                "class_name": record.school_class.name,
                "school_year": record.school_class.school_year,
                "program": record.school_class.program.code,
                "enrollment_status": record.enrollment.status,
                "rule": _rule_out(record.grading_rule),
                "subjects": [
                    {
                        "subject": line.subject,
                        "terms": [
                            {
                                "term": term,
                                "regular": [float(v) for v in t.regular],
                                "midterm": _float(t.midterm),
                                "final": _float(t.final),
                                "average": _float(t.result.average),
                                "missing": list(t.result.missing),
                            }
                            for term, t in line.terms.items()
                        ],
                        "year_average": _float(line.year.average),
                    }
                    for line in record.subjects
                ],
                "modules": [
                    {
                        "learner_id": learner.pk,
                        "learner_code": learner.code,
                        "full_name": learner.full_name,
                        "module": m.module,
                        "hours": m.hours,
                        "score": float(m.value),
                        "passed": m.passed,
                        "assessed_on": m.assessed_on,
                    }
                    for m in record.modules
                ],
            }
            for record in transcript.classes
        ],
    }
