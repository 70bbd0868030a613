"""Solving: maximize the number placed first, then the fit (objective = BIG × placed + Σ score).

Without side constraints the problem is a transportation problem: min-cost flow (max flow at min cost)
is exact and fast. Pins are fixed first (the slot's capacity reduced). With side constraints (at most N
learners of one class at one enterprise) CP-SAT solves it, with a fixed number of workers, a time limit
and a seed, and reports its status, bound and gap.
"""

import time
from collections import defaultdict

from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from .compat import Compatibility, Pair, pair_score
from .explain import explain
from .model import Learner, Result, Rules, Slot, gettext_noop

MODEL_VERSION = "2026.12-1"
COST_OFFSET = 100  # flow costs are COST_OFFSET − score ≥ 0


def big_weight(n_learners: int) -> int:
    """Large enough that one more learner placed always beats any gain in fit (scores lie in −9 … 50)."""
    return 60 * max(n_learners, 1) + 1


def _pinned(learners: list[Learner], slots: list[Slot], rules: Rules, compat: Compatibility) -> tuple[dict, str]:
    """learner → pinned Pair, or an error message when pins cannot all hold."""
    learner_ids = {lr.id for lr in learners}
    by_id = {lr.id: lr for lr in learners}
    pinned: dict[int, Pair] = {}
    load: dict[int, int] = defaultdict(int)
    for learner_id, slot_id in sorted(rules.pins):
        slot = compat.slot_by_id.get(slot_id)
        if learner_id not in learner_ids or slot is None:
            continue
        if learner_id in pinned:
            return {}, gettext_noop("A learner is pinned to two slots.")
        learner = by_id[learner_id]
        ranks = {sid: r for r, sid in enumerate(learner.preferences, start=1)}
        _, km = compat.check(learner, slot)
        pinned[learner_id] = Pair(learner_id, slot_id, pair_score(ranks.get(slot_id), km), ranks.get(slot_id), km)
        load[slot_id] += 1
        if load[slot_id] > slot.capacity:
            return {}, gettext_noop("More learners are pinned to a slot than it has places.")
    return pinned, ""


def _invalid(message: str, learners, slots, rules, compat, started) -> Result:
    outcomes = explain(learners, slots, rules, compat, {}, {})
    return Result("none", "MODEL_INVALID", 0, 0, 0.0, 0, time.perf_counter() - started, outcomes, message=message)


def solve_flow(pairs: list[Pair], slots: list[Slot], pinned: dict[int, Pair]) -> dict[int, Pair]:
    """Max flow at min cost on source → learner → slot → sink; pinned learners are out, their places taken."""
    free = [p for p in pairs if p.learner_id not in pinned]
    if not free:
        return {}
    taken: dict[int, int] = defaultdict(int)
    for p in pinned.values():
        taken[p.slot_id] += 1
    learner_ids = sorted({p.learner_id for p in free})
    slot_ids = sorted({p.slot_id for p in free})
    l_node = {lid: i + 2 for i, lid in enumerate(learner_ids)}
    s_node = {sid: i + 2 + len(learner_ids) for i, sid in enumerate(slot_ids)}
    capacity = {s.id: s.capacity - taken[s.id] for s in slots}
    smcf = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    for lid in learner_ids:
        smcf.add_arc_with_capacity_and_unit_cost(source, l_node[lid], 1, 0)
    arcs = []
    for p in free:
        arcs.append(
            (
                smcf.add_arc_with_capacity_and_unit_cost(
                    l_node[p.learner_id], s_node[p.slot_id], 1, COST_OFFSET - p.score
                ),
                p,
            )
        )
    for sid in slot_ids:
        if capacity[sid] > 0:
            smcf.add_arc_with_capacity_and_unit_cost(s_node[sid], sink, capacity[sid], 0)
    smcf.set_node_supply(source, len(learner_ids))
    smcf.set_node_supply(sink, -len(learner_ids))
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min cost flow failed: {status}")
    return {p.learner_id: p for arc, p in arcs if smcf.flow(arc) > 0}


def solve_cp_sat(
    pairs: list[Pair],
    learners: list[Learner],
    slots: list[Slot],
    rules: Rules,
    pinned: dict[int, Pair],
    *,
    time_limit: float,
    workers: int,
    seed: int,
    hint: dict[int, Pair] | None = None,
) -> tuple[str, dict[int, Pair], int, int]:
    """CP-SAT with the side constraints; returns (status, assignment, objective, bound)."""
    big = big_weight(len(learners))
    all_pairs = {(p.learner_id, p.slot_id): p for p in pairs}
    for p in pinned.values():
        all_pairs[(p.learner_id, p.slot_id)] = p
    model = cp_model.CpModel()
    x = {key: model.new_bool_var("") for key in all_pairs}
    by_learner: dict[int, list] = defaultdict(list)
    by_slot: dict[int, list] = defaultdict(list)
    class_of = {lr.id: lr.class_id for lr in learners}
    enterprise_of = {s.id: s.enterprise_id for s in slots}
    by_class_enterprise: dict[tuple, list] = defaultdict(list)
    for (lid, sid), var in x.items():
        by_learner[lid].append(var)
        by_slot[sid].append(var)
        if class_of.get(lid) is not None:
            by_class_enterprise[(class_of[lid], enterprise_of[sid])].append(var)
    for vars_ in by_learner.values():
        model.add_at_most_one(vars_)
    capacity = {s.id: s.capacity for s in slots}
    for sid, vars_ in by_slot.items():
        if len(vars_) > capacity[sid]:
            model.add(sum(vars_) <= capacity[sid])
    limit = rules.max_per_class_enterprise
    if limit is not None:
        for vars_ in by_class_enterprise.values():
            if len(vars_) > limit:
                model.add(sum(vars_) <= limit)
    for p in pinned.values():
        model.add(x[(p.learner_id, p.slot_id)] == 1)
    model.maximize(sum((big + p.score) * x[key] for key, p in all_pairs.items()))
    if hint:
        for key, var in x.items():
            chosen = hint.get(key[0])
            model.add_hint(var, chosen is not None and chosen.slot_id == key[1])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    status = solver.status_name(code)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status if status in ("INFEASIBLE", "MODEL_INVALID") else "INFEASIBLE", {}, 0, 0
    chosen = {key[0]: all_pairs[key] for key, var in x.items() if solver.boolean_value(var)}
    return status, chosen, round(solver.objective_value), round(solver.best_objective_bound)


def allocate(
    learners: list[Learner],
    slots: list[Slot],
    rules: Rules,
    *,
    solver: str = "auto",
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    hint_with_flow: bool = True,
) -> Result:
    """Allocate learners to slots. ``solver``: "auto" (flow unless a side constraint applies), "flow", "cp_sat"."""
    started = time.perf_counter()
    compat = Compatibility(learners, slots, rules)
    pinned, error = _pinned(learners, slots, rules, compat)
    if error:
        return _invalid(error, learners, slots, rules, compat, started)
    pairs = compat.pairs()
    use_cp_sat = solver == "cp_sat" or (solver == "auto" and rules.max_per_class_enterprise is not None)
    big = big_weight(len(learners))
    if not use_cp_sat:
        chosen = dict(pinned)
        chosen.update(solve_flow(pairs, slots, pinned))
        status, name = "OPTIMAL", "min_cost_flow"
        score = sum(p.score for p in chosen.values())
        objective = bound = big * len(chosen) + score
    else:
        hint = None
        if hint_with_flow:
            hint = dict(pinned)
            hint.update(solve_flow(pairs, slots, pinned))
        remaining = max(0.1, time_limit - (time.perf_counter() - started))
        status, chosen, objective, bound = solve_cp_sat(
            pairs, learners, slots, rules, pinned, time_limit=remaining, workers=workers, seed=seed, hint=hint
        )
        name = "cp_sat"
        score = sum(p.score for p in chosen.values())
    gap = 0.0 if not objective else abs(bound - objective) / max(abs(objective), 1)
    outcomes = explain(learners, slots, rules, compat, chosen, pinned)
    return Result(
        solver=name,
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        placed=len(chosen),
        seconds=time.perf_counter() - started,
        outcomes=outcomes,
        score=score,
    )
