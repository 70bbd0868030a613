"""The admissions API: plans and targets, applications, their review, admission and enrolment. Same services."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lotrinh.academics.models import ProgramType, SchoolClass, Trade
from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS, page_bounds
from lotrinh.core.errors import ApplicationError
from lotrinh.core.schemas import Id
from lotrinh.core.tenancy import center_view

from . import selectors, services
from .models import AdmissionPlan, Application, ApplicationStatus
from .schemas import (
    AdmissionDashboardOut,
    AdmissionTargetOut,
    ApplicationDetailOut,
    ApplicationPageOut,
    BulkAdmitIn,
    BulkAdmitOut,
    EnrolIn,
    PlanIn,
    PlanOut,
    ReasonIn,
    TargetIn,
)

router = Router(tags=["admissions"])


def _target_out(t) -> dict:
    return {
        "id": t.pk,
        "program_code": t.program.code,
        "program_name": t.program.name,
        "trade_id": t.trade_id,
        "trade_name": t.trade.name if t.trade_id else None,
        "target": t.target,
    }


def _plan_out(plan: AdmissionPlan) -> dict:
    return {
        "id": plan.pk,
        "school_year": plan.school_year,
        "opens_on": plan.opens_on,
        "closes_on": plan.closes_on,
        "note": plan.note,
        "targets": [_target_out(t) for t in selectors.targets_of(plan)],
    }


@router.get(
    "/c/{center_slug}/admission-plans",
    response={200: list[PlanOut], **READ_ERRORS},
    summary="Admission plans with their targets",
)
@center_view(perm="admissions.view")
def plan_list(request, center_slug: str):
    return [_plan_out(p) for p in AdmissionPlan.objects.order_by("-school_year")[:20]]


@router.post(
    "/c/{center_slug}/admission-plans",
    response={201: PlanOut, **WRITE_ERRORS},
    summary="Create the admission plan of a school year",
)
@center_view(perm="plans.manage")
def plan_create(request, center_slug: str, payload: PlanIn):
    plan = services.plan_create(
        center=request.center,
        school_year=payload.school_year,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, _plan_out(plan))


@router.post(
    "/c/{center_slug}/admission-plans/{pk}/targets",
    response={200: AdmissionTargetOut, **WRITE_ERRORS},
    summary="Set the target of a program (and trade) in a plan; below zero is refused",
)
@center_view(perm="plans.manage")
def target_set(request, center_slug: str, pk: Id, payload: TargetIn):
    plan = get_object_or_404(AdmissionPlan.objects.all(), pk=pk)
    program = ProgramType.objects.filter(code=payload.program_code).first()
    if program is None:
        raise ApplicationError(_("Unknown program."), field="program_code")
    trade = None
    if payload.trade_id is not None:
        trade = Trade.objects.filter(pk=payload.trade_id).first()
        if trade is None:
            raise ApplicationError(_("Unknown trade."), field="trade_id")
    row = services.target_set(plan=plan, program=program, trade=trade, target=payload.target, actor=request.user)
    row = type(row).objects.select_related("program", "trade").get(pk=row.pk)
    return _target_out(row)


def _duplicates_out(items) -> list[dict]:
    return [{"kind": d.kind, "id": d.pk, "name": d.name, "label": d.label, "reason": d.reason} for d in items]


def _application_out(a: Application) -> dict:
    return {
        "id": a.pk,
        "tracking_code": a.tracking_code,
        "full_name": a.full_name,
        "date_of_birth": a.date_of_birth,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "target_id": a.target_id,
        "program": a.target.label,
        "submitted_at": a.submitted_at,
        "learner_id": a.learner_id,
        "duplicates": _duplicates_out(getattr(a, "duplicates", [])),
    }


def _detail_out(a: Application) -> dict:
    return {
        **_application_out(a),
        "sex": a.sex,
        "phone": a.phone,
        "commune": a.commune.name if a.commune_id else None,
        "previous_school": a.previous_school,
        "guardian_name": a.guardian_name,
        "guardian_phone": a.guardian_phone,
        "guardian_relationship": a.guardian_relationship,
        "consent_processing": a.consent_processing,
        "consent_contact": a.consent_contact,
        "decision_reason": a.decision_reason,
        "interest_attempt_id": a.interest_attempt_id,
        "enrollment_id": a.enrollment_id,
        "history": [
            {
                "status": h.status,
                "status_label": str(h.get_status_display()),
                "reason": h.reason,
                "changed_at": h.changed_at,
                "changed_by": h.changed_by.full_name if h.changed_by else None,
            }
            for h in a.history.all()
        ],
        "documents": [
            {"id": d.pk, "name": d.original_name, "content_type": d.content_type, "size": d.size}
            for d in a.documents.all()
        ],
    }


@router.get(
    "/c/{center_slug}/applications",
    response={200: ApplicationPageOut, **READ_ERRORS},
    summary="Applications of a plan (the current one by default), with possible duplicates",
)
@center_view(perm="admissions.view")
def application_list(
    request,
    center_slug: str,
    plan_id: Id | None = None,
    status: str = "",
    target_id: Id | None = None,
    duplicates_only: bool = False,
    q: str = "",
    limit: int = 50,
    offset: int = 0,
):
    """``status``: received, verified, admitted, waitlisted, rejected, enrolled (empty: all)."""
    limit, offset = page_bounds(limit, offset)
    plan = (
        AdmissionPlan.objects.filter(pk=plan_id).first()
        if plan_id
        else selectors.plan_current(day=timezone.localdate())
    )
    rows = selectors.application_list(
        plan=plan,
        status=status if status in ApplicationStatus.values else "",
        target_id=target_id,
        duplicates_only=duplicates_only,
        query=q[:100],
    )
    items = selectors.with_duplicates(rows[offset : offset + limit])
    return {"count": rows.count(), "items": [_application_out(a) for a in items]}


def _get(pk: int) -> Application:
    try:
        return selectors.application_get(pk)
    except Application.DoesNotExist:
        from django.http import Http404

        raise Http404 from None


@router.get(
    "/c/{center_slug}/applications/{pk}",
    response={200: ApplicationDetailOut, **READ_ERRORS},
    summary="One application with its history, documents and possible duplicates",
)
@center_view(perm="admissions.view")
def application_detail(request, center_slug: str, pk: Id):
    return _detail_out(_get(pk))


def _after(pk: int) -> dict:
    return _detail_out(_get(pk))


@router.post(
    "/c/{center_slug}/applications/{pk}/verify",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Mark an application as verified",
)
@center_view(perm="admissions.manage")
def application_verify(request, center_slug: str, pk: Id):
    services.application_verify(application=_get(pk), actor=request.user)
    return _after(pk)


@router.post(
    "/c/{center_slug}/applications/{pk}/admit",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Admit a verified or waitlisted application",
)
@center_view(perm="admissions.manage")
def application_admit(request, center_slug: str, pk: Id):
    services.application_admit(application=_get(pk), actor=request.user)
    return _after(pk)


@router.post(
    "/c/{center_slug}/applications/{pk}/waitlist",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Put a verified application on the waiting list",
)
@center_view(perm="admissions.manage")
def application_waitlist(request, center_slug: str, pk: Id, payload: ReasonIn):
    services.application_waitlist(application=_get(pk), reason=payload.reason, actor=request.user)
    return _after(pk)


@router.post(
    "/c/{center_slug}/applications/{pk}/reject",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Do not admit an application (the reason is required)",
)
@center_view(perm="admissions.manage")
def application_reject(request, center_slug: str, pk: Id, payload: ReasonIn):
    services.application_reject(application=_get(pk), reason=payload.reason, actor=request.user)
    return _after(pk)


@router.post(
    "/c/{center_slug}/admissions/admit",
    response={200: BulkAdmitOut, **WRITE_ERRORS},
    summary="Admit several verified applications together: all, or none",
)
@center_view(perm="admissions.manage")
def applications_admit(request, center_slug: str, payload: BulkAdmitIn):
    admitted = services.applications_admit(application_ids=list(payload.application_ids), actor=request.user)
    return {"admitted": [a.pk for a in admitted]}


@router.post(
    "/c/{center_slug}/applications/{pk}/enrol",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Enrol an admitted applicant in a class: they become a learner",
)
@center_view(perm="admissions.manage")
def application_enrol(request, center_slug: str, pk: Id, payload: EnrolIn):
    application = _get(pk)
    school_class = SchoolClass.objects.filter(pk=payload.school_class_id).first()
    if school_class is None:
        raise ApplicationError(_("Choose one of the classes listed."), field="school_class_id")
    services.application_enrol(
        application=application, school_class=school_class, enrolled_on=payload.enrolled_on, actor=request.user
    )
    return _after(pk)


def _row_out(row) -> dict:
    return {
        "target_id": row.target.pk,
        "label": row.target.label if row.target.pk else str(_("Total")),
        "target": row.target.target,
        "applications": row.applications,
        "verified": row.verified,
        "admitted": row.admitted_total,
        "waitlisted": row.waitlisted,
        "rejected": row.rejected,
        "enrolled": row.enrolled,
    }


@router.get(
    "/c/{center_slug}/admissions/dashboard",
    response={200: AdmissionDashboardOut, **READ_ERRORS},
    summary="Target against applications, admitted and enrolled per program; applications by day",
)
@center_view(perm="admissions.view")
def dashboard(request, center_slug: str, plan_id: Id | None = None):
    today = timezone.localdate()
    plan = AdmissionPlan.objects.filter(pk=plan_id).first() if plan_id else selectors.plan_current(day=today)
    data = selectors.admissions_dashboard(plan=plan, today=today)
    return {
        "plan_id": plan.pk if plan else None,
        "school_year": plan.school_year if plan else None,
        "rows": [_row_out(r) for r in data.rows],
        "total": _row_out(data.total) if data.total else None,
        "by_day": [{"day": d.day, "count": d.count} for d in data.days],
    }
