"""Saving a grade sheet: every cell checked first, nothing half-saved, one audit row per save, fixed queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotrinh.assessment import selectors, services
from lotrinh.assessment.models import ModuleResult, Score
from lotrinh.assessment.services import ScoreEntry
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent

from .conftest import make_class


def save(school_class, entries, actor, subject="Toán", term=1):
    return services.scores_save(school_class=school_class, subject=subject, term=term, entries=entries, actor=actor)


def values(school_class, subject="Toán", term=1) -> dict:
    return {
        (s.learner_id, s.kind, s.sequence): s.value
        for s in Score.objects.filter(school_class=school_class, subject=subject, term=term)
    }


def test_it_saves_new_scores_with_a_decimal_comma(bob_class, bob):
    first, second, _third = bob_class.learners
    result = save(
        bob_class,
        [
            ScoreEntry(first.pk, "regular-1", "7,5"),
            ScoreEntry(first.pk, "midterm", "8"),
            ScoreEntry(second.pk, "final", "9.5"),
        ],
        bob,
    )
    assert (result.created, result.updated, result.deleted) == (3, 0, 0)
    assert values(bob_class) == {
        (first.pk, "regular", 1): Decimal("7.5"),
        (first.pk, "midterm", 1): Decimal("8.0"),
        (second.pk, "final", 1): Decimal("9.5"),
    }
    assert Score.objects.get(learner=first, kind="midterm").entered_by == bob


def test_it_updates_changed_cells_clears_empty_ones_and_leaves_the_rest(bob_class, bob, alice):
    first, second, _third = bob_class.learners
    save(bob_class, [ScoreEntry(first.pk, "regular-1", "7"), ScoreEntry(second.pk, "regular-1", "6")], bob)
    result = save(
        bob_class,
        [
            ScoreEntry(first.pk, "regular-1", "7"),
            ScoreEntry(second.pk, "regular-1", "6,5"),
            ScoreEntry(first.pk, "regular-2", ""),
        ],
        alice,
    )
    assert (result.created, result.updated, result.deleted) == (0, 1, 0)
    result = save(bob_class, [ScoreEntry(first.pk, "regular-1", " ")], alice)
    assert result.deleted == 1
    assert values(bob_class) == {(second.pk, "regular", 1): Decimal("6.5")}
    assert Score.objects.get(learner=second).entered_by == alice


@pytest.mark.parametrize(
    ("typed", "words"),
    [("11", "11"), ("-1", "-1"), ("7.25", "7.25"), ("abc", "abc")],
)
def test_it_refuses_a_bad_score_naming_the_learner_and_the_column(bob_class, bob, typed, words):
    first, second, _third = bob_class.learners
    with pytest.raises(ApplicationError) as caught:
        save(bob_class, [ScoreEntry(first.pk, "regular-1", "8"), ScoreEntry(second.pk, "midterm", typed)], bob)
    errors = caught.value.errors
    assert list(errors) == [f"{second.pk}.midterm"]
    message = errors[f"{second.pk}.midterm"][0]
    assert second.full_name in message
    assert selectors.column_label("midterm") in message
    assert words in message
    assert not Score.objects.exists()  # the good cell was not saved either


def test_it_saves_nothing_when_one_cell_of_many_is_bad(bob_class, bob):
    first, second, third = bob_class.learners
    save(bob_class, [ScoreEntry(first.pk, "regular-1", "5")], bob)
    before = values(bob_class)
    entries = [ScoreEntry(learner.pk, f"regular-{n}", "9") for learner in (first, second, third) for n in (1, 2, 3)]
    entries.append(ScoreEntry(third.pk, "final", "11"))
    with pytest.raises(ApplicationError):
        save(bob_class, entries, bob)
    assert values(bob_class) == before
    assert AuditEvent.objects.filter(object_type="academics.schoolclass").count() == 1


def test_it_lists_every_bad_cell_at_once(bob_class, bob):
    first, second, _third = bob_class.learners
    with pytest.raises(ApplicationError) as caught:
        save(bob_class, [ScoreEntry(first.pk, "regular-1", "11"), ScoreEntry(second.pk, "final", "x")], bob)
    assert set(caught.value.errors) == {f"{first.pk}.regular-1", f"{second.pk}.final"}
    assert "2" in caught.value.message


def test_it_refuses_a_learner_from_another_class(bob_class, other_class, bob):
    stranger = other_class.learners[0]
    with pytest.raises(ApplicationError) as caught:
        save(bob_class, [ScoreEntry(stranger.pk, "regular-1", "8")], bob)
    assert f"{stranger.pk}.regular-1" in caught.value.errors
    assert not Score.objects.exists()


@pytest.mark.parametrize("column", ["regular-0", "regular-10", "oral", "midterm-2", ""])
def test_it_refuses_an_unknown_column(bob_class, bob, column):
    with pytest.raises(ApplicationError):
        save(bob_class, [ScoreEntry(bob_class.learners[0].pk, column, "8")], bob)


def test_it_refuses_a_term_that_does_not_exist(bob_class, bob):
    with pytest.raises(ApplicationError) as caught:
        save(bob_class, [ScoreEntry(bob_class.learners[0].pk, "final", "8")], bob, term=3)
    assert "term" in caught.value.errors


def test_it_audits_each_save_with_old_and_new_per_learner_and_column(bob_class, bob):
    first, second, _third = bob_class.learners
    save(bob_class, [ScoreEntry(first.pk, "regular-1", "7")], bob)
    save(bob_class, [ScoreEntry(first.pk, "regular-1", "7,5"), ScoreEntry(second.pk, "midterm", "6")], bob)
    events = list(AuditEvent.objects.filter(object_type="academics.schoolclass").order_by("id"))
    assert len(events) == 2
    last = events[-1]
    assert last.actor == bob and last.action == AuditEvent.Action.UPDATE and last.object_id == str(bob_class.pk)
    assert len(last.changes) == 2
    (first_key, first_change), (second_key, second_change) = sorted(last.changes.items(), key=lambda i: i[1][1])
    assert first.full_name in second_key and selectors.column_label("regular-1") in second_key
    assert second_change == ["7.0", "7.5"]
    assert second.full_name in first_key and "Toán" in first_key
    assert first_change == [None, "6.0"]


def test_it_writes_nothing_when_nothing_changed(bob_class, bob):
    first = bob_class.learners[0]
    save(bob_class, [ScoreEntry(first.pk, "regular-1", "7")], bob)
    result = save(bob_class, [ScoreEntry(first.pk, "regular-1", "7,0"), ScoreEntry(first.pk, "final", "")], bob)
    assert result.changed == 0
    assert AuditEvent.objects.filter(object_type="academics.schoolclass").count() == 1


def _full_sheet(school_class, learners, text):
    columns = ["regular-1", "regular-2", "regular-3", "midterm", "final"]
    return [ScoreEntry(learner.pk, column, text) for learner in learners for column in columns]


def test_it_saves_a_sheet_in_a_fixed_number_of_queries(in_center_a, bob, bob_class):
    big_class, big = make_class(in_center_a, name="10A9", teacher=bob, learners=45)
    counts = []
    for school_class, learners in ((bob_class, bob_class.learners), (big_class, big)):
        for text in ("7", "8,5", ""):  # create, then update, then delete every cell
            with CaptureQueriesContext(connection) as queries:
                save(school_class, _full_sheet(school_class, learners, text), bob)
            counts.append(len(queries.captured_queries))
    assert counts[:3] == counts[3:], counts
    assert not Score.objects.exists()


def test_it_reads_today_as_the_vietnamese_day_when_utc_is_still_on_the_day_before(vocational_class, bob, clock):
    """A server on UTC at 17:30 on 31/12 is already at 00:30 on 01/01 in Hà Nội: that day is not "the future"."""
    new_year = dt.date(2027, 1, 1)
    entries = [services.ModuleEntry(vocational_class.learners[0].pk, "8")]

    def save_on_new_year():
        services.module_results_save(
            school_class=vocational_class,
            module="An toàn điện",
            hours=30,
            assessed_on=new_year,
            entries=entries,
            actor=bob,
        )

    clock.move_to(dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC))  # 23:30 in Hà Nội: still 31/12
    with pytest.raises(ApplicationError) as error:
        save_on_new_year()
    assert error.value.errors["assessed_on"]
    clock.move_to(dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC))  # 00:30 on 01/01 in Hà Nội
    save_on_new_year()
    assert ModuleResult.objects.get().assessed_on == new_year
