"""A synthetic province-sized instance for the benchmark and the scale test (deterministic for a seed).

Enterprises sit in a few industrial parks and towns of a 60 × 60 km area; learners live around the center in
classes of 25 (one trade per class, three culture blocks a week, morning or afternoon); slots work two or three
half-days a week; each learner ranks up to five slots of the trade among the nearer ones.
"""

import datetime as dt
import random

from .compat import clashes
from .model import Block, Learner, Rules, Slot

MORNING = (7 * 60 + 30, 11 * 60 + 30)
AFTERNOON = (13 * 60 + 30, 17 * 60)


def instance(
    *,
    learners: int = 5000,
    enterprises: int = 300,
    slots: int = 1200,
    trades: int = 8,
    class_size: int = 25,
    max_distance_km: float = 15.0,
    seed: int = 0,
) -> tuple[list[Learner], list[Slot], Rules]:
    rng = random.Random(seed)
    starts_on = dt.date(2027, 3, 1)
    ends_on = starts_on + dt.timedelta(weeks=8, days=-1)
    hubs = [(rng.uniform(5, 55), rng.uniform(5, 55)) for _ in range(8)]
    where = []
    for _ in range(enterprises):
        hx, hy = rng.choice(hubs)
        where.append((hx + rng.gauss(0, 3), hy + rng.gauss(0, 3)))
    trade_weights = [rng.uniform(0.5, 2.0) for _ in range(trades)]
    out_slots = []
    for i in range(slots):
        enterprise = i % enterprises
        days = rng.sample(range(6), rng.choice((2, 3)))
        blocks = [Block(d, *(MORNING if rng.random() < 0.5 else AFTERNOON)) for d in sorted(days)]
        out_slots.append(
            Slot(
                id=i + 1,
                enterprise_id=enterprise + 1,
                trade_id=rng.choices(range(1, trades + 1), trade_weights)[0],
                capacity=rng.randint(2, 6),
                blocks=blocks,
                starts_on=starts_on,
                ends_on=ends_on,
                location=where[enterprise],
                label=f"DN{enterprise + 1}",
            )
        )
    by_trade: dict[int, list[Slot]] = {}
    for s in out_slots:
        by_trade.setdefault(s.trade_id, []).append(s)
    out_learners = []
    n_classes = (learners + class_size - 1) // class_size
    class_trade = {c: rng.choices(range(1, trades + 1), trade_weights)[0] for c in range(n_classes)}
    class_busy = {}
    for c in range(n_classes):
        busy = []
        for d in rng.sample(range(6), 3):
            start = rng.choice((7 * 60 + 30, 9 * 60 + 30, 13 * 60 + 30, 15 * 60))
            valid = (starts_on - dt.timedelta(days=120), ends_on + dt.timedelta(days=60))
            busy.append(Block(d, start, start + 90, *valid))
        class_busy[c] = busy
    center = (30.0, 30.0)
    fitting: dict[int, list[Slot]] = {}
    for i in range(learners):
        c = i // class_size
        trade = class_trade[c]
        home = (center[0] + rng.gauss(0, 10), center[1] + rng.gauss(0, 10))
        own = fitting.get(c)
        if own is None:
            own = fitting[c] = [s for s in by_trade.get(trade, []) if not clashes(tuple(class_busy[c]), s)]
        # Learners choose among the nearer slots that fit their timetable; one in ten also picks a clashing one.
        near = sorted(own, key=lambda s: (s.location[0] - home[0]) ** 2 + (s.location[1] - home[1]) ** 2)[:12]
        if rng.random() < 0.1 and by_trade.get(trade):
            near.append(rng.choice(by_trade[trade]))
        prefs = [s.id for s in rng.sample(near, min(len(near), rng.randint(0, 5)))]
        out_learners.append(
            Learner(id=i + 1, trade_id=trade, busy=class_busy[c], preferences=prefs, home=home, class_id=c + 1)
        )
    rules = Rules(max_distance_km=max_distance_km, trade_names={t: f"Nghề {t}" for t in range(1, trades + 1)})
    return out_learners, out_slots, rules
