"""Changes of the interest test: attempts (public, in a class, from a paper sheet) and class sessions."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotrinh.academics.models import Enrollment, EnrollmentStatus, SchoolClass
from lotrinh.core.audit import audit_record
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, User
from lotrinh.people.models import Learner

from . import riasec, selectors
from .models import InterestAttempt, InterestSession

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
JOIN_CODE_LENGTH = 6


def new_form_token() -> str:
    """One per form shown; the attempt keeps it, so the same form sent twice makes one attempt."""
    return secrets.token_urlsafe(16)


def missing_message(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers)
    return ngettext(
        "You have not answered question %(numbers)s.", "You have not answered questions %(numbers)s.", len(numbers)
    ) % {"numbers": listed}


def answers_errors(questionnaire: selectors.Questionnaire, answers: dict) -> dict[str, list[str]]:
    """Field errors of an answer set, keyed by item id, and one summary under "__all__" naming the questions."""
    try:
        riasec.check_answers(questionnaire.riasec_items, answers)
    except riasec.AnswerSetError as error:
        errors: dict[str, list[str]] = {}
        summary = []
        if error.missing:
            summary.append(missing_message([i.order for i in error.missing]))
            for item in error.missing:
                errors[item.item_id] = [_("Choose one answer.")]
        if error.invalid:
            numbers = ", ".join(str(i.order) for i in error.invalid)
            summary.append(_("Answers must be 1 to 5 (questions %(numbers)s).") % {"numbers": numbers})
            for item in error.invalid:
                errors[item.item_id] = [_("Answers must be 1 to 5.")]
        if error.unknown:
            summary.append(_("Unknown items: %(items)s.") % {"items": ", ".join(error.unknown)})
        errors["__all__"] = summary
        return errors
    return {}


def attempt_submit(
    *,
    center: Center,
    answers: dict,
    form_token: str,
    language: str = "vi",
    respondent_name: str = "",
    birth_year: int | None = None,
    learner: Learner | None = None,
    session: InterestSession | None = None,
    source: str = InterestAttempt.Source.PUBLIC,
    actor: User | None = None,
) -> InterestAttempt:
    """Score and store one answer sheet. The same ``form_token`` sent again returns the attempt it made."""
    if not form_token or len(form_token) > 32:
        raise ApplicationError(_("This form has expired. Reload the page and answer again."))
    existing = InterestAttempt.objects.filter(form_token=form_token).first()
    if existing is not None:
        if learner is not None and existing.learner_id != learner.pk:
            raise ApplicationError(_("This form was already used for another answer sheet. Reload the page."))
        return existing
    questionnaire = selectors.questionnaire(language)
    errors = answers_errors(questionnaire, answers)
    if errors:
        raise ApplicationError(" ".join(errors["__all__"]), errors=errors)
    if session is not None:
        if not session.is_open:
            raise ApplicationError(_("This test session is closed: it takes no more answers."))
        if learner is None:
            raise ApplicationError(_("Choose your name in the class list."), field="learner")
        on_roster = Enrollment.objects.filter(
            school_class_id=session.school_class_id, learner=learner, status=EnrollmentStatus.ENROLLED
        ).exists()
        if not on_roster:
            raise ApplicationError(_("This learner is not in the class of this session."), field="learner")
        if InterestAttempt.objects.filter(session=session, learner=learner).exists():
            raise ApplicationError(
                _("%(name)s has already answered in this session.") % {"name": learner.full_name}, field="learner"
            )
    result = riasec.score(questionnaire.riasec_items, answers)
    clean = {item.item_id: int(answers[item.item_id]) for item in questionnaire.items}
    try:
        with transaction.atomic():
            attempt = InterestAttempt.objects.create(
                center=center,
                instrument_id=questionnaire.instrument_id,
                instrument_version=questionnaire.version,
                language=language,
                source=source,
                session=session,
                learner=learner,
                respondent_name=(learner.full_name if learner else respondent_name.strip())[:150],
                birth_year=learner.date_of_birth.year if learner else birth_year,
                answers=clean,
                scores=result.scores,
                holland_code=result.holland_code,
                code_with_ties=result.code_with_ties,
                token=secrets.token_urlsafe(16),
                form_token=form_token,
                entered_by=actor,
                submitted_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                center=center,
                action=AuditEvent.Action.CREATE,
                obj=attempt,
                changes={"code": [None, result.code_with_ties], "source": [None, source]},
            )
    except IntegrityError:
        # The same form arrived twice at once (a double click): the other request stored it.
        existing = InterestAttempt.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
        if session is not None and learner is not None:
            raise ApplicationError(
                _("%(name)s has already answered in this session.") % {"name": learner.full_name}, field="learner"
            ) from None
        raise
    return attempt


def _join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def session_open(*, center: Center, school_class: SchoolClass, actor: User) -> InterestSession:
    if school_class.center_id != center.pk:
        raise ApplicationError(_("This class is not in this center."), field="school_class")
    with transaction.atomic():
        if InterestSession.objects.filter(school_class=school_class, closed_at__isnull=True).exists():
            raise ApplicationError(
                _("Class %(name)s already has an open test session.") % {"name": school_class.name},
                field="school_class",
            )
        for _attempt in range(10):
            code = _join_code()
            try:
                with transaction.atomic():
                    session = InterestSession.objects.create(
                        center=center, school_class=school_class, opened_by=actor, opened_at=timezone.now(),
                        join_code=code,
                    )  # fmt: skip
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - 32**6 codes
            raise ApplicationError(_("Could not make a join code; try again."))
        audit_record(actor=actor, center=center, action=AuditEvent.Action.CREATE, obj=session)
    return session


def session_close(*, session: InterestSession, actor: User) -> InterestSession:
    with transaction.atomic():
        session = InterestSession.objects.select_for_update().get(pk=session.pk)
        if session.closed_at is not None:
            raise ApplicationError(_("This test session is already closed."))
        session.closed_at = timezone.now()
        session.save(update_fields=["closed_at"])
        audit_record(
            actor=actor, center=session.center, action=AuditEvent.Action.UPDATE, obj=session,
            changes={"closed_at": [None, session.closed_at.isoformat()]},
        )  # fmt: skip
    return session


def paper_sheet_enter(
    *, session: InterestSession, learner: Learner, answers: dict, form_token: str, actor: User
) -> InterestAttempt:
    """A counselor types in a learner's paper answer sheet."""
    return attempt_submit(
        center=session.center,
        answers=answers,
        form_token=form_token,
        learner=learner,
        session=session,
        source=InterestAttempt.Source.PAPER,
        actor=actor,
    )
