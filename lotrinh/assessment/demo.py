"""Demo data for assessment: GDTX scores of the current term so far and module results of vocational classes.

Called by core/demo.py inside ``scope(center=center)`` once classes, learners and the timetable exist.
Deterministic from ``rng``; everything is written with bulk_create.
"""

import datetime as dt
import random
from decimal import Decimal

from lotrinh.academics.models import ClassSession, Enrollment, SchoolClass
from lotrinh.core.models import Membership

from . import grading, selectors
from .models import ModuleResult, Score, ScoreKind

WEAK_SHARE = 0.08  # learners whose scores fall through the term: the early-warning page should find them


def _score(rng: random.Random, mean: float, spread: float = 0.8, step: float = 0.5) -> Decimal:
    """A mark as teachers give them: on a half-point grid for regular checks, tenths for written tests."""
    value = min(10.0, max(0.0, rng.gauss(mean, spread)))
    value = round(value / step) * step
    return Decimal(str(round(value, 1))).quantize(Decimal("0.1"))


def _term_progress(school_class: SchoolClass, today: dt.date) -> dict[int, tuple[int, bool, bool]]:
    """For each term under way or over: (regular marks given, mid-term held, end-of-term held)."""
    start = selectors.class_reference_day(school_class)
    term_two = dt.date(start.year + 1, 1, 20)
    progress = {}
    for term, begins, ends in ((1, start, term_two), (2, term_two, dt.date(start.year + 1, 5, 25))):
        if today < begins + dt.timedelta(days=14):
            break
        weeks = (min(today, ends) - begins).days // 7
        progress[term] = (min(4, 1 + weeks // 4), weeks >= 9, today >= ends - dt.timedelta(days=10))
    return progress


def _teachers(class_ids: list[int]) -> dict[tuple[int, str], int]:
    """Who teaches each subject of each class, from the timetable (the first teacher found)."""
    found: dict[tuple[int, str], int] = {}
    rows = ClassSession.objects.filter(school_class_id__in=class_ids).order_by("date")
    for class_id, subject, teacher_id in rows.values_list("school_class_id", "subject", "teacher_id").distinct():
        found.setdefault((class_id, subject), teacher_id)
    return found


def demo_extend(*, center, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Scores for the GDTX classes (this term so far, a few learners falling) and module results for sơ cấp."""
    classes = list(SchoolClass.objects.select_related("program").order_by("id"))
    if not classes:
        return {"scores": 0, "module_results": 0}
    fallback = (
        Membership.objects.filter(center=center, is_active=True)
        .order_by("id")
        .values_list("user_id", flat=True)
        .first()
    )
    subjects = selectors.class_subjects(classes)
    teachers = _teachers([c.pk for c in classes])
    enrollments: dict[int, list[Enrollment]] = {}
    for enrollment in Enrollment.objects.filter(school_class__in=classes).order_by("learner_id"):
        enrollments.setdefault(enrollment.school_class_id, []).append(enrollment)
    rules = selectors.grading_rules()

    scores: list[Score] = []
    results: list[ModuleResult] = []
    for school_class in classes:
        members = enrollments.get(school_class.pk, [])
        homeroom = school_class.homeroom_teacher_id or fallback
        ability = {e.learner_id: min(9.3, max(3.5, rng.gauss(6.7, 1.2))) for e in members}
        weak = {e.learner_id for e in members if rng.random() < WEAK_SHARE}
        if school_class.program.code in selectors.SCORED_PROGRAMS:
            progress = _term_progress(school_class, today)
            for subject in subjects[school_class.pk].subjects:
                teacher = teachers.get((school_class.pk, subject), homeroom)
                for enrollment in members:
                    learner = enrollment.learner_id
                    mean = ability[learner] + rng.gauss(0, 0.6)
                    left = enrollment.status != Enrollment.Status.ENROLLED
                    for term, (regular, midterm, final) in progress.items():
                        given: list[tuple[str, int, Decimal]] = []
                        for n in range(1, regular + 1):
                            if learner in weak:  # good at first, then a point lower at every check
                                value = _score(rng, 6.0 - 1.1 * (n - 1) - 1.5 * (term - 1), 0.3)
                            else:
                                value = _score(rng, mean)
                            given.append((ScoreKind.REGULAR, n, value))
                        if midterm and rng.random() < 0.93:  # a few were absent on the day
                            value = _score(rng, 3.2 if learner in weak else mean - 0.2, 0.9, 0.1)
                            given.append((ScoreKind.MIDTERM, 1, value))
                        if final and rng.random() < 0.95:
                            value = _score(rng, 3.0 if learner in weak else mean, 0.9, 0.1)
                            given.append((ScoreKind.FINAL, 1, value))
                        if left:  # left the class: only the first marks were given
                            given = given[:1]
                        scores.extend(
                            Score(
                                center=center,
                                learner_id=learner,
                                school_class=school_class,
                                subject=subject,
                                term=term,
                                kind=kind,
                                sequence=sequence,
                                value=value,
                                entered_by_id=teacher,
                            )
                            for kind, sequence, value in given
                        )
        else:
            rule = selectors.rule_of(selectors.grading_rule_for(school_class, rules))
            start = selectors.class_reference_day(school_class)
            for index, module in enumerate(subjects[school_class.pk].modules):
                assessed_on = start + dt.timedelta(days=42 * (index + 1))
                if assessed_on > today:
                    break
                hours = 60 if "thực hành" in module else 30
                teacher = teachers.get((school_class.pk, module), homeroom)
                for enrollment in members:
                    if enrollment.status != Enrollment.Status.ENROLLED and rng.random() < 0.7:
                        continue
                    learner = enrollment.learner_id
                    value = _score(rng, 4.0 if learner in weak else ability[learner] + 0.3, 0.8, 0.1)
                    results.append(
                        ModuleResult(
                            center=center,
                            learner_id=learner,
                            school_class=school_class,
                            module=module,
                            hours=hours,
                            value=value,
                            passed=grading.passed(rule, value),
                            assessed_on=assessed_on,
                            entered_by_id=teacher,
                        )
                    )
    Score.objects.bulk_create(scores, batch_size=1000)
    ModuleResult.objects.bulk_create(results, batch_size=1000)
    return {"scores": len(scores), "module_results": len(results)}
