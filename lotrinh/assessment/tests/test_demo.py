"""The demo data of assessment: this term's scores so far, falling learners, module results; deterministic."""

import datetime as dt
import random

from lotrinh.academics.models import SessionKind
from lotrinh.assessment.demo import demo_extend
from lotrinh.assessment.models import ModuleResult, Score

from .conftest import make_class

TODAY = dt.date(2026, 11, 23)


def _build(center, teacher):
    make_class(center, name="10A1", teacher=teacher, homeroom=teacher, subjects=("Toán", "Ngữ văn"), learners=30)
    make_class(
        center,
        name="SC-ĐDD",
        teacher=teacher,
        subjects=("Điện dân dụng (thực hành)", "An toàn điện"),
        program="so-cap",
        kind=SessionKind.PRACTICE,
        learners=20,
    )


def test_it_adds_scores_so_far_and_module_results(in_center_a, bob):
    _build(in_center_a, bob)
    counts = demo_extend(center=in_center_a, rng=random.Random(7), today=TODAY)
    assert counts["scores"] == Score.objects.count() > 0
    assert counts["module_results"] == ModuleResult.objects.count() > 0
    # Late November: term 1 only, three regular checks and the mid-term, no end-of-term test yet.
    assert set(Score.objects.values_list("term", flat=True)) == {1}
    assert set(Score.objects.values_list("kind", flat=True)) == {"regular", "midterm"}
    assert Score.objects.filter(kind="regular").values_list("sequence", flat=True).order_by("-sequence")[0] == 3
    assert set(Score.objects.values_list("subject", flat=True)) == {"Toán", "Ngữ văn"}
    # Only the first module (six weeks in) has been assessed; passed follows the pass mark.
    assert set(ModuleResult.objects.values_list("module", flat=True)) == {"An toàn điện"}
    for result in ModuleResult.objects.all():
        assert result.passed == (result.value >= 5)


def test_it_makes_a_few_learners_fall(in_center_a, bob):
    _build(in_center_a, bob)
    demo_extend(center=in_center_a, rng=random.Random(7), today=TODAY)
    falling = 0
    by_learner: dict = {}
    for learner, subject, sequence, value in Score.objects.filter(kind="regular").values_list(
        "learner_id", "subject", "sequence", "value"
    ):
        by_learner.setdefault((learner, subject), {})[sequence] = value
    for marks in by_learner.values():
        if len(marks) == 3 and marks[1] - marks[3] >= 2:
            falling += 1
    assert 1 <= falling < len(by_learner) // 4


def test_it_is_deterministic(in_center_a, bob):
    _build(in_center_a, bob)
    demo_extend(center=in_center_a, rng=random.Random(7), today=TODAY)
    first = sorted(Score.objects.values_list("learner__code", "subject", "kind", "sequence", "value"))
    Score.objects.all().delete()
    ModuleResult.objects.all().delete()
    demo_extend(center=in_center_a, rng=random.Random(7), today=TODAY)
    assert sorted(Score.objects.values_list("learner__code", "subject", "kind", "sequence", "value")) == first
