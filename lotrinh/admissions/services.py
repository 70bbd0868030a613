"""State changes of admissions: plans and targets, the public application, its review, admission and enrolment.

Each service is atomic and writes its audit row; an application's every change of status appends a history row.
"""

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.academics.models import ProgramType, SchoolClass, Trade
from lotrinh.academics.timetabling import school_year_of
from lotrinh.core import crypto
from lotrinh.core.audit import audit_record, changes_between
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, Commune, User
from lotrinh.core.text import normalize_name
from lotrinh.core.validators import validate_phone
from lotrinh.people.models import ConsentPurpose, Guardian, Learner, LearnerGuardian, Sex
from lotrinh.people.services import id_number_check, id_number_digest, id_place_codes

from .models import (
    AdmissionPlan,
    AdmissionTarget,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationStatusChange,
)
from .uploads import documents_check

# An applicant of this age or younger names a guardian (a parent or other legal representative).
GUARDIAN_REQUIRED_UNDER = 18
MIN_AGE, MAX_AGE = 13, 60
# No 0/O, 1/I/L: a code read aloud over the phone or copied from paper stays right. 31^10 ≈ 8·10^14 codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
FORM_TOKEN_SALT = "lotrinh.admissions.apply"
FORM_TOKEN_MAX_AGE = 24 * 3600

ALLOWED = {
    ApplicationStatus.RECEIVED: {ApplicationStatus.VERIFIED, ApplicationStatus.REJECTED},
    ApplicationStatus.VERIFIED: {ApplicationStatus.ADMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.REJECTED},
    ApplicationStatus.WAITLISTED: {ApplicationStatus.ADMITTED, ApplicationStatus.REJECTED},
    ApplicationStatus.ADMITTED: {ApplicationStatus.ENROLLED},
    ApplicationStatus.REJECTED: set(),
    ApplicationStatus.ENROLLED: set(),
}


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)


# --- Plans and targets ----------------------------------------------------------------------------------


def plan_data_errors(*, school_year: str, opens_on, closes_on) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    years = school_year.split("-") if school_year else []
    if len(years) != 2 or not all(y.isdigit() and len(y) == 4 for y in years) or int(years[1]) != int(years[0]) + 1:
        errors["school_year"] = [_("Write the school year as 2026-2027.")]
    if opens_on is None:
        errors["opens_on"] = [_("Enter the day applications open (dd/mm/yyyy).")]
    if closes_on is None:
        errors["closes_on"] = [_("Enter the day applications close (dd/mm/yyyy).")]
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = [_("Applications close before they open.")]
    return errors


@transaction.atomic
def plan_create(
    *, center: Center, school_year: str, opens_on: dt.date, closes_on: dt.date, actor: User, note: str = ""
) -> AdmissionPlan:
    """A new yearly admission plan (one per school year); its targets are set one by one."""
    school_year = (school_year or "").strip()
    errors = plan_data_errors(school_year=school_year, opens_on=opens_on, closes_on=closes_on)
    if not errors and AdmissionPlan.objects.filter(school_year=school_year).exists():
        errors["school_year"] = [_("There is already an admission plan for %(year)s.") % {"year": school_year}]
    _raise_if(errors)
    plan = AdmissionPlan.objects.create(
        center=center,
        school_year=school_year,
        opens_on=opens_on,
        closes_on=closes_on,
        note=note.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=plan,
        changes=changes_between(
            {}, {"school_year": school_year, "opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()}
        ),
    )
    return plan


@transaction.atomic
def plan_update(
    *, plan: AdmissionPlan, opens_on: dt.date, closes_on: dt.date, actor: User, note: str | None = None
) -> AdmissionPlan:
    plan = AdmissionPlan.objects.select_for_update().get(pk=plan.pk)
    _raise_if(plan_data_errors(school_year=plan.school_year, opens_on=opens_on, closes_on=closes_on))
    before = {"opens_on": plan.opens_on.isoformat(), "closes_on": plan.closes_on.isoformat(), "note": plan.note}
    plan.opens_on, plan.closes_on = opens_on, closes_on
    if note is not None:
        plan.note = note.strip()
    after = {"opens_on": plan.opens_on.isoformat(), "closes_on": plan.closes_on.isoformat(), "note": plan.note}
    changes = changes_between(before, after)
    if changes:
        plan.save()
        audit_record(actor=actor, center=plan.center, action=AuditEvent.Action.UPDATE, obj=plan, changes=changes)
    return plan


@transaction.atomic
def target_set(
    *, plan: AdmissionPlan, program: ProgramType, trade: Trade | None, target: int, actor: User
) -> AdmissionTarget:
    """Set how many places a program (and trade) has in the plan; a target below zero is refused."""
    if target is None or target < 0:
        raise ApplicationError(_("A target cannot be below zero."), field="target")
    if trade is not None and not program.is_vocational:
        raise ApplicationError(
            _("%(program)s does not teach a trade: leave the trade empty.") % {"program": program.name}, field="trade"
        )
    row = (
        AdmissionTarget.objects.select_for_update(of=("self",)).filter(plan=plan, program=program, trade=trade).first()
    )
    if row is None:
        row = AdmissionTarget.objects.create(center=plan.center, plan=plan, program=program, trade=trade, target=target)
        audit_record(
            actor=actor,
            center=plan.center,
            action=AuditEvent.Action.CREATE,
            obj=row,
            changes={"target": [None, target]},
        )
    elif row.target != target:
        old, row.target = row.target, target
        row.save(update_fields=["target"])
        audit_record(
            actor=actor, center=plan.center, action=AuditEvent.Action.UPDATE, obj=row, changes={"target": [old, target]}
        )
    return row


@transaction.atomic
def target_delete(*, target: AdmissionTarget, actor: User) -> None:
    if target.applications.exists():
        raise ApplicationError(_("Applications were sent for this program: set its target to 0 instead."))
    audit_record(
        actor=actor,
        center=target.center,
        action=AuditEvent.Action.DELETE,
        obj=target,
        changes={"target": [target.target, None]},
    )
    target.delete()


# --- The public application ------------------------------------------------------------------------------


def form_token_new() -> str:
    """A signed one-time token for one blank application form."""
    return signing.dumps(secrets.token_urlsafe(18), salt=FORM_TOKEN_SALT)


def form_token_nonce(token: str) -> str:
    try:
        return signing.loads(token or "", salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise ApplicationError(
            _("This form has expired: reload the page and send it again."), field="form_token"
        ) from error


def tracking_code_new() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Application.objects.filter(tracking_code=code).exists():
            return code


def tracking_code_clean(value: str) -> str:
    """What a person typed → the code: upper case, without spaces or dashes."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())[: CODE_LENGTH + 2]


def open_plan(*, day: dt.date) -> AdmissionPlan | None:
    """The plan taking applications on ``day`` (the current center scope), if any."""
    return AdmissionPlan.objects.filter(opens_on__lte=day, closes_on__gte=day).order_by("opens_on").first()


@dataclass
class ApplicationData:
    full_name: str
    date_of_birth: dt.date | None
    sex: str
    id_number: str
    phone: str
    commune: Commune | None
    previous_school: str
    target: AdmissionTarget | None
    guardian_name: str = ""
    guardian_phone: str = ""
    guardian_relationship: str = ""
    consent_processing: bool = False
    consent_contact: bool = False


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def application_data_errors(
    data: ApplicationData, *, today: dt.date, plan: AdmissionPlan | None, province_id: int | None
) -> dict[str, list[str]]:
    """Every problem with one application, by field, in Vietnamese (normalizes the phone numbers in place)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    data.full_name = normalize_name(data.full_name)
    if not data.full_name:
        add("full_name", _("Enter the full name."))
    born = data.date_of_birth
    if born is None:
        add("date_of_birth", _("Enter the date of birth (dd/mm/yyyy)."))
    elif born > today:
        add("date_of_birth", _("The date of birth is in the future."))
    elif not MIN_AGE <= age_on(born, today) <= MAX_AGE:
        add(
            "date_of_birth",
            _("Check the date of birth: the applicant must be %(min)s to %(max)s years old.")
            % {"min": MIN_AGE, "max": MAX_AGE},
        )
    if data.sex not in Sex.values:
        add("sex", _("Choose male or female."))
    if not data.id_number.strip():
        add("id_number", _("Enter the 12-digit personal ID number."))
    else:
        checked = id_number_check(
            data.id_number,
            sex=data.sex if data.sex in Sex.values else None,
            date_of_birth=born,
            place_codes=id_place_codes(today),
        )
        if checked.errors:
            for message in checked.errors:
                add("id_number", message)
        elif checked.is_legacy:
            add("id_number", _("Enter the 12-digit personal ID number (not the old 9-digit card)."))
        else:
            data.id_number = checked.digits
    if not data.phone.strip():
        add("phone", _("Enter a phone number we can call."))
    else:
        try:
            data.phone = validate_phone(data.phone)
        except ValidationError as error:
            add("phone", error.messages[0])
    if data.commune is not None and province_id is not None and data.commune.province_id != province_id:
        add("commune", _("Choose a commune of the center's province."))
    if plan is None:
        add("target", _("Admissions are not open at the moment."))
    elif data.target is None or data.target.plan_id != plan.pk:
        add("target", _("Choose the program you want to study."))
    minor = born is not None and born <= today and age_on(born, today) < GUARDIAN_REQUIRED_UNDER
    data.guardian_name = normalize_name(data.guardian_name)
    if minor and not data.guardian_name:
        add("guardian_name", _("An applicant under 18 names a parent or guardian."))
    if data.guardian_phone.strip():
        try:
            data.guardian_phone = validate_phone(data.guardian_phone)
        except ValidationError as error:
            add("guardian_phone", error.messages[0])
    elif minor:
        add("guardian_phone", _("Enter the guardian's phone number."))
    if (data.guardian_name or minor) and data.guardian_relationship not in LearnerGuardian.Relationship.values:
        add("guardian_relationship", _("Choose the relationship to the applicant."))
    if not data.consent_processing:
        add(
            "consent_processing",
            _(
                "Tick the box to agree that the center processes this data for admission: "
                "without it the application cannot be received."
            ),
        )
    return errors


def _history(application: Application, status: str, actor: User | None, reason: str = "") -> None:
    ApplicationStatusChange.objects.create(
        center=application.center,
        application=application,
        status=status,
        reason=reason,
        changed_by=actor,
        changed_at=timezone.now(),
    )


@transaction.atomic
def application_submit(
    *,
    center: Center,
    data: ApplicationData,
    documents: list,
    form_token: str,
    interest_token: str = "",
    interest_attempt_id: int | None = None,
    plan: AdmissionPlan | None = None,
) -> tuple[Application, bool]:
    """Receive an application from the public form; ``(application, created)``.

    The same form sent twice (its one-time token) gives back the first application instead of a second one.
    ``plan``: the open plan when the caller has already read it.
    Every field and every file is checked first: on any problem nothing is saved.
    """
    nonce = form_token_nonce(form_token)
    existing = Application.objects.filter(form_token=nonce).first()
    if existing is not None:
        return existing, False
    today = timezone.localdate()
    if plan is None or not plan.is_open_on(today):  # the caller may pass the open plan it already read
        plan = open_plan(day=today)
    record = center.current_record
    province_id = record.commune.province_id if record and record.commune_id else None
    errors = application_data_errors(data, today=today, plan=plan, province_id=province_id)
    try:
        checked = documents_check(documents)
    except ApplicationError as error:
        errors.setdefault("documents", []).append(error.message)
    _raise_if(errors)
    now = timezone.now()
    application = Application(
        center=center,
        plan=plan,
        target=data.target,
        tracking_code=tracking_code_new(),
        form_token=nonce,
        full_name=data.full_name,
        date_of_birth=data.date_of_birth,
        sex=data.sex,
        id_number_encrypted=crypto.encrypt(data.id_number),
        id_number_digest=id_number_digest(data.id_number),
        phone=data.phone,
        commune=data.commune,
        previous_school=normalize_name(data.previous_school),
        guardian_name=data.guardian_name,
        guardian_phone=data.guardian_phone,
        guardian_relationship=data.guardian_relationship if data.guardian_name else "",
        consent_processing=True,
        consent_contact=bool(data.consent_contact),
        interest_token=interest_token[:64] if interest_attempt_id else "",
        interest_attempt_id=interest_attempt_id,
        submitted_at=now,
        submitted_on=today,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same form, sent twice at the same instant
        return Application.objects.get(form_token=nonce), False
    for upload, kind in zip(documents, checked, strict=True):
        document = ApplicationDocument(
            center=center,
            application=application,
            content_type=kind.content_type,
            original_name=(getattr(upload, "name", "") or "")[:200],
            size=upload.size,
        )
        document.file.save(f"{uuid.uuid4().hex}.{kind.extension}", upload, save=False)
        document.save()
    _history(application, ApplicationStatus.RECEIVED, None)
    audit_record(
        actor=None,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=application,
        changes=changes_between(
            {},
            {
                "full_name": application.full_name,
                "date_of_birth": application.date_of_birth.isoformat(),
                "id_number": crypto.mask(data.id_number),
                "program": str(data.target),
                "documents": len(documents),
                "consent_processing": True,
                "consent_contact": application.consent_contact,
            },
        ),
    )
    return application, True


def application_find(*, code: str, date_of_birth: dt.date | None) -> Application | None:
    """The application with this tracking code AND this date of birth, or None (one answer for both misses)."""
    code = tracking_code_clean(code)
    if not code or date_of_birth is None:
        return None
    return (
        Application.objects.select_related("target__program", "target__trade", "plan")
        .filter(tracking_code=code, date_of_birth=date_of_birth)
        .first()
    )


# --- Review ------------------------------------------------------------------------------------------------


def _transition(*, application: Application, status: str, actor: User, reason: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if status not in ALLOWED[ApplicationStatus(application.status)]:
        raise ApplicationError(
            _("An application that is “%(old)s” cannot become “%(new)s”.")
            % {"old": ApplicationStatus(application.status).label, "new": ApplicationStatus(status).label},
            field="status",
        )
    old = application.status
    application.status = status
    application.decision_reason = reason
    application.save(update_fields=["status", "decision_reason", "updated_at"])
    _history(application, status, actor, reason)
    changes = {"status": [old, status]}
    if reason:
        changes["decision_reason"] = [None, reason]
    audit_record(
        actor=actor, center=application.center, action=AuditEvent.Action.UPDATE, obj=application, changes=changes
    )
    return application


@transaction.atomic
def application_verify(*, application: Application, actor: User) -> Application:
    """The documents and identity were checked against the originals."""
    return _transition(application=application, status=ApplicationStatus.VERIFIED, actor=actor)


@transaction.atomic
def application_admit(*, application: Application, actor: User) -> Application:
    return _transition(application=application, status=ApplicationStatus.ADMITTED, actor=actor)


@transaction.atomic
def application_waitlist(*, application: Application, actor: User, reason: str = "") -> Application:
    return _transition(
        application=application, status=ApplicationStatus.WAITLISTED, actor=actor, reason=(reason or "").strip()[:500]
    )


@transaction.atomic
def application_reject(*, application: Application, reason: str, actor: User) -> Application:
    """Not admitted, with the reason the applicant will read on the status page."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Write the reason: the applicant will read it."), field="reason")
    return _transition(application=application, status=ApplicationStatus.REJECTED, actor=actor, reason=reason[:500])


@transaction.atomic
def applications_admit(*, application_ids: list[int], actor: User) -> list[Application]:
    """Admit a list of verified (or waitlisted) applications together: all of them, or none."""
    ids = sorted(set(application_ids))
    if not ids:
        raise ApplicationError(_("Select at least one application."), field="applications")
    rows = list(Application.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(ids):
        raise ApplicationError(
            _("Some of the selected applications no longer exist: reload the list."), field="applications"
        )
    blocked = [a for a in rows if ApplicationStatus.ADMITTED not in ALLOWED[ApplicationStatus(a.status)]]
    if blocked:
        names = ", ".join(f"{a.full_name} ({ApplicationStatus(a.status).label})" for a in blocked[:5])
        raise ApplicationError(
            _("Only verified or waitlisted applications can be admitted; nothing was changed. Not ready: %(names)s.")
            % {"names": names},
            field="applications",
        )
    return [_transition(application=a, status=ApplicationStatus.ADMITTED, actor=actor) for a in rows]


# --- Enrolment -----------------------------------------------------------------------------------------------


def enrol_classes(application: Application):
    """The classes an admitted application may join: its program (and trade), in the plan's school year or the
    current one (short vocational courses start all year round)."""
    years = {application.plan.school_year, school_year_of(timezone.localdate())}
    classes = SchoolClass.objects.filter(program_id=application.target.program_id, school_year__in=years)
    if application.target.trade_id:
        classes = classes.filter(trade_id=application.target.trade_id)
    return classes.select_related("program", "trade").order_by("name")


@transaction.atomic
def application_enrol(
    *, application: Application, school_class: SchoolClass, enrolled_on: dt.date, actor: User
) -> Application:
    """An admitted applicant becomes a learner (with the ID number, the guardian and the consents ticked on the
    form) and is enrolled in a class of the program applied for. Enrolling twice is refused."""
    from lotrinh.academics.services import enrollment_create
    from lotrinh.people import services as people
    from lotrinh.people.selectors import learner_code_suggestion

    application = (
        Application.objects.select_for_update(of=("self",)).select_related("target", "plan").get(pk=application.pk)
    )
    if application.learner_id or application.status == ApplicationStatus.ENROLLED:
        raise ApplicationError(_("This applicant is already enrolled."), field="school_class")
    if application.status != ApplicationStatus.ADMITTED:
        raise ApplicationError(_("Only an admitted application can be enrolled."), field="school_class")
    if not enrol_classes(application).filter(pk=school_class.pk).exists():
        raise ApplicationError(
            _("Choose a class of %(program)s for %(year)s.")
            % {"program": application.target.label, "year": application.plan.school_year},
            field="school_class",
        )
    id_number = crypto.decrypt(application.id_number_encrypted)
    learner = Learner.objects.filter(id_number_digest=application.id_number_digest).first() if id_number else None
    if learner is None:
        learner = people.learner_create(
            center=application.center,
            actor=actor,
            id_number=id_number,
            code=learner_code_suggestion(enrolled_on),
            full_name=application.full_name,
            date_of_birth=application.date_of_birth,
            sex=application.sex,
            phone=application.phone,
            commune=application.commune,
            previous_school=application.previous_school,
        )
    guardian = None
    if application.guardian_name:
        guardian = (
            Guardian.objects.filter(phone=application.guardian_phone).first() if application.guardian_phone else None
        )
        if guardian is None:
            guardian = people.guardian_create(
                center=application.center,
                actor=actor,
                full_name=application.guardian_name,
                phone=application.guardian_phone,
                learner=learner,
                relationship=application.guardian_relationship or LearnerGuardian.Relationship.OTHER,
                is_primary_contact=True,
            )
        elif not LearnerGuardian.objects.filter(learner=learner, guardian=guardian).exists():
            people.guardian_link(
                learner=learner,
                guardian=guardian,
                relationship=application.guardian_relationship or LearnerGuardian.Relationship.OTHER,
                is_primary_contact=True,
                actor=actor,
            )
    if application.consent_contact:
        purpose = ConsentPurpose.MESSAGES_TO_GUARDIAN
        from lotrinh.people.models import Consent

        if not Consent.objects.filter(learner=learner, purpose=purpose, withdrawn_on__isnull=True).exists():
            minor = learner.age_on(application.submitted_on) < people.ADULT_CONSENT_AGE
            if guardian is not None or not minor:
                people.consent_record(
                    learner=learner,
                    purpose=purpose,
                    given_on=application.submitted_on,
                    actor=actor,
                    guardian=guardian if minor else None,
                    learner_agreed=True,
                    evidence=_("Online application %(code)s") % {"code": application.tracking_code},
                )
    enrollment = enrollment_create(learner=learner, school_class=school_class, enrolled_on=enrolled_on, actor=actor)
    application.learner = learner
    application.enrollment = enrollment
    application.status = ApplicationStatus.ENROLLED
    application.save(update_fields=["learner", "enrollment", "status", "updated_at"])
    _history(application, ApplicationStatus.ENROLLED, actor, school_class.name)
    audit_record(
        actor=actor,
        center=application.center,
        action=AuditEvent.Action.UPDATE,
        obj=application,
        changes={
            "status": [ApplicationStatus.ADMITTED, ApplicationStatus.ENROLLED],
            "learner": [None, learner.code],
            "school_class": [None, school_class.name],
        },
    )
    return application


def default_school_year(today: dt.date) -> str:
    """The plan staff usually prepare: the school year that starts next (from August, the one after)."""
    start = int(school_year_of(today)[:4]) + 1
    return f"{start}-{start + 1}"
