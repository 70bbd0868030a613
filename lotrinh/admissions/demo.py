"""Demo admissions: the next school year's plan with its targets, ~60 applications of the last three weeks in every
state (a few enrolled into this year's sơ cấp classes), and two duplicates for staff to find."""

import contextlib
import datetime as dt
import random

from django.utils import timezone

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import Center, Commune, Membership
from lotrinh.core.roles import Role
from lotrinh.people.models import Learner

from . import services
from .models import AdmissionPlan, Application, ApplicationStatus, ApplicationStatusChange

SCHOOLS = [
    "Trường THCS Nguyễn Trãi",
    "Trường THCS Lê Lợi",
    "Trường THCS Trần Hưng Đạo",
    "Trường THCS Phan Bội Châu",
    "Trường THCS Hải Lệ",
    "Trường THCS Cam Lộ",
    "Trường PTDTBT THCS A Bung",
]
# (program code, trade name or None, target)
TARGETS = [
    ("gdtx-thpt", None, 120),
    ("chin-cong", "Điện công nghiệp", 35),
    ("chin-cong", "Công nghệ ô tô", 35),
    ("so-cap", "May công nghiệp", 30),
    ("so-cap", "Điện dân dụng", 25),
    ("so-cap", "Hàn", 20),
]
HOME_COMMUNES = [19333, 19351, 19597, 19624, 19645, 19654, 19495, 19702, 19735, 19564, 19363]
APPLICATIONS = 60
SURNAMES_GUARDIAN = ["Nguyễn Văn", "Trần Văn", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Võ Thị"]


def _actor(center: Center):
    rows = Membership.objects.filter(center=center, is_active=True).select_related("user").order_by("id")
    for role in (Role.TRAINING_OFFICER, Role.DIRECTOR):
        for membership in rows:
            if membership.role == role:
                return membership.user
    return None


def _id_number(sex: str, born: dt.date, serial: int) -> str:
    century_sex = 2 * ((born.year - 1900) // 100) + (1 if sex == "female" else 0)
    return f"045{century_sex}{born.year % 100:02d}{serial:06d}"


def demo_extend(*, center: Center, rng: random.Random, today: dt.date) -> dict[str, int]:
    from lotrinh.core.demo import random_person

    actor = _actor(center)
    year = services.default_school_year(today)
    if actor is None or AdmissionPlan.objects.filter(school_year=year).exists():
        return {"applications": 0}
    plan = services.plan_create(
        center=center,
        school_year=year,
        opens_on=today - dt.timedelta(days=24),
        closes_on=today + dt.timedelta(days=60),
        actor=actor,
        note="Kế hoạch tuyển sinh theo chỉ tiêu Sở GD&ĐT giao",
    )
    programs = {p.code: p for p in ProgramType.objects.all()}
    trades = {t.name: t for t in Trade.objects.filter(Trade.holding_on(today))}
    targets = []
    for code, trade_name, target in TARGETS:
        if code in programs and (trade_name is None or trade_name in trades):
            targets.append(
                services.target_set(
                    plan=plan,
                    program=programs[code],
                    trade=trades.get(trade_name) if trade_name else None,
                    target=target,
                    actor=actor,
                )
            )
    if not targets:
        return {"applications": 0}
    weights = [5 if t.trade_id is None else 2 for t in targets]
    made: list[Application] = []
    serial_base = rng.randint(100000, 800000)
    for index in range(APPLICATIONS):
        full_name, sex = random_person(rng)
        target = rng.choices(targets, weights)[0]
        age = (
            rng.randint(15, 16)
            if target.trade_id is None or target.program.code == "chin-cong"
            else rng.randint(16, 40)
        )
        born = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        minor = services.age_on(born, today) < services.GUARDIAN_REQUIRED_UNDER
        data = services.ApplicationData(
            full_name=full_name,
            date_of_birth=born,
            sex=sex,
            id_number=_id_number(sex, born, serial_base + index),
            phone=f"09{rng.randint(10000000, 99999999)}",
            commune=None,
            previous_school=rng.choice(SCHOOLS),
            target=target,
            guardian_name=f"{rng.choice(SURNAMES_GUARDIAN)} {full_name.split()[-1]}"
            if minor or rng.random() < 0.3
            else "",
            guardian_phone=f"08{rng.randint(10000000, 99999999)}" if minor else "",
            guardian_relationship=rng.choice(["father", "mother"]),
            consent_processing=True,
            consent_contact=rng.random() < 0.7,
        )
        data.commune = Commune.objects.filter(code=rng.choice(HOME_COMMUNES)).first()
        application, _created = services.application_submit(
            center=center, data=data, documents=[], form_token=services.form_token_new()
        )
        made.append(application)
    # Two duplicates: one person who sent the form twice, one former learner applying again.
    first = made[0]
    again = services.ApplicationData(
        full_name=first.full_name,
        date_of_birth=first.date_of_birth,
        sex=first.sex,
        id_number=_id_number(first.sex, first.date_of_birth, serial_base),
        phone=first.phone,
        commune=first.commune,
        previous_school=first.previous_school,
        target=targets[-1],
        guardian_name=first.guardian_name,
        guardian_phone=first.guardian_phone,
        guardian_relationship=first.guardian_relationship or "mother",
        consent_processing=True,
    )
    made.append(
        services.application_submit(center=center, data=again, documents=[], form_token=services.form_token_new())[0]
    )
    former = Learner.objects.order_by("id").first()
    if former is not None:
        age = today.year - former.date_of_birth.year
        if services.MIN_AGE < age < services.MAX_AGE:
            copy = services.ApplicationData(
                full_name=former.full_name,
                date_of_birth=former.date_of_birth,
                sex=former.sex,
                id_number=_id_number(former.sex, former.date_of_birth, serial_base + 900),
                phone="0911222333",
                commune=None,
                previous_school="",
                target=targets[0],
                guardian_name="Trần Thị Lan",
                guardian_phone="0833444555",
                guardian_relationship="mother",
                consent_processing=True,
            )
            with contextlib.suppress(ApplicationError):  # an old record that no longer passes the checks
                made.append(
                    services.application_submit(
                        center=center, data=copy, documents=[], form_token=services.form_token_new()
                    )[0]
                )
    _spread_over_days(made, rng=rng, today=today)
    _decide(made, rng=rng, actor=actor, today=today)
    return {"applications": len(made)}


def _spread_over_days(applications: list[Application], *, rng: random.Random, today: dt.date) -> None:
    """The demo applications arrived over the last three weeks, more of them lately."""
    zone = timezone.get_current_timezone()
    for application in applications:
        back = min(int(rng.triangular(0, 21, 3)), 20)
        day = today - dt.timedelta(days=back)
        at = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59)), tzinfo=zone)
        Application.objects.filter(pk=application.pk).update(submitted_at=at, submitted_on=day)
        ApplicationStatusChange.objects.filter(application=application).update(changed_at=at)
        application.submitted_at, application.submitted_on = at, day


def _decide(applications: list[Application], *, rng: random.Random, actor, today: dt.date) -> None:
    older = sorted(applications[: len(applications) - 2], key=lambda a: a.submitted_at)
    for index, application in enumerate(older):
        share = index / max(len(older), 1)
        if share > 0.6:
            continue  # recent ones: still received
        services.application_verify(application=application, actor=actor)
        if share > 0.4:
            continue
        roll = rng.random()
        if roll < 0.1:
            services.application_reject(
                application=application, actor=actor, reason="Chưa tốt nghiệp THCS: cần bổ sung bằng tốt nghiệp"
            )
        elif roll < 0.2:
            services.application_waitlist(application=application, actor=actor, reason="Đủ chỉ tiêu lớp, chờ lớp mới")
        else:
            services.application_admit(application=application, actor=actor)
    enrolled = 0
    for application in older:
        application.refresh_from_db()
        if enrolled >= 3 or application.status != ApplicationStatus.ADMITTED:
            continue
        school_class = services.enrol_classes(application).first()
        if school_class is None:
            continue
        services.application_enrol(application=application, school_class=school_class, enrolled_on=today, actor=actor)
        enrolled += 1
