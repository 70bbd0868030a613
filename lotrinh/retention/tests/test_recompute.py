"""risk_recompute against the database: the rules from day one, the center's own model once it has the history."""

import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scope

from lotrinh.academics.models import Enrollment, EnrollmentStatusChange
from lotrinh.factories import LearnerFactory
from lotrinh.retention import services
from lotrinh.retention.models import RiskAssessment, RiskModelRun
from lotrinh.retention.scoring import rules
from lotrinh.retention.selectors import reason_texts
from lotrinh.retention.tasks import risk_recompute_task

from .conftest import TODAY, YEAR_START, attend, change_status, enroll, grade10, school_days, score

pytestmark = pytest.mark.usefixtures("source_language")


def current(learner) -> RiskAssessment:
    return RiskAssessment.objects.get(learner=learner, is_current=True)


def test_it_scores_every_enrolled_learner_from_their_records(in_a, alice, bob):
    school_class = grade10(in_a)
    steady = enroll(in_a, school_class)
    absent = enroll(in_a, school_class, is_working=True, distance_km=18)
    days = school_days(TODAY, 40)
    attend(steady, bob, [(d, "present") for d in days])
    attend(absent, bob, [(d, "present") for d in days[:30]] + [(d, "unexcused") for d in days[30:]])
    score(absent, bob, 1, "regular", "4.0")
    score(absent, bob, 1, "midterm", "4.5")
    gone = enroll(in_a, school_class)
    change_status(gone, "dropped_out", dt.date(2026, 10, 1), reason="work")

    summary = services.risk_recompute(center=in_a, today=TODAY)

    assert (summary.method, summary.learners) == ("rules", 2)
    assert current(steady).level == "low" and current(steady).reasons == []
    risk = current(absent)
    assert (risk.level, risk.method) == ("high", "rules")
    codes = [r["code"] for r in risk.reasons]
    assert codes[0] == "absence_streak"
    assert set(codes) >= {
        "attendance_falling",
        "attendance_low",
        "unexcused_absences",
        "grades_below_pass",
        "far_from_home",
        "working",
    }
    texts = reason_texts(risk.reasons)
    assert "Sessions missed in a row without leave: 10" in texts
    assert "Average score 4,3 in term 1, below the pass mark 5,0" in texts  # (4 + 2 × 4.5) / 3 = 4.33
    assert not RiskAssessment.objects.filter(learner=gone).exists()


def test_it_keeps_history_and_writes_only_what_changed(in_a, bob):
    school_class = grade10(in_a)
    learner = enroll(in_a, school_class)
    other = enroll(in_a, school_class)
    services.risk_recompute(center=in_a, today=TODAY)
    first = current(learner)

    assert services.risk_recompute(center=in_a, today=TODAY).changed == 0
    assert RiskAssessment.objects.count() == 2

    learner.is_working = True
    learner.distance_km = 25
    learner.has_disability = True  # 10 + 10 + 5 points
    learner.save()
    change_status(other, "transferred", TODAY)
    assert services.risk_recompute(center=in_a, today=TODAY).changed == 1

    now = current(learner)
    assert now.pk != first.pk and now.level == "medium"
    first.refresh_from_db()
    assert not first.is_current  # kept as history
    assert not RiskAssessment.objects.filter(learner=other, is_current=True).exists()  # no longer enrolled
    assert RiskAssessment.objects.filter(learner=other).count() == 1


def test_it_recomputes_only_the_learners_asked_for(in_a, bob):
    school_class = grade10(in_a)
    one, two = enroll(in_a, school_class), enroll(in_a, school_class)
    services.risk_recompute(center=in_a, today=TODAY)
    for learner in (one, two):
        learner.is_working = True
        learner.save()
    summary = services.risk_recompute(center=in_a, today=TODAY, learner_ids=[one.pk])
    assert summary.learners == 1
    assert current(one).reasons[0]["code"] == "working"
    assert current(two).reasons == []  # untouched until the next full run


def test_it_flags_a_recent_suspension_and_return_from_the_history(in_a):
    learner = enroll(in_a, grade10(in_a))
    change_status(learner, "suspended", TODAY - dt.timedelta(days=30))
    change_status(learner, "enrolled", TODAY - dt.timedelta(days=10))
    services.risk_recompute(center=in_a, today=TODAY)
    assert [r["code"] for r in current(learner).reasons] == ["recent_suspension", "recent_reenrollment"]


def _history(center, *, outcomes: int, dropouts: int, seed: int = 3) -> None:
    """Past enrollments (last school year) that ended; drop-outs mostly worked and lived far away."""
    rng = random.Random(seed)
    old_class = grade10(center, name="10C9", school_year="2025-2026")
    for n in range(outcomes):
        dropped = n < dropouts
        learner = LearnerFactory(
            center=center,
            date_of_birth=dt.date(2010, 3, 1),
            is_working=rng.random() < (0.7 if dropped else 0.15),
            distance_km=rng.uniform(12, 35) if dropped else rng.uniform(0.5, 14),
        )
        status = "dropped_out" if dropped else rng.choice(["completed", "graduated"])
        enrollment = Enrollment.objects.create(
            center=center, learner=learner, school_class=old_class, enrolled_on=dt.date(2025, 9, 5), status=status
        )
        ended = dt.date(2026, 1, 10) + dt.timedelta(days=rng.randint(0, 120)) if dropped else dt.date(2026, 5, 30)
        EnrollmentStatusChange.objects.bulk_create(
            [
                EnrollmentStatusChange(
                    center=center, enrollment=enrollment, status="enrolled", effective_on=dt.date(2025, 9, 5)
                ),
                EnrollmentStatusChange(
                    center=center,
                    enrollment=enrollment,
                    status=status,
                    reason="work" if dropped else "",
                    effective_on=ended,
                ),
            ]
        )


def test_it_keeps_the_rules_until_the_center_has_enough_history(in_a):
    _history(in_a, outcomes=rules.MODEL_MIN_OUTCOMES, dropouts=rules.MODEL_MIN_DROPOUTS - 1)
    enroll(in_a, grade10(in_a), is_working=True)
    summary = services.risk_recompute(center=in_a, today=TODAY)
    assert summary.method == "rules" and not RiskModelRun.objects.exists()


def test_it_switches_to_the_centers_own_model_with_enough_history(in_a):
    _history(in_a, outcomes=rules.MODEL_MIN_OUTCOMES, dropouts=rules.MODEL_MIN_DROPOUTS + 10)
    school_class = grade10(in_a)
    far_worker = enroll(in_a, school_class, is_working=True, distance_km=30)
    near = enroll(in_a, school_class, distance_km=2)

    summary = services.risk_recompute(center=in_a, today=TODAY)

    assert summary.method == "model"
    run = RiskModelRun.objects.get()
    assert run.is_active and (run.samples, run.dropouts) == (200, 40)
    assert run.features == list(rules.FEATURES)
    assert 0.8 <= run.auc <= 1 and 0.5 <= run.macro_f1 <= 1  # validation figures, cross-validated and stored
    assert run.model_file.name.endswith(".joblib")
    risky, safe = current(far_worker), current(near)
    assert risky.method == safe.method == "model"
    assert risky.score > safe.score and risky.level == "high"
    assert {r["code"] for r in risky.reasons} == {"working", "far_from_home"}  # the model's largest pushes
    assert "Lives 30 km from the center" in reason_texts(risky.reasons)
    assert safe.reasons == [] or all(r["weight"] > 0 for r in safe.reasons)

    # The next run reuses the stored model; a grown history trains a new one.
    services.risk_recompute(center=in_a, today=TODAY)
    assert RiskModelRun.objects.count() == 1
    change_status(near, "dropped_out", TODAY, reason="distance")
    services.risk_recompute(center=in_a, today=TODAY)
    assert RiskModelRun.objects.count() == 2
    assert list(RiskModelRun.objects.filter(is_active=True).values_list("samples", flat=True)) == [201]


def test_it_recomputes_from_the_command_and_the_task(in_a, center_b):
    learner = enroll(in_a, grade10(in_a), is_working=True, distance_km=40)
    out = StringIO()
    call_command("risk_recompute", "--center", in_a.slug, "--date", "20/11/2026", stdout=out)
    assert "1" in out.getvalue() and "rules" in out.getvalue()
    assert current(learner).level == "low"  # 20 points
    learner.has_disability = True
    learner.save()
    result = risk_recompute_task.enqueue(center_id=in_a.pk, day=TODAY.isoformat())
    assert result.return_value["learners"] == 1
    assert current(learner).level == "medium"
    with scope(center=center_b):
        assert not RiskAssessment.objects.exists()


def test_it_refuses_an_unknown_center_in_the_command(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("risk_recompute", "--center", "khong-co", stdout=StringIO())


def test_it_starts_the_school_year_on_the_opening_day():
    assert services.school_year_start("2026-2027") == YEAR_START
    assert services.school_year_start("2026-2027", dt.date(2026, 10, 1)) == dt.date(2026, 10, 1)
