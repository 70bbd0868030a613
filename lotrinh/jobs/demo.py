"""Demo data of the jobs area: graduates of the two past school years, their follow-ups (answered by link, by
call, or still due), about thirty job applications in every state, and the follow-up of published internships.

Called by core/demo.py inside ``scope(center=center)``. Deterministic from ``rng``; the changes go through the
services (dates in the past), so the steps and the audit agree.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from lotrinh.academics.models import (
    Enrollment,
    EnrollmentStatus,
    EnrollmentStatusChange,
    ProgramType,
    SchoolClass,
    Trade,
)
from lotrinh.academics.timetabling import school_year_of
from lotrinh.core.models import Center, Membership, User
from lotrinh.core.roles import Role
from lotrinh.people.models import Learner

from . import services
from .models import FollowUp, JobPlacement, TradeMatch, WageBand

# Employers that are not partners of the center (the graduates found them themselves).
OTHER_EMPLOYERS = [
    "Cửa hàng điện nước Minh Phát",
    "Tiệm may Thu Hà",
    "Garage sửa xe Hoàng Long",
    "Công ty TNHH Xây dựng Trường Sơn",
    "Hợp tác xã Nông nghiệp Triệu Phong",
    "Cơ sở mộc Tân Tiến",
]
JOB_TITLES = {
    "Điện": "Thợ điện",
    "May": "Công nhân may",
    "xe": "Thợ sửa xe máy",
    "Tin": "Nhân viên văn phòng",
    "Hàn": "Thợ hàn",
}
PAST_CLASSES = 2  # per past school year
CLASS_SIZE = 12


@dataclass(frozen=True)
class DemoJobs:
    graduates: int
    follow_ups: int
    answered: int
    placements: int
    internship_records: int


def demo_extend(*, center: Center, rng: random.Random, today: dt.date | None = None) -> DemoJobs:
    today = today or timezone.localdate()
    if FollowUp.objects.exists() or JobPlacement.objects.exists():  # built before
        return DemoJobs(0, 0, 0, 0, 0)
    staff = _staff(center)
    graduates = _graduates(center=center, rng=rng, today=today)
    follow_ups = services.followups_schedule(center=center, today=today)
    answered = _answers(rng=rng, staff=staff, today=today)
    placements = _placements(center=center, rng=rng, staff=staff, graduates=graduates, today=today)
    records = _internships(center=center, rng=rng, staff=staff, today=today)
    return DemoJobs(len(graduates), follow_ups, answered, placements, records)


def _staff(center: Center) -> User | None:
    membership = (
        Membership.objects.filter(center=center, is_active=True, role__in=[Role.ENTERPRISE_OFFICER, Role.DIRECTOR])
        .select_related("user")
        .order_by("-role")  # the enterprise officer before the director
        .first()
    )
    return membership.user if membership else None


def _title(trade_name: str) -> str:
    return next((title for word, title in JOB_TITLES.items() if word in trade_name), "Công nhân kỹ thuật")


def _graduates(*, center: Center, rng: random.Random, today: dt.date) -> list[Enrollment]:
    """Vocational classes of the two past school years, every learner graduated at the end of May."""
    from lotrinh.core.demo import random_person  # core.demo imports this module

    trades = list(Trade.objects.filter(Trade.holding_on(today)).order_by("pk"))
    used = list(SchoolClass.objects.filter(trade__isnull=False).values_list("trade_id", flat=True).distinct())
    trades = [t for t in trades if t.pk in used] or trades[:3]
    program = ProgramType.objects.get(code="so-cap")
    current = int(school_year_of(today)[:4])
    enrollments: list[Enrollment] = []
    number = 0
    for back in (1, 2):
        start = current - back
        graduated_on = dt.date(start + 1, 5, 29)
        if graduated_on > today:
            continue
        for index in range(PAST_CLASSES):
            trade = trades[(index + back) % len(trades)]
            name = f"SC {trade.name} K{start % 100:02d}"
            if len(trades) < PAST_CLASSES:
                name = f"{name}.{index + 1}"
            school_class = SchoolClass.objects.create(
                center=center,
                name=name,
                program=program,
                school_year=f"{start}-{start + 1}",
                trade=trade,
                starts_on=dt.date(start, 9, 5),
                ends_on=graduated_on,
            )
            for _ in range(CLASS_SIZE):
                number += 1
                full_name, sex = random_person(rng)
                learner = Learner.objects.create(
                    center=center,
                    code=f"TN{start % 100:02d}{number:04d}",
                    full_name=full_name,
                    date_of_birth=dt.date(start - rng.randint(17, 30), rng.randint(1, 12), rng.randint(1, 28)),
                    sex=sex,
                    phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                )
                enrollment = Enrollment.objects.create(
                    center=center,
                    learner=learner,
                    school_class=school_class,
                    status=EnrollmentStatus.GRADUATED,
                    enrolled_on=school_class.starts_on,
                )
                EnrollmentStatusChange.objects.bulk_create(
                    [
                        EnrollmentStatusChange(
                            center=center,
                            enrollment=enrollment,
                            status=EnrollmentStatus.ENROLLED,
                            effective_on=school_class.starts_on,
                        ),
                        EnrollmentStatusChange(
                            center=center,
                            enrollment=enrollment,
                            status=EnrollmentStatus.GRADUATED,
                            effective_on=graduated_on,
                        ),
                    ]
                )
                enrollments.append(enrollment)
    return enrollments


def _answers(*, rng: random.Random, staff: User | None, today: dt.date) -> int:
    """About two in three due follow-ups answered (half by link, half on the phone); some links sent, unanswered."""
    bands = list(WageBand.objects.filter(WageBand.holding_on(today)).order_by("position"))
    answered = 0
    for follow_up in FollowUp.objects.select_related("enrollment__school_class__trade").order_by("pk"):
        roll = rng.random()
        if roll < 0.2:
            continue  # still due
        if roll < 0.35:
            # The link went out by SMS; no answer yet (the message itself is not re-sent by the demo).
            FollowUp.objects.filter(pk=follow_up.pk).update(
                status=FollowUp.Status.SENT, sent_at=timezone.now() - dt.timedelta(days=rng.randint(2, 20))
            )
            continue
        employed = rng.random() < 0.78
        services.followup_answer(
            follow_up=follow_up,
            channel=FollowUp.Channel.LINK if roll < 0.67 else FollowUp.Channel.CALL,
            employed=employed,
            employer_name=rng.choice(OTHER_EMPLOYERS) if employed else "",
            trade_match=rng.choice([TradeMatch.MATCH] * 3 + [TradeMatch.RELATED, TradeMatch.UNRELATED])
            if employed
            else "",
            wage_band=rng.choice(bands[:3] if rng.random() < 0.8 else bands) if employed and bands else None,
            further_study=rng.random() < 0.15,
            satisfaction=rng.choice([3, 4, 4, 5, 5]),
            note="",
            actor=None if roll < 0.67 else staff,
        )
        answered += 1
    return answered


def _placements(
    *, center: Center, rng: random.Random, staff: User | None, graduates: list[Enrollment], today: dt.date
) -> int:
    """About thirty applications: at the center's partner enterprises where there are some, else elsewhere."""
    from lotrinh.industry.models import Enterprise

    enterprises = list(
        Enterprise.objects.filter(partnerships__center=center, partnerships__status="active").order_by("name")
    )
    bands = list(WageBand.objects.filter(WageBand.holding_on(today)).order_by("position"))
    pool = sorted(graduates, key=lambda e: e.pk)
    rng.shuffle(pool)
    created = 0
    for enrollment in pool[:30]:
        trade = enrollment.school_class.trade
        applied_on = today - dt.timedelta(days=rng.randint(20, 150))
        enterprise = rng.choice(enterprises) if enterprises and rng.random() < 0.75 else None
        placement = services.job_application_create(
            center=center,
            learner=enrollment.learner,
            enterprise=enterprise,
            employer_name="" if enterprise else rng.choice(OTHER_EMPLOYERS),
            trade=trade,
            trade_match=rng.choice([TradeMatch.MATCH] * 4 + [TradeMatch.RELATED]),
            job_title=_title(trade.name if trade else ""),
            wage_band=None,
            applied_on=applied_on,
            actor=staff,
        )
        created += 1
        roll = rng.random()
        if roll < 0.2:
            continue  # applied, waiting
        interviewed_on = min(applied_on + dt.timedelta(days=rng.randint(3, 12)), today)
        services.job_interview_record(placement=placement, on=interviewed_on, actor=staff)
        if roll < 0.35:
            continue  # interviewed, waiting for the answer
        decided_on = min(interviewed_on + dt.timedelta(days=rng.randint(2, 10)), today)
        if roll < 0.8:
            band = rng.choice(bands[1:3]) if bands else None
            services.job_hire(placement=placement, on=decided_on, wage_band=band, actor=staff)
        else:
            services.job_reject(placement=placement, on=decided_on, declined=roll > 0.92, actor=staff)
    return created


def _internships(*, center: Center, rng: random.Random, staff: User | None, today: dt.date) -> int:
    """For published internships (if the internships demo published a round): attendance, briefing, evaluations."""
    from lotrinh.internships.models import Placement

    placements = list(
        Placement.objects.filter(status=Placement.Status.PUBLISHED, published_at__isnull=False)
        .select_related("slot__mentor__user", "slot__enterprise")
        .order_by("pk")
    )
    records = 0
    for index, placement in enumerate(placements):
        slot = placement.slot
        actor = slot.mentor.user if slot.mentor and slot.mentor.user_id else staff
        if actor is None or slot.starts_on > today:
            continue
        enterprise = slot.enterprise if slot.mentor and slot.mentor.user_id else None
        day = slot.starts_on
        while day <= today and day < slot.starts_on + dt.timedelta(weeks=slot.weeks):
            if day.weekday() < 5:
                status = rng.choices(["present", "late", "absent", "excused"], weights=[86, 7, 4, 3])[0]
                services.internship_attendance_record(
                    placement=placement, date=day, status=status, enterprise=enterprise, actor=actor
                )
                records += 1
            day += dt.timedelta(days=1)
        if slot.safety_briefing_required and index % 5 != 4:
            services.safety_briefing_confirm(
                placement=placement,
                held_on=slot.starts_on,
                topics="Nội quy xưởng, an toàn điện, phòng cháy chữa cháy, bảo hộ lao động",
                enterprise=enterprise,
                actor=actor,
            )
        if (today - slot.starts_on).days >= 7 * slot.weeks // 2 and index % 3 != 2:
            rubric = services.rubric_in_force(today)
            services.mentor_evaluation_create(
                placement=placement,
                kind="mid_term",
                scores={c["code"]: rng.choice([3, 4, 4, 5]) for c in rubric.criteria},
                comment=rng.choice(["Chăm chỉ, tiếp thu nhanh.", "Cần cẩn thận hơn khi vận hành máy.", ""]),
                enterprise=enterprise,
                actor=actor,
            )
        if index == 1:
            services.incident_report(
                placement=placement,
                occurred_on=min(slot.starts_on + dt.timedelta(days=9), today),
                severity="minor",
                description="Bị kim máy may đâm vào ngón tay.",
                actions="Sơ cứu tại phòng y tế; nhắc lại quy định đeo bao tay.",
                enterprise=enterprise,
                actor=actor,
            )
    return records
