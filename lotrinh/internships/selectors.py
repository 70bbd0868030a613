"""Reads of the internships area, each with a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from lotrinh.academics.models import Enrollment, EnrollmentStatus, SessionKind, WeeklySlot

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


def round_ends_on(round: InternshipRound) -> dt.date:
    return round.starts_on + dt.timedelta(weeks=round.weeks, days=-1)


def slot_ends_on(slot: InternshipSlot) -> dt.date:
    return slot.starts_on + dt.timedelta(weeks=slot.weeks, days=-1)


def round_list():
    """The center's rounds (the scope holds the center) with their slot and place counts."""
    return InternshipRound.objects.select_related("trade").annotate(
        slot_count=Count("slots", distinct=True),
        placement_count=Count("placements", filter=~Q(placements__status=Placement.Status.WITHDRAWN), distinct=True),
    )


def round_slots(round: InternshipRound) -> list[InternshipSlot]:
    """Slots of a round with enterprise, trade, mentor and weekly blocks: 2 queries."""
    return list(
        round.slots.select_related("enterprise", "trade", "mentor", "commune").prefetch_related(
            Prefetch("blocks", queryset=SlotBlock.objects.order_by("weekday", "starts_at"))
        )
    )


@dataclass
class RoundLearner:
    learner: object
    class_id: int
    class_name: str
    trade_id: int | None
    trade_name: str
    choices: list = field(default_factory=list)  # slot id per rank 1..5 (None where empty)


def round_learners(round: InternshipRound) -> list[RoundLearner]:
    """Learners of the round: an active enrollment in a class of the round's trade (any trade when none).

    One query for the enrollments, one for the preferences.
    """
    enrollments = (
        Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED, school_class__trade__isnull=False)
        .select_related("learner", "school_class", "school_class__trade")
        .order_by("school_class__name", "learner__full_name", "learner_id", "id")
    )
    if round.trade_id:
        enrollments = enrollments.filter(school_class__trade_id=round.trade_id)
    seen: dict[int, RoundLearner] = {}
    for e in enrollments:
        if e.learner_id in seen:
            continue
        seen[e.learner_id] = RoundLearner(
            learner=e.learner,
            class_id=e.school_class_id,
            class_name=e.school_class.name,
            trade_id=e.school_class.trade_id,
            trade_name=e.school_class.trade.name,
            choices=[None] * 5,
        )
    for pref in InternshipPreference.objects.filter(round=round).only("learner_id", "slot_id", "rank"):
        row = seen.get(pref.learner_id)
        if row is not None and 1 <= pref.rank <= 5:
            row.choices[pref.rank - 1] = pref.slot_id
    return list(seen.values())


def culture_blocks(class_ids: list[int], starts_on: dt.date, ends_on: dt.date) -> dict[int, list[WeeklySlot]]:
    """Culture lessons of these classes that run at some point between the two dates: 1 query."""
    rows = WeeklySlot.objects.filter(
        school_class_id__in=class_ids, kind=SessionKind.CULTURE, valid_from__lte=ends_on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=starts_on))
    out: dict[int, list[WeeklySlot]] = defaultdict(list)
    for row in rows.order_by("weekday", "starts_at"):
        out[row.school_class_id].append(row)
    return out


def latest_run(round: InternshipRound) -> AllocationRun | None:
    return round.runs.order_by("-started_at", "-id").first()


@dataclass
class Results:
    run: AllocationRun | None
    placements: list
    unplaced: list
    classes: list
    trades: list
    rules: dict


def round_results(round: InternshipRound, *, class_id: int | None = None, trade_id: int | None = None) -> Results:
    """The latest run's placements and unplaced learners, with each learner's class: 5 queries."""
    run = latest_run(round)
    if run is None:
        return Results(None, [], [], [], [], {})
    class_of = {}
    for e in (
        Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED, school_class__trade__isnull=False)
        .select_related("school_class", "school_class__trade")
        .only(
            "learner_id",
            "school_class__id",
            "school_class__name",
            "school_class__trade__id",
            "school_class__trade__name",
        )
        .order_by("id")
    ):
        class_of.setdefault(e.learner_id, e.school_class)
    placements = list(
        run.placements.select_related("learner", "slot__enterprise", "slot__trade", "slot__mentor").order_by(
            "learner__full_name", "id"
        )
    )
    unplaced = list(run.unplaced.select_related("learner").order_by("learner__full_name", "id"))
    for row in placements + unplaced:
        row.school_class = class_of.get(row.learner_id)
    classes = sorted({(c.id, c.name) for c in class_of.values() if c}, key=lambda c: c[1])
    trades = sorted({(c.trade.id, c.trade.name) for c in class_of.values() if c}, key=lambda t: t[1])

    def keep(row) -> bool:
        c = row.school_class
        if class_id and (c is None or c.id != class_id):
            return False
        return not (trade_id and (c is None or c.trade_id != trade_id))

    rules = {(r.learner_id, r.slot_id): r for r in PairRule.objects.filter(round=round)}
    return Results(run, [p for p in placements if keep(p)], [u for u in unplaced if keep(u)], classes, trades, rules)


def enterprise_open_rounds(enterprise) -> list[InternshipRound]:
    """Draft rounds of the partner centers (the scope holds them): 1 query."""
    return list(
        InternshipRound.objects.filter(status=InternshipRound.Status.DRAFT)
        .select_related("trade", "center")
        .order_by("starts_on", "id")
    )


def enterprise_slots(enterprise) -> list[InternshipSlot]:
    """The enterprise's own slots in its partner centers: 2 queries."""
    return list(
        InternshipSlot.objects.filter(enterprise=enterprise)
        .select_related("round", "round__center", "trade", "mentor")
        .prefetch_related("blocks")
        .order_by("-round__starts_on", "id")
    )


def enterprise_interns(enterprise) -> list[Placement]:
    """Published placements at the enterprise's slots, with class names: 2 queries."""
    placements = list(
        Placement.objects.filter(slot__enterprise=enterprise, status=Placement.Status.PUBLISHED)
        .select_related("learner", "slot", "slot__mentor", "slot__trade", "round")
        .order_by("slot__starts_on", "learner__full_name", "id")
    )
    class_of = {}
    for e in (
        Enrollment.objects.filter(learner_id__in=[p.learner_id for p in placements], status=EnrollmentStatus.ENROLLED)
        .select_related("school_class")
        .order_by("id")
    ):
        class_of.setdefault(e.learner_id, e.school_class.name)
    for p in placements:
        p.class_name = class_of.get(p.learner_id, "")
    return placements


def placement_for_token(token: str) -> Placement | None:
    """A published placement by its learner link (the portal scope holds the center)."""
    return (
        Placement.objects.filter(learner_token=token, status=Placement.Status.PUBLISHED)
        .select_related("learner", "slot__enterprise", "slot__mentor", "slot__trade", "slot__commune", "round")
        .prefetch_related("slot__blocks")
        .first()
    )


def unplaced_for(run: AllocationRun):
    return Unplaced.objects.filter(run=run).select_related("learner")
