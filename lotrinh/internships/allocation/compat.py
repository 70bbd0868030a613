"""Which learner–slot pairs are possible, and how well each fits.

A pair is compatible when the trade is the same, no weekly block of the slot clashes with a culture lesson
of the learner's class in any week both run, the distance from home is within the limit, and staff have not
forbidden it. The score: preference rank 1 → 50 … rank 5 → 10, an unranked compatible slot → 1, minus one
point per 5 km from home (at most 9).
"""

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from .model import Block, Learner, Rules, Slot

RANK_SCORE = {1: 50, 2: 40, 3: 30, 4: 20, 5: 10}
UNRANKED_SCORE = 1
KM_PER_PENALTY_POINT = 5.0
MAX_PENALTY = 9

OK = "ok"
OTHER_TRADE = "other_trade"
FORBIDDEN = "forbidden"
CLASH = "clash"
TOO_FAR = "too_far"


@dataclass(frozen=True)
class Pair:
    learner_id: int
    slot_id: int
    score: int
    rank: int | None
    distance_km: float | None


def distance(learner: Learner, slot: Slot) -> float | None:
    if slot.id in learner.distances:
        return learner.distances[slot.id]
    if learner.home is not None and slot.location is not None:
        return math.dist(learner.home, slot.location)
    return None


def _weekday_occurs(start: dt.date, end: dt.date, weekday: int) -> bool:
    if end < start:
        return False
    if (end - start).days >= 6:
        return True
    return weekday in {(start + dt.timedelta(days=d)).weekday() for d in range((end - start).days + 1)}


def block_clash(busy: Block, work: Block, starts_on: dt.date | None, ends_on: dt.date | None) -> bool:
    """Same weekday, hours overlapping, and a week where both the lesson and the slot run."""
    if busy.weekday != work.weekday or busy.end <= work.start or work.end <= busy.start:
        return False
    lo = max(d for d in (busy.valid_from, starts_on, dt.date.min) if d is not None)
    hi = min(d for d in (busy.valid_to, ends_on, dt.date.max) if d is not None)
    if lo == dt.date.min or hi == dt.date.max:
        return lo <= hi
    return _weekday_occurs(lo, hi, busy.weekday)


def clashes(busy: tuple[Block, ...], slot: Slot) -> list[Block]:
    """The learner's lessons that clash with the slot (empty: no clash)."""
    return [b for b in busy if any(block_clash(b, w, slot.starts_on, slot.ends_on) for w in slot.blocks)]


def pair_score(rank: int | None, km: float | None) -> int:
    base = RANK_SCORE.get(rank, UNRANKED_SCORE) if rank is not None else UNRANKED_SCORE
    penalty = 0 if km is None else min(MAX_PENALTY, int(km // KM_PER_PENALTY_POINT))
    return base - penalty


class Compatibility:
    """Compatible pairs of an instance; clashes are computed once per (timetable, slot), distances per learner
    with numpy when coordinates are given."""

    def __init__(self, learners: list[Learner], slots: list[Slot], rules: Rules) -> None:
        self.learners = learners
        self.slots = slots
        self.rules = rules
        self.slot_by_id = {s.id: s for s in slots}
        self.slots_by_trade: dict[int, list[Slot]] = {}
        for s in slots:
            self.slots_by_trade.setdefault(s.trade_id, []).append(s)
        self._busy_ids: dict[tuple, int] = {}
        self._learner_busy: dict[int, int] = {}
        self._clash_cache: dict[tuple[int, int], list[Block]] = {}
        self._free: dict[tuple[int, int], tuple[list[Slot], np.ndarray | None]] = {}

    def busy_id(self, learner: Learner) -> int:
        found = self._learner_busy.get(learner.id)
        if found is None:
            key = tuple(learner.busy)
            found = self._learner_busy[learner.id] = self._busy_ids.setdefault(key, len(self._busy_ids))
        return found

    def clash(self, learner: Learner, slot: Slot) -> list[Block]:
        key = (self.busy_id(learner), slot.id)
        found = self._clash_cache.get(key)
        if found is None:
            found = self._clash_cache[key] = clashes(tuple(learner.busy), slot)
        return found

    def check(self, learner: Learner, slot: Slot) -> tuple[str, float | None]:
        """The first reason the pair is impossible, or OK; with the distance when known."""
        km = distance(learner, slot)
        if slot.trade_id != learner.trade_id:
            return OTHER_TRADE, km
        if (learner.id, slot.id) in self.rules.forbids:
            return FORBIDDEN, km
        if self.clash(learner, slot):
            return CLASH, km
        if self.rules.max_distance_km is not None and km is not None and km > self.rules.max_distance_km:
            return TOO_FAR, km
        return OK, km

    def _free_slots(self, learner: Learner) -> tuple[list[Slot], np.ndarray | None]:
        """The slots of the learner's trade that do not clash with their lessons (shared by their class)."""
        key = (self.busy_id(learner), learner.trade_id)
        found = self._free.get(key)
        if found is None:
            free = [s for s in self.slots_by_trade.get(learner.trade_id, []) if not self.clash(learner, s)]
            coords = None
            if free and all(s.location is not None for s in free):
                coords = np.array([s.location for s in free], dtype=float)
            found = self._free[key] = (free, coords)
        return found

    def pairs(self) -> list[Pair]:
        out: list[Pair] = []
        limit = self.rules.max_distance_km
        forbids = self.rules.forbids
        for learner in self.learners:
            free, coords = self._free_slots(learner)
            if not free:
                continue
            ranks = {sid: r for r, sid in enumerate(learner.preferences, start=1) if sid is not None}
            if coords is not None and learner.home is not None and not learner.distances:
                kms = np.hypot(coords[:, 0] - learner.home[0], coords[:, 1] - learner.home[1])
                index = np.nonzero(kms <= limit)[0] if limit is not None else range(len(free))
                candidates = [(free[i], float(kms[i])) for i in index]
            else:
                candidates = [(s, distance(learner, s)) for s in free]
                if limit is not None:
                    candidates = [(s, km) for s, km in candidates if km is None or km <= limit]
            for slot, km in candidates:
                if forbids and (learner.id, slot.id) in forbids:
                    continue
                rank = ranks.get(slot.id)
                out.append(Pair(learner.id, slot.id, pair_score(rank, km), rank, km))
        return out
