"""Demo data of the support area: a province rule of Quảng Trị marked as an illustrative example, and the
support facts of some learners (others stay unknown, as at a real center; the people demo already gives some
learners a poor-household certificate that has run out). Called inside ``scope(center=center)``.
"""

import datetime as dt
import random

from lotrinh.core.models import Center, Membership
from lotrinh.core.roles import Role
from lotrinh.people.models import HouseholdStatus, Learner

from . import services
from .models import SupportFacts, SupportPolicy
from .selectors import center_province

EXAMPLE_CODE = "VD-QT-HDND"
EXAMPLE_TEXT = "Ví dụ minh họa — cần thay bằng nghị quyết HĐND tỉnh"


def _director(center: Center):
    membership = (
        Membership.objects.filter(center=center, role=Role.DIRECTOR, is_active=True).select_related("user").first()
    )
    return membership.user if membership else None


def _example_policy(*, center: Center, actor, today: dt.date) -> int:
    province = center_province(center, today)
    if province is None or province.pk != 44 or SupportPolicy.objects.filter(code=EXAMPLE_CODE).exists():
        return 0
    services.province_policy_create(
        center=center,
        policy={
            "code": EXAMPLE_CODE,
            "title": "Hỗ trợ thêm học nghề sơ cấp cho học viên hộ nghèo (ví dụ minh họa)",
            "citation": f"{EXAMPLE_TEXT} Quảng Trị",
            "issuing_body": "HĐND tỉnh Quảng Trị",
            "kind": SupportPolicy.Kind.ALLOWANCE,
            "effective_from": dt.date(today.year - 1, 1, 1),
            "effective_to": None,
            "note": EXAMPLE_TEXT + ": số liệu chỉ để minh họa cách nhập quy định riêng của tỉnh.",
        },
        rules=[
            {
                "group_code": "ho_ngheo_so_cap",
                "label": "Học viên thuộc hộ nghèo học trình độ sơ cấp, dưới 3 tháng",
                "levels": ["so_cap", "duoi_3_thang"],
                "ownership": "any",
                "all_of": ["poor"],
                "benefit": "per_course",
                "amount_vnd": 500_000,
            }
        ],
        actor=actor,
        day=today,
        is_example=True,
    )
    return 1


def demo_extend(*, center: Center, rng: random.Random, today: dt.date) -> dict[str, int]:
    actor = _director(center)
    if actor is None or SupportFacts.objects.exists():
        return {"policies": 0, "facts": 0}
    policies = _example_policy(center=center, actor=actor, today=today)
    learners = list(Learner.objects.order_by("id"))
    expired = [
        x
        for x in learners
        if x.household_status and x.household_certificate_valid_to and x.household_certificate_valid_to < today
    ]
    chosen = {x.pk for x in expired[:3]}  # an expired certificate shows on the eligibility page
    chosen |= {x.pk for x in learners if rng.random() < 0.4}
    saved = 0
    for learner in learners:
        if learner.pk not in chosen:
            continue
        young = (today - learner.date_of_birth).days < 20 * 365
        supported = rng.random() < 0.08
        data = {
            "household_checked": True
            if learner.household_status == HouseholdStatus.NONE and rng.random() < 0.7
            else None,
            "policy_beneficiary": rng.random() < 0.04,
            "orphan": rng.random() < 0.01 if rng.random() < 0.8 else None,
            "previously_supported": supported if rng.random() < 0.85 else None,
            "previously_supported_on": dt.date(today.year - 2, 6, 15) if supported else None,
            "land_recovered": rng.random() < 0.03 if rng.random() < 0.6 else None,
            "rural_worker": (not young and rng.random() < 0.5) if rng.random() < 0.7 else None,
            "thcs_graduate": True if young else None,
            "parent_work_accident": False if rng.random() < 0.5 else None,
        }
        if data["previously_supported"] is not True:
            data["previously_supported_on"] = None
        services.support_facts_update(learner=learner, data=data, actor=actor)
        saved += 1
    return {"policies": policies, "facts": saved}
