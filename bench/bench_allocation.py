"""The internship allocation at province scale (not a test): the pure module only, no database.

A synthetic instance (lotrinh/internships/allocation/synthetic.py): 5,000 learners in classes of 25, 300
enterprises, 1,200 slots, 8 trades, three culture blocks a week per class, up to five ranked choices, a 15 km
limit from home. Side by side on the same instance:

(i)   min-cost flow (max flow at min cost): exact without side constraints, so the bound for (ii);
(ii)  CP-SAT with a side constraint (at most 3 learners of one class at one enterprise), hinted with (i),
      --time-limit seconds on --workers workers: OPTIMAL, or FEASIBLE with its gap;
(iii) ``matching``'s HospitalResident (learner-optimal stable matching) on the same ranked, compatible pairs.

    .venv/bin/python bench/bench_allocation.py [--learners 5000] [--slots 1200] [--time-limit 10] [--workers 2]

Aim (issue 8): proven optimal, or the gap reported, within 10 s on 2 cores.
"""

import argparse
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lotrinh.internships.allocation import allocate  # noqa: E402
from lotrinh.internships.allocation.compat import Compatibility  # noqa: E402
from lotrinh.internships.allocation.solve import big_weight  # noqa: E402
from lotrinh.internships.allocation.stable import stable_matching  # noqa: E402
from lotrinh.internships.allocation.synthetic import instance  # noqa: E402


def fit(assignment: dict, ranks: dict) -> tuple[float, float, int]:
    """Mean rank of the placed learners who got a ranked slot, share of first choices, placed unranked."""
    got = [ranks.get((lid, sid)) for lid, sid in assignment.items()]
    ranked = [r for r in got if r is not None]
    mean = statistics.fmean(ranked) if ranked else 0.0
    first = (sum(1 for r in ranked if r == 1) / len(assignment)) if assignment else 0.0
    return mean, first, len(got) - len(ranked)


def side_violations(assignment: dict, learners, slots, limit: int) -> int:
    cls = {lr.id: lr.class_id for lr in learners}
    ent = {s.id: s.enterprise_id for s in slots}
    counts = Counter((cls[lid], ent[sid]) for lid, sid in assignment.items())
    return sum(1 for c in counts.values() if c > limit)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=5000)
    parser.add_argument("--enterprises", type=int, default=300)
    parser.add_argument("--slots", type=int, default=1200)
    parser.add_argument("--trades", type=int, default=8)
    parser.add_argument("--per-class-enterprise", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    t = time.perf_counter()
    learners, slots, rules = instance(
        learners=args.learners, enterprises=args.enterprises, slots=args.slots, trades=args.trades, seed=args.seed
    )
    built = time.perf_counter() - t
    pairs = Compatibility(learners, slots, rules).pairs()
    ranks = {(p.learner_id, p.slot_id): p.rank for p in pairs if p.rank is not None}
    print(f"# {platform.python_version()} on {platform.machine()}, instance built in {built:.1f} s")
    print(
        f"# {len(learners):,} learners, {len({s.enterprise_id for s in slots}):,} enterprises, {len(slots):,} slots "
        f"({sum(s.capacity for s in slots):,} places), {args.trades} trades; {len(pairs):,} compatible pairs, "
        f"{len(ranks):,} of them ranked; {sum(len(lr.preferences) for lr in learners):,} choices in all"
    )
    big = big_weight(len(learners))
    rows = []

    flow = allocate(learners, slots, rules, solver="flow")
    mean, first, unranked = fit(flow.assignment, ranks)
    rows.append(("(i) min-cost flow, no side constraint", flow.placed, mean, first, unranked, flow.objective,
                 f"{flow.status} (exact)", flow.seconds, side_violations(flow.assignment, learners, slots, args.per_class_enterprise)))  # fmt: skip  # noqa: E501

    rules.max_per_class_enterprise = args.per_class_enterprise
    sat = allocate(learners, slots, rules, solver="cp_sat", time_limit=args.time_limit, workers=args.workers,
                   seed=args.seed)  # fmt: skip
    mean, first, unranked = fit(sat.assignment, ranks)
    vs_flow = (flow.objective - sat.objective) / flow.objective if flow.objective else 0.0
    rows.append((f"(ii) CP-SAT, ≤ {args.per_class_enterprise} per class × enterprise", sat.placed, mean, first,
                 unranked, sat.objective, f"{sat.status}, gap {sat.gap:.2e} (vs flow bound {vs_flow:.2e})",
                 sat.seconds, side_violations(sat.assignment, learners, slots, args.per_class_enterprise)))  # fmt: skip
    rules.max_per_class_enterprise = None

    t = time.perf_counter()
    stable = stable_matching(learners, slots, rules)
    seconds = time.perf_counter() - t
    assignment = {lid: p.slot_id for lid, p in stable.items()}
    mean, first, unranked = fit(assignment, ranks)
    objective = big * len(stable) + sum(p.score for p in stable.values())
    rows.append(("(iii) matching HospitalResident (stable)", len(stable), mean, first, unranked, objective,
                 "stable, ranked pairs only", seconds, side_violations(assignment, learners, slots, args.per_class_enterprise)))  # fmt: skip  # noqa: E501

    print()
    header = ("method", "placed", "mean rank", "1st choice", "placed unranked", "objective", "status", "seconds",
              "class×enterprise over limit")  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|")
    for name, placed, mean, first, unranked, objective, status, secs, over in rows:
        cells = (name, f"{placed:,}", f"{mean:.2f}", f"{first:.1%}", f"{unranked:,}", f"{objective:,}", status,
                 f"{secs:.2f}", over)  # fmt: skip
        print("| " + " | ".join(str(cell) for cell in cells) + " |")


if __name__ == "__main__":
    main()
