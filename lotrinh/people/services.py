"""Every state change of learner records. Each writes its audit row inside the transaction."""

import datetime as dt
import hashlib
import hmac
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from lotrinh.core import crypto
from lotrinh.core.audit import audit_record, changes_between
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, User
from lotrinh.core.text import normalize_name
from lotrinh.core.validators import personal_id_problems, validate_personal_id, validate_phone

from .models import (
    DISCLOSING_PURPOSES,
    Consent,
    ConsentPurpose,
    Guardian,
    IdIssuingPlace,
    Learner,
    LearnerGuardian,
    Sex,
)

# Fields a learner_create / learner_update call may set, besides the ID number.
LEARNER_FIELDS = [
    "code",
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "phone",
    "street_address",
    "commune",
    "distance_km",
    "previous_school",
    "is_working",
    "household_status",
    "household_certificate_valid_from",
    "household_certificate_valid_to",
    "has_disability",
    "lives_in_disadvantaged_commune",
]
# Sensitive or identifying values never enter the audit log in clear.
MASKED_IN_AUDIT = {"ethnicity"}


def id_number_digest(digits: str) -> str:
    """A keyed digest of the ID number: equal numbers give equal digests, the number cannot be read back."""
    key = (settings.LOTRINH_FIELD_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def id_place_codes(on: dt.date | None = None) -> set[str]:
    day = on or timezone.localdate()
    return set(IdIssuingPlace.objects.filter(IdIssuingPlace.holding_on(day)).values_list("code", flat=True))


@dataclass
class CheckedIdNumber:
    digits: str = ""
    is_legacy: bool = False
    errors: list[str] = field(default_factory=list)


def id_number_check(
    value: str, *, sex: str | None, date_of_birth: dt.date | None, place_codes: set[str]
) -> CheckedIdNumber:
    """Validate an ID number against the person; pure apart from the place codes passed in."""
    if not value:
        return CheckedIdNumber()
    try:
        digits = validate_personal_id(value)
    except ValidationError as error:
        return CheckedIdNumber(errors=list(error.messages))
    birth_year = date_of_birth.year if date_of_birth else None
    problems = personal_id_problems(digits, sex=sex, birth_year=birth_year, place_codes=place_codes)
    return CheckedIdNumber(digits=digits, is_legacy=len(digits) == 9, errors=problems)


def learner_data_errors(data: dict, *, today: dt.date, place_codes: set[str]) -> dict[str, list[str]]:
    """Every problem with one learner's data, by field, in Vietnamese. Used by forms, the API and the importer."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not normalize_name(data.get("full_name") or ""):
        add("full_name", _("Enter the full name."))
    born = data.get("date_of_birth")
    if born is None:
        add("date_of_birth", _("Enter the date of birth (dd/mm/yyyy)."))
    elif born > today:
        add("date_of_birth", _("The date of birth is in the future."))
    elif today.year - born.year > 90:
        add("date_of_birth", _("The date of birth is more than 90 years ago."))
    if data.get("sex") not in Sex.values:
        add("sex", _("Choose male or female."))
    if data.get("phone"):
        try:
            data["phone"] = validate_phone(data["phone"])
        except ValidationError as error:
            add("phone", error.messages[0])
    if "id_number" in data:
        checked = id_number_check(data["id_number"], sex=data.get("sex"), date_of_birth=born, place_codes=place_codes)
        for message in checked.errors:
            add("id_number", message)
    start, end = data.get("household_certificate_valid_from"), data.get("household_certificate_valid_to")
    if start and end and end < start:
        add("household_certificate_valid_to", _("The certificate ends before it starts."))
    if data.get("household_status") and not start:
        add("household_certificate_valid_from", _("Enter when the household certificate starts."))
    return errors


def _audit_values(values: dict) -> dict:
    """Values as the log keeps them: sensitive ones masked, decimals as text (the log is JSON)."""
    return {
        k: ("•••" if k in MASKED_IN_AUDIT and v else str(v) if isinstance(v, Decimal) else v) for k, v in values.items()
    }


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, errors=errors)


def _set_id_number(learner: Learner, id_number: str) -> str | None:
    """Store a validated ID number; refuse one that another learner of the center already has."""
    checked = id_number_check(
        id_number, sex=learner.sex, date_of_birth=learner.date_of_birth, place_codes=id_place_codes()
    )
    _raise_if({"id_number": checked.errors} if checked.errors else {})
    digest = id_number_digest(checked.digits) if checked.digits else ""
    if digest and Learner.objects.filter(id_number_digest=digest).exclude(pk=learner.pk).exists():
        raise ApplicationError(_("Another learner of the center already has this ID number."), field="id_number")
    learner.id_number_encrypted = crypto.encrypt(checked.digits)
    learner.id_number_digest = digest
    learner.id_number_is_legacy = checked.is_legacy
    return crypto.mask(checked.digits) or None


@transaction.atomic
def learner_create(*, center: Center, actor: User | None, id_number: str = "", **fields) -> Learner:
    """A new learner record; every field is checked first and nothing is saved when one is wrong."""
    unknown = set(fields) - set(LEARNER_FIELDS)
    if unknown:
        raise ValueError(f"Not a learner field: {sorted(unknown)}")
    errors = learner_data_errors(
        {**fields, "id_number": id_number}, today=timezone.localdate(), place_codes=id_place_codes()
    )
    if Learner.objects.filter(code=fields.get("code")).exists():
        errors.setdefault("code", []).append(_("Another learner already has this code."))
    _raise_if(errors)
    if fields.get("phone"):
        fields["phone"] = validate_phone(fields["phone"])
    learner = Learner(center=center, **fields)
    masked_id = _set_id_number(learner, id_number)
    learner.full_clean(exclude=["center", "photo", "id_number_encrypted", "id_number_digest"])
    learner.save()
    values = _audit_values({f: getattr(learner, f) for f in LEARNER_FIELDS})
    if masked_id:
        values["id_number"] = masked_id
    audit_record(
        actor=actor, center=center, action=AuditEvent.Action.CREATE, obj=learner, changes=changes_between({}, values)
    )
    return learner


@transaction.atomic
def learner_update(*, learner: Learner, actor: User, id_number: str | None = None, **fields) -> Learner:
    """Change a learner's record; the audit row holds old → new for each changed field."""
    unknown = set(fields) - set(LEARNER_FIELDS)
    if unknown:
        raise ValueError(f"Not a learner field: {sorted(unknown)}")
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    merged = {**{f: getattr(learner, f) for f in LEARNER_FIELDS}, **fields}
    check = dict(merged) if id_number is None else {**merged, "id_number": id_number}
    errors = learner_data_errors(check, today=timezone.localdate(), place_codes=id_place_codes())
    if "code" in fields and Learner.objects.filter(code=fields["code"]).exclude(pk=learner.pk).exists():
        errors.setdefault("code", []).append(_("Another learner already has this code."))
    _raise_if(errors)
    if fields.get("phone"):
        fields["phone"] = validate_phone(fields["phone"])
    before = _audit_values({f: getattr(learner, f) for f in fields})
    for name, value in fields.items():
        setattr(learner, name, value)
    changes = changes_between(before, _audit_values({f: getattr(learner, f) for f in fields}))
    if id_number is not None:
        old_masked = crypto.mask(crypto.decrypt(learner.id_number_encrypted)) or None
        new_masked = _set_id_number(learner, id_number)
        if old_masked != new_masked or (learner.id_number_encrypted and not old_masked):
            changes["id_number"] = [old_masked, new_masked]
    if not changes:
        return learner
    learner.save()
    audit_record(actor=actor, center=learner.center, action=AuditEvent.Action.UPDATE, obj=learner, changes=changes)
    return learner


@transaction.atomic
def learner_id_number_reveal(*, learner: Learner, actor: User) -> str:
    """The ID number in clear, for someone allowed to see it; the reveal is logged."""
    value = crypto.decrypt(learner.id_number_encrypted)
    audit_record(
        actor=actor,
        center=learner.center,
        action=AuditEvent.Action.REVEAL,
        obj=learner,
        changes={"id_number": [None, crypto.mask(value)]},
    )
    return value


# --- Photo ------------------------------------------------------------------------------------------

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # a small file can still unpack into a huge image
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png"}


def _photo_extension(photo: File) -> str:
    """Check the upload with Pillow (its content, not its name) and return the extension to store it under."""
    if photo.size > PHOTO_MAX_BYTES:
        raise ApplicationError(_("The photo is larger than 2 MB; choose a smaller one."), field="photo")
    not_an_image = ApplicationError(_("The file is not a photo: upload a JPEG or PNG image."), field="photo")
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise not_an_image from error
    finally:
        photo.seek(0)
    if kind not in PHOTO_FORMATS:
        raise not_an_image
    if width * height > PHOTO_MAX_PIXELS:
        raise ApplicationError(_("The photo has too many pixels; choose a smaller one."), field="photo")
    return PHOTO_FORMATS[kind]


@transaction.atomic
def learner_photo_set(*, learner: Learner, photo: File | None, actor: User) -> Learner:
    """Store the learner's photo (JPEG or PNG, at most 2 MB) or remove it with ``photo=None``; audited."""
    extension = _photo_extension(photo) if photo is not None else ""
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    old_name = learner.photo.name or ""
    if photo is None:
        if not old_name:
            return learner
        learner.photo = ""
    else:
        # A random name: the file name must not reveal who is in the picture.
        learner.photo.save(f"{uuid.uuid4().hex}.{extension}", photo, save=False)
    learner.save(update_fields=["photo", "updated_at"])
    audit_record(
        actor=actor,
        center=learner.center,
        action=AuditEvent.Action.UPDATE,
        obj=learner,
        changes={"photo": [old_name or None, learner.photo.name or None]},
    )
    if old_name:
        storage = learner.photo.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return learner


# --- Guardians --------------------------------------------------------------------------------------

GUARDIAN_FIELDS = ["full_name", "phone", "email", "street_address"]


def guardian_data_errors(data: dict) -> dict[str, list[str]]:
    """Problems with a guardian's details, by field; normalizes the phone number in place."""
    errors: dict[str, list[str]] = {}
    if not normalize_name(data.get("full_name") or ""):
        errors.setdefault("full_name", []).append(_("Enter the full name."))
    if data.get("phone"):
        try:
            data["phone"] = validate_phone(data["phone"])
        except ValidationError as error:
            errors.setdefault("phone", []).append(error.messages[0])
    if data.get("email"):
        try:
            validate_email(data["email"])
        except ValidationError:
            errors.setdefault("email", []).append(_("Enter a valid e-mail address."))
    return errors


def _link_errors(*, learner: Learner, guardian: Guardian, relationship: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if relationship not in LearnerGuardian.Relationship.values:
        errors["relationship"] = [_("Choose the relationship to the learner.")]
    if LearnerGuardian.objects.filter(learner=learner, guardian=guardian).exists():
        errors["guardian"] = [_("%(name)s is already a guardian of this learner.") % {"name": guardian.full_name}]
    return errors


def _link(
    *, learner: Learner, guardian: Guardian, relationship: str, is_primary_contact: bool, actor: User | None
) -> LearnerGuardian:
    others = LearnerGuardian.objects.filter(learner=learner)
    if not others.exists():
        is_primary_contact = True  # the first guardian is the one the center calls
    elif is_primary_contact:
        # One main contact per learner: the others step back, and the log says so.
        for other in others.filter(is_primary_contact=True).select_related("guardian", "learner"):
            other.is_primary_contact = False
            other.save(update_fields=["is_primary_contact"])
            audit_record(
                actor=actor,
                center=learner.center,
                action=AuditEvent.Action.UPDATE,
                obj=other,
                changes={"is_primary_contact": [True, False]},
            )
    link = LearnerGuardian.objects.create(
        center=learner.center,
        learner=learner,
        guardian=guardian,
        relationship=relationship,
        is_primary_contact=is_primary_contact,
    )
    audit_record(
        actor=actor,
        center=learner.center,
        action=AuditEvent.Action.CREATE,
        obj=link,
        changes={
            "guardian": [None, guardian.full_name],
            "relationship": [None, relationship],
            "is_primary_contact": [None, is_primary_contact],
        },
    )
    return link


@transaction.atomic
def guardian_create(
    *,
    center: Center,
    actor: User | None,
    full_name: str,
    phone: str = "",
    email: str = "",
    street_address: str = "",
    learner: Learner | None = None,
    relationship: str = "",
    is_primary_contact: bool = False,
) -> Guardian:
    """A new guardian of the center, linked at once to ``learner`` when given; nothing is saved on an error.

    A phone number that another guardian of the center already has is refused: link that guardian instead,
    so that brothers and sisters share one guardian record.
    """
    data = {"full_name": full_name, "phone": phone, "email": email.strip(), "street_address": street_address.strip()}
    errors = guardian_data_errors(data)
    if learner is not None and relationship not in LearnerGuardian.Relationship.values:
        errors.setdefault("relationship", []).append(_("Choose the relationship to the learner."))
    if data["phone"] and "phone" not in errors:
        existing = Guardian.objects.filter(phone=data["phone"]).first()
        if existing is not None:
            errors.setdefault("phone", []).append(
                _("%(name)s already has this phone number: link that guardian instead.") % {"name": existing.full_name}
            )
    _raise_if(errors)
    guardian = Guardian(center=center, **data)
    guardian.save()
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=guardian,
        changes=changes_between({}, {f: getattr(guardian, f) for f in GUARDIAN_FIELDS}),
    )
    if learner is not None:
        _link(
            learner=learner,
            guardian=guardian,
            relationship=relationship,
            is_primary_contact=is_primary_contact,
            actor=actor,
        )
    return guardian


@transaction.atomic
def guardian_link(
    *, learner: Learner, guardian: Guardian, relationship: str, is_primary_contact: bool = False, actor: User | None
) -> LearnerGuardian:
    """Make an existing guardian of the center a guardian of ``learner`` too (one guardian, several learners)."""
    Learner.objects.select_for_update().get(pk=learner.pk)  # one learner's links change one at a time
    _raise_if(_link_errors(learner=learner, guardian=guardian, relationship=relationship))
    return _link(
        learner=learner,
        guardian=guardian,
        relationship=relationship,
        is_primary_contact=is_primary_contact,
        actor=actor,
    )


@transaction.atomic
def guardian_update(
    *,
    guardian: Guardian,
    actor: User,
    link: LearnerGuardian | None = None,
    relationship: str | None = None,
    is_primary_contact: bool | None = None,
    **fields,
) -> Guardian:
    """Change a guardian's details (and, through ``link``, their tie to one learner); old → new in the log."""
    unknown = set(fields) - set(GUARDIAN_FIELDS)
    if unknown:
        raise ValueError(f"Not a guardian field: {sorted(unknown)}")
    guardian = Guardian.objects.select_for_update().get(pk=guardian.pk)
    data = {**{f: getattr(guardian, f) for f in GUARDIAN_FIELDS}, **fields}
    errors = guardian_data_errors(data)
    if data["phone"] and "phone" not in errors:
        other = Guardian.objects.filter(phone=data["phone"]).exclude(pk=guardian.pk).first()
        if other is not None:
            errors["phone"] = [_("%(name)s already has this phone number.") % {"name": other.full_name}]
    if relationship is not None and relationship not in LearnerGuardian.Relationship.values:
        errors["relationship"] = [_("Choose the relationship to the learner.")]
    _raise_if(errors)
    before = {f: getattr(guardian, f) for f in GUARDIAN_FIELDS}
    for name in GUARDIAN_FIELDS:
        setattr(guardian, name, data[name])
    guardian.save()  # normalizes the name
    changes = changes_between(before, {f: getattr(guardian, f) for f in GUARDIAN_FIELDS})
    if changes:
        audit_record(
            actor=actor, center=guardian.center, action=AuditEvent.Action.UPDATE, obj=guardian, changes=changes
        )
    if link is not None:
        _link_update(link=link, relationship=relationship, is_primary_contact=is_primary_contact, actor=actor)
    return guardian


def _link_update(*, link: LearnerGuardian, relationship: str | None, is_primary_contact: bool | None, actor) -> None:
    link = LearnerGuardian.objects.select_for_update().get(pk=link.pk)
    before = {"relationship": link.relationship, "is_primary_contact": link.is_primary_contact}
    if relationship is not None:
        link.relationship = relationship
    if is_primary_contact:
        for other in LearnerGuardian.objects.filter(learner_id=link.learner_id, is_primary_contact=True).exclude(
            pk=link.pk
        ):
            other.is_primary_contact = False
            other.save(update_fields=["is_primary_contact"])
            audit_record(
                actor=actor,
                center=link.center,
                action=AuditEvent.Action.UPDATE,
                obj=other,
                changes={"is_primary_contact": [True, False]},
            )
    if is_primary_contact is not None:
        link.is_primary_contact = is_primary_contact
    after = {"relationship": link.relationship, "is_primary_contact": link.is_primary_contact}
    changes = changes_between(before, after)
    if changes:
        link.save(update_fields=["relationship", "is_primary_contact"])
        audit_record(actor=actor, center=link.center, action=AuditEvent.Action.UPDATE, obj=link, changes=changes)


@transaction.atomic
def guardian_unlink(*, link: LearnerGuardian, actor: User) -> None:
    """The guardian no longer represents the learner; refused while a consent they gave is still in force."""
    if Consent.objects.filter(
        learner_id=link.learner_id, guardian_id=link.guardian_id, withdrawn_on__isnull=True
    ).exists():
        raise ApplicationError(
            _("%(name)s gave a consent that is still in force: record its withdrawal first.")
            % {"name": link.guardian.full_name},
            field="guardian",
        )
    audit_record(
        actor=actor,
        center=link.center,
        action=AuditEvent.Action.DELETE,
        obj=link,
        changes={
            "guardian": [link.guardian.full_name, None],
            "relationship": [link.relationship, None],
            "is_primary_contact": [link.is_primary_contact, None],
        },
    )
    link.delete()


# --- Consents (Law 91/2025 on personal data, Decree 356/2025) ------------------------------------------

# Under this age a learner acts through a legal representative (Child Law 2016).
ADULT_CONSENT_AGE = 16
# From this age a child must agree too when something about them is disclosed (Decree 356/2025, Art. 24).
CHILD_CO_CONSENT_AGE = 7


def consent_errors(
    *,
    learner: Learner,
    purpose: str,
    guardian: Guardian | None,
    learner_agreed: bool,
    given_on: dt.date | None,
    today: dt.date,
    linked_guardian_ids: set[int],
) -> dict[str, list[str]]:
    """Every rule a new consent breaks, by field; pure apart from the arguments (silence is never consent)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if purpose not in ConsentPurpose.values:
        add("purpose", _("Choose what the consent is for."))
    if given_on is None:
        add("given_on", _("Enter the date the consent was given (dd/mm/yyyy)."))
        return errors
    if given_on > today:
        add("given_on", _("The consent date is in the future."))
    if given_on < learner.date_of_birth:
        add("given_on", _("The consent date is before the learner's date of birth."))
    if guardian is not None and guardian.pk not in linked_guardian_ids:
        add("guardian", _("%(name)s is not a guardian of this learner.") % {"name": guardian.full_name})
    age = learner.age_on(given_on)
    if age < ADULT_CONSENT_AGE:
        if guardian is None:
            add(
                "guardian",
                _("The learner was under %(age)s on that day: a guardian must give the consent.")
                % {"age": ADULT_CONSENT_AGE},
            )
        if purpose in DISCLOSING_PURPOSES and age >= CHILD_CO_CONSENT_AGE and not learner_agreed:
            add(
                "learner_agreed",
                _("Publishing or sharing data about a child aged %(age)s or more needs the child's agreement too.")
                % {"age": CHILD_CO_CONSENT_AGE},
            )
    elif not learner_agreed:
        add(
            "learner_agreed",
            _("The learner was %(age)s or older on that day and must agree themself.") % {"age": ADULT_CONSENT_AGE},
        )
    return errors


def _consent_in_force_exists(learner: Learner, purpose: str) -> bool:
    return Consent.objects.filter(learner=learner, purpose=purpose, withdrawn_on__isnull=True).exists()


def _consent_values(consent: Consent) -> dict:
    return {
        "purpose": consent.purpose,
        "guardian": consent.guardian.full_name if consent.guardian else None,
        "learner_agreed": consent.learner_agreed,
        "given_on": consent.given_on,
        "evidence": consent.evidence,
    }


@transaction.atomic
def consent_record(
    *,
    learner: Learner,
    purpose: str,
    given_on: dt.date,
    actor: User,
    guardian: Guardian | None = None,
    learner_agreed: bool = False,
    evidence: str = "",
) -> Consent:
    """Record one consent for one purpose after checking who had to agree; at most one is in force per purpose."""
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    linked = set(LearnerGuardian.objects.filter(learner=learner).values_list("guardian_id", flat=True))
    errors = consent_errors(
        learner=learner,
        purpose=purpose,
        guardian=guardian,
        learner_agreed=learner_agreed,
        given_on=given_on,
        today=timezone.localdate(),
        linked_guardian_ids=linked,
    )
    already = _("A consent for “%(purpose)s” is already in force: record its withdrawal first.")
    if purpose in ConsentPurpose.values and _consent_in_force_exists(learner, purpose):
        errors.setdefault("purpose", []).append(already % {"purpose": ConsentPurpose(purpose).label})
    _raise_if(errors)
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                center=learner.center,
                learner=learner,
                purpose=purpose,
                guardian=guardian,
                learner_agreed=learner_agreed,
                given_on=given_on,
                evidence=evidence.strip(),
                recorded_by=actor,
            )
    except IntegrityError as error:  # the database's "one in force per purpose", should a race get past the check
        raise ApplicationError(already % {"purpose": ConsentPurpose(purpose).label}, field="purpose") from error
    audit_record(
        actor=actor,
        center=learner.center,
        action=AuditEvent.Action.CREATE,
        obj=consent,
        changes=changes_between({}, _consent_values(consent)),
    )
    return consent


@transaction.atomic
def consents_record(
    *,
    learner: Learner,
    purposes: list[str],
    given_on: dt.date,
    actor: User,
    guardian: Guardian | None = None,
    learner_agreed: bool = False,
    evidence: str = "",
) -> list[Consent]:
    """Several purposes agreed on one form: all are recorded, or none."""
    if not purposes:
        raise ApplicationError(_("Tick at least one purpose the consent is for."), field="purposes")
    return [
        consent_record(
            learner=learner,
            purpose=purpose,
            given_on=given_on,
            actor=actor,
            guardian=guardian,
            learner_agreed=learner_agreed,
            evidence=evidence,
        )
        for purpose in purposes
    ]


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_on: dt.date, actor: User) -> Consent:
    """Record that a consent was withdrawn (the row stays; a later consent is a new row)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ApplicationError(
            _("This consent was already withdrawn on %(date)s.") % {"date": consent.withdrawn_on.strftime("%d/%m/%Y")},
            field="withdrawn_on",
        )
    if withdrawn_on is None:
        raise ApplicationError(_("Enter the date of the withdrawal (dd/mm/yyyy)."), field="withdrawn_on")
    if withdrawn_on > timezone.localdate():
        raise ApplicationError(_("The withdrawal date is in the future."), field="withdrawn_on")
    if withdrawn_on < consent.given_on:
        raise ApplicationError(
            _("The withdrawal date is before the consent was given (%(date)s).")
            % {"date": consent.given_on.strftime("%d/%m/%Y")},
            field="withdrawn_on",
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    audit_record(
        actor=actor,
        center=consent.center,
        action=AuditEvent.Action.UPDATE,
        obj=consent,
        changes={"withdrawn_on": [None, withdrawn_on.isoformat()]},
    )
    return consent
