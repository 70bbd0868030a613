"""A stable matching on the same ranked, compatible pairs (``matching``'s HospitalResident), for comparison."""

import sys

from .compat import Compatibility, Pair
from .model import Learner, Rules, Slot


def stable_matching(learners: list[Learner], slots: list[Slot], rules: Rules) -> dict[int, Pair]:
    """Learner-optimal stable matching: learners propose along their compatible choices, slots prefer fit."""
    from matching.games import HospitalResident

    compat = Compatibility(learners, slots, rules)
    ranked = [p for p in compat.pairs() if p.rank is not None]
    if not ranked:
        return {}
    by_key = {(p.learner_id, p.slot_id): p for p in ranked}
    resident_prefs: dict[int, list[int]] = {}
    for p in sorted(ranked, key=lambda p: (p.learner_id, p.rank)):
        resident_prefs.setdefault(p.learner_id, []).append(p.slot_id)
    hospital_prefs: dict[int, list[int]] = {}
    for p in sorted(ranked, key=lambda p: (p.slot_id, -p.score, p.learner_id)):
        hospital_prefs.setdefault(p.slot_id, []).append(p.learner_id)
    capacities = {s.id: s.capacity for s in slots if s.id in hospital_prefs}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 100_000))
    try:
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        solution = game.solve(optimal="resident")
    finally:
        sys.setrecursionlimit(limit)
    out: dict[int, Pair] = {}
    for hospital, residents in solution.items():
        for resident in residents:
            out[resident.name] = by_key[(resident.name, hospital.name)]
    return out
