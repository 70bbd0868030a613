"""State changes of assessment: saving a grade sheet and a module's results, all or nothing, audited.

Scores are personal data: every save that changes something writes one audit row listing old → new per
learner and column. Every cell is checked before anything is written, so one bad cell saves nothing.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.academics.models import Enrollment, SchoolClass
from lotrinh.core.audit import audit_record
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, User

from . import grading, selectors
from .models import ModuleResult, Score

MAX_HOURS = 2000


@dataclass(frozen=True)
class ScoreEntry:
    """One cell as typed: ``value`` is the text ("7,5", "8", "" to clear); ``column`` is "regular-1", "midterm"…"""

    learner_id: int
    column: str
    value: str | None


@dataclass(frozen=True)
class ModuleEntry:
    """One learner's module result as typed; ``passed`` None means "by the pass mark"."""

    learner_id: int
    value: str | None
    passed: bool | None = None


@dataclass(frozen=True)
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def cell_key(learner_id: int, column: str) -> str:
    """How a cell is named in an error: "<learner id>.<column>" (the API's ``field``)."""
    return f"{learner_id}.{column}"


def score_error_message(code: str, *, learner: str, column: str, value: str) -> str:
    """A Vietnamese sentence that names the learner, the column and what was typed."""
    names = {"learner": learner, "column": column, "value": value}
    if code == grading.OUT_OF_RANGE:
        return _("%(learner)s, %(column)s: %(value)s is not between 0 and 10.") % names
    if code == grading.TOO_MANY_DECIMALS:
        return _("%(learner)s, %(column)s: %(value)s has more than one decimal; write e.g. 7,3.") % names
    return _("%(learner)s, %(column)s: “%(value)s” is not a score; type a number from 0 to 10, e.g. 7,5.") % names


def _learners_of(school_class: SchoolClass) -> dict[int, object]:
    enrollments = Enrollment.objects.filter(school_class=school_class).select_related("learner")
    return {e.learner_id: e.learner for e in enrollments}


def _check_subject_and_term(subject: str, term: int) -> str:
    subject = (subject or "").strip()
    errors: dict[str, list[str]] = {}
    if not subject or len(subject) > 100:
        errors["subject"] = [_("Choose a subject.")]
    if term not in selectors.TERMS:
        errors["term"] = [_("The term must be 1 or 2.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)
    return subject


def _who(learner) -> str:
    return f"{learner.full_name} ({learner.code})"


def _raise_cell_errors(errors: dict[str, list[str]]) -> None:
    count = len(errors)
    message = (
        _("Nothing was saved: 1 cell is not valid.")
        if count == 1
        else _("Nothing was saved: %(count)d cells are not valid.") % {"count": count}
    )
    raise ApplicationError(message, errors=errors)


@transaction.atomic
def scores_save(
    *, school_class: SchoolClass, subject: str, term: int, entries: Iterable[ScoreEntry], actor: User
) -> SaveResult:
    """Save a grade sheet (or some cells of it): every cell is checked first, then one upsert and one delete.

    An empty value clears the cell. A fixed number of queries whatever the size of the class.
    """
    subject = _check_subject_and_term(subject, term)
    learners = _learners_of(school_class)
    wanted: dict[tuple[int, str, int], tuple[Decimal | None, str]] = {}
    errors: dict[str, list[str]] = {}
    for entry in entries:
        key = cell_key(entry.learner_id, entry.column)
        learner = learners.get(entry.learner_id)
        parsed_column = selectors.column_parse(entry.column)
        if learner is None:
            errors[key] = [_("Learner no. %(id)s is not in this class.") % {"id": entry.learner_id}]
            continue
        if parsed_column is None:
            errors[key] = [
                _("%(learner)s: there is no column “%(column)s”.") % {"learner": _who(learner), "column": entry.column}
            ]
            continue
        label = selectors.column_label(entry.column)
        try:
            value = grading.parse_score(entry.value)
        except grading.ScoreInputError as error:
            errors[key] = [score_error_message(error.code, learner=_who(learner), column=label, value=str(entry.value))]
            continue
        wanted[(entry.learner_id, *parsed_column)] = (value, label)
    if errors:
        _raise_cell_errors(errors)

    existing = {
        (s.learner_id, s.kind, s.sequence): s
        for s in Score.objects.select_for_update().filter(school_class=school_class, subject=subject, term=term)
    }
    diff = _SheetDiff()
    term_label = str(selectors.TERM_LABELS[term])
    for (learner_id, kind, sequence), (value, label) in wanted.items():
        current = existing.get((learner_id, kind, sequence))
        old = current.value if current else None
        if old == value:
            continue
        diff.record(
            f"{subject} · {term_label} · {_who(learners[learner_id])} · {label}",
            None if old is None else str(old),
            None if value is None else str(value),
            current=current,
            row=None
            if value is None
            else Score(
                center_id=school_class.center_id,
                learner_id=learner_id,
                school_class=school_class,
                subject=subject,
                term=term,
                kind=kind,
                sequence=sequence,
                value=value,
                entered_by=actor,
            ),
        )
    return _sheet_write(
        Score,
        diff,
        unique_fields=["learner", "school_class", "subject", "term", "kind", "sequence"],
        update_fields=["value", "entered_by", "updated_at"],
        school_class=school_class,
        actor=actor,
    )


@dataclass
class _SheetDiff:
    """The cells of a sheet that changed: rows to upsert, rows to delete, and old → new for the audit row."""

    upserts: list[models.Model] = field(default_factory=list)
    deletions: list[int] = field(default_factory=list)
    changes: dict[str, list] = field(default_factory=dict)
    created: int = 0
    updated: int = 0

    def record(self, label: str, old, new, *, current: models.Model | None, row: models.Model | None) -> None:
        """One changed cell; ``row`` is the new row, or None when the cell was cleared."""
        self.changes[label] = [old, new]
        if row is None:
            self.deletions.append(current.pk)
            return
        self.created += current is None
        self.updated += current is not None
        self.upserts.append(row)


def _sheet_write(
    model: type[models.Model],
    diff: _SheetDiff,
    *,
    unique_fields: list[str],
    update_fields: list[str],
    school_class: SchoolClass,
    actor: User,
) -> SaveResult:
    """Write a sheet's changed cells at once: the new values upserted, the cleared ones deleted, one audit row."""
    if not diff.changes:
        return SaveResult()
    if diff.upserts:
        model.objects.bulk_create(
            diff.upserts, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields
        )
    if diff.deletions:
        model.objects.filter(pk__in=diff.deletions).delete()
    audit_record(
        actor=actor, center=school_class.center, action=AuditEvent.Action.UPDATE, obj=school_class, changes=diff.changes
    )
    return SaveResult(created=diff.created, updated=diff.updated, deleted=len(diff.deletions))


def _module_value(value: Decimal | None, passed: bool, hours: int | None, day: dt.date | None) -> str | None:
    """A result as the audit log shows it: "7.5 · passed · 60 h · 20/11/2026"."""
    if value is None:
        return None
    verdict = _("passed") if passed else _("not passed")
    return f"{value} · {verdict} · {hours} h · {day:%d/%m/%Y}"


@transaction.atomic
def module_results_save(
    *,
    school_class: SchoolClass,
    module: str,
    hours: int | None,
    assessed_on: dt.date | None,
    entries: Iterable[ModuleEntry],
    actor: User,
) -> SaveResult:
    """Save one module's results for a class: hours, score and passed (by the rule's pass mark unless set)."""
    module = (module or "").strip()
    errors: dict[str, list[str]] = {}
    if not module or len(module) > 150:
        errors["module"] = [_("Name the module.")]
    if hours is None or not 1 <= hours <= MAX_HOURS:
        errors["hours"] = [_("The hours must be a whole number from 1 to %(max)d.") % {"max": MAX_HOURS}]
    if assessed_on is None:
        errors["assessed_on"] = [_("Enter the date of the assessment.")]
    elif assessed_on > timezone.localdate():
        errors["assessed_on"] = [_("The date of the assessment cannot be in the future.")]
    learners = _learners_of(school_class)
    rule = selectors.rule_of(selectors.grading_rule_for(school_class))
    wanted: dict[int, tuple[Decimal | None, bool]] = {}
    for entry in entries:
        key = cell_key(entry.learner_id, "score")
        learner = learners.get(entry.learner_id)
        if learner is None:
            errors[key] = [_("Learner no. %(id)s is not in this class.") % {"id": entry.learner_id}]
            continue
        try:
            value = grading.parse_score(entry.value)
        except grading.ScoreInputError as error:
            errors[key] = [
                score_error_message(error.code, learner=_who(learner), column=_("Score"), value=str(entry.value))
            ]
            continue
        wanted[entry.learner_id] = (value, grading.passed(rule, value) if entry.passed is None else entry.passed)
    if errors:
        if any(key in errors for key in ("module", "hours", "assessed_on")):
            first = next(iter(errors.values()))[0]
            raise ApplicationError(first, errors=errors)
        _raise_cell_errors(errors)

    rows = ModuleResult.objects.select_for_update().filter(school_class=school_class, module=module)
    existing = {r.learner_id: r for r in rows}
    diff = _SheetDiff()
    for learner_id, (value, passed) in wanted.items():
        current = existing.get(learner_id)
        old = _module_value(current.value, current.passed, current.hours, current.assessed_on) if current else None
        new = _module_value(value, passed, hours, assessed_on)
        if old == new:
            continue
        diff.record(
            f"{module} · {_who(learners[learner_id])}",
            old,
            new,
            current=current,
            row=None
            if value is None
            else ModuleResult(
                center_id=school_class.center_id,
                learner_id=learner_id,
                school_class=school_class,
                module=module,
                hours=hours,
                value=value,
                passed=passed,
                assessed_on=assessed_on,
                entered_by=actor,
            ),
        )
    return _sheet_write(
        ModuleResult,
        diff,
        unique_fields=["learner", "school_class", "module"],
        update_fields=["hours", "value", "passed", "assessed_on", "entered_by"],
        school_class=school_class,
        actor=actor,
    )
