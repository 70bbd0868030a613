"""Demo data of the retention area: drop-outs of recent months with their reasons, suspensions and returns,
interventions in every state, and the risks computed, so the retention dashboard is alive.

Called by core/demo.py inside ``scope(center=center)`` after the other areas (attendance and grades make
the strongest warning signs). Works without them too: if nobody is at risk after the first computation,
a few learners get the facts that put them at risk (work, a long way from home, a recent suspension).
Deterministic from ``rng``; state changes go through the services, so the history and the audit agree.
"""

import datetime as dt
import random
from decimal import Decimal

from lotrinh.academics.models import AttendanceMark, DropoutReason, Enrollment, EnrollmentStatus
from lotrinh.academics.services import enrollment_status_change
from lotrinh.core.models import Center, Membership
from lotrinh.core.roles import Role
from lotrinh.people.models import HouseholdStatus, Learner

from . import services
from .models import Intervention, RiskAssessment, RiskLevel

# Reasons heard most often in GDNN-GDTX centers come first (weights for the draw).
DROPOUT_REASONS = [
    (DropoutReason.WORK, 5, "Em đi làm công nhân ở khu công nghiệp"),
    (DropoutReason.ECONOMIC, 4, "Gia đình khó khăn, em ở nhà phụ bố mẹ"),
    (DropoutReason.DISTANCE, 3, "Nhà xa, đi lại vất vả mùa mưa"),
    (DropoutReason.LEARNING, 2, "Em theo không kịp chương trình"),
    (DropoutReason.FAMILY, 2, "Bố mẹ đi làm xa, em trông em nhỏ"),
    (DropoutReason.MOVED, 1, "Gia đình chuyển vào Bình Dương"),
    (DropoutReason.MARRIAGE, 1, "Em lập gia đình"),
    (DropoutReason.HEALTH, 1, "Em ốm dài ngày"),
]
EXTRA_DROPOUTS = 6
OUTCOMES = [
    "Đã gọi phụ huynh; em hứa đi học đều từ tuần sau.",
    "Gặp em tại trung tâm: em đi làm thêm buổi tối, đã thống nhất lịch học bù.",
    "Thăm nhà: gia đình khó khăn, đã giới thiệu hỗ trợ học phí theo chính sách.",
]
NOTES = {
    Intervention.Kind.CALL_GUARDIAN: "Hỏi lý do nghỉ học không phép",
    Intervention.Kind.COUNSELING: "Trao đổi về việc vừa học vừa làm",
    Intervention.Kind.HOME_VISIT: "Thăm gia đình cùng giáo viên chủ nhiệm",
    Intervention.Kind.SUPPORT_REFERRAL: "Lập hồ sơ hỗ trợ chi phí học tập",
}


def _staff(center: Center) -> dict[str, list]:
    by_role: dict[str, list] = {}
    for membership in Membership.objects.filter(center=center, is_active=True).select_related("user").order_by("id"):
        by_role.setdefault(membership.role, []).append(membership.user)
    return by_role


def _dropouts(*, rng: random.Random, today: dt.date, actor) -> int:
    """A few more drop-outs spread over the months since the school year opened, through the service."""
    enrolled = list(
        Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED).select_related("learner").order_by("id")
    )
    rng.shuffle(enrolled)
    reasons, weights = [r[0] for r in DROPOUT_REASONS], [r[1] for r in DROPOUT_REASONS]
    notes = {r[0]: r[2] for r in DROPOUT_REASONS}
    made = 0
    for enrollment in enrolled[:EXTRA_DROPOUTS]:
        span = (today - enrollment.enrolled_on).days
        if span < 14:
            continue
        day = enrollment.enrolled_on + dt.timedelta(days=rng.randint(7, span - 3))
        reason = rng.choices(reasons, weights)[0]
        enrollment_status_change(
            enrollment=enrollment,
            status=EnrollmentStatus.DROPPED_OUT,
            effective_on=day,
            actor=actor,
            reason=reason,
            note=notes[reason],
        )
        # Nobody takes the roll of a learner who has left.
        AttendanceMark.objects.filter(learner=enrollment.learner, date__gt=day).delete()
        made += 1
    return made


def _breaks(*, rng: random.Random, today: dt.date, actor) -> int:
    """Two learners suspended for a few weeks and back in class lately; one transferred to another school."""
    enrolled = list(Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED).order_by("id"))
    rng.shuffle(enrolled)
    made = 0
    for enrollment in enrolled[:2]:
        back = today - dt.timedelta(days=rng.randint(5, 20))
        left = back - dt.timedelta(days=rng.randint(10, 25))
        if left <= enrollment.enrolled_on:
            continue
        enrollment_status_change(
            enrollment=enrollment,
            status=EnrollmentStatus.SUSPENDED,
            effective_on=left,
            actor=actor,
            note="Tạm nghỉ để chăm người nhà ốm",
        )
        enrollment_status_change(
            enrollment=enrollment, status=EnrollmentStatus.ENROLLED, effective_on=back, actor=actor
        )
        AttendanceMark.objects.filter(learner_id=enrollment.learner_id, date__gte=left, date__lt=back).delete()
        made += 1
    for enrollment in enrolled[2:3]:
        day = today - dt.timedelta(days=rng.randint(10, 40))
        if day > enrollment.enrolled_on:
            enrollment_status_change(
                enrollment=enrollment,
                status=EnrollmentStatus.TRANSFERRED,
                effective_on=day,
                actor=actor,
                note="Chuyển về trường THPT gần nhà",
            )
            AttendanceMark.objects.filter(learner_id=enrollment.learner_id, date__gt=day).delete()
            made += 1
    return made


def _ensure_at_risk(*, rng: random.Random, today: dt.date) -> int:
    """Without attendance or grades yet, give a few learners the facts that put them at risk."""
    at_risk = RiskAssessment.objects.filter(is_current=True, level__in=[RiskLevel.HIGH, RiskLevel.MEDIUM]).count()
    if at_risk >= 5:
        return 0
    ids = list(
        Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED)
        .order_by("learner_id")
        .values_list("learner_id", flat=True)
    )
    chosen = list(Learner.objects.filter(pk__in=rng.sample(ids, min(6, len(ids)))).order_by("pk"))
    for n, learner in enumerate(chosen):  # work, a long way from home, a poor commune: 25 points at least
        learner.is_working = True
        learner.distance_km = Decimal(f"{rng.uniform(18, 38):.1f}")
        learner.lives_in_disadvantaged_commune = True
        if n < 2:
            learner.household_status = HouseholdStatus.POOR
            learner.household_certificate_valid_from = dt.date(today.year, 1, 1)
            learner.household_certificate_valid_to = dt.date(today.year, 12, 31)
    Learner.objects.bulk_update(
        chosen,
        [
            "is_working",
            "distance_km",
            "lives_in_disadvantaged_commune",
            "household_status",
            "household_certificate_valid_from",
            "household_certificate_valid_to",
        ],
    )
    return len(chosen)


def _interventions(*, center: Center, rng: random.Random, today: dt.date, staff: dict[str, list], actor) -> int:
    """Interventions for about half of the learners at risk: some open (one overdue), some done, one called off."""
    owners = staff.get(Role.COUNSELOR, []) + staff.get(Role.TRAINING_OFFICER, []) + staff.get(Role.TEACHER, [])[:2]
    owners = owners or [actor]
    risks = list(
        RiskAssessment.objects.filter(is_current=True, level__in=[RiskLevel.HIGH, RiskLevel.MEDIUM])
        .select_related("learner")
        .order_by("-score", "learner_id")
    )
    kinds = list(Intervention.Kind.values)
    made = 0
    for n, risk in enumerate(risks):
        if n % 2:  # every other one: nobody is acting yet, the dashboard says so
            continue
        kind = kinds[n // 2 % len(kinds)]
        owner = owners[n // 2 % len(owners)]
        planned = today - dt.timedelta(days=rng.randint(3, 20))
        if n // 2 % 4 == 3:  # done already, with what came of it
            item = services.intervention_create(
                learner=risk.learner,
                kind=kind,
                owner=owner,
                due_on=planned + dt.timedelta(days=5),
                actor=actor,
                note=NOTES[kind],
                today=planned,
            )
            services.intervention_close(intervention=item, outcome=rng.choice(OUTCOMES), actor=owner)
        elif n // 2 % 7 == 5:
            item = services.intervention_create(
                learner=risk.learner,
                kind=kind,
                owner=owner,
                due_on=today + dt.timedelta(days=2),
                actor=actor,
                note=NOTES[kind],
            )
            services.intervention_cancel(intervention=item, reason="Lập trùng với buổi tư vấn khác", actor=actor)
        else:
            overdue = n // 2 % 5 == 2
            services.intervention_create(
                learner=risk.learner,
                kind=kind,
                owner=owner,
                actor=actor,
                note=NOTES[kind],
                today=planned,
                due_on=today - dt.timedelta(days=2) if overdue else today + dt.timedelta(days=rng.randint(1, 10)),
            )
        made += 1
    return made


def demo_extend(*, center: Center, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Drop-outs and breaks of recent months, risks for everyone, interventions for half of those at risk."""
    staff = _staff(center)
    director = (staff.get(Role.DIRECTOR) or [u for users in staff.values() for u in users] or [None])[0]
    if Intervention.objects.exists():  # built before: only bring the risks up to date
        summary = services.risk_recompute(center=center, today=today)
        return {"dropouts": 0, "breaks": 0, "interventions": 0, "at_risk": _at_risk_count(summary)}
    dropouts = _dropouts(rng=rng, today=today, actor=director)
    breaks = _breaks(rng=rng, today=today, actor=director)
    services.risk_recompute(center=center, today=today)
    if _ensure_at_risk(rng=rng, today=today):
        services.risk_recompute(center=center, today=today)
    interventions = _interventions(center=center, rng=rng, today=today, staff=staff, actor=director)
    summary = services.risk_recompute(center=center, today=today)
    return {"dropouts": dropouts, "breaks": breaks, "interventions": interventions, "at_risk": _at_risk_count(summary)}


def _at_risk_count(summary) -> int:
    return summary.levels.get(RiskLevel.HIGH, 0) + summary.levels.get(RiskLevel.MEDIUM, 0)
