"""State changes of the retention area: recomputing risks (rules or the center's own model) and interventions."""

import datetime as dt
import io
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import joblib
import numpy as np
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.academics.models import AttendanceMark, Enrollment, EnrollmentStatus, EnrollmentStatusChange
from lotrinh.assessment.models import GradingRule, Score
from lotrinh.core.audit import audit_record
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, Membership, User
from lotrinh.people.models import Learner

from .models import Intervention, RiskAssessment, RiskModelRun
from .scoring import rules
from .scoring.features import Grading, KindMeanIn, LearnerFacts, LearnerInput, MarkIn, StatusEventIn

logger = logging.getLogger(__name__)

OUTCOMES = {EnrollmentStatus.DROPPED_OUT, EnrollmentStatus.COMPLETED, EnrollmentStatus.GRADUATED}
GRADING_RULE_CODE = "gdtx-thpt"
CHUNK = 2000  # learners per query when reading marks and scores (keeps SQLite under its variable limit)
SCHOOL_YEAR_OPENS = (9, 5)  # 5 September, the opening day of the school year


# --- Reading a learner's records into the pure scoring inputs -------------------------------------------


@dataclass
class _Target:
    """Whom to describe, as of which day: a learner now, or a past enrollment before its outcome."""

    learner_id: int
    as_of: dt.date
    enrollment_ids: list[int]
    class_ids: list[int]
    program_code: str = ""
    class_name: str = ""
    school_year_start: dt.date | None = None
    label: int | None = None  # 1 dropped out, 0 completed or graduated (history only)


def school_year_start(school_year: str, starts_on: dt.date | None = None) -> dt.date | None:
    """ "2026-2027" → 05/09/2026, unless the class has its own start date."""
    if starts_on:
        return starts_on
    try:
        return dt.date(int(school_year[:4]), *SCHOOL_YEAR_OPENS)
    except (ValueError, TypeError):
        return None


def grading_on(day: dt.date) -> Grading:
    """Weights and pass mark of the GDTX grading rule in force; a simple mean and 5.0 without one."""
    rule = GradingRule.objects.filter(GradingRule.holding_on(day), code=GRADING_RULE_CODE).first()
    if rule is None:
        return Grading()
    return Grading(
        kind_weights={str(kind): float(weight) for kind, weight in (rule.weights or {}).items()},
        pass_mark=float(rule.pass_mark),
    )


_ENROLLMENT_FIELDS = (
    "id",
    "learner_id",
    "status",
    "enrolled_on",
    "school_class_id",
    "school_class__name",
    "school_class__school_year",
    "school_class__starts_on",
    "school_class__program__code",
)


def _describe_class(target: _Target, row: dict) -> None:
    target.program_code = row["school_class__program__code"]
    target.class_name = row["school_class__name"]
    target.school_year_start = school_year_start(row["school_class__school_year"], row["school_class__starts_on"])


def _current_targets(today: dt.date, learner_ids: Iterable[int] | None = None) -> list[_Target]:
    """Every enrolled learner, described through their enrollments now (a graded GDTX class first)."""
    rows = Enrollment.objects.filter(status=EnrollmentStatus.ENROLLED)
    if learner_ids is not None:
        rows = rows.filter(learner_id__in=list(learner_ids))
    by_learner: dict[int, list[dict]] = defaultdict(list)
    for row in rows.values(*_ENROLLMENT_FIELDS).order_by("learner_id", "enrolled_on", "id"):
        by_learner[row["learner_id"]].append(row)
    targets = []
    for learner_id, enrollments in by_learner.items():
        graded = [e for e in enrollments if e["school_class__program__code"] in rules.SETTINGS.graded_programs]
        target = _Target(
            learner_id=learner_id,
            as_of=today,
            enrollment_ids=[e["id"] for e in enrollments],
            class_ids=[e["school_class_id"] for e in enrollments],
        )
        _describe_class(target, (graded or enrollments)[0])
        targets.append(target)
    return targets


def _history_targets(changes: dict[int, list[tuple]]) -> list[_Target]:
    """Past enrollments that ended, each described as it was OUTCOME_LEAD_DAYS before its outcome."""
    targets = []
    for row in Enrollment.objects.filter(status__in=OUTCOMES).values(*_ENROLLMENT_FIELDS).order_by("id"):
        steps = changes.get(row["id"], [])
        ended = [effective_on for status, effective_on, _first in steps if status == row["status"]]
        outcome_on = max(ended) if ended else row["enrolled_on"]
        as_of = max(row["enrolled_on"], outcome_on - dt.timedelta(days=rules.OUTCOME_LEAD_DAYS))
        target = _Target(
            learner_id=row["learner_id"],
            as_of=as_of,
            enrollment_ids=[row["id"]],
            class_ids=[row["school_class_id"]],
            label=int(row["status"] == EnrollmentStatus.DROPPED_OUT),
        )
        _describe_class(target, row)
        targets.append(target)
    return targets


def _status_changes(enrollment_ids: Sequence[int] | None = None) -> dict[int, list[tuple]]:
    """enrollment id → [(status, effective_on, is_first)] in order."""
    rows = EnrollmentStatusChange.objects.all()
    if enrollment_ids is not None:
        rows = rows.filter(enrollment_id__in=list(enrollment_ids))
    changes: dict[int, list[tuple]] = defaultdict(list)
    for enrollment_id, status, effective_on in rows.order_by("enrollment_id", "effective_on", "id").values_list(
        "enrollment_id", "status", "effective_on"
    ):
        changes[enrollment_id].append((status, effective_on, not changes[enrollment_id]))
    return changes


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _inputs(targets: list[_Target], changes: dict[int, list[tuple]]) -> list[LearnerInput]:
    """One LearnerInput per target, from a handful of queries per chunk of learners."""
    if not targets:
        return []
    learner_ids = sorted({t.learner_id for t in targets})
    class_ids = sorted({c for t in targets for c in t.class_ids})
    window = dt.timedelta(days=2 * rules.SETTINGS.recent_days)
    since, until = min(t.as_of for t in targets) - window, max(t.as_of for t in targets)
    learners: dict[int, Learner] = {}
    marks: dict[int, list[MarkIn]] = defaultdict(list)
    scores: dict[tuple[int, int], list[KindMeanIn]] = defaultdict(list)
    for chunk in _chunks(learner_ids):
        learners.update(
            (learner.pk, learner)
            for learner in Learner.objects.filter(pk__in=chunk).only(
                "id",
                "date_of_birth",
                "distance_km",
                "is_working",
                "household_status",
                "household_certificate_valid_from",
                "household_certificate_valid_to",
                "has_disability",
                "lives_in_disadvantaged_commune",
            )
        )
        for learner_id, day, status in (
            AttendanceMark.objects.filter(learner_id__in=chunk, date__gt=since, date__lte=until)
            .order_by("learner_id", "date", "roll__session__starts_at", "id")
            .values_list("learner_id", "date", "status")
            .iterator(chunk_size=5000)
        ):
            marks[learner_id].append(MarkIn(date=day, status=status))
        for row in (
            Score.objects.filter(learner_id__in=chunk, school_class_id__in=class_ids)
            .values("learner_id", "school_class_id", "term", "kind")
            .annotate(mean=Avg("value"), n=Count("id"))
        ):
            scores[(row["learner_id"], row["school_class_id"])].append(
                KindMeanIn(term=row["term"], kind=row["kind"], mean=float(row["mean"]), count=row["n"])
            )
    inputs = []
    for t in targets:
        learner = learners[t.learner_id]
        inputs.append(
            LearnerInput(
                learner_id=t.learner_id,
                as_of=t.as_of,
                date_of_birth=learner.date_of_birth,
                program_code=t.program_code,
                class_name=t.class_name,
                school_year_start=t.school_year_start,
                distance_km=float(learner.distance_km) if learner.distance_km is not None else None,
                is_working=learner.is_working,
                household_certified=learner.household_certified_on(t.as_of),
                has_disability=learner.has_disability,
                lives_in_disadvantaged_commune=learner.lives_in_disadvantaged_commune,
                marks=marks.get(t.learner_id, ()),
                scores=[m for c in t.class_ids for m in scores.get((t.learner_id, c), ())],
                status_events=[
                    StatusEventIn(status=s, effective_on=d, is_first=first)
                    for e in t.enrollment_ids
                    for s, d, first in changes.get(e, ())
                ],
            )
        )
    return inputs


# --- The learned model --------------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    facts: list[LearnerFacts]
    labels: list[int]

    @property
    def outcomes(self) -> int:
        return len(self.labels)

    @property
    def dropouts(self) -> int:
        return sum(self.labels)

    @property
    def is_enough(self) -> bool:
        return self.outcomes >= rules.MODEL_MIN_OUTCOMES and self.dropouts >= rules.MODEL_MIN_DROPOUTS


def risk_history(*, grading: Grading, changes: dict[int, list[tuple]] | None = None) -> History:
    """The center's past enrollments with an outcome, described as they were before it."""
    changes = _status_changes() if changes is None else changes
    targets = _history_targets(changes)
    inputs = _inputs(targets, changes)
    return History(
        facts=[rules.facts_for(i, grading) for i in inputs],
        labels=[t.label for t in targets],  # type: ignore[misc]
    )


def _matrix(facts: Sequence[LearnerFacts]) -> np.ndarray:
    return np.array([rules.feature_row(f) for f in facts], dtype=float).reshape(len(facts), len(rules.FEATURES))


def _learning():
    """The learned model's module, imported where a model is trained or applied (the task workers): its
    scikit-learn costs a process 80 MB and a second to import, which no web page needs to pay."""
    from . import learning

    return learning


def _factory():
    return _learning().pipeline_factory(numeric=range(len(rules.FEATURES)))


def _model_load(run: RiskModelRun):
    try:
        with run.model_file.open("rb") as handle:
            return joblib.load(handle)
    except Exception:  # a missing file or another scikit-learn version: train again
        logger.warning("risk model %s could not be loaded; retraining", run.pk, exc_info=True)
        return None


@transaction.atomic
def risk_model_train(*, center: Center, history: History) -> tuple[RiskModelRun, object]:
    """Cross-validate (stratified 5-fold), fit on the whole history, store it as the center's active model.

    Returns the stored run (with its validation figures) and the fitted pipeline.
    """
    X, y = _matrix(history.facts), np.array(history.labels)
    factory = _factory()
    evaluation = _learning().evaluate(factory, X, y, positive=1)
    model = _learning().train(factory, X, y)
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    now = timezone.now()
    run = RiskModelRun(
        center=center,
        trained_at=now,
        samples=evaluation.samples,
        dropouts=evaluation.positives,
        auc=Decimal(f"{evaluation.roc_auc:.3f}"),
        macro_f1=Decimal(f"{evaluation.macro_f1:.3f}"),
        features=list(rules.FEATURES),
        is_active=True,
    )
    run.model_file.save(f"center-{center.pk}-{now:%Y%m%d%H%M%S}.joblib", ContentFile(buffer.getvalue()), save=False)
    RiskModelRun.objects.filter(is_active=True).update(is_active=False)
    run.save()
    return run, model


def _active_model(*, center: Center, today: dt.date, history: History | None):
    """(model, run) when the center's history is large enough, else None: the rules decide."""
    run = RiskModelRun.objects.filter(is_active=True).first()
    if history is None:  # a partial recompute: use what is there, never train
        model = _model_load(run) if run else None
        return (model, run) if model is not None else None
    if not history.is_enough:
        if run:
            RiskModelRun.objects.filter(is_active=True).update(is_active=False)
        return None
    fresh = (
        run is not None
        and run.samples == history.outcomes
        and run.dropouts == history.dropouts
        and run.features == list(rules.FEATURES)
        and (today - timezone.localdate(run.trained_at)).days < rules.MODEL_MAX_AGE_DAYS
    )
    model = _model_load(run) if fresh else None
    if model is None:
        run, model = risk_model_train(center=center, history=history)
    return model, run


# --- Recomputing every learner's risk -----------------------------------------------------------------


@dataclass
class RecomputeSummary:
    method: str
    learners: int = 0
    changed: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    model_run: RiskModelRun | None = None


def _score(facts: list[LearnerFacts], active) -> list[rules.RiskResult]:
    if not facts:
        return []
    if active is None:
        return [rules.score_rules(f) for f in facts]
    model, _run = active
    X = _matrix(facts)
    probabilities = _learning().positive_probability(model, X)
    pushes = _learning().contributions(model, X, rules.FEATURES)
    return [rules.score_model(f, p, c) for f, p, c in zip(facts, probabilities, pushes, strict=True)]


def _store(*, center: Center, results: list[rules.RiskResult], learner_ids: Iterable[int] | None) -> int:
    """One current row per learner: a changed risk closes the old row (kept as history) and opens a new one."""
    current = RiskAssessment.objects.filter(is_current=True)
    if learner_ids is not None:
        current = current.filter(learner_id__in=list(learner_ids))
    existing = {
        row["learner_id"]: row for row in current.values("id", "learner_id", "score", "level", "method", "reasons")
    }
    now = timezone.now()
    new_rows, retire = [], []
    for result in results:
        score = Decimal(f"{result.score:.3f}")
        reasons = [r.as_dict() for r in result.reasons]
        old = existing.pop(result.learner_id, None)
        if old and (old["score"], old["level"], old["method"], old["reasons"]) == (
            score,
            result.level,
            result.method,
            reasons,
        ):
            continue
        if old:
            retire.append(old["id"])
        new_rows.append(
            RiskAssessment(
                center=center,
                learner_id=result.learner_id,
                score=score,
                level=result.level,
                method=result.method,
                reasons=reasons,
                is_current=True,
                computed_at=now,
            )
        )
    retire += [row["id"] for row in existing.values()]  # learners no longer enrolled
    for ids in _chunks(retire):
        RiskAssessment.objects.filter(pk__in=ids).update(is_current=False)
    RiskAssessment.objects.bulk_create(new_rows, batch_size=1000)
    return len(new_rows)


@transaction.atomic
def risk_recompute(
    *, center: Center, today: dt.date | None = None, learner_ids: Iterable[int] | None = None
) -> RecomputeSummary:
    """The risk of every enrolled learner (or only ``learner_ids``), with reasons, stored with history.

    With enough history (rules.MODEL_MIN_OUTCOMES, rules.MODEL_MIN_DROPOUTS) the center's own model,
    retrained when the history grows or grows old, scores everyone; otherwise the rule table does.
    A partial recompute (after a roll, say) uses the active model as it is and never trains.
    """
    today = today or timezone.localdate()
    # One recompute per center at a time (a nightly run and one after a roll): they would race for the
    # single current row of a learner.
    list(Center.objects.select_for_update().filter(pk=center.pk).values_list("pk", flat=True))
    learner_ids = None if learner_ids is None else sorted(set(learner_ids))
    grading = grading_on(today)
    targets = _current_targets(today, learner_ids)
    if learner_ids is None:
        changes = _status_changes()
        history = risk_history(grading=grading, changes=changes)
    else:
        changes = _status_changes([e for t in targets for e in t.enrollment_ids])
        history = None
    active = _active_model(center=center, today=today, history=history)
    facts = [rules.facts_for(i, grading) for i in _inputs(targets, changes)]
    results = _score(facts, active)
    changed = _store(center=center, results=results, learner_ids=learner_ids)
    levels: dict[str, int] = defaultdict(int)
    for result in results:
        levels[result.level] += 1
    return RecomputeSummary(
        method="model" if active else "rules",
        learners=len(results),
        changed=changed,
        levels=dict(levels),
        model_run=active[1] if active else None,
    )


# --- Interventions ------------------------------------------------------------------------------------


def _is_center_staff(center: Center, user: User | None) -> bool:
    return user is not None and Membership.objects.filter(center=center, user=user, is_active=True).exists()


@transaction.atomic
def intervention_create(
    *,
    learner: Learner,
    kind: str,
    owner: User | None,
    due_on: dt.date | None,
    actor: User,
    note: str = "",
    today: dt.date | None = None,
) -> Intervention:
    """Plan an action for a learner at risk: who does it, what, by when."""
    today = today or timezone.localdate()
    center = learner.center
    errors: dict[str, list[str]] = {}
    if kind not in Intervention.Kind.values:
        errors["kind"] = [_("Choose what will be done.")]
    if not _is_center_staff(center, owner):
        errors["owner"] = [_("The person in charge must be a staff member of this center.")]
    if due_on is None:
        errors["due_on"] = [_("Enter the due date.")]
    elif due_on < today:
        errors["due_on"] = [_("The due date is in the past.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors, field=next(iter(errors)))
    intervention = Intervention.objects.create(
        center=center,
        learner=learner,
        kind=kind,
        owner=owner,
        due_on=due_on,
        note=note.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=intervention,
        changes={
            "kind": [None, kind],
            "owner": [None, str(owner)],
            "due_on": [None, due_on.isoformat()],
            "status": [None, Intervention.Status.OPEN],
        },
    )
    return intervention


def _open_for_update(intervention: Intervention) -> Intervention:
    locked = Intervention.objects.select_for_update(of=("self",)).select_related("learner").get(pk=intervention.pk)
    if locked.status != Intervention.Status.OPEN:
        raise ApplicationError(_("This intervention is already closed."), field="status")
    return locked


@transaction.atomic
def intervention_close(*, intervention: Intervention, outcome: str, actor: User) -> Intervention:
    """Mark an intervention done with what came of it (the outcome is required)."""
    outcome = (outcome or "").strip()
    if not outcome:
        raise ApplicationError(_("Write what came of it before closing."), field="outcome")
    intervention = _open_for_update(intervention)
    intervention.status = Intervention.Status.DONE
    intervention.outcome = outcome
    intervention.closed_at = timezone.now()
    intervention.save(update_fields=["status", "outcome", "closed_at"])
    audit_record(
        actor=actor,
        center=intervention.center,
        action=AuditEvent.Action.UPDATE,
        obj=intervention,
        changes={"status": [Intervention.Status.OPEN, Intervention.Status.DONE], "outcome": ["", outcome]},
    )
    return intervention


@transaction.atomic
def intervention_cancel(*, intervention: Intervention, actor: User, reason: str = "") -> Intervention:
    """Call off a planned intervention (no longer needed, planned twice); the reason is kept as its outcome."""
    intervention = _open_for_update(intervention)
    intervention.status = Intervention.Status.CANCELLED
    intervention.outcome = (reason or "").strip()
    intervention.closed_at = timezone.now()
    intervention.save(update_fields=["status", "outcome", "closed_at"])
    audit_record(
        actor=actor,
        center=intervention.center,
        action=AuditEvent.Action.UPDATE,
        obj=intervention,
        changes={
            "status": [Intervention.Status.OPEN, Intervention.Status.CANCELLED],
            **({"outcome": ["", intervention.outcome]} if intervention.outcome else {}),
        },
    )
    return intervention
