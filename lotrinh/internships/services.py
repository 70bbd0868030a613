"""State changes of the internships area: rounds, slots, preferences, pin/forbid, the allocation, publication."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.academics.models import Trade
from lotrinh.core.audit import audit_record
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, User

from . import selectors
from .allocation import MODEL_VERSION, Block, Learner, Rules, Slot, allocate
from .models import (
    AllocationRun,
    InternshipPreference,
    InternshipRound,
    InternshipSlot,
    PairRule,
    Placement,
    SlotBlock,
    Unplaced,
)

MAX_CHOICES = 5


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _editable(round: InternshipRound) -> None:
    if round.status == InternshipRound.Status.PUBLISHED:
        raise ApplicationError(_("This round is published; reopen it before changing it."))


# --- Rounds and slots ---------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    center: Center,
    name: str,
    trade: Trade | None,
    starts_on: dt.date,
    weeks: int,
    max_distance_km: Decimal,
    actor: User,
) -> InternshipRound:
    if weeks < 1:
        raise ApplicationError(_("A round lasts at least one week."), field="weeks")
    if not 2000 <= starts_on.year <= 2100:
        raise ApplicationError(_("The start date is not plausible."), field="starts_on")
    if max_distance_km <= 0:
        raise ApplicationError(_("The maximum distance must be more than 0 km."), field="max_distance_km")
    round = InternshipRound.objects.create(
        center=center,
        name=name,
        trade=trade,
        starts_on=starts_on,
        weeks=weeks,
        max_distance_km=max_distance_km,
        created_by=actor,
    )
    audit_record(actor=actor, center=center, action=AuditEvent.Action.CREATE, obj=round)
    return round


@transaction.atomic
def slot_create(
    *,
    round: InternshipRound,
    enterprise,
    trade: Trade,
    capacity: int,
    place: str,
    blocks: list[tuple[int, dt.time, dt.time]],
    actor: User,
    commune=None,
    distance_km_from_center: Decimal | None = None,
    mentor=None,
    safety_briefing_required: bool = True,
    starts_on: dt.date | None = None,
    weeks: int | None = None,
) -> InternshipSlot:
    """A slot with its weekly blocks; refused whole when any part is wrong."""
    errors: dict[str, list[str]] = {}
    _editable(round)
    if capacity is None or capacity < 1:
        errors.setdefault("capacity", []).append(_("Capacity must be at least 1."))
    if round.trade_id and trade.pk != round.trade_id:
        errors.setdefault("trade", []).append(_("This round is for the trade %(trade)s.") % {"trade": round.trade})
    if mentor is not None and mentor.enterprise_id != enterprise.pk:
        errors.setdefault("mentor", []).append(_("The mentor must work at this enterprise."))
    if not blocks:
        errors.setdefault("blocks", []).append(_("Give at least one working day with its hours."))
    for weekday, starts_at, ends_at in blocks:
        if not 0 <= weekday <= 6:
            errors.setdefault("blocks", []).append(_("The weekday must be between Monday and Sunday."))
        if ends_at <= starts_at:
            errors.setdefault("blocks", []).append(_("A working block must end after it starts."))
    weeks = weeks or round.weeks
    if weeks < 1:
        errors.setdefault("weeks", []).append(_("A slot lasts at least one week."))
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, errors=errors)
    slot = InternshipSlot.objects.create(
        center=round.center,
        round=round,
        enterprise=enterprise,
        trade=trade,
        capacity=capacity,
        place=place,
        commune=commune,
        distance_km_from_center=distance_km_from_center,
        mentor=mentor,
        safety_briefing_required=safety_briefing_required,
        starts_on=starts_on or round.starts_on,
        weeks=weeks,
        created_by=actor,
    )
    SlotBlock.objects.bulk_create(
        SlotBlock(slot=slot, weekday=w, starts_at=s, ends_at=e) for w, s, e in sorted(set(blocks))
    )
    audit_record(
        actor=actor,
        center=round.center,
        action=AuditEvent.Action.CREATE,
        obj=slot,
        changes={"capacity": [None, capacity], "enterprise": [None, str(enterprise)]},
    )
    return slot


# --- Preferences and pair rules -----------------------------------------------------------------------------


@transaction.atomic
def preference_set(*, round: InternshipRound, learner, choices: list[tuple[int, int]], actor: User) -> list:
    """Replace a learner's ranked choices: [(rank, slot id), ...], ranks 1–5, each rank and slot once."""
    _editable(round)
    ranks = [r for r, _s in choices]
    slot_ids = [s for _r, s in choices]
    if any(not isinstance(r, int) or not 1 <= r <= MAX_CHOICES for r in ranks):
        raise ApplicationError(_("A choice's rank must be between 1 and 5."), field="rank")
    if len(set(ranks)) != len(ranks):
        raise ApplicationError(_("Each rank can be used only once."), field="rank")
    if len(set(slot_ids)) != len(slot_ids):
        raise ApplicationError(_("Each slot can be chosen only once."), field="slot")
    slots = {s.pk: s for s in round.slots.filter(pk__in=slot_ids)}
    if len(slots) != len(set(slot_ids)):
        raise ApplicationError(_("A chosen slot is not part of this round."), field="slot")
    old = {p.rank: p.slot_id for p in InternshipPreference.objects.filter(round=round, learner=learner)}
    InternshipPreference.objects.filter(round=round, learner=learner).delete()
    created = InternshipPreference.objects.bulk_create(
        InternshipPreference(center=round.center, round=round, learner=learner, slot_id=s, rank=r)
        for r, s in sorted(choices)
    )
    new = {r: s for r, s in choices}
    if old != new:
        audit_record(
            actor=actor,
            center=round.center,
            action=AuditEvent.Action.UPDATE,
            obj=learner,
            changes={"preferences": [old, new]},
        )
    return created


@transaction.atomic
def pair_rule_set(*, round: InternshipRound, learner, slot: InternshipSlot, kind: str, reason: str, actor: User):
    """Pin (always place there), forbid (never), or clear ("") one learner–slot pair."""
    _editable(round)
    if slot.round_id != round.pk:
        raise ApplicationError(_("This slot is not part of this round."))
    existing = PairRule.objects.filter(round=round, learner=learner, slot=slot).first()
    old = existing.kind if existing else ""
    if kind == "":
        if existing:
            existing.delete()
    else:
        if kind not in PairRule.Kind.values:
            raise ApplicationError(_("Unknown rule."))
        if kind == PairRule.Kind.PIN:
            other = PairRule.objects.filter(round=round, learner=learner, kind=PairRule.Kind.PIN).exclude(slot=slot)
            if other.exists():
                raise ApplicationError(_("This learner is already pinned to another slot."))
            pins = PairRule.objects.filter(slot=slot, kind=PairRule.Kind.PIN).exclude(learner=learner).count()
            if pins >= slot.capacity:
                raise ApplicationError(_("Every place of this slot is already pinned."))
        PairRule.objects.update_or_create(
            round=round,
            learner=learner,
            slot=slot,
            defaults={"center": round.center, "kind": kind, "reason": reason, "by": actor},
        )
    if old != kind:
        audit_record(
            actor=actor,
            center=round.center,
            action=AuditEvent.Action.UPDATE,
            obj=learner,
            changes={"rule": [f"{old} {slot.pk}".strip(), f"{kind} {slot.pk}".strip()], "reason": [None, reason]},
        )


# --- The allocation -----------------------------------------------------------------------------------------


def _estimated_km(learner, slot: InternshipSlot) -> float | None:
    """Home → slot, estimated through the center: both distances to it added (the same commune: their difference)."""
    home, there = learner.distance_km, slot.distance_km_from_center
    if home is None or there is None:
        return None
    if learner.commune_id and learner.commune_id == slot.commune_id:
        return abs(float(home) - float(there))
    return float(home) + float(there)


def allocation_inputs(round: InternshipRound, *, max_per_class_enterprise: int | None = None):
    """The pure inputs for a round, read in a fixed number of queries."""
    slots_db = selectors.round_slots(round)
    rows = selectors.round_learners(round)
    busy_by_class = selectors.culture_blocks(
        sorted({r.class_id for r in rows}), round.starts_on, selectors.round_ends_on(round)
    )
    slots = [
        Slot(
            id=s.pk,
            enterprise_id=s.enterprise_id,
            trade_id=s.trade_id,
            capacity=s.capacity,
            blocks=[Block(b.weekday, _minutes(b.starts_at), _minutes(b.ends_at)) for b in s.blocks.all()],
            starts_on=s.starts_on,
            ends_on=selectors.slot_ends_on(s),
            place=s.place,
            label=s.enterprise.name,
        )
        for s in slots_db
    ]
    learners = []
    for r in rows:
        busy = [
            Block(w.weekday, _minutes(w.starts_at), _minutes(w.ends_at), w.valid_from, w.valid_to)
            for w in busy_by_class.get(r.class_id, [])
        ]
        prefs = list(r.choices)
        while prefs and prefs[-1] is None:
            prefs.pop()
        distances = {}
        for s in slots_db:
            km = _estimated_km(r.learner, s)
            if km is not None:
                distances[s.pk] = km
        learners.append(
            Learner(
                id=r.learner.pk,
                trade_id=r.trade_id,
                busy=busy,
                preferences=prefs,
                distances=distances,
                class_id=r.class_id,
                name=r.learner.full_name,
            )
        )
    pins, forbids = set(), set()
    for rule in PairRule.objects.filter(round=round):
        (pins if rule.kind == PairRule.Kind.PIN else forbids).add((rule.learner_id, rule.slot_id))
    trade_names = {r.trade_id: r.trade_name for r in rows}
    trade_names.update({s.trade_id: s.trade.name for s in slots_db})
    rules = Rules(
        pins=pins,
        forbids=forbids,
        max_distance_km=float(round.max_distance_km),
        max_per_class_enterprise=max_per_class_enterprise,
        trade_names=trade_names,
    )
    return learners, slots, rules


@transaction.atomic
def allocation_run(
    *,
    round: InternshipRound,
    actor: User | None,
    seed: int = 0,
    max_per_class_enterprise: int | None = None,
    time_limit: float = 10.0,
) -> AllocationRun:
    """Allocate the round and store the run with its placements and unplaced learners (the previous run replaced)."""
    round = InternshipRound.objects.select_for_update().get(pk=round.pk)
    _editable(round)
    learners, slots, rules = allocation_inputs(round, max_per_class_enterprise=max_per_class_enterprise)
    started = timezone.now()
    result = allocate(learners, slots, rules, seed=seed, time_limit=time_limit, workers=2)
    previous = list(round.runs.values_list("pk", flat=True))
    Placement.objects.filter(run_id__in=previous).delete()
    AllocationRun.objects.filter(pk__in=previous).delete()
    run = AllocationRun.objects.create(
        center=round.center,
        round=round,
        started_at=started,
        finished_at=timezone.now(),
        solver=result.solver,
        status=result.status,
        objective=result.objective,
        bound=result.bound,
        gap=result.gap,
        placed=result.placed,
        seconds=result.seconds,
        seed=seed,
        model_version=MODEL_VERSION,
        run_by=actor,
    )
    reasons = set(Unplaced.Reason.values)
    Placement.objects.bulk_create(
        Placement(
            center=round.center,
            round=round,
            run=run,
            learner_id=o.learner_id,
            slot_id=o.slot_id,
            explanation=o.text(_),
        )
        for o in result.outcomes
        if o.slot_id is not None
    )
    Unplaced.objects.bulk_create(
        Unplaced(
            center=round.center,
            run=run,
            learner_id=o.learner_id,
            reason=o.reason if o.reason in reasons else Unplaced.Reason.NO_COMPATIBLE,
            explanation=o.text(_) if not result.message else _(result.message),
        )
        for o in result.outcomes
        if o.slot_id is None
    )
    status_before = round.status
    if result.status in ("OPTIMAL", "FEASIBLE"):
        round.status = InternshipRound.Status.ALLOCATED
        round.save(update_fields=["status"])
    changes = {"placed": [None, result.placed], "solver": [None, str(run.get_solver_display())]}
    if round.status != status_before:
        changes["status"] = [status_before, round.status]
    audit_record(actor=actor, center=round.center, action=AuditEvent.Action.UPDATE, obj=round, changes=changes)
    return run


# --- Publication --------------------------------------------------------------------------------------------


@transaction.atomic
def round_publish(*, round: InternshipRound, actor: User) -> int:
    """Publish the latest run: each placed learner gets their personal link, the enterprises see their interns."""
    round = InternshipRound.objects.select_for_update().get(pk=round.pk)
    if round.status != InternshipRound.Status.ALLOCATED:
        raise ApplicationError(_("Run the allocation before publishing the round."))
    run = selectors.latest_run(round)
    now = timezone.now()
    count = Placement.objects.filter(run=run, status=Placement.Status.ASSIGNED).update(
        status=Placement.Status.PUBLISHED, published_at=now
    )
    round.status = InternshipRound.Status.PUBLISHED
    round.published_at = now
    round.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        center=round.center,
        action=AuditEvent.Action.UPDATE,
        obj=round,
        changes={"status": ["allocated", "published"], "placements": [None, count]},
    )
    return count


@transaction.atomic
def round_reopen(*, round: InternshipRound, actor: User) -> None:
    """Take a published round back (links stop working) so that it can be changed and run again."""
    round = InternshipRound.objects.select_for_update().get(pk=round.pk)
    if round.status != InternshipRound.Status.PUBLISHED:
        raise ApplicationError(_("Only a published round can be reopened."))
    Placement.objects.filter(round=round, status=Placement.Status.PUBLISHED).update(
        status=Placement.Status.ASSIGNED, published_at=None
    )
    round.status = InternshipRound.Status.ALLOCATED
    round.published_at = None
    round.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        center=round.center,
        action=AuditEvent.Action.UPDATE,
        obj=round,
        changes={"status": ["published", "allocated"]},
    )
