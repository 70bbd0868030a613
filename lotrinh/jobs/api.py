"""The jobs API: job placements, graduate follow-ups, the employment rate, and the internship follow-up for
staff (/c/{center_slug}/...) and for the enterprise account (/dn/{enterprise_slug}/...). Same services as the pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lotrinh.academics.models import Trade
from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS, page_bounds
from lotrinh.core.errors import ApplicationError
from lotrinh.core.tenancy import center_view
from lotrinh.industry.access import enterprise_view
from lotrinh.people.models import Learner

from . import rates, selectors, services
from .models import FollowUp, JobPlacement, WageBand
from .schemas import (
    AttendanceIn,
    AttendanceOut,
    EmploymentRateOut,
    EvaluationIn,
    FollowUpAnswerIn,
    FollowUpOut,
    FollowUpPageOut,
    InternOut,
    JobPlacementIn,
    JobPlacementOut,
    JobPlacementPageOut,
    JobStepIn,
)

router = Router(tags=["jobs"])

DEFINITION = (
    "rate_reached = employed / graduates reached (an answered follow-up or a recorded hire); "
    "rate_all = employed / all graduates; employed = a recorded hire or the latest answer says working; "
    "in_trade = employed in the trade trained"
)


def _placement_out(p: JobPlacement) -> dict:
    return {
        "id": p.pk,
        "learner_id": p.learner_id,
        "learner_name": p.learner.full_name,
        "enterprise_id": p.enterprise_id,
        "employer": p.employer,
        "trade_id": p.trade_id,
        "trade_match": p.trade_match,
        "job_title": p.job_title,
        "wage_band": p.wage_band.name if p.wage_band_id else None,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "applied_on": p.applied_on,
        "interviewed_on": p.interviewed_on,
        "hired_on": p.hired_on,
        "closed_on": p.closed_on,
    }


def _band(pk: int | None) -> WageBand | None:
    if pk is None:
        return None
    band = selectors.wage_bands_on(timezone.localdate()).filter(pk=pk).first()
    if band is None:
        raise ApplicationError(_("Choose a wage band in force."), field="wage_band_id")
    return band


@router.get(
    "/c/{center_slug}/jobs/placements",
    response={200: JobPlacementPageOut, **READ_ERRORS},
    summary="Job applications and hires",
)
@center_view(perm="jobs.view")
def placement_list(request, center_slug: str, status: str = "", limit: int = 50, offset: int = 0):
    limit, offset = page_bounds(limit, offset)
    rows = selectors.job_placement_list(status=status)
    return {"count": rows.count(), "items": [_placement_out(p) for p in rows[offset : offset + limit]]}


@router.post(
    "/c/{center_slug}/jobs/placements",
    response={201: JobPlacementOut, **WRITE_ERRORS},
    summary="Record a job application",
)
@center_view(perm="jobs.manage")
def placement_create(request, center_slug: str, payload: JobPlacementIn):
    from lotrinh.industry.models import Enterprise, Opening

    learner = get_object_or_404(Learner.objects.all(), pk=payload.learner_id)
    enterprise = opening = trade = None
    if payload.enterprise_id is not None:
        enterprise = Enterprise.objects.filter(
            pk=payload.enterprise_id, partnerships__center=request.center, partnerships__status="active"
        ).first()
        if enterprise is None:
            raise ApplicationError(_("This enterprise is not a partner of the center."), field="enterprise_id")
    if payload.opening_id is not None:
        opening = Opening.objects.select_related("enterprise", "trade").filter(pk=payload.opening_id).first()
        if opening is None:
            raise ApplicationError(_("No such opening."), field="opening_id")
    if payload.trade_id is not None:
        trade = Trade.objects.filter(pk=payload.trade_id).first()
        if trade is None:
            raise ApplicationError(_("No such trade."), field="trade_id")
    placement = services.job_application_create(
        center=request.center,
        learner=learner,
        enterprise=enterprise,
        employer_name=payload.employer_name,
        job_title=payload.job_title,
        trade=trade,
        trade_match=payload.trade_match,
        wage_band=_band(payload.wage_band_id),
        applied_on=payload.applied_on,
        opening=opening,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, _placement_out(selectors.job_placement_list().get(pk=placement.pk)))


@router.post(
    "/c/{center_slug}/jobs/placements/{pk}/steps",
    response={200: JobPlacementOut, **WRITE_ERRORS},
    summary="The next step of an application: interview, hire, reject or decline",
)
@center_view(perm="jobs.manage")
def placement_step(request, center_slug: str, pk: int, payload: JobStepIn):
    placement = get_object_or_404(selectors.job_placement_list(), pk=pk)
    common = {"placement": placement, "on": payload.on, "note": payload.note, "actor": request.user}
    if payload.action == "interview":
        services.job_interview_record(**common)
    elif payload.action == "hire":
        services.job_hire(wage_band=_band(payload.wage_band_id), **common)
    elif payload.action in ("reject", "decline"):
        services.job_reject(declined=payload.action == "decline", **common)
    else:
        raise ApplicationError(_("Choose interview, hire, reject or decline."), field="action")
    return _placement_out(selectors.job_placement_list().get(pk=pk))


def _followup_out(f: FollowUp, today) -> dict:
    return {
        "id": f.pk,
        "learner_id": f.learner_id,
        "learner_name": f.learner.full_name,
        "months": f.months,
        "graduated_on": f.graduated_on,
        "due_on": f.due_on,
        "status": f.status,
        "is_overdue": f.is_overdue(today),
        "channel": f.channel,
        "answered_at": f.answered_at,
        "employed": f.employed,
        "employer_name": f.employer_name,
        "trade_match": f.trade_match,
        "wage_band": f.wage_band.name if f.wage_band_id else None,
        "further_study": f.further_study,
        "satisfaction": f.satisfaction,
    }


@router.get(
    "/c/{center_slug}/jobs/follow-ups",
    response={200: FollowUpPageOut, **READ_ERRORS},
    summary="Graduate follow-ups at 6 and 12 months",
)
@center_view(perm="jobs.view")
def followup_list(request, center_slug: str, show: str = "open", limit: int = 50, offset: int = 0):
    """``show``: open (the default), overdue, answered or all."""
    today = timezone.localdate()
    limit, offset = page_bounds(limit, offset)
    show = show if show in selectors.FOLLOWUP_SHOW else "open"
    rows = selectors.followup_list(show=show, today=today)
    return {"count": rows.count(), "items": [_followup_out(f, today) for f in rows[offset : offset + limit]]}


@router.post(
    "/c/{center_slug}/jobs/follow-ups/{pk}/answer",
    response={200: FollowUpOut, **WRITE_ERRORS},
    summary="Enter the answer a graduate gave on the phone",
)
@center_view(perm="jobs.manage")
def followup_answer(request, center_slug: str, pk: int, payload: FollowUpAnswerIn):
    follow_up = get_object_or_404(FollowUp.objects.all(), pk=pk)
    services.followup_answer(
        follow_up=follow_up,
        channel=FollowUp.Channel.CALL,
        employed=payload.employed,
        employer_name=payload.employer_name,
        trade_match=payload.trade_match,
        wage_band=_band(payload.wage_band_id),
        further_study=payload.further_study,
        satisfaction=payload.satisfaction,
        note=payload.note,
        actor=request.user,
    )
    return _followup_out(
        selectors.followup_list(show="all", today=timezone.localdate()).get(pk=pk), timezone.localdate()
    )


def _rate_out(r: rates.Rate) -> dict:
    return {
        "label": r.label,
        "graduates": r.graduates,
        "reached": r.reached,
        "employed": r.employed,
        "in_trade": r.in_trade,
        "rate_reached": r.rate_reached,
        "rate_all": r.rate_all,
        "in_trade_rate": r.in_trade_rate,
    }


@router.get(
    "/c/{center_slug}/jobs/employment-rate",
    response={200: EmploymentRateOut, **READ_ERRORS},
    summary="The employment rate of graduates per trade, cohort and program",
)
@center_view(perm="jobs.view")
def employment_rate(request, center_slug: str):
    data = selectors.employment_dashboard(center=request.center, today=timezone.localdate())
    return {
        "definition": DEFINITION,
        "total": _rate_out(data.total),
        "by_trade": [_rate_out(r) for r in data.by_trade],
        "by_cohort": [_rate_out(r) for r in data.by_cohort],
        "by_program": [_rate_out(r) for r in data.by_program],
        "followups_due": data.followups_due,
    }


# --- Internship follow-up ---------------------------------------------------------------------------------


def _intern_out(row: selectors.InternRow) -> dict:
    p = row.placement
    return {
        "placement_id": p.pk,
        "learner_name": p.learner.full_name,
        "enterprise": str(p.slot.enterprise),
        "trade": p.slot.trade.name,
        "starts_on": p.slot.starts_on,
        "mentor": p.slot.mentor.full_name if p.slot.mentor_id else None,
        "days_recorded": row.days,
        "attendance": row.attendance,
        "attendance_rate": row.attendance_rate,
        "safety_briefing_on": row.briefing.held_on if row.briefing else None,
        "safety_briefing_required": p.slot.safety_briefing_required,
        "incidents": row.incidents,
        "evaluations": [
            {
                "kind": e.kind,
                "scores": e.scores,
                "average": e.average,
                "comment": e.comment,
                "evaluated_on": e.evaluated_on,
            }
            for e in row.evaluations.values()
        ],
    }


def _row(enterprise, pk: int) -> selectors.InternRow:
    rows = selectors.intern_rows(enterprise=enterprise, placement_id=pk)
    if not rows:
        raise Http404
    return rows[0]


def _evaluate(request, enterprise, pk: int, payload: EvaluationIn) -> dict:
    row = _row(enterprise, pk)
    services.mentor_evaluation_create(
        placement=row.placement,
        kind=payload.kind,
        scores=dict(payload.scores),
        comment=payload.comment,
        enterprise=enterprise,
        actor=request.user,
    )
    return _intern_out(_row(enterprise, pk))


def _attend(request, enterprise, pk: int, payload: AttendanceIn) -> dict:
    row = _row(enterprise, pk)
    services.internship_attendance_record(
        placement=row.placement,
        date=payload.date,
        status=payload.status,
        note=payload.note,
        enterprise=enterprise,
        actor=request.user,
    )
    return {"placement_id": pk, "date": payload.date, "status": payload.status, "note": payload.note}


@router.get(
    "/c/{center_slug}/internships/follow-up",
    response={200: list[InternOut], **READ_ERRORS},
    summary="Published internships with attendance, evaluations, safety briefing and incidents",
)
@center_view(perm="internships.view")
def internship_list(request, center_slug: str):
    return [_intern_out(r) for r in selectors.intern_rows()]


@router.post(
    "/c/{center_slug}/internships/follow-up/{pk}/evaluations",
    response={201: InternOut, **WRITE_ERRORS},
    summary="Enter a mentor's evaluation for an intern (staff)",
)
@center_view(perm="internships.manage")
def internship_evaluate(request, center_slug: str, pk: int, payload: EvaluationIn):
    return Status(201, _evaluate(request, None, pk, payload))


@router.post(
    "/c/{center_slug}/internships/follow-up/{pk}/attendance",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Record an intern's attendance on one day (staff)",
)
@center_view(perm="internships.manage")
def internship_attend(request, center_slug: str, pk: int, payload: AttendanceIn):
    return _attend(request, None, pk, payload)


@router.get(
    "/dn/{enterprise_slug}/interns",
    response={200: list[InternOut], **READ_ERRORS},
    summary="The enterprise's own published interns",
)
@enterprise_view()
def enterprise_interns(request, enterprise_slug: str):
    return [_intern_out(r) for r in selectors.intern_rows(enterprise=request.enterprise)]


@router.post(
    "/dn/{enterprise_slug}/interns/{pk}/evaluations",
    response={201: InternOut, **WRITE_ERRORS},
    summary="The mentor evaluates one of the enterprise's interns",
)
@enterprise_view()
def enterprise_evaluate(request, enterprise_slug: str, pk: int, payload: EvaluationIn):
    return Status(201, _evaluate(request, request.enterprise, pk, payload))


@router.post(
    "/dn/{enterprise_slug}/interns/{pk}/attendance",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="The mentor records an intern's attendance on one day",
)
@enterprise_view()
def enterprise_attend(request, enterprise_slug: str, pk: int, payload: AttendanceIn):
    return _attend(request, request.enterprise, pk, payload)
