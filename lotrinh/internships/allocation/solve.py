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
    big: int | None = None,
    deadline: float | None = None,
    fraction: float = 1.0,
) -> tuple[str, dict[int, Pair], int, int]:
    """CP-SAT with the side constraints; returns (status, assignment, objective, bound)."""
    big = big or big_weight(len(learners))
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
    if deadline is not None:  # the model is built: give the solver its share of what is left
        time_limit = max(0.05, (deadline - time.perf_counter()) * fraction)
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = 2
    code = solver.solve(model)
    status = solver.status_name(code)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, {}, 0, round(solver.best_objective_bound) if code == cp_model.UNKNOWN else 0
    chosen = {key[0]: all_pairs[key] for key, var in x.items() if solver.boolean_value(var)}
    return status, chosen, round(solver.objective_value), round(solver.best_objective_bound)


def _over_limit(assignment: dict[int, Pair], class_of: dict, enterprise_of: dict, limit: int | None) -> bool:
    if limit is None:
        return False
    counts: dict[tuple, int] = defaultdict(int)
    for lid, p in assignment.items():
        if class_of.get(lid) is not None:
            key = (class_of[lid], enterprise_of[p.slot_id])
            counts[key] += 1
            if counts[key] > limit:
                return True
    return False


def _repaired(assignment: dict[int, Pair], class_of, enterprise_of, limit, pinned) -> dict[int, Pair]:
    """The assignment with the weakest pairs of each over-full class × enterprise dropped (pins kept)."""
    if limit is None:
        return dict(assignment)
    groups: dict[tuple, list[Pair]] = defaultdict(list)
    for lid, p in assignment.items():
        groups[(class_of.get(lid), enterprise_of[p.slot_id])].append(p)
    out = dict(assignment)
    for (class_id, _), members in groups.items():
        if class_id is None or len(members) <= limit:
            continue
        members.sort(key=lambda p: (p.learner_id in pinned, p.score), reverse=True)
        for p in members[limit:]:
            out.pop(p.learner_id, None)
    return out


def _components(pairs: list[Pair], learners: list[Learner], pinned: dict[int, Pair], by_class: bool) -> list[list[int]]:
    """Learner ids of the independent parts of the model (linked through shared slots, or a shared class)."""
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for p in [*pairs, *pinned.values()]:
        union(("l", p.learner_id), ("s", p.slot_id))
    if by_class:
        anchor: dict = {}
        for lr in learners:
            if lr.class_id is not None:
                union(("l", lr.id), ("l", anchor.setdefault(lr.class_id, lr.id)))
    groups: dict = defaultdict(list)
    for lr in learners:
        if ("l", lr.id) in parent:
            groups[find(("l", lr.id))].append(lr.id)
    return list(groups.values())


def _solve_by_component(pairs, learners, slots, rules, pinned, hint, *, big, deadline, workers, seed):
    """CP-SAT part by part. Where the flow's answer already keeps the side constraints, it is optimal for that
    part (the flow solves a relaxation), so only the parts it breaks go to CP-SAT, sharing the time left."""
    limit = rules.max_per_class_enterprise
    class_of = {lr.id: lr.class_id for lr in learners}
    enterprise_of = {s.id: s.enterprise_id for s in slots}
    by_learner: dict[int, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_learner[p.learner_id].append(p)
    chosen: dict[int, Pair] = {}
    objective = bound = 0
    todo = []
    for part in _components(pairs, learners, pinned, by_class=limit is not None):
        part_hint = {lid: hint[lid] for lid in part if lid in hint} if hint is not None else None
        if part_hint is not None and not _over_limit(part_hint, class_of, enterprise_of, limit):
            chosen.update(part_hint)
            value = big * len(part_hint) + sum(p.score for p in part_hint.values())
            objective += value
            bound += value
        else:
            todo.append(part)
    status = "OPTIMAL"
    sizes = [sum(len(by_learner[lid]) for lid in part) + 1 for part in todo]
    remaining_size = sum(sizes)
    learner_by_id = {lr.id: lr for lr in learners}
    for part, size in zip(todo, sizes, strict=True):
        fraction = size / remaining_size
        share = max(0.05, (deadline - time.perf_counter()) * fraction)
        remaining_size -= size
        part_pairs = [p for lid in part for p in by_learner[lid]]
        flow_part = {lid: hint[lid] for lid in part if lid in hint} if hint is not None else None
        flow_bound = big * len(flow_part) + sum(p.score for p in flow_part.values()) if flow_part is not None else None
        part_slots_ids = {p.slot_id for p in part_pairs} | {pinned[lid].slot_id for lid in part if lid in pinned}
        part_status, part_chosen, part_objective, part_bound = solve_cp_sat(
            part_pairs,
            [learner_by_id[lid] for lid in part],
            [s for s in slots if s.id in part_slots_ids],
            rules,
            {lid: pinned[lid] for lid in part if lid in pinned},
            time_limit=share,
            workers=workers,
            seed=seed,
            hint=_repaired(flow_part, class_of, enterprise_of, limit, pinned) if flow_part is not None else None,
            big=big,
            deadline=deadline,
            fraction=fraction,
        )
        if flow_bound is not None and part_status in ("OPTIMAL", "FEASIBLE", "UNKNOWN"):
            part_bound = min(part_bound, flow_bound) if part_status != "UNKNOWN" or part_bound else flow_bound
            if part_status == "FEASIBLE" and part_bound == part_objective:
                part_status = "OPTIMAL"
        if part_status in ("INFEASIBLE", "MODEL_INVALID"):
            return part_status, {}, 0, 0
        if part_status == "UNKNOWN":
            # No solution in the time given: keep the flow's answer minus what breaks the side constraint.
            part_chosen = _repaired(flow_part or {}, class_of, enterprise_of, limit, pinned)
            part_objective = big * len(part_chosen) + sum(p.score for p in part_chosen.values())
            part_bound = flow_bound if flow_bound is not None else part_bound
        if part_status != "OPTIMAL":
            status = "FEASIBLE"
        chosen.update(part_chosen)
        objective += part_objective
        bound += part_bound
    return status, chosen, objective, bound


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
        status, chosen, objective, bound = _solve_by_component(
            pairs,
            learners,
            slots,
            rules,
            pinned,
            hint,
            big=big,
            deadline=started + 0.85 * time_limit,
            workers=workers,
            seed=seed,
        )
        name = "cp_sat"
        score = sum(p.score for p in chosen.values())
        if status in ("INFEASIBLE", "MODEL_INVALID"):
            message = gettext_noop("The pins cannot all hold together with the other rules of the round.")
            result = _invalid(message, learners, slots, rules, compat, started)
            result.solver, result.status = name, status
            return result
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
