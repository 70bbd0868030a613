"""State changes of the jobs area: job placements step by step, graduate follow-ups (scheduled, sent,
answered), and the internship follow-up at the enterprise (attendance, evaluations, briefing, incidents)."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from lotrinh.academics.models import Enrollment, EnrollmentStatus, EnrollmentStatusChange
from lotrinh.core import notify
from lotrinh.core.audit import audit_record
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, OutboundMessage, User

from .models import (
    EnteredVia,
    EvaluationRubric,
    FollowUp,
    Incident,
    InternshipAttendance,
    JobPlacement,
    JobPlacementStep,
    MentorEvaluation,
    SafetyBriefing,
    TradeMatch,
    WageBand,
)
from .rates import add_months

MILESTONES = (6, 12)
RUBRIC_CODE = "thuc-tap-doanh-nghiep"

# Where a placement may go from each status; a hire, a rejection and a decline are final.
TRANSITIONS = {
    JobPlacement.Status.APPLIED: {
        JobPlacement.Status.INTERVIEWED,
        JobPlacement.Status.HIRED,
        JobPlacement.Status.REJECTED,
        JobPlacement.Status.DECLINED,
    },
    JobPlacement.Status.INTERVIEWED: {
        JobPlacement.Status.HIRED,
        JobPlacement.Status.REJECTED,
        JobPlacement.Status.DECLINED,
    },
    JobPlacement.Status.HIRED: set(),
    JobPlacement.Status.REJECTED: set(),
    JobPlacement.Status.DECLINED: set(),
}


# --- Job placements ---------------------------------------------------------------------------------------


def _step(placement: JobPlacement, status: str, on: dt.date, note: str, actor: User | None) -> None:
    JobPlacementStep.objects.create(
        center=placement.center, placement=placement, status=status, effective_on=on, note=note, actor=actor
    )


def _last_day(placement: JobPlacement) -> dt.date:
    return placement.interviewed_on or placement.applied_on


def _check_move(placement: JobPlacement, to: str, on: dt.date) -> None:
    if to not in TRANSITIONS[placement.status]:
        raise ApplicationError(
            _("This application is “%(status)s”: it cannot be marked “%(to)s”.")
            % {"status": placement.get_status_display(), "to": JobPlacement.Status(to).label}
        )
    if on < _last_day(placement):
        raise ApplicationError(
            _("The date cannot be before the previous step (%(day)s).") % {"day": f"{_last_day(placement):%d/%m/%Y}"},
            field="on",
        )
    if on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="on")


@transaction.atomic
def job_application_create(
    *,
    center: Center,
    learner,
    job_title: str,
    trade_match: str,
    applied_on: dt.date,
    enterprise=None,
    employer_name: str = "",
    trade=None,
    wage_band: WageBand | None = None,
    opening=None,
    note: str = "",
    actor: User | None,
) -> JobPlacement:
    """Record that a learner applied for a job (at a partner enterprise, an opening, or another employer)."""
    errors: dict[str, list[str]] = {}
    if opening is not None:
        enterprise = opening.enterprise
        trade = trade or opening.trade
        job_title = job_title or opening.title
    if enterprise is None and not employer_name.strip():
        errors["employer_name"] = [_("Choose a partner enterprise or write the employer's name.")]
    if not job_title.strip():
        errors["job_title"] = [_("Write the job title.")]
    if trade_match not in TradeMatch.values:
        errors["trade_match"] = [_("Choose whether the job is in the trade trained.")]
    if applied_on > timezone.localdate():
        errors["applied_on"] = [_("The date cannot be in the future.")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, errors=errors)
    placement = JobPlacement.objects.create(
        center=center,
        learner=learner,
        enterprise=enterprise,
        employer_name="" if enterprise is not None else employer_name.strip(),
        trade=trade,
        trade_match=trade_match,
        job_title=job_title.strip(),
        wage_band=wage_band,
        opening=opening,
        applied_on=applied_on,
        note=note,
        created_by=actor,
    )
    _step(placement, JobPlacement.Status.APPLIED, applied_on, note, actor)
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=placement,
        changes={"status": [None, placement.status], "employer": [None, placement.employer]},
    )
    return placement


def _locked(placement: JobPlacement) -> JobPlacement:
    return (
        JobPlacement.objects.select_for_update(of=("self",))
        .select_related("enterprise", "learner")
        .get(pk=placement.pk)
    )


def _move(placement: JobPlacement, to: str, on: dt.date, note: str, actor: User | None, **fields) -> JobPlacement:
    placement = _locked(placement)
    _check_move(placement, to, on)
    old = placement.status
    placement.status = to
    for name, value in fields.items():
        setattr(placement, name, value)
    placement.save(update_fields=["status", *fields])
    _step(placement, to, on, note, actor)
    audit_record(
        actor=actor,
        center=placement.center,
        action=AuditEvent.Action.UPDATE,
        obj=placement,
        changes={"status": [old, to], **{k: [None, str(v)] for k, v in fields.items()}},
    )
    return placement


@transaction.atomic
def job_interview_record(*, placement: JobPlacement, on: dt.date, note: str = "", actor: User | None) -> JobPlacement:
    """The learner had an interview."""
    return _move(placement, JobPlacement.Status.INTERVIEWED, on, note, actor, interviewed_on=on)


@transaction.atomic
def job_hire(
    *, placement: JobPlacement, on: dt.date, wage_band: WageBand | None = None, note: str = "", actor: User | None
) -> JobPlacement:
    """The learner was hired; the wage band may be known only now."""
    fields = {"hired_on": on}
    if wage_band is not None:
        fields["wage_band"] = wage_band
    return _move(placement, JobPlacement.Status.HIRED, on, note, actor, **fields)


@transaction.atomic
def job_reject(
    *, placement: JobPlacement, on: dt.date, declined: bool = False, note: str = "", actor: User | None
) -> JobPlacement:
    """The application ended without a hire: the employer said no, or (``declined``) the learner did."""
    to = JobPlacement.Status.DECLINED if declined else JobPlacement.Status.REJECTED
    return _move(placement, to, on, note, actor, closed_on=on)


# --- Graduate follow-up -----------------------------------------------------------------------------------


def graduations(center: Center) -> list[tuple[int, int, dt.date]]:
    """(enrollment id, learner id, day of graduation) of the center's graduated enrollments; two queries."""
    enrollments = dict(
        Enrollment.objects.filter(center=center, status=EnrollmentStatus.GRADUATED).values_list("id", "learner_id")
    )
    days: dict[int, dt.date] = {}
    for enrollment_id, day in (
        EnrollmentStatusChange.objects.filter(
            center=center, status=EnrollmentStatus.GRADUATED, enrollment_id__in=list(enrollments)
        )
        .order_by("enrollment_id", "effective_on")
        .values_list("enrollment_id", "effective_on")
    ):
        days[enrollment_id] = day  # the latest graduation step wins
    return [(e, enrollments[e], day) for e, day in days.items()]


@transaction.atomic
def followups_schedule(*, center: Center, today: dt.date | None = None) -> int:
    """Create the follow-ups that have fallen due (6 and 12 months after graduating); nothing twice."""
    today = today or timezone.localdate()
    existing = set(FollowUp.objects.filter(center=center).values_list("enrollment_id", "months"))
    new = []
    for enrollment_id, learner_id, graduated_on in graduations(center):
        for months in MILESTONES:
            due_on = add_months(graduated_on, months)
            if due_on <= today and (enrollment_id, months) not in existing:
                new.append(
                    FollowUp(
                        center=center,
                        learner_id=learner_id,
                        enrollment_id=enrollment_id,
                        graduated_on=graduated_on,
                        months=months,
                        due_on=due_on,
                        token=secrets.token_urlsafe(16),
                    )
                )
    FollowUp.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def followups_schedule_all(today: dt.date | None = None) -> int:
    """Every center's due follow-ups (the nightly run)."""
    created = 0
    for center in Center.objects.order_by("pk"):
        with scope(center=center):
            created += followups_schedule(center=center, today=today)
    return created


@transaction.atomic
def followup_send(*, follow_up: FollowUp, link: str, actor: User | None) -> OutboundMessage:
    """Send the graduate the survey link by SMS (their phone on record); the message is kept."""
    follow_up = FollowUp.objects.select_for_update(of=("self",)).select_related("learner").get(pk=follow_up.pk)
    if follow_up.status == FollowUp.Status.ANSWERED:
        raise ApplicationError(_("This follow-up has already been answered."))
    learner = follow_up.learner
    if not learner.phone:
        raise ApplicationError(_("This graduate has no phone number on record: call them and enter the answer."))
    body = _(
        "%(name)s, the center asks how you are doing %(months)s months after your course. "
        "Please answer (2 minutes): %(link)s"
    ) % {"name": learner.full_name, "months": follow_up.months, "link": link}
    (message,) = notify.messages_store(
        [
            OutboundMessage(
                center=follow_up.center,
                channel=OutboundMessage.Channel.SMS,
                recipient=learner.phone,
                recipient_name=learner.full_name,
                subject=_("Graduate follow-up"),
                body=body,
                reason="graduate_follow_up",
                related_object=f"jobs.followup:{follow_up.pk}",
            )
        ]
    )
    follow_up.status = FollowUp.Status.SENT
    follow_up.sent_at = timezone.now()
    follow_up.save(update_fields=["status", "sent_at"])
    from lotrinh.academics import tasks

    center_id, ids = follow_up.center_id, [message.pk]
    transaction.on_commit(lambda: tasks.messages_send.enqueue(center_id=center_id, message_ids=ids))
    return message


ANSWER_FIELDS = ("employed", "employer_name", "trade_match", "wage_band", "further_study", "satisfaction", "note")


@transaction.atomic
def followup_answer(
    *,
    follow_up: FollowUp,
    channel: str,
    employed: bool,
    employer_name: str = "",
    trade_match: str = "",
    wage_band: WageBand | None = None,
    further_study: bool | None = None,
    satisfaction: int | None = None,
    note: str = "",
    actor: User | None,
) -> FollowUp:
    """Store the graduate's answer, given by the link (``actor`` None) or to staff on the phone; once only."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status == FollowUp.Status.ANSWERED:
        raise ApplicationError(_("This survey has already been answered. Thank you!"))
    errors: dict[str, list[str]] = {}
    if employed and not employer_name.strip():
        errors["employer_name"] = [_("Write where you work.")]
    if employed and trade_match not in TradeMatch.values:
        errors["trade_match"] = [_("Choose whether the job is in the trade trained.")]
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        errors["satisfaction"] = [_("Choose a satisfaction from 1 to 5.")]
    if channel not in FollowUp.Channel.values:
        errors["channel"] = [_("Choose how the answer was given.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)
    follow_up.employed = employed
    follow_up.employer_name = employer_name.strip() if employed else ""
    follow_up.trade_match = trade_match if employed else ""
    follow_up.wage_band = wage_band if employed else None
    follow_up.further_study = further_study
    follow_up.satisfaction = satisfaction
    follow_up.note = note.strip()
    follow_up.channel = channel
    follow_up.recorded_by = actor
    follow_up.answered_at = timezone.now()
    follow_up.status = FollowUp.Status.ANSWERED
    follow_up.save()
    audit_record(
        actor=actor,
        center=follow_up.center,
        action=AuditEvent.Action.UPDATE,
        obj=follow_up,
        changes={
            "status": [FollowUp.Status.DUE, FollowUp.Status.ANSWERED],
            "channel": [None, channel],
            "employed": [None, employed],
        },
    )
    return follow_up


# --- Internship follow-up ---------------------------------------------------------------------------------


def rubric_in_force(day: dt.date) -> EvaluationRubric:
    rubric = EvaluationRubric.objects.filter(EvaluationRubric.holding_on(day), code=RUBRIC_CODE).first()
    if rubric is None:
        raise ApplicationError(_("No evaluation rubric is in force on this day."))
    return rubric


def _check_placement(placement, enterprise=None) -> None:
    """Only a published placement is followed; from an enterprise account only that enterprise's interns."""
    if enterprise is not None and placement.slot.enterprise_id != enterprise.pk:
        raise ApplicationError(_("This intern does not belong to your enterprise."))
    if placement.status != "published" or placement.published_at is None:
        raise ApplicationError(_("This internship has not been published yet."))


def _via(enterprise) -> str:
    return EnteredVia.ENTERPRISE if enterprise is not None else EnteredVia.STAFF


@transaction.atomic
def internship_attendance_record(
    *, placement, date: dt.date, status: str, note: str = "", enterprise=None, actor: User
) -> InternshipAttendance:
    """Record (or correct) an intern's attendance on one day at the enterprise."""
    _check_placement(placement, enterprise)
    if status not in InternshipAttendance.Status.values:
        raise ApplicationError(_("Choose present, late, absent or excused."), field="status")
    if date > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="date")
    if date < placement.slot.starts_on:
        raise ApplicationError(_("The internship had not started on this day."), field="date")
    old = InternshipAttendance.objects.filter(placement=placement, date=date).first()
    row, _created = InternshipAttendance.objects.update_or_create(
        placement=placement,
        date=date,
        defaults={
            "center": placement.center,
            "status": status,
            "note": note,
            "entered_by": actor,
            "entered_via": _via(enterprise),
        },
    )
    audit_record(
        actor=actor,
        center=placement.center,
        action=AuditEvent.Action.UPDATE if old else AuditEvent.Action.CREATE,
        obj=row,
        changes={"status": [old.status if old else None, status]},
    )
    return row


@transaction.atomic
def mentor_evaluation_create(
    *, placement, kind: str, scores: dict[str, int], comment: str = "", enterprise=None, actor: User
) -> MentorEvaluation:
    """The mentor's mid-term or final evaluation: every criterion of the rubric in force scored 1–5; once per kind."""
    _check_placement(placement, enterprise)
    today = timezone.localdate()
    rubric = rubric_in_force(today)
    errors: dict[str, list[str]] = {}
    if kind not in MentorEvaluation.Kind.values:
        errors["kind"] = [_("Choose a mid-term or a final evaluation.")]
    for criterion in rubric.criteria:
        value = scores.get(criterion["code"])
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[criterion["code"]] = [_("Score from 1 to 5.")]
    unknown = set(scores) - {c["code"] for c in rubric.criteria}
    if unknown:
        errors["scores"] = [_("Unknown criteria: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}]
    if errors:
        raise ApplicationError(_("Score every criterion from 1 to 5."), errors=errors)
    if MentorEvaluation.objects.filter(placement=placement, kind=kind).exists():
        raise ApplicationError(_("This evaluation has already been entered."), field="kind")
    evaluation = MentorEvaluation.objects.create(
        center=placement.center,
        placement=placement,
        kind=kind,
        rubric=rubric,
        scores={c["code"]: scores[c["code"]] for c in rubric.criteria},
        comment=comment.strip(),
        evaluated_on=today,
        evaluated_by=actor,
        entered_via=_via(enterprise),
    )
    audit_record(
        actor=actor,
        center=placement.center,
        action=AuditEvent.Action.CREATE,
        obj=evaluation,
        changes={"kind": [None, kind], "scores": [None, evaluation.scores]},
    )
    return evaluation


@transaction.atomic
def safety_briefing_confirm(*, placement, held_on: dt.date, topics: str, enterprise=None, actor: User):
    """Confirm the intern's safety briefing (once); the placement shows the day."""
    _check_placement(placement, enterprise)
    if held_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="held_on")
    if not topics.strip():
        raise ApplicationError(_("Write what the briefing covered."), field="topics")
    if SafetyBriefing.objects.filter(placement=placement).exists():
        raise ApplicationError(_("The safety briefing has already been confirmed."))
    briefing = SafetyBriefing.objects.create(
        center=placement.center,
        placement=placement,
        held_on=held_on,
        topics=topics.strip(),
        confirmed_by=actor,
        entered_via=_via(enterprise),
    )
    type(placement).objects.filter(pk=placement.pk).update(safety_briefing_confirmed_on=held_on)
    placement.safety_briefing_confirmed_on = held_on
    audit_record(
        actor=actor,
        center=placement.center,
        action=AuditEvent.Action.UPDATE,
        obj=placement,
        changes={"safety_briefing_confirmed_on": [None, held_on.isoformat()]},
    )
    return briefing


@transaction.atomic
def incident_report(
    *,
    placement,
    occurred_on: dt.date,
    severity: str,
    description: str,
    actions: str = "",
    enterprise=None,
    actor: User,
) -> Incident:
    """Report an incident during the internship."""
    _check_placement(placement, enterprise)
    errors: dict[str, list[str]] = {}
    if severity not in Incident.Severity.values:
        errors["severity"] = [_("Choose the severity.")]
    if not description.strip():
        errors["description"] = [_("Describe what happened.")]
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)
    incident = Incident.objects.create(
        center=placement.center,
        placement=placement,
        occurred_on=occurred_on,
        severity=severity,
        description=description.strip(),
        actions=actions.strip(),
        reported_by=actor,
        entered_via=_via(enterprise),
    )
    audit_record(
        actor=actor,
        center=placement.center,
        action=AuditEvent.Action.CREATE,
        obj=incident,
        changes={"severity": [None, severity]},
    )
    return incident
