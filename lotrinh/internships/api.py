"""The internships API: rounds, slots, preferences, the allocation run, its results and publication."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Router, Status

from lotrinh.academics.models import Trade
from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS
from lotrinh.core.errors import ApplicationError
from lotrinh.core.tenancy import center_view
from lotrinh.industry.models import Enterprise, EnterpriseContact, Partnership
from lotrinh.people.models import Learner

from . import selectors, services
from .models import InternshipPreference, InternshipRound
from .schemas import (
    InternshipSlotIn,
    InternshipSlotOut,
    PreferenceOut,
    PreferencesIn,
    PublishOut,
    ResultsOut,
    RoundIn,
    RoundOut,
    RunIn,
    RunOut,
)

router = Router(tags=["internships"])


def _round_out(r: InternshipRound) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "trade_id": r.trade_id,
        "starts_on": r.starts_on,
        "weeks": r.weeks,
        "max_distance_km": float(r.max_distance_km),
        "status": r.status,
        "published_at": r.published_at,
    }


def _slot_out(s) -> dict:
    return {
        "id": s.pk,
        "enterprise_id": s.enterprise_id,
        "enterprise_name": s.enterprise.name,
        "trade_id": s.trade_id,
        "capacity": s.capacity,
        "place": s.place,
        "mentor_id": s.mentor_id,
        "safety_briefing_required": s.safety_briefing_required,
        "starts_on": s.starts_on,
        "weeks": s.weeks,
        "blocks": [
            {"weekday": b.weekday, "starts_at": f"{b.starts_at:%H:%M}", "ends_at": f"{b.ends_at:%H:%M}"}
            for b in s.blocks.all()
        ],
    }


def _run_out(run) -> dict:
    return {
        "id": run.pk,
        "solver": run.solver,
        "status": run.status,
        "objective": run.objective,
        "bound": run.bound,
        "gap": run.gap,
        "placed": run.placed,
        "seconds": run.seconds,
        "seed": run.seed,
        "model_version": run.model_version,
        "started_at": run.started_at,
    }


def _round(pk: int) -> InternshipRound:
    return get_object_or_404(InternshipRound.objects.all(), pk=pk)


@router.get("/c/{center_slug}/internship-rounds", response={200: list[RoundOut], **READ_ERRORS}, summary="Rounds")
@center_view(perm="internships.view")
def round_list(request, center_slug: str):
    return [_round_out(r) for r in selectors.round_list()]


@router.post("/c/{center_slug}/internship-rounds", response={201: RoundOut, **WRITE_ERRORS}, summary="Create a round")
@center_view(perm="internships.manage")
def round_create(request, center_slug: str, payload: RoundIn):
    trade = None
    if payload.trade_id is not None:
        trade = Trade.objects.filter(pk=payload.trade_id).first()
        if trade is None:
            raise ApplicationError(gettext("Unknown trade."), field="trade_id")
    round = services.round_create(
        center=request.center,
        name=payload.name,
        trade=trade,
        starts_on=payload.starts_on,
        weeks=payload.weeks,
        max_distance_km=payload.max_distance_km,
        actor=request.user,
    )
    return Status(201, _round_out(round))


@router.get(
    "/c/{center_slug}/internship-rounds/{pk}/slots",
    response={200: list[InternshipSlotOut], **READ_ERRORS},
    summary="Slots of a round",
)
@center_view(perm="internships.view")
def slot_list(request, center_slug: str, pk: int):
    return [_slot_out(s) for s in selectors.round_slots(_round(pk))]


@router.post(
    "/c/{center_slug}/internship-rounds/{pk}/slots",
    response={201: InternshipSlotOut, **WRITE_ERRORS},
    summary="Add a slot (an enterprise partnered with the center)",
)
@center_view(perm="internships.manage")
def slot_create(request, center_slug: str, pk: int, payload: InternshipSlotIn):
    round = _round(pk)
    enterprise = Enterprise.objects.filter(
        pk=payload.enterprise_id, partnerships__center=request.center, partnerships__status=Partnership.Status.ACTIVE
    ).first()
    if enterprise is None:
        raise ApplicationError(gettext("The enterprise is not an active partner of the center."), field="enterprise_id")
    trade = Trade.objects.filter(pk=payload.trade_id).first()
    if trade is None:
        raise ApplicationError(gettext("Unknown trade."), field="trade_id")
    mentor = None
    if payload.mentor_id is not None:
        mentor = EnterpriseContact.objects.filter(pk=payload.mentor_id, enterprise=enterprise).first()
        if mentor is None:
            raise ApplicationError(gettext("The mentor must work at this enterprise."), field="mentor_id")
    slot = services.slot_create(
        round=round,
        enterprise=enterprise,
        trade=trade,
        capacity=payload.capacity,
        place=payload.place,
        distance_km_from_center=payload.distance_km_from_center,
        mentor=mentor,
        safety_briefing_required=payload.safety_briefing_required,
        weeks=payload.weeks,
        blocks=[(b.weekday, b.starts_at, b.ends_at) for b in payload.blocks],
        actor=request.user,
    )
    return Status(
        201, _slot_out(selectors.round_slots(round)[[s.pk for s in selectors.round_slots(round)].index(slot.pk)])
    )


@router.get(
    "/c/{center_slug}/internship-rounds/{pk}/preferences",
    response={200: list[PreferenceOut], **READ_ERRORS},
    summary="Learners' ranked choices",
)
@center_view(perm="internships.view")
def preference_list(request, center_slug: str, pk: int):
    rows = InternshipPreference.objects.filter(round=_round(pk)).order_by("learner_id", "rank")
    return [{"learner_id": p.learner_id, "rank": p.rank, "slot_id": p.slot_id} for p in rows]


@router.put(
    "/c/{center_slug}/internship-rounds/{pk}/preferences",
    response={200: list[PreferenceOut], **WRITE_ERRORS},
    summary="Replace one learner's ranked choices (ranks 1–5, each rank and slot once)",
)
@center_view(perm="internships.manage")
def preference_set(request, center_slug: str, pk: int, payload: PreferencesIn):
    round = _round(pk)
    learner = Learner.objects.filter(pk=payload.learner_id).first()
    if learner is None or learner.pk not in {r.learner.pk for r in selectors.round_learners(round)}:
        raise ApplicationError(gettext("This learner is not part of this round."), field="learner_id")
    created = services.preference_set(
        round=round, learner=learner, choices=[(c.rank, c.slot_id) for c in payload.choices], actor=request.user
    )
    return [{"learner_id": p.learner_id, "rank": p.rank, "slot_id": p.slot_id} for p in created]


@router.post(
    "/c/{center_slug}/internship-rounds/{pk}/run",
    response={200: RunOut, **WRITE_ERRORS},
    summary="Run the allocation (replaces the previous unpublished run)",
)
@center_view(perm="internships.manage")
def run(request, center_slug: str, pk: int, payload: RunIn):
    result = services.allocation_run(
        round=_round(pk),
        actor=request.user,
        seed=payload.seed,
        max_per_class_enterprise=payload.max_per_class_enterprise,
    )
    return _run_out(result)


@router.get(
    "/c/{center_slug}/internship-rounds/{pk}/results",
    response={200: ResultsOut, **READ_ERRORS},
    summary="Placements and unplaced learners of the latest run, each with the reason",
)
@center_view(perm="internships.view")
def results(request, center_slug: str, pk: int):
    data = selectors.round_results(_round(pk))
    return {
        "run": _run_out(data.run) if data.run else None,
        "placements": [
            {
                "learner_id": p.learner_id,
                "learner_name": p.learner.full_name,
                "slot_id": p.slot_id,
                "enterprise_name": p.slot.enterprise.name,
                "status": p.status,
                "explanation": p.explanation,
            }
            for p in data.placements
        ],
        "unplaced": [
            {
                "learner_id": u.learner_id,
                "learner_name": u.learner.full_name,
                "reason": u.reason,
                "explanation": u.explanation,
            }
            for u in data.unplaced
        ],
    }


@router.post(
    "/c/{center_slug}/internship-rounds/{pk}/publish",
    response={200: PublishOut, **WRITE_ERRORS},
    summary="Publish the round to learners and enterprises",
)
@center_view(perm="internships.manage")
def publish(request, center_slug: str, pk: int):
    count = services.round_publish(round=_round(pk), actor=request.user)
    return {"status": "published", "published": count}
