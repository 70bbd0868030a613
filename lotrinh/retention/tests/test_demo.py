"""The retention demo: consistent status history, interventions in every state, learners at risk, deterministic."""

import random

from django.db.models import OuterRef, Subquery

from lotrinh.academics.models import Enrollment, EnrollmentStatusChange
from lotrinh.retention.demo import demo_extend
from lotrinh.retention.models import Intervention, RiskAssessment

from .conftest import TODAY, enroll, grade10


def _center_with_learners(center, classes: int = 3, size: int = 12) -> None:
    for c in range(classes):
        school_class = grade10(center, name=f"1{c}A1")
        for _ in range(size):
            enroll(center, school_class)


def test_it_makes_the_dashboard_alive_even_without_attendance_or_grades(in_a, alice, counselor):
    _center_with_learners(in_a)
    counts = demo_extend(center=in_a, rng=random.Random(5), today=TODAY)

    assert counts["dropouts"] >= 4 and counts["interventions"] >= 2 and counts["at_risk"] >= 5
    latest = EnrollmentStatusChange.objects.filter(enrollment=OuterRef("pk")).order_by("-effective_on", "-id")
    for status, last in Enrollment.objects.annotate(last=Subquery(latest.values("status")[:1])).values_list(
        "status", "last"
    ):
        assert status == last  # the history explains every status
    assert not EnrollmentStatusChange.objects.filter(status="dropped_out", reason="").exists()
    enrolled = set(Enrollment.objects.filter(status="enrolled").values_list("learner_id", flat=True))
    assert set(RiskAssessment.objects.filter(is_current=True).values_list("learner_id", flat=True)) == enrolled
    states = set(Intervention.objects.values_list("status", flat=True))
    assert "open" in states and "done" in states
    assert not Intervention.objects.filter(status="done", outcome="").exists()
    at_risk = RiskAssessment.objects.filter(is_current=True, level__in=["high", "medium"])
    without = at_risk.exclude(learner__interventions__status="open")
    assert without.exists()  # someone for the director to act on


def test_it_is_deterministic_and_safe_to_run_again(in_a, alice):
    _center_with_learners(in_a, classes=2)
    first = demo_extend(center=in_a, rng=random.Random(5), today=TODAY)
    again = demo_extend(center=in_a, rng=random.Random(5), today=TODAY)
    assert again["interventions"] == 0 and again["at_risk"] == first["at_risk"]
