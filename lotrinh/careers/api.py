"""Trades' interest codes, overrides, demand, offers, and a learner's recommendations. Same services as the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import recommending, selectors, services
from .models import LabourDemand, TrainingOffer
from .schemas import (
    DemandIn,
    DemandPageOut,
    LearnerRecommendationsOut,
    OfferIn,
    OfferOut,
    OfferPageOut,
    OverrideIn,
    TradeDemandOut,
    TradeOut,
    TradePageOut,
)

router = Router(tags=["careers"])


def _offer_out(offer: TrainingOffer) -> dict:
    return {
        "id": offer.pk,
        "trade_id": offer.trade_id,
        "trade_name": offer.trade.name,
        "program": offer.program.name,
        "level": offer.level,
        "provider": offer.provider,
        "partner_name": offer.partner_name,
        "duration_months": offer.duration_months,
        "cost_vnd": offer.cost_vnd,
        "next_intake_on": offer.next_intake_on,
        "places": offer.places,
    }


def _trade_out(row: selectors.TradeRow) -> dict:
    profile, override = row.profile, row.override
    return {
        "id": row.trade.pk,
        "name": row.trade.name,
        "level": row.trade.level,
        "level_label": str(row.trade.get_level_display()),
        "code": row.code,
        "reference_code": row.reference_code,
        "reference_levels": profile.levels if profile else None,
        "reviewed": bool(profile and profile.reviewed),
        "onet_release": profile.onet_release if profile else "",
        "onet_soc_codes": list(profile.onet_soc_codes) if profile else [],
        "override": {
            "code": override.code,
            "reason": override.reason,
            "set_by": override.set_by.full_name,
            "set_on": override.set_on,
        }
        if override
        else None,
        "demand": row.demand,
        "offers": [_offer_out(o) for o in row.offers],
    }


@router.get(
    "/c/{center_slug}/careers/trades",
    response={200: TradePageOut, **READ_ERRORS},
    summary="Trades with their RIASEC code (this center's override beside the reference), demand and offers",
)
@center_view(perm="guidance.view")
def trade_list(request, center_slug: str):
    rows = selectors.trade_rows(center=request.center, day=timezone.localdate())
    attribution = next((r.profile.attribution for r in rows if r.profile), "")
    return {"count": len(rows), "attribution": attribution, "items": [_trade_out(r) for r in rows]}


def _trade(pk: int) -> Trade:
    return get_object_or_404(Trade.objects.all(), pk=pk)


@router.post(
    "/c/{center_slug}/careers/trades/{pk}/override",
    response={200: TradeOut, **WRITE_ERRORS},
    summary="Set this center's RIASEC code for a trade, with the reason",
)
@center_view(perm="guidance.manage")
def trade_override(request, center_slug: str, pk: int, payload: OverrideIn):
    trade = _trade(pk)
    services.trade_code_override(
        center=request.center, trade=trade, code=payload.code, reason=payload.reason, actor=request.user
    )
    return _trade_out(selectors.trade_row(center=request.center, trade=trade, day=timezone.localdate()))


@router.post(
    "/c/{center_slug}/careers/trades/{pk}/override/remove",
    response={200: TradeOut, **WRITE_ERRORS},
    summary="Go back to the reference code for a trade",
)
@center_view(perm="guidance.manage")
def trade_override_remove(request, center_slug: str, pk: int):
    trade = _trade(pk)
    services.trade_code_override_remove(center=request.center, trade=trade, actor=request.user)
    return _trade_out(selectors.trade_row(center=request.center, trade=trade, day=timezone.localdate()))


def _demand_out(row: LabourDemand) -> dict:
    return {
        "id": row.pk,
        "trade_id": row.trade_id,
        "trade_name": row.trade.name,
        "year": row.year,
        "quarter": row.quarter,
        "openings": row.openings,
        "source": row.source,
        "noted_on": row.noted_on,
    }


@router.get(
    "/c/{center_slug}/careers/demand",
    response={200: DemandPageOut, **READ_ERRORS},
    summary="The local labour demand table, and the openings per trade counted today",
)
@center_view(perm="guidance.view")
def demand_list(request, center_slug: str):
    rows = selectors.demand_rows()
    totals = selectors.demand_by_trade(center=request.center, day=timezone.localdate())
    return {
        "count": len(rows),
        "totals": {str(k): v for k, v in totals.items()},
        "items": [_demand_out(r) for r in rows],
    }


def _demand_values(payload: DemandIn) -> dict:
    return {
        "trade": Trade.objects.filter(pk=payload.trade_id).first(),
        "year": payload.year,
        "quarter": payload.quarter,
        "openings": payload.openings,
        "source": payload.source,
        "noted_on": payload.noted_on,
    }


@router.post(
    "/c/{center_slug}/careers/demand",
    response={201: TradeDemandOut, **WRITE_ERRORS},
    summary="Add a demand figure (openings ≥ 0)",
)
@center_view(perm="guidance.manage")
def demand_create(request, center_slug: str, payload: DemandIn):
    row = services.demand_create(center=request.center, actor=request.user, **_demand_values(payload))
    return Status(201, _demand_out(row))


def _demand(pk: int) -> LabourDemand:
    return get_object_or_404(LabourDemand.objects.select_related("trade"), pk=pk)


@router.post(
    "/c/{center_slug}/careers/demand/{pk}",
    response={200: TradeDemandOut, **WRITE_ERRORS},
    summary="Change a demand figure",
)
@center_view(perm="guidance.manage")
def demand_update(request, center_slug: str, pk: int, payload: DemandIn):
    row = services.demand_update(row=_demand(pk), actor=request.user, **_demand_values(payload))
    return _demand_out(_demand(row.pk))


@router.post(
    "/c/{center_slug}/careers/demand/{pk}/delete",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a demand figure",
)
@center_view(perm="guidance.manage")
def demand_delete(request, center_slug: str, pk: int):
    services.demand_delete(row=_demand(pk), actor=request.user)
    return Status(204, None)


@router.get(
    "/c/{center_slug}/careers/offers",
    response={200: OfferPageOut, **READ_ERRORS},
    summary="Courses on offer at this center and its partner schools",
)
@center_view(perm="guidance.view")
def offer_list(request, center_slug: str):
    offers = selectors.offers_of(request.center)
    return {"count": len(offers), "items": [_offer_out(o) for o in offers]}


def _offer_values(payload: OfferIn) -> dict:
    return {
        "trade": Trade.objects.filter(pk=payload.trade_id).first(),
        "program": ProgramType.objects.filter(pk=payload.program_id).first(),
        "level": payload.level,
        "provider": payload.provider,
        "partner_name": payload.partner_name,
        "duration_months": payload.duration_months,
        "cost_vnd": payload.cost_vnd,
        "next_intake_on": payload.next_intake_on,
        "places": payload.places,
    }


@router.post(
    "/c/{center_slug}/careers/offers",
    response={201: OfferOut, **WRITE_ERRORS},
    summary="Add a course on offer",
)
@center_view(perm="guidance.manage")
def offer_create(request, center_slug: str, payload: OfferIn):
    offer = services.offer_create(center=request.center, actor=request.user, **_offer_values(payload))
    return Status(201, _offer_out(_offer(offer.pk)))


def _offer(pk: int) -> TrainingOffer:
    return get_object_or_404(TrainingOffer.objects.select_related("trade", "program"), pk=pk)


@router.post(
    "/c/{center_slug}/careers/offers/{pk}",
    response={200: OfferOut, **WRITE_ERRORS},
    summary="Change a course on offer",
)
@center_view(perm="guidance.manage")
def offer_update(request, center_slug: str, pk: int, payload: OfferIn):
    offer = services.offer_update(offer=_offer(pk), actor=request.user, **_offer_values(payload))
    return _offer_out(_offer(offer.pk))


@router.post(
    "/c/{center_slug}/careers/offers/{pk}/delete",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a course on offer",
)
@center_view(perm="guidance.manage")
def offer_delete(request, center_slug: str, pk: int):
    services.offer_delete(offer=_offer(pk), actor=request.user)
    return Status(204, None)


@router.get(
    "/c/{center_slug}/careers/learners/{pk}/recommendations",
    response={200: LearnerRecommendationsOut, **READ_ERRORS},
    summary="A learner's suggested trades and pathways, each with its reasons (advisory only)",
)
@center_view(perm="guidance.view")
def learner_recommendations(request, center_slug: str, pk: int):
    learner = get_object_or_404(Learner.objects.all(), pk=pk)
    data = selectors.learner_guidance(learner=learner, day=timezone.localdate())
    return {
        "learner_id": learner.pk,
        "learner_name": learner.full_name,
        "holland_code": data.code_with_ties or data.code,
        "scores": data.scores,
        "culture_average": data.grades.culture_average,
        "advisory": _(recommending.ADVISORY),
        "weights_version": data.weights_version,
        "items": [
            {
                "trade_id": r.trade_id,
                "trade_name": r.trade_name,
                "pathway": r.pathway,
                "score": r.score,
                "code": r.code,
                "reasons": [{"kind": x.kind, "text": x.text, "missing": x.missing} for x in r.reasons],
            }
            for r in data.recommendations
        ],
    }
