"""The pure allocation on hand-checked cases (no database)."""

import datetime as dt
import random
from collections import Counter

import pytest

from lotrinh.internships.allocation import Block, Learner, Rules, Slot, allocate
from lotrinh.internships.allocation.solve import big_weight
from lotrinh.internships.allocation.stable import stable_matching

D0 = dt.date(2027, 3, 1)  # a Monday
D1 = D0 + dt.timedelta(weeks=4)
WELD, ELEC = 1, 2
NAMES = {WELD: "Hàn", ELEC: "Điện công nghiệp"}


def slot(id, capacity=1, trade=WELD, blocks=None, enterprise=None, **kw):
    blocks = blocks if blocks is not None else [Block(2, 13 * 60, 17 * 60)]  # Wednesday afternoon
    return Slot(id, enterprise or id, trade, capacity, blocks, D0, D1, label=f"DN{id}", **kw)


def learner(id, prefs=(), trade=WELD, busy=(), **kw):
    return Learner(id, trade, list(busy), list(prefs), **kw)


def rules(**kw):
    return Rules(trade_names=NAMES, **kw)


def test_it_solves_three_learners_two_slots_as_by_hand():
    # A (1 place), B (2 places). L1: B is 2nd choice, L2: A only, L3: B only. By hand the best with all
    # three placed: L2→A (50), L1→B (40), L3→B (50) = 140; any other full assignment scores less.
    slots = [slot(10, 1), slot(20, 2)]
    learners = [learner(1, [10, 20]), learner(2, [10]), learner(3, [20])]
    result = allocate(learners, slots, rules())
    assert result.assignment == {1: 20, 2: 10, 3: 20}
    assert result.status == "OPTIMAL" and result.placed == 3 and result.score == 140
    assert result.objective == big_weight(3) * 3 + 140
    l1 = next(o for o in result.outcomes if o.learner_id == 1)
    assert l1.rank == 2
    assert l1.text() == "Choice 2; choice 1 (DN10) was full."


def test_it_avoids_a_clash_with_culture_lessons_and_names_it():
    monday_morning = Block(0, 7 * 60 + 30, 9 * 60, D0 - dt.timedelta(days=30), D1 + dt.timedelta(days=30))
    clashing = slot(10, blocks=[Block(0, 8 * 60, 11 * 60 + 30)])
    free = slot(20, blocks=[Block(1, 8 * 60, 11 * 60 + 30)])
    result = allocate([learner(1, [10, 20], busy=[monday_morning])], [clashing, free], rules())
    outcome = result.outcomes[0]
    assert outcome.slot_id == 20
    assert outcome.text() == (
        "Choice 2; no clash with culture lessons; choice 1 (DN10) clashes with Monday 07:30–09:00."
    )
    only_clash = allocate([learner(1, [10], busy=[monday_morning])], [clashing], rules())
    o = only_clash.outcomes[0]
    assert o.slot_id is None and o.reason == "timetable_clash"
    assert o.text() == "Every internship place for Hàn clashes with culture lessons (Monday 07:30–09:00)."


def test_it_ignores_a_lesson_that_ended_before_the_internship():
    ended = Block(0, 7 * 60 + 30, 9 * 60, D0 - dt.timedelta(days=90), D0 - dt.timedelta(days=1))
    monday = slot(10, blocks=[Block(0, 8 * 60, 11 * 60)])
    assert allocate([learner(1, [10], busy=[ended])], [monday], rules()).assignment == {1: 10}


def test_it_explains_an_infeasible_trade_without_crashing():
    learners = [learner(1, [], trade=ELEC), learner(2, [10])]
    for solver in ("flow", "cp_sat"):
        result = allocate(learners, [slot(10)], rules(), solver=solver)
        assert result.assignment == {2: 10}
        o = result.outcomes[0]
        assert o.reason == "no_slot_for_trade"
        assert o.text() == "No internship place for the trade Điện công nghiệp in this round."
    nothing = allocate([learner(1, trade=ELEC)], [], rules(), solver="cp_sat")
    assert nothing.placed == 0 and nothing.outcomes[0].reason == "no_slot_for_trade"


def test_it_explains_too_far_and_full():
    far = allocate([learner(1, [10], distances={10: 27.0})], [slot(10)], rules(max_distance_km=20))
    assert far.outcomes[0].reason == "too_far"
    assert far.outcomes[0].text() == ("Every internship place for Hàn is farther than 20 km from home (nearest 27 km).")
    full = allocate([learner(1, [10]), learner(2, [10])], [slot(10)], rules())
    loser = next(o for o in full.outcomes if o.slot_id is None)
    assert loser.reason == "full"
    assert "taken by learners who ranked it as high or higher" in loser.text()


def test_it_holds_a_pin_and_a_forbid():
    slots = [slot(10, 1), slot(20, 2)]
    learners = [learner(1, [10, 20]), learner(2, [10]), learner(3, [20])]
    pinned = allocate(learners, slots, rules(pins={(3, 10)}))
    assert pinned.assignment[3] == 10
    assert next(o for o in pinned.outcomes if o.learner_id == 3).reason == "pinned"
    assert next(o for o in pinned.outcomes if o.learner_id == 3).text().startswith("Pinned by staff")
    forbidden = allocate(learners, slots, rules(forbids={(2, 10)}))
    assert forbidden.assignment[2] == 20 and forbidden.assignment[1] == 10
    for solver in ("flow", "cp_sat"):
        assert allocate(learners, slots, rules(pins={(3, 10)}), solver=solver).assignment[3] == 10


def test_it_refuses_more_pins_than_places():
    result = allocate([learner(1), learner(2)], [slot(10, 1)], rules(pins={(1, 10), (2, 10)}))
    assert result.status == "MODEL_INVALID" and result.placed == 0
    assert result.message


def test_it_keeps_the_side_constraint_with_cp_sat():
    learners = [learner(1, [10], class_id=7), learner(2, [10], class_id=7), learner(3, [10], class_id=8)]
    result = allocate(learners, [slot(10, 3)], rules(max_per_class_enterprise=1))
    assert result.solver == "cp_sat" and result.status == "OPTIMAL"
    placed_classes = Counter(lr.class_id for lr in learners if lr.id in result.assignment)
    assert placed_classes == {7: 1, 8: 1}


def random_instance(seed, n_learners=60, n_slots=15, trades=3):
    rng = random.Random(seed)
    slots = [
        slot(
            100 + i,
            rng.randint(1, 4),
            trade=rng.randint(1, trades),
            blocks=[Block(rng.randint(0, 5), 7 * 60 + 30, 11 * 60 + 30)],
            enterprise=rng.randint(1, 6),
            location=(rng.uniform(0, 30), rng.uniform(0, 30)),
        )
        for i in range(n_slots)
    ]
    learners = []
    for i in range(n_learners):
        trade = rng.randint(1, trades)
        own = [s.id for s in slots if s.trade_id == trade]
        busy = [Block(rng.randint(0, 5), 7 * 60 + 30, 9 * 60) for _ in range(2)]
        learners.append(
            learner(
                i + 1,
                rng.sample(own, min(len(own), rng.randint(0, 5))),
                trade=trade,
                busy=busy,
                home=(rng.uniform(0, 30), rng.uniform(0, 30)),
                class_id=trade * 10 + rng.randint(0, 2),
            )
        )
    return learners, slots


@pytest.mark.parametrize("seed", range(6))
def test_it_never_exceeds_capacity_and_flow_equals_cp_sat(seed):
    learners, slots = random_instance(seed)
    r = rules(max_distance_km=25)
    flow = allocate(learners, slots, r, solver="flow")
    sat = allocate(learners, slots, r, solver="cp_sat", workers=1, seed=seed, hint_with_flow=False)
    assert sat.status == "OPTIMAL"
    assert flow.objective == sat.objective
    capacity = {s.id: s.capacity for s in slots}
    for result in (flow, sat):
        for slot_id, count in Counter(result.assignment.values()).items():
            assert count <= capacity[slot_id]
    stable = stable_matching(learners, slots, r)
    stable_objective = big_weight(len(learners)) * len(stable) + sum(p.score for p in stable.values())
    assert sat.objective >= stable_objective
    assert sat.placed >= len(stable)


@pytest.mark.parametrize("seed", range(3))
def test_it_keeps_the_side_constraint_and_stays_under_the_flow_bound(seed):
    learners, slots = random_instance(seed, n_learners=80, n_slots=12, trades=2)
    r = rules(max_distance_km=25)
    flow = allocate(learners, slots, r, solver="flow")
    r.max_per_class_enterprise = 1
    sat = allocate(learners, slots, r, workers=1, seed=seed)
    assert sat.solver == "cp_sat" and sat.status in ("OPTIMAL", "FEASIBLE")
    class_of = {lr.id: lr.class_id for lr in learners}
    enterprise_of = {s.id: s.enterprise_id for s in slots}
    counts = Counter((class_of[lid], enterprise_of[sid]) for lid, sid in sat.assignment.items())
    assert max(counts.values()) <= 1
    assert sat.objective <= sat.bound <= flow.objective


def test_it_allocates_a_thousand_learners_within_budget():
    from lotrinh.internships.allocation.synthetic import instance

    learners, slots, r = instance(learners=1000, enterprises=60, slots=240, seed=1)
    flow = allocate(learners, slots, r, solver="flow")
    assert flow.status == "OPTIMAL" and flow.seconds < 20
    assert len(flow.outcomes) == 1000 and all(o.parts for o in flow.outcomes)
    r.max_per_class_enterprise = 3
    sat = allocate(learners, slots, r, time_limit=5, workers=2)
    assert sat.status in ("OPTIMAL", "FEASIBLE") and sat.seconds < 30
    assert sat.bound <= flow.objective and sat.objective >= 0.9 * flow.objective
