"""Reads of the jobs area, each in a fixed number of queries: placements, follow-ups, the employment rate,
and the internship follow-up lists (staff and enterprise)."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from lotrinh.academics.models import Enrollment, EnrollmentStatus
from lotrinh.core.models import Center

from . import rates
from .models import (
    EvaluationRubric,
    FollowUp,
    Incident,
    InternshipAttendance,
    JobPlacement,
    MentorEvaluation,
    SafetyBriefing,
    TradeMatch,
    WageBand,
)

FOLLOWUP_SHOW = ("open", "overdue", "answered", "all")


def wage_bands_on(day: dt.date) -> QuerySet[WageBand]:
    return WageBand.objects.filter(WageBand.holding_on(day)).order_by("position")


def job_placement_list(*, status: str = "", learner_id: int | None = None) -> QuerySet[JobPlacement]:
    rows = JobPlacement.objects.select_related("learner", "enterprise", "trade", "wage_band")
    if status in JobPlacement.Status.values:
        rows = rows.filter(status=status)
    if learner_id:
        rows = rows.filter(learner_id=learner_id)
    return rows.order_by("-applied_on", "-id")


def followup_list(*, show: str = "open", today: dt.date) -> QuerySet[FollowUp]:
    rows = FollowUp.objects.select_related("learner", "enrollment__school_class", "wage_band", "recorded_by")
    if show == "open":
        rows = rows.exclude(status=FollowUp.Status.ANSWERED)
    elif show == "overdue":
        rows = rows.exclude(status=FollowUp.Status.ANSWERED).filter(due_on__lt=today)
    elif show == "answered":
        rows = rows.filter(status=FollowUp.Status.ANSWERED)
    return rows.order_by("due_on", "id")


def followup_by_token(token: str) -> FollowUp | None:
    if not token or len(token) > 32:
        return None
    return FollowUp.objects.select_related("learner", "enrollment__school_class__trade").filter(token=token).first()


# --- The employment rate ----------------------------------------------------------------------------------


@dataclass
class EmploymentDashboard:
    total: rates.Rate
    by_trade: list[rates.Rate]
    by_cohort: list[rates.Rate]
    by_program: list[rates.Rate]
    followups_due: int
    placements: list[tuple[str, str, int]] = field(default_factory=list)  # (status, label, count)


def graduates(center: Center) -> list[rates.Graduate]:
    """Every graduated enrollment with what is known of the graduate's work; three queries."""
    enrollments = list(
        Enrollment.objects.filter(center=center, status=EnrollmentStatus.GRADUATED)
        .annotate(
            graduated_on=Max(
                "status_changes__effective_on", filter=Q(status_changes__status=EnrollmentStatus.GRADUATED)
            )
        )
        .values(
            "id",
            "learner_id",
            "graduated_on",
            "enrolled_on",
            "school_class__trade__name",
            "school_class__program__name",
        )
    )
    learner_ids = sorted({e["learner_id"] for e in enrollments})
    # The latest answer of each graduate (answers read in order, the last one wins).
    answers: dict[int, dict] = {}
    for row in (
        FollowUp.objects.filter(center=center, status=FollowUp.Status.ANSWERED, learner_id__in=learner_ids)
        .order_by("learner_id", "answered_at", "id")
        .values("learner_id", "employed", "trade_match")
    ):
        answers[row["learner_id"]] = row
    hires: dict[int, set[str]] = defaultdict(set)
    for learner_id, match in JobPlacement.objects.filter(
        center=center, status=JobPlacement.Status.HIRED, learner_id__in=learner_ids
    ).values_list("learner_id", "trade_match"):
        hires[learner_id].add(match)
    result = []
    for e in enrollments:
        answer = answers.get(e["learner_id"])
        hired = hires.get(e["learner_id"], set())
        answered_employed = bool(answer and answer["employed"])
        employed = bool(hired) or answered_employed
        in_trade = TradeMatch.MATCH in hired or (answered_employed and answer["trade_match"] == TradeMatch.MATCH)
        result.append(
            rates.Graduate(
                learner_id=e["learner_id"],
                graduated_on=e["graduated_on"] or e["enrolled_on"],
                trade=e["school_class__trade__name"] or "",
                program=e["school_class__program__name"] or "",
                reached=bool(hired) or answer is not None,
                employed=employed,
                in_trade=in_trade,
            )
        )
    return result


def employment_dashboard(*, center: Center, today: dt.date) -> EmploymentDashboard:
    """The employment rate per trade, cohort (year of graduation) and program; five queries whatever the size."""
    rows = graduates(center)
    counts = dict(JobPlacement.objects.filter(center=center).order_by().values_list("status").annotate(n=Count("id")))
    placements = [(value, str(label), counts.get(value, 0)) for value, label in JobPlacement.Status.choices]
    return EmploymentDashboard(
        total=rates.rate_of("", rows),
        by_trade=rates.rates_by(rows, lambda g: g.trade),
        by_cohort=rates.rates_by(rows, lambda g: str(g.graduated_on.year)),
        by_program=rates.rates_by(rows, lambda g: g.program),
        followups_due=FollowUp.objects.filter(center=center, due_on__lte=today)
        .exclude(status=FollowUp.Status.ANSWERED)
        .count(),
        placements=placements,
    )


# --- Internship follow-up ---------------------------------------------------------------------------------


@dataclass
class InternRow:
    placement: object
    attendance: dict[str, int]
    days: int
    evaluations: dict[str, MentorEvaluation]
    briefing: SafetyBriefing | None
    incidents: int

    @property
    def attendance_rate(self) -> float | None:
        present = self.attendance.get("present", 0) + self.attendance.get("late", 0)
        return rates.percent(present, self.days)


def _published_placements(enterprise=None, placement_id: int | None = None):
    from lotrinh.internships.models import Placement

    rows = Placement.objects.filter(status=Placement.Status.PUBLISHED, published_at__isnull=False).select_related(
        "learner", "round", "slot__enterprise", "slot__mentor", "slot__trade"
    )
    if enterprise is not None:
        rows = rows.filter(slot__enterprise=enterprise)
    if placement_id is not None:
        rows = rows.filter(pk=placement_id)
    return rows.order_by("slot__enterprise__name", "learner__full_name", "id")


def intern_rows(*, enterprise=None, placement_id: int | None = None) -> list[InternRow]:
    """Published internships with their attendance, evaluations, briefing and incidents; five queries.

    ``enterprise`` limits them to that enterprise's interns (the enterprise account's pages).
    """
    placements = list(_published_placements(enterprise, placement_id))
    ids = [p.pk for p in placements]
    attendance: dict[int, dict[str, int]] = defaultdict(dict)
    for placement_id_, status, n in (
        InternshipAttendance.objects.filter(placement_id__in=ids)
        .order_by()
        .values_list("placement_id", "status")
        .annotate(n=Count("id"))
    ):
        attendance[placement_id_][status] = n
    evaluations: dict[int, dict[str, MentorEvaluation]] = defaultdict(dict)
    for evaluation in MentorEvaluation.objects.filter(placement_id__in=ids).select_related("rubric", "evaluated_by"):
        evaluations[evaluation.placement_id][evaluation.kind] = evaluation
    briefings = {
        b.placement_id: b for b in SafetyBriefing.objects.filter(placement_id__in=ids).select_related("confirmed_by")
    }
    incidents = Counter(Incident.objects.filter(placement_id__in=ids).values_list("placement_id", flat=True))
    return [
        InternRow(
            placement=p,
            attendance=attendance[p.pk],
            days=sum(attendance[p.pk].values()),
            evaluations=evaluations[p.pk],
            briefing=briefings.get(p.pk),
            incidents=incidents[p.pk],
        )
        for p in placements
    ]


def intern_history(placement) -> dict:
    """One intern's attendance days and incidents, newest first."""
    return {
        "attendance": list(InternshipAttendance.objects.filter(placement=placement).select_related("entered_by")[:60]),
        "incidents": list(Incident.objects.filter(placement=placement).select_related("reported_by")),
    }


def rubric_on(day: dt.date) -> EvaluationRubric | None:
    return EvaluationRubric.objects.filter(EvaluationRubric.holding_on(day)).order_by("-valid_from").first()
