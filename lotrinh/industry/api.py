"""The industry API: the center's partners, agreements, orders and openings; the enterprise account's own openings
and orders under /api/dn/{enterprise_slug}/ (enterprise_view). Same services and selectors as the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lotrinh.academics.models import Trade
from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import Center
from lotrinh.core.schemas import Id
from lotrinh.core.tenancy import center_view

from . import selectors, services
from .access import enterprise_view
from .models import Enterprise, Opening, Partnership, TrainingOrder, WorkerLevel
from .schemas import (
    AgreementOut,
    EnterpriseOpeningIn,
    OpeningDemandOut,
    OpeningOut,
    PartnershipOut,
    StaffOpeningIn,
    TrainingOrderOut,
)

router = Router(tags=["industry"])


def _enterprise_out(e: Enterprise) -> dict:
    return {
        "id": e.pk,
        "slug": e.slug,
        "tax_code": e.tax_code,
        "name": e.name,
        "short_name": e.short_name,
        "industry_code": e.industry.code if e.industry_id else None,
        "industry_label": e.industry.label if e.industry_id else None,
        "industrial_park": e.industrial_park.name if e.industrial_park_id else None,
        "investor_origin": e.investor_origin,
        "size": e.size,
    }


def _order_out(o: TrainingOrder) -> dict:
    return {
        "id": o.pk,
        "enterprise_id": o.enterprise_id,
        "trade_id": o.trade_id,
        "trade": o.trade.name,
        "skills": o.skills,
        "language": o.language,
        "language_level": o.language_level,
        "head_count": o.head_count,
        "enrolled": getattr(o, "enrolled", None),
        "starts_on": o.starts_on,
        "place": o.place,
        "school_class_id": o.school_class_id,
        "status": o.status,
    }


def _opening_out(o: Opening) -> dict:
    return {
        "id": o.pk,
        "center_id": o.center_id,
        "enterprise_id": o.enterprise_id,
        "trade_id": o.trade_id,
        "trade": o.trade.name,
        "title": o.title,
        "level": o.level,
        "count": o.count,
        "wage_min": o.wage_min,
        "wage_max": o.wage_max,
        "shifts": o.shifts,
        "place": o.place,
        "deadline": o.deadline,
        "status": o.status,
        "posted_by_enterprise": o.posted_by_enterprise,
    }


def _opening_fields(data: dict) -> dict:
    if data["level"] not in WorkerLevel.values:
        raise ApplicationError(_("The level is not valid."), field="level")
    if data["shifts"] not in Opening.Shifts.values:
        raise ApplicationError(_("The shifts are not valid."), field="shifts")
    trade = Trade.objects.filter(pk=data.pop("trade_id")).first()
    if trade is None:
        raise ApplicationError(_("Choose a trade from the list."), field="trade_id")
    return {**data, "trade": trade}


@router.get("/c/{center_slug}/enterprises", response={200: list[PartnershipOut], **READ_ERRORS}, summary="Partners")
@center_view(perm="enterprises.view")
def partnership_list(request, center_slug: str, q: str = ""):
    return [
        {
            "id": p.pk,
            "enterprise": _enterprise_out(p.enterprise),
            "since": p.since,
            "status": p.status,
            "notes": p.notes,
        }
        for p in selectors.partnership_list(center=request.center, query=q)
    ]


@router.get("/c/{center_slug}/agreements", response={200: list[AgreementOut], **READ_ERRORS}, summary="Agreements")
@center_view(perm="enterprises.view")
def agreement_list(request, center_slug: str):
    rows = selectors.agreement_list(center=request.center, day=timezone.localdate())
    return [
        {
            "id": a.pk,
            "kind": a.kind,
            "number": a.number,
            "enterprise_id": a.enterprise_id,
            "partner_school": a.partner_school,
            "signed_on": a.signed_on,
            "valid_from": a.valid_from,
            "valid_to": a.valid_to,
            "days_left": a.days_left,
            "quotas": [{"what": q.what, "quantity": q.quantity, "delivered": q.delivered} for q in a.quotas.all()],
        }
        for a in rows
    ]


@router.get("/c/{center_slug}/training-orders", response={200: list[TrainingOrderOut], **READ_ERRORS}, summary="Orders")
@center_view(perm="enterprises.view")
def order_list(request, center_slug: str):
    return [_order_out(o) for o in selectors.training_order_list(center=request.center)]


@router.get("/c/{center_slug}/openings", response={200: list[OpeningOut], **READ_ERRORS}, summary="Openings")
@center_view(perm="enterprises.view")
def opening_list(request, center_slug: str, status: str = "open"):
    if status not in {"open", "closed", ""}:
        status = "open"
    return [_opening_out(o) for o in selectors.opening_list(center=request.center, status=status)]


@router.post("/c/{center_slug}/openings", response={201: OpeningOut, **WRITE_ERRORS}, summary="Post an opening")
@center_view(perm="enterprises.manage")
def opening_create(request, center_slug: str, payload: StaffOpeningIn):
    data = payload.dict()
    enterprise = Enterprise.objects.filter(
        pk=data.pop("enterprise_id"),
        partnerships__center=request.center,
        partnerships__status=Partnership.Status.ACTIVE,
    ).first()
    if enterprise is None:
        raise ApplicationError(_("This enterprise is not an active partner of the center."), field="enterprise_id")
    opening = services.opening_create(
        center=request.center, enterprise=enterprise, actor=request.user, **_opening_fields(data)
    )
    return Status(201, _opening_out(opening))


@router.get(
    "/c/{center_slug}/labour-demand",
    response={200: list[OpeningDemandOut], **READ_ERRORS},
    summary="Open positions by trade",
)
@center_view(perm="enterprises.view")
def demand(request, center_slug: str):
    figures = selectors.openings_demand_by_trade(center=request.center, day=timezone.localdate())
    return [{"trade_id": k, "positions": v} for k, v in sorted(figures.items())]


# --- Enterprise accounts ---------------------------------------------------------------------------------


@router.get(
    "/dn/{enterprise_slug}/openings",
    response={200: list[OpeningOut], **READ_ERRORS},
    summary="The enterprise's openings",
)
@enterprise_view()
def portal_opening_list(request, enterprise_slug: str):
    rows = Opening.objects.filter(enterprise=request.enterprise, center_id__in=request.partner_center_ids)
    return [_opening_out(o) for o in rows.select_related("trade").order_by("-created_at")]


@router.post("/dn/{enterprise_slug}/openings", response={201: OpeningOut, **WRITE_ERRORS}, summary="Post an opening")
@enterprise_view()
def portal_opening_create(request, enterprise_slug: str, payload: EnterpriseOpeningIn):
    data = payload.dict()
    center_id = data.pop("center_id")
    if center_id not in request.partner_center_ids:
        raise ApplicationError(_("This center is not a partner of your enterprise."), field="center_id")
    center = Center.objects.get(pk=center_id)
    opening = services.opening_create(
        center=center, enterprise=request.enterprise, actor=request.user, by_enterprise=True, **_opening_fields(data)
    )
    return Status(201, _opening_out(opening))


@router.get(
    "/dn/{enterprise_slug}/training-orders/{order_id}",
    response={200: TrainingOrderOut, **READ_ERRORS},
    summary="One of the enterprise's training orders",
)
@enterprise_view()
def portal_order(request, enterprise_slug: str, order_id: Id):
    order = get_object_or_404(TrainingOrder.objects.select_related("trade"), pk=order_id, enterprise=request.enterprise)
    return _order_out(order)
