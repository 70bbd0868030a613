"""The retention API: risks with their reasons, interventions, the dashboard figures. Same services as the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS, page_bounds
from lotrinh.core.models import User
from lotrinh.core.schemas import Id
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import selectors, services
from .models import Intervention
from .schemas import (
    DashboardOut,
    InterventionCancelIn,
    InterventionCloseIn,
    InterventionIn,
    InterventionOut,
    InterventionPageOut,
    RiskPageOut,
)

router = Router(tags=["retention"])


def _risk_out(risk) -> dict:
    return {
        "learner_id": risk.learner_id,
        "learner_code": risk.learner.code,
        "learner_name": risk.learner.full_name,
        "class_name": risk.class_name,
        "level": risk.level,
        "level_label": str(risk.get_level_display()),
        "score": float(risk.score),
        "method": risk.method,
        "reasons": risk.reason_items,
        "has_open_intervention": risk.has_open_intervention,
        "computed_at": risk.computed_at,
    }


def _intervention_out(item: Intervention, today) -> dict:
    return {
        "id": item.pk,
        "learner_id": item.learner_id,
        "learner_name": item.learner.full_name,
        "kind": item.kind,
        "kind_label": str(item.get_kind_display()),
        "owner_id": item.owner_id,
        "owner_name": item.owner.full_name,
        "due_on": item.due_on,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "is_overdue": item.status == Intervention.Status.OPEN and item.due_on < today,
        "note": item.note,
        "outcome": item.outcome,
        "created_at": item.created_at,
        "closed_at": item.closed_at,
    }


@router.get(
    "/c/{center_slug}/risks",
    response={200: RiskPageOut, **READ_ERRORS},
    summary="Drop-out risks of enrolled learners, with their reasons",
)
@center_view(perm="retention.view")
def risk_list(
    request,
    center_slug: str,
    level: str = "at_risk",
    without_intervention: bool = False,
    school_class_id: Id | None = None,
    limit: int = 50,
    offset: int = 0,
):
    """``level``: at_risk (high and medium, the default), high, medium, low or all."""
    limit, offset = page_bounds(limit, offset)
    risks = selectors.risk_list(
        level="" if level == "all" else level,
        without_intervention=without_intervention,
        school_class_id=school_class_id,
    )
    rows = selectors.with_details(risks[offset : offset + limit])
    return {"count": risks.count(), "items": [_risk_out(r) for r in rows]}


@router.get(
    "/c/{center_slug}/interventions",
    response={200: InterventionPageOut, **READ_ERRORS},
    summary="Interventions for learners at risk",
)
@center_view(perm="retention.view")
def intervention_list(
    request, center_slug: str, show: str = "open", mine: bool = False, limit: int = 50, offset: int = 0
):
    """``show``: open (the default), overdue, done, cancelled or all; ``mine``: only those I am in charge of."""
    today = timezone.localdate()
    limit, offset = page_bounds(limit, offset)
    show = show if show in selectors.SHOW_CHOICES else "open"
    items = selectors.intervention_list(today=today, show=show, owner=request.user if mine else None)
    return {"count": items.count(), "items": [_intervention_out(i, today) for i in items[offset : offset + limit]]}


@router.post(
    "/c/{center_slug}/interventions",
    response={201: InterventionOut, **WRITE_ERRORS},
    summary="Plan an intervention for a learner",
)
@center_view(perm="interventions.manage")
def intervention_create(request, center_slug: str, payload: InterventionIn):
    learner = get_object_or_404(Learner.objects.all(), pk=payload.learner_id)
    intervention = services.intervention_create(
        learner=learner,
        kind=payload.kind,
        owner=User.objects.filter(pk=payload.owner_id).first(),
        due_on=payload.due_on,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, _intervention_out(intervention, timezone.localdate()))


def _intervention(pk: int) -> Intervention:
    return get_object_or_404(Intervention.objects.select_related("learner", "owner"), pk=pk)


@router.post(
    "/c/{center_slug}/interventions/{pk}/close",
    response={200: InterventionOut, **WRITE_ERRORS},
    summary="Close an intervention with its outcome",
)
@center_view(perm="interventions.manage")
def intervention_close(request, center_slug: str, pk: int, payload: InterventionCloseIn):
    intervention = services.intervention_close(
        intervention=_intervention(pk), outcome=payload.outcome, actor=request.user
    )
    return _intervention_out(intervention, timezone.localdate())


@router.post(
    "/c/{center_slug}/interventions/{pk}/cancel",
    response={200: InterventionOut, **WRITE_ERRORS},
    summary="Call off an intervention",
)
@center_view(perm="interventions.manage")
def intervention_cancel(request, center_slug: str, pk: int, payload: InterventionCancelIn):
    intervention = services.intervention_cancel(
        intervention=_intervention(pk), reason=payload.reason, actor=request.user
    )
    return _intervention_out(intervention, timezone.localdate())


def _headcount(row) -> dict:
    return {
        "label": row.label,
        "program": row.program,
        "start": row.start,
        "now": row.now,
        "joined": row.joined,
        "dropped_out": row.dropped_out,
        "suspended": row.suspended,
        "transferred": row.transferred,
        "retention_percent": row.retention_percent,
    }


@router.get(
    "/c/{center_slug}/retention/dashboard",
    response={200: DashboardOut, **READ_ERRORS},
    summary="Retention figures: headcount at the start against now, drop-outs, risks",
)
@center_view(perm="retention.view")
def dashboard(request, center_slug: str, school_year: str = ""):
    data = selectors.retention_dashboard(
        center=request.center, today=timezone.localdate(), school_year=school_year, at_risk_limit=0
    )
    run = data.model.run
    return {
        "school_year": data.school_year,
        "total": _headcount(data.total),
        "programs": [_headcount(r) for r in data.programs],
        "classes": [_headcount(r) for r in data.classes],
        "dropouts": data.dropouts,
        "dropouts_by_reason": [{"label": b.label, "count": b.count} for b in data.dropouts_by_reason],
        "dropouts_by_month": [{"label": b.label, "count": b.count} for b in data.dropouts_by_month],
        "risk_levels": data.risk_levels,
        "at_risk_without_intervention": data.at_risk_without_intervention,
        "open_interventions": data.open_interventions,
        "overdue_interventions": data.overdue_interventions,
        "model": {
            "method": data.model.method,
            "trained_at": run.trained_at if run else None,
            "samples": run.samples if run else None,
            "dropouts": run.dropouts if run else None,
            "roc_auc": float(run.auc) if run else None,
            "macro_f1": float(run.macro_f1) if run else None,
            "history_outcomes": data.model.outcomes,
            "history_dropouts": data.model.dropouts,
            "min_outcomes": data.model.min_outcomes,
            "min_dropouts": data.model.min_dropouts,
        },
    }
