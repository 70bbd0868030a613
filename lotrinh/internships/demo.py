"""Demo data of the internships area: one round for the demo center's vocational classes, about 25 slots at
partner enterprises (those of the industry demo when it ran, else a few created here through the industry
models), learners' ranked choices, and one allocation run (not published) so the round page shows results.

Called by core/demo.py inside ``scope(center=center)``; deterministic from ``rng``; changes go through services.
"""

import datetime as dt
import random
from decimal import Decimal

from django_scopes import scopes_disabled

from lotrinh.core.models import Center, Membership
from lotrinh.core.roles import Role
from lotrinh.industry.models import Enterprise, EnterpriseContact, Partnership

from . import selectors, services
from .models import InternshipRound

ROUND_NAME = "Thực tập doanh nghiệp học kỳ II"
SLOTS = 25
# Enterprises used when the industry demo left the center with too few partners (name, slug, street).
FALLBACK_ENTERPRISES = [
    ("Công ty TNHH Cơ khí Nam Đông Hà", "co-khi-nam-dong-ha", "Lô A3, KCN Nam Đông Hà"),
    ("Công ty CP May Quảng Trị", "may-quang-tri", "Lô C1, KCN Quán Ngang"),
    ("Công ty TNHH Điện lạnh Miền Trung", "dien-lanh-mien-trung", "45 Lê Duẩn, Đông Hà"),
    ("Garage Ô tô Thành Công Đông Hà", "o-to-thanh-cong", "128 Quốc lộ 9, Đông Hà"),
    ("Nhà hàng Sông Hiếu", "nha-hang-song-hieu", "12 Trần Hưng Đạo, Đông Hà"),
    ("Công ty TNHH Điện tử Yazaki Quảng Trị", "dien-tu-yazaki-qt", "Lô B5, KCN Quán Ngang"),
]
MENTORS = ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Quang Vinh", "Phạm Thị Thu", "Hoàng Minh Đức", "Võ Thị Hạnh"]
HALF_DAYS = [(7, 30, 11, 30), (13, 30, 17, 0)]


def _tax_code(rng: random.Random) -> str:
    from lotrinh.industry.validators import tax_check_digit

    while True:
        nine = "32" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        digit = tax_check_digit(nine)
        if digit is not None and not Enterprise.objects.filter(tax_code=nine + str(digit)).exists():
            return nine + str(digit)


def _partners(center: Center, rng: random.Random, actor) -> list[Enterprise]:
    partners = list(
        Enterprise.objects.filter(partnerships__center=center, partnerships__status=Partnership.Status.ACTIVE)
        .distinct()
        .order_by("name")
    )
    if len(partners) >= 5:
        return partners
    for name, slug, street in FALLBACK_ENTERPRISES:
        enterprise = Enterprise.objects.filter(slug=slug).first()
        if enterprise is None:
            enterprise = Enterprise.objects.create(
                slug=slug, name=name, tax_code=_tax_code(rng), street_address=street, commune_id=center_commune(center)
            )
        with scopes_disabled():
            Partnership.objects.get_or_create(
                center=center, enterprise=enterprise, defaults={"since": dt.date(2023, 9, 1)}
            )
        if enterprise not in partners:
            partners.append(enterprise)
    return partners


def center_commune(center: Center):
    record = getattr(center, "current_record", None)
    record = record() if callable(record) else record
    return getattr(record, "commune_id", None)


def _mentor(enterprise: Enterprise, rng: random.Random) -> EnterpriseContact:
    mentor = EnterpriseContact.objects.filter(enterprise=enterprise, is_mentor=True, is_active=True).first()
    if mentor is None:
        mentor = EnterpriseContact.objects.create(
            enterprise=enterprise,
            full_name=rng.choice(MENTORS),
            position="Tổ trưởng sản xuất",
            phone=f"09{rng.randint(10000000, 99999999)}",
            is_mentor=True,
        )
    return mentor


def demo_extend(*, center: Center, rng: random.Random, today: dt.date) -> None:
    if InternshipRound.objects.filter(name=ROUND_NAME).exists():
        return
    membership = (
        Membership.objects.filter(center=center, is_active=True, role=Role.DIRECTOR).select_related("user").first()
        or Membership.objects.filter(center=center, is_active=True).select_related("user").first()
    )
    if membership is None:
        return
    actor = membership.user
    round = services.round_create(
        center=center,
        name=ROUND_NAME,
        trade=None,
        starts_on=today + dt.timedelta(days=21),
        weeks=8,
        max_distance_km=Decimal("25"),
        actor=actor,
    )
    rows = selectors.round_learners(round)
    trades = {}
    for row in rows:
        trades.setdefault(row.trade_id, 0)
        trades[row.trade_id] += 1
    if not trades:
        return
    from lotrinh.academics.models import Trade

    trade_objects = {t.pk: t for t in Trade.objects.filter(pk__in=trades)}
    # The half-days each trade's classes spend in culture lessons: slots are offered around them (mostly).
    lessons = selectors.culture_blocks(
        sorted({r.class_id for r in rows}), round.starts_on, selectors.round_ends_on(round)
    )
    busy: dict[int, set] = {}
    for row in rows:
        for lesson in lessons.get(row.class_id, []):
            busy.setdefault(row.trade_id, set()).add((lesson.weekday, lesson.starts_at.hour >= 12))
    partners = _partners(center, rng, actor)
    total = sum(trades.values())
    slots_by_trade: dict[int, list] = {}
    for trade_id, count in sorted(trades.items()):
        n = max(2, round_half(SLOTS * count / total))
        for _ in range(n):
            enterprise = rng.choice(partners)
            free = [(d, pm) for d in range(7) for pm in (False, True) if (d, pm) not in busy.get(trade_id, set())]
            if rng.random() < 0.15 or len(free) < 2:
                free = [(d, pm) for d in range(6) for pm in (False, True)]  # one slot in seven ignores the timetable
            blocks = []
            for d, pm in sorted(rng.sample(free, min(len(free), rng.choice((2, 3))))):
                h1, m1, h2, m2 = HALF_DAYS[1 if pm else 0]
                blocks.append((d, dt.time(h1, m1), dt.time(h2, m2)))
            slot = services.slot_create(
                round=round,
                enterprise=enterprise,
                trade=trade_objects[trade_id],
                capacity=rng.randint(2, 5),
                place=enterprise.street_address or enterprise.name,
                distance_km_from_center=Decimal(f"{rng.uniform(1.5, 18):.1f}"),
                mentor=_mentor(enterprise, rng),
                safety_briefing_required=rng.random() < 0.8,
                blocks=blocks,
                actor=actor,
            )
            slots_by_trade.setdefault(trade_id, []).append(slot)
    for row in rows:
        own = slots_by_trade.get(row.trade_id, [])
        if not own or rng.random() < 0.1:
            continue  # some learners have not chosen yet
        chosen = rng.sample(own, min(len(own), rng.randint(1, 5)))
        services.preference_set(
            round=round, learner=row.learner, choices=[(i + 1, s.pk) for i, s in enumerate(chosen)], actor=actor
        )
    services.allocation_run(round=round, actor=actor, seed=0, time_limit=5.0)


def round_half(x: float) -> int:
    return int(x + 0.5)
