"""Demo data of the careers area: local labour demand in Quảng Trị's industrial parks and the courses the
center and its partner school offer, so the trade list and the recommendations have something to read.

Called by core/demo.py inside ``scope(center=center)``. Deterministic from ``rng``; rows go through the
services, so the audit log agrees. Running it twice adds nothing.
"""

import datetime as dt
import random

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.core.models import Center, Membership
from lotrinh.core.roles import Role

from . import services
from .models import LabourDemand, TrainingOffer

PARTNER_SCHOOL = "Trường Cao đẳng Kỹ thuật Quảng Trị"  # the partner of the academics demo's linkage classes
SOURCES = ("Khảo sát KCN Quán Ngang", "Khảo sát KCN Nam Đông Hà", "Sở Nội vụ tỉnh Quảng Trị")
# trade → openings around which each source's figure is drawn (0: that source does not survey the trade)
DEMAND = {
    "May công nghiệp": (140, 60, 90),
    "May thời trang": (0, 25, 30),
    "Điện công nghiệp": (35, 20, 40),
    "Điện dân dụng": (0, 15, 25),
    "Hàn": (45, 18, 20),
    "Kỹ thuật chế biến món ăn": (0, 12, 35),
    "Công nghệ ô tô": (0, 10, 22),
    "Sửa chữa xe máy": (0, 0, 15),
    "Kỹ thuật máy lạnh và điều hòa không khí": (8, 6, 12),
    "Tin học ứng dụng": (0, 5, 18),
    "Chăm sóc sắc đẹp": (0, 0, 10),
}
# trade → (program code, level, at the partner school?, months, cost in đồng)
OFFERS = [
    ("May công nghiệp", "so-cap", "so_cap", False, 3, 2_500_000),
    ("May thời trang", "so-cap", "so_cap", False, 3, 2_800_000),
    ("Điện dân dụng", "so-cap", "so_cap", False, 3, 3_000_000),
    ("Hàn", "so-cap", "so_cap", False, 3, 3_200_000),
    ("Kỹ thuật chế biến món ăn", "so-cap", "so_cap", False, 3, 3_000_000),
    ("Sửa chữa xe máy", "so-cap", "so_cap", False, 3, 2_700_000),
    ("Kỹ thuật máy lạnh và điều hòa không khí", "so-cap", "so_cap", False, 4, 3_500_000),
    ("Chăm sóc sắc đẹp", "so-cap", "so_cap", False, 3, 3_500_000),
    ("Chăn nuôi thú y", "duoi-3-thang", "short_course", False, 2, 1_200_000),
    ("Nuôi trồng thủy sản", "duoi-3-thang", "short_course", False, 2, 1_200_000),
    ("Trồng trọt và bảo vệ thực vật", "duoi-3-thang", "short_course", False, 2, 1_000_000),
    ("Điện công nghiệp", "lien-ket-trung-cap", "trung_cap", True, 24, 14_000_000),
    ("Công nghệ ô tô", "lien-ket-trung-cap", "trung_cap", True, 24, 15_000_000),
    ("Tin học ứng dụng", "chin-cong", "trung_cap", True, 36, 9_000_000),
    ("Hàn", "lien-ket-trung-cap", "trung_cap", True, 18, 12_000_000),
]


def _actor(center: Center):
    for role in (Role.COUNSELOR, Role.TRAINING_OFFICER, Role.DIRECTOR):
        membership = Membership.objects.filter(center=center, role=role, is_active=True).select_related("user").first()
        if membership:
            return membership.user
    return None


def _next_intake(today: dt.date, rng: random.Random) -> dt.date:
    month = today.month + rng.choice((1, 2, 3))
    year = today.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, rng.choice((5, 10, 15)))


def demo_extend(*, center: Center, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Demand figures for this year and last, and the courses on offer."""
    actor = _actor(center)
    if actor is None or LabourDemand.objects.exists() or TrainingOffer.objects.exists():
        return {"demand": 0, "offers": 0}
    trades = {t.name: t for t in Trade.objects.filter(Trade.holding_on(today))}
    programs = {p.code: p for p in ProgramType.objects.all()}
    demand = 0
    for name, figures in DEMAND.items():
        if name not in trades:
            continue
        for source, around in zip(SOURCES, figures, strict=True):
            if not around:
                continue
            for year, share in ((today.year - 1, 0.8), (today.year, 1.0)):
                services.demand_create(
                    center=center,
                    trade=trades[name],
                    year=year,
                    quarter=None,
                    openings=max(0, round(around * share * rng.uniform(0.8, 1.2))),
                    source=source,
                    noted_on=min(today, dt.date(year, rng.choice((2, 3, 4)), rng.randint(1, 28))),
                    actor=actor,
                )
                demand += 1
    offers = 0
    for name, program, level, partner, months, cost in OFFERS:
        if name not in trades or program not in programs:
            continue
        services.offer_create(
            center=center,
            trade=trades[name],
            program=programs[program],
            level=level,
            provider=TrainingOffer.Provider.PARTNER if partner else TrainingOffer.Provider.CENTER,
            partner_name=PARTNER_SCHOOL if partner else "",
            duration_months=months,
            cost_vnd=cost,
            next_intake_on=_next_intake(today, rng),
            places=rng.choice((25, 30, 35, 40)),
            actor=actor,
        )
        offers += 1
    return {"demand": demand, "offers": offers}
