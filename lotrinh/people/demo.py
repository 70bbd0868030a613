"""Demo data for learner records: phones, ID numbers, ethnicity, guardians, policy facts, consents.

Called by core/demo.py inside ``scope(center=center)`` once classes and learners exist. Deterministic from
``rng``. Rows are written in bulk (a few hundred learners in well under a second), with the ID numbers
encrypted and digested by the same helpers the services use, so duplicates are still found later.
"""

import datetime as dt
import random
from decimal import Decimal

from lotrinh.core import crypto
from lotrinh.core.models import Commune, Membership, User
from lotrinh.core.roles import role_has_perm
from lotrinh.core.text import normalize_name, search_key

from .models import (
    DISCLOSING_PURPOSES,
    Consent,
    ConsentPurpose,
    Ethnicity,
    Guardian,
    HouseholdStatus,
    Learner,
    LearnerGuardian,
    Sex,
)
from .services import ADULT_CONSENT_AGE, CHILD_CO_CONSENT_AGE, id_number_digest

# Communes of the former Hướng Hóa and Đakrông districts, where most Bru-Vân Kiều and Tà-ôi people live.
MOUNTAIN_COMMUNES = [19429, 19432, 19435, 19441, 19462, 19483, 19489, 19555, 19564, 19567, 19588, 19594]
# Quảng Bình's communes start before this code (former Quảng Bình births were registered under 044).
QUANG_BINH_BEFORE = 19300
MOBILE_PREFIXES = [
    "091",
    "094",
    "088",
    "098",
    "097",
    "096",
    "086",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "077",
    "083",
]
STREETS = ["Hùng Vương", "Lê Duẩn", "Quốc lộ 9", "Trần Hưng Đạo", "Lê Lợi", "Nguyễn Trãi", "Hàm Nghi"]
LOWER_SECONDARY = [
    "Trường THCS Nguyễn Trãi",
    "Trường THCS Phan Đình Phùng",
    "Trường THCS Trần Hưng Đạo",
    "Trường THCS Lê Lợi",
    "Trường PTDTBT THCS A Ngo",
    "Trường THCS Cam Lộ",
    "Trường THCS Gio Linh",
]
UPPER_SECONDARY = ["Trường THPT Đông Hà", "Trường THPT Lê Lợi", "Trường THPT Cam Lộ", "Trường THPT Hướng Hóa"]
FATHER_GIVEN = ["Văn Hùng", "Văn Dũng", "Hữu Tâm", "Văn Sơn", "Đức Thành", "Văn Lợi", "Quốc Tuấn", "Văn Hải"]
MOTHER = ["Nguyễn Thị Lan", "Trần Thị Hoa", "Lê Thị Hương", "Hồ Thị Mai", "Phan Thị Hạnh", "Võ Thị Nga"]
BRU_FAMILY = ["Hồ", "Kray", "Pả", "Ăm", "Quỳnh", "Căn"]


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
        if number not in used:
            used.add(number)
            return number


def _id_number(rng: random.Random, learner: Learner, place: str, used: set[str]) -> str:
    """PPP G YY NNNNNN, consistent with the learner's sex and year of birth (brief §6.3)."""
    year = learner.date_of_birth.year
    century_sex = 2 * ((year - 1900) // 100) + (1 if learner.sex == Sex.FEMALE else 0)
    while True:
        digits = f"{place}{century_sex}{year % 100:02d}{rng.randrange(1_000_000):06d}"
        if digits not in used:
            used.add(digits)
            return digits


def _legacy_id_number(rng: random.Random, used: set[str]) -> str:
    while True:
        digits = f"19{rng.randrange(10_000_000):07d}"  # the old Quảng Trị CMND series
        if digits not in used:
            used.add(digits)
            return digits


def _ethnicity(rng: random.Random, mountain: bool, groups: dict[str, Ethnicity]) -> Ethnicity | None:
    roll = rng.random()
    if mountain:
        name = "Bru-Vân Kiều" if roll < 0.55 else "Tà-ôi" if roll < 0.8 else "Kinh"
    else:
        name = "Kinh" if roll < 0.96 else "Bru-Vân Kiều" if roll < 0.99 else "Tà-ôi"
    return groups.get(name)


def demo_extend(*, center, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Give about 70% of the center's learners the details a real record has; returns what was added."""
    learners = list(Learner.objects.select_related("commune").order_by("code"))
    if not learners:
        return {"learners": 0, "guardians": 0, "consents": 0}
    groups = {e.name: e for e in Ethnicity.objects.all()}
    record = center.current_record
    center_is_mountain = record is not None and record.commune_id in MOUNTAIN_COMMUNES
    mountain_communes = {c.pk: c for c in Commune.objects.filter(pk__in=MOUNTAIN_COMMUNES)}
    recorder = _recorder(center)
    used_ids: set[str] = set()
    used_phones: set[str] = set(Guardian.objects.exclude(phone="").values_list("phone", flat=True))
    used_phones |= set(Learner.objects.exclude(phone="").values_list("phone", flat=True))

    chosen = [x for x in learners if rng.random() < 0.7]
    guardians: list[Guardian] = []
    links: list[tuple[Learner, Guardian, str]] = []
    families: dict[tuple[str, int | None], tuple[Guardian, str]] = {}
    for learner in chosen:
        age = learner.age_on(today)
        if center_is_mountain and rng.random() < 0.75:
            learner.commune = rng.choice(list(mountain_communes.values()))
        mountain = learner.commune_id in MOUNTAIN_COMMUNES
        learner.phone = _phone(rng, used_phones) if age >= 14 and rng.random() < 0.85 else ""
        learner.ethnicity = _ethnicity(rng, mountain, groups)
        place = "044" if (learner.commune_id or 0) < QUANG_BINH_BEFORE or rng.random() < 0.08 else "045"
        if age >= 35 and rng.random() < 0.15:
            digits = _legacy_id_number(rng, used_ids)
        elif age >= 14 or rng.random() < 0.5:
            digits = _id_number(rng, learner, place, used_ids)
        else:
            digits = ""
        learner.id_number_encrypted = crypto.encrypt(digits)
        learner.id_number_digest = id_number_digest(digits) if digits else ""
        learner.id_number_is_legacy = len(digits) == 9
        learner.street_address = (
            f"Thôn {rng.randint(1, 12)}"
            if mountain or rng.random() < 0.5
            else f"{rng.randint(1, 250)} {rng.choice(STREETS)}"
        )
        low, high = (8, 40) if mountain else (1, 18)
        learner.distance_km = Decimal(f"{rng.uniform(low, high):.1f}")
        learner.previous_school = rng.choice(LOWER_SECONDARY if age < 18 or rng.random() < 0.6 else UPPER_SECONDARY)
        learner.is_working = (age >= 18 and rng.random() < 0.35) or (16 <= age < 18 and rng.random() < 0.08)
        learner.has_disability = rng.random() < 0.02
        learner.lives_in_disadvantaged_commune = mountain and rng.random() < 0.8
        if rng.random() < (0.25 if mountain else 0.07):
            learner.household_status = HouseholdStatus.POOR if rng.random() < 0.6 else HouseholdStatus.NEAR_POOR
            year = today.year if rng.random() < 0.8 else today.year - 1  # some certificates have run out
            learner.household_certificate_valid_from = dt.date(year, 1, 1)
            learner.household_certificate_valid_to = dt.date(year, 12, 31)
        if age < 25:
            family = (learner.full_name.split()[0], learner.commune_id)
            shared = families.get(family) if rng.random() < 0.25 else None
            if shared is not None:  # a brother or sister already at the center: one guardian for both
                links.append((learner, *shared))
                continue
            guardian, relationship = _new_guardian(rng, center, learner, mountain, used_phones)
            guardians.append(guardian)
            families[family] = (guardian, relationship)
            links.append((learner, guardian, relationship))

    Learner.objects.bulk_update(
        chosen,
        [
            "phone",
            "ethnicity",
            "commune",
            "id_number_encrypted",
            "id_number_digest",
            "id_number_is_legacy",
            "street_address",
            "distance_km",
            "previous_school",
            "is_working",
            "has_disability",
            "lives_in_disadvantaged_commune",
            "household_status",
            "household_certificate_valid_from",
            "household_certificate_valid_to",
        ],
        batch_size=500,
    )
    Guardian.objects.bulk_create(guardians, batch_size=500)  # names were normalized by _new_guardian
    LearnerGuardian.objects.bulk_create(
        [
            LearnerGuardian(
                center=center, learner=learner, guardian=guardian, relationship=rel, is_primary_contact=True
            )
            for learner, guardian, rel in links
        ],
        batch_size=500,
    )
    consents = _consents(rng, center, links, recorder, today) if recorder else []
    Consent.objects.bulk_create(consents, batch_size=500)
    return {"learners": len(chosen), "guardians": len(guardians), "consents": len(consents)}


def _new_guardian(rng, center, learner, mountain: bool, used_phones: set[str]) -> tuple[Guardian, str]:
    family = learner.full_name.split()[0]
    if rng.random() < 0.5:
        relationship = "father"
        name = f"{family} {rng.choice(FATHER_GIVEN)}"
    else:
        relationship = "mother" if rng.random() < 0.9 else "grandparent"
        name = rng.choice(MOTHER)
    if mountain and rng.random() < 0.4:
        name = f"{rng.choice(BRU_FAMILY)} Văn {rng.choice(['Pỏ', 'Kăn', 'Lúc', 'Thưởng', 'Ray'])}"
    guardian = Guardian(
        center=center,
        full_name=normalize_name(name),
        phone=_phone(rng, used_phones) if rng.random() < 0.92 else "",
        street_address=learner.street_address,
    )
    guardian.name_search = search_key(guardian.full_name)  # bulk_create skips save()
    return guardian, relationship


def _recorder(center) -> User | None:
    """Who records consents in the demo: a member whose role may."""
    for membership in Membership.objects.select_related("user").order_by("id"):
        if role_has_perm(membership.role, "consents.manage") and membership.role != "director":
            return membership.user
    first = Membership.objects.select_related("user").order_by("id").first()
    return first.user if first else None


def _consents(rng, center, links, recorder: User, today: dt.date) -> list[Consent]:
    """Consents that follow the rules: a guardian under 16, the child too from 7 for disclosures, 16+ alone."""
    consents = []
    seen: set[int] = set()
    for learner, guardian, _relationship in links:
        if learner.pk in seen or rng.random() > 0.55:
            continue
        seen.add(learner.pk)
        purposes = [ConsentPurpose.MESSAGES_TO_GUARDIAN]
        if rng.random() < 0.5:
            purposes.append(ConsentPurpose.PHOTO_PUBLICATION)
        if rng.random() < 0.3:
            purposes.append(ConsentPurpose.SHARE_WITH_ENTERPRISES)
        given_on = today - dt.timedelta(days=rng.randint(20, 70))
        age = learner.age_on(given_on)
        for purpose in purposes:
            minor = age < ADULT_CONSENT_AGE
            learner_agreed = (not minor) or (purpose in DISCLOSING_PURPOSES and age >= CHILD_CO_CONSENT_AGE)
            withdrawn = purpose == ConsentPurpose.PHOTO_PUBLICATION and rng.random() < 0.15
            consents.append(
                Consent(
                    center=center,
                    learner=learner,
                    purpose=purpose,
                    guardian=guardian if minor or rng.random() < 0.5 else None,
                    learner_agreed=learner_agreed,
                    given_on=given_on,
                    evidence=f"Phiếu đồng ý số {rng.randint(1, 400)}",
                    recorded_by=recorder,
                    withdrawn_on=given_on + dt.timedelta(days=rng.randint(5, 15)) if withdrawn else None,
                    withdrawn_by=recorder if withdrawn else None,
                )
            )
    return consents
