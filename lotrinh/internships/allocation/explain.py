"""Why this slot, or why none: one Outcome per learner, its sentences as catalogue messages."""

from collections import defaultdict

from .compat import CLASH, FORBIDDEN, OK, OTHER_TRADE, TOO_FAR, Compatibility, Pair
from .model import Block, Learner, Outcome, Part, Rules, Slot, gettext_noop

WEEKDAYS = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]

# Unplaced reason codes (the same values as Unplaced.Reason)
NO_SLOT_FOR_TRADE = "no_slot_for_trade"
TIMETABLE_CLASH = "timetable_clash"
ALL_TOO_FAR = "too_far"
ALL_FORBIDDEN = "forbidden"
FULL = "full"
NO_COMPATIBLE = "no_compatible"
PLACED = "placed"
PINNED = "pinned"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def lesson(block: Block) -> Part:
    return Part(
        gettext_noop("%(day)s %(start)s–%(end)s"),
        {"day": Part(WEEKDAYS[block.weekday]), "start": _hhmm(block.start), "end": _hhmm(block.end)},
    )


def _trade(rules: Rules, trade_id) -> str:
    return rules.trade_names.get(trade_id, str(trade_id))


def _slot_label(slot: Slot) -> str:
    return slot.label or slot.place or f"#{slot.id}"


def explain(
    learners: list[Learner],
    slots: list[Slot],
    rules: Rules,
    compat: Compatibility,
    chosen: dict[int, Pair],
    pinned: dict[int, Pair],
) -> list[Outcome]:
    holders: dict[int, list[Pair]] = defaultdict(list)
    for p in chosen.values():
        holders[p.slot_id].append(p)
    load = {sid: len(ps) for sid, ps in holders.items()}
    return [
        _placed(lr, chosen[lr.id], lr.id in pinned, rules, compat, load)
        if lr.id in chosen
        else _unplaced(lr, rules, compat, holders)
        for lr in learners
    ]


def _placed(learner: Learner, pair: Pair, is_pin: bool, rules: Rules, compat: Compatibility, load) -> Outcome:
    slot = compat.slot_by_id[pair.slot_id]
    parts: list[Part] = []
    if is_pin:
        parts.append(Part(gettext_noop("Pinned by staff")))
    if pair.rank is not None:
        parts.append(Part(gettext_noop("Choice %(rank)s"), {"rank": pair.rank}))
    else:
        parts.append(Part(gettext_noop("Not among the choices: a compatible place that was free")))
    if pair.distance_km is not None:
        parts.append(Part(gettext_noop("%(km)s km from home"), {"km": float(pair.distance_km)}))
    clash = compat.clash(learner, slot)
    if clash:
        parts.append(
            Part(gettext_noop("clashes with culture lessons: %(lessons)s"), {"lessons": [lesson(b) for b in clash]})
        )
    elif learner.busy:
        parts.append(Part(gettext_noop("no clash with culture lessons")))
    for rank, slot_id in enumerate(learner.preferences, start=1):
        if pair.rank is not None and rank >= pair.rank:
            break
        better = compat.slot_by_id.get(slot_id)
        if better is None:
            continue
        why, km = compat.check(learner, better)
        label = _slot_label(better)
        if why == OK:
            parts.append(Part(gettext_noop("choice %(rank)s (%(slot)s) was full"), {"rank": rank, "slot": label}))
        elif why == CLASH:
            parts.append(
                Part(
                    gettext_noop("choice %(rank)s (%(slot)s) clashes with %(lessons)s"),
                    {"rank": rank, "slot": label, "lessons": [lesson(b) for b in compat.clash(learner, better)]},
                )
            )
        elif why == TOO_FAR:
            parts.append(
                Part(
                    gettext_noop("choice %(rank)s (%(slot)s) is too far (%(km)s km)"),
                    {"rank": rank, "slot": label, "km": float(km or 0)},
                )
            )
        elif why == FORBIDDEN:
            parts.append(
                Part(gettext_noop("choice %(rank)s (%(slot)s) was ruled out by staff"), {"rank": rank, "slot": label})
            )
        elif why == OTHER_TRADE:
            parts.append(
                Part(gettext_noop("choice %(rank)s (%(slot)s) is for another trade"), {"rank": rank, "slot": label})
            )
    return Outcome(learner.id, slot.id, PINNED if is_pin else PLACED, parts, pair.rank, pair.distance_km)


def _unplaced(learner: Learner, rules: Rules, compat: Compatibility, holders) -> Outcome:
    trade = _trade(rules, learner.trade_id)
    slots = compat.slots_by_trade.get(learner.trade_id, [])
    if not slots:
        part = Part(gettext_noop("No internship place for the trade %(trade)s in this round"), {"trade": trade})
        return Outcome(learner.id, None, NO_SLOT_FOR_TRADE, [part])
    by_reason: dict[str, list[tuple[Slot, float | None]]] = defaultdict(list)
    for slot in slots:
        why, km = compat.check(learner, slot)
        by_reason[why].append((slot, km))
    compatible = by_reason.get(OK, [])
    if compatible:
        ranks = {sid: r for r, sid in enumerate(learner.preferences, start=1)}
        labels = list(dict.fromkeys(_slot_label(s) for s, _ in compatible))[:5]
        from .compat import pair_score

        outranked = all(
            all(h.score >= pair_score(ranks.get(s.id), km) for h in holders.get(s.id, [])) for s, km in compatible
        )
        message = (
            gettext_noop("Every compatible place (%(slots)s) is taken by learners who ranked it as high or higher")
            if outranked
            else gettext_noop("Every compatible place (%(slots)s) is taken, so that the most learners are placed")
        )
        return Outcome(learner.id, None, FULL, [Part(message, {"slots": labels})])
    clash_lessons: list[Block] = []
    for slot, _ in by_reason.get(CLASH, []):
        for b in compat.clash(learner, slot):
            if b not in clash_lessons:
                clash_lessons.append(b)
    lessons = [lesson(b) for b in sorted(clash_lessons, key=lambda b: (b.weekday, b.start))]
    if set(by_reason) == {CLASH}:
        part = Part(
            gettext_noop("Every internship place for %(trade)s clashes with culture lessons (%(lessons)s)"),
            {"trade": trade, "lessons": lessons},
        )
        return Outcome(learner.id, None, TIMETABLE_CLASH, [part])
    if set(by_reason) == {TOO_FAR}:
        nearest = min((km for _, km in by_reason[TOO_FAR] if km is not None), default=None)
        part = Part(
            gettext_noop(
                "Every internship place for %(trade)s is farther than %(limit)s km from home (nearest %(km)s km)"
            ),
            {"trade": trade, "limit": float(rules.max_distance_km or 0), "km": float(nearest or 0)},
        )
        return Outcome(learner.id, None, ALL_TOO_FAR, [part])
    if set(by_reason) == {FORBIDDEN}:
        part = Part(gettext_noop("Staff ruled out every internship place for %(trade)s"), {"trade": trade})
        return Outcome(learner.id, None, ALL_FORBIDDEN, [part])
    parts = [Part(gettext_noop("No compatible internship place for %(trade)s"), {"trade": trade})]
    if by_reason.get(CLASH):
        parts.append(
            Part(
                gettext_noop("%(count)s clash with culture lessons (%(lessons)s)"),
                {"count": len(by_reason[CLASH]), "lessons": lessons},
            )
        )
    if by_reason.get(TOO_FAR):
        parts.append(
            Part(
                gettext_noop("%(count)s farther than %(limit)s km"),
                {"count": len(by_reason[TOO_FAR]), "limit": float(rules.max_distance_km or 0)},
            )
        )
    if by_reason.get(FORBIDDEN):
        parts.append(Part(gettext_noop("%(count)s ruled out by staff"), {"count": len(by_reason[FORBIDDEN])}))
    return Outcome(learner.id, None, NO_COMPATIBLE, parts)
