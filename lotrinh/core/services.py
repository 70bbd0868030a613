"""Every state change of the core area: centers, staff memberships, personal data, API tokens."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from . import crypto
from .audit import audit_record, changes_between
from .errors import ApplicationError
from .models import ApiToken, AuditEvent, Center, CenterRecord, Commune, Membership, SupervisingBody, User
from .roles import Role
from .text import normalize_name
from .validators import validate_personal_id

CENTER_RECORD_FIELDS = ["name", "kind", "street_address", "commune", "supervising_body", "citation"]


@transaction.atomic
def center_create(
    *,
    slug: str,
    code: str,
    name: str,
    kind: str,
    commune: Commune,
    supervising_body: SupervisingBody,
    valid_from: dt.date,
    street_address: str = "",
    citation: str = "",
    actor: User | None,
) -> Center:
    """A new center with its first record."""
    if Center.objects.filter(slug=slug).exists():
        raise ApplicationError(_("A center with this web address already exists."), field="slug")
    center = Center.objects.create(slug=slug, code=code)
    record = CenterRecord.objects.create(
        center=center,
        name=normalize_name(name),
        kind=kind,
        commune=commune,
        street_address=street_address,
        supervising_body=supervising_body,
        valid_from=valid_from,
        citation=citation,
    )
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=record,
        changes=changes_between({}, {f: getattr(record, f) for f in CENTER_RECORD_FIELDS}),
    )
    return center


@transaction.atomic
def center_record_change(*, center: Center, valid_from: dt.date, actor: User | None, **changes) -> CenterRecord:
    """Close the record in force on ``valid_from`` and open a new one with ``changes`` from that day."""
    unknown = set(changes) - set(CENTER_RECORD_FIELDS)
    if unknown:
        raise ValueError(f"Not a center record field: {sorted(unknown)}")
    current = (
        CenterRecord.objects.select_for_update(of=("self",))
        .filter(CenterRecord.holding_on(valid_from), center=center)
        .first()
    )
    if current is None:
        raise ApplicationError(_("The center has no record in force on that date."), field="valid_from")
    if valid_from <= current.valid_from:
        raise ApplicationError(
            _("The change must start after %(date)s, when the current record began.")
            % {"date": current.valid_from.strftime("%d/%m/%Y")},
            field="valid_from",
        )
    before = {f: getattr(current, f) for f in CENTER_RECORD_FIELDS}
    after = {**before, **changes}
    if not changes_between({**before, "citation": None}, {**after, "citation": None}):
        raise ApplicationError(_("Nothing was changed."))
    new = CenterRecord.objects.create(
        center=center,
        valid_from=valid_from,
        valid_to=current.valid_to,
        **{**after, "name": normalize_name(after["name"])},
    )
    current.valid_to = valid_from
    current.save(update_fields=["valid_to"])
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.UPDATE,
        obj=new,
        changes=changes_between(before, after),
    )
    return new


def _active_directors(center: Center) -> int:
    return Membership.objects.filter(center=center, role=Role.DIRECTOR, is_active=True).count()


@transaction.atomic
def staff_add(
    *,
    center: Center,
    full_name: str,
    username: str,
    email: str,
    role: str,
    actor: User | None,
    phone: str = "",
    password: str | None = None,
) -> Membership:
    """Give someone a role at the center, creating their account if it does not exist yet.

    A new account without a password gets an e-mail to choose one, sent after the commit.
    """
    with scopes_disabled():
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = User(username=username, email=email, full_name=full_name, phone=phone)
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            audit_record(
                actor=actor,
                center=center,
                action=AuditEvent.Action.CREATE,
                obj=user,
                changes=changes_between({}, {"full_name": user.full_name, "email": email, "phone": phone}),
            )
            if not password and email:
                transaction.on_commit(lambda: _send_password_setup(user))
        existing = Membership.objects.filter(center=center, user=user).first()
    if existing is not None and existing.is_active:
        raise ApplicationError(_("%(name)s already works at this center.") % {"name": user}, field="username")
    if existing is not None:
        existing.is_active, existing.role = True, role
        existing.save(update_fields=["is_active", "role"])
        membership = existing
    else:
        membership = Membership.objects.create(center=center, user=user, role=role)
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=membership,
        changes={"role": [None, role], "is_active": [None, True]},
    )
    return membership


def _send_password_setup(user: User) -> None:
    """A one-time link to choose a password (Django's reset form skips accounts without one)."""
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if settings.LOTRINH_SITE_HTTPS else "http",
        "domain": settings.LOTRINH_SITE_DOMAIN,
    }
    subject = render_to_string("registration/password_reset_subject.txt", context).strip()
    send_mail(subject, render_to_string("registration/password_reset_email.html", context), None, [user.email])


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str, actor: User) -> Membership:
    """Change a staff member's role; a center always keeps at least one director."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Role.DIRECTOR and _active_directors(membership.center) <= 1:
        raise ApplicationError(_("The center must keep at least one director."), field="role")
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        center=membership.center,
        action=AuditEvent.Action.UPDATE,
        obj=membership,
        changes={"role": [old, role]},
    )
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, actor: User) -> Membership:
    """End someone's work at the center; their history stays."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id == actor.pk:
        raise ApplicationError(_("You cannot end your own membership."))
    if membership.role == Role.DIRECTOR and _active_directors(membership.center) <= 1:
        raise ApplicationError(_("The center must keep at least one director."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        center=membership.center,
        action=AuditEvent.Action.DEACTIVATE,
        obj=membership,
        changes={"is_active": [True, False]},
    )
    return membership


@transaction.atomic
def user_profile_update(*, user: User, actor: User, center: Center | None, **fields) -> User:
    """Change a person's name, e-mail or phone; every change is audited old → new."""
    allowed = {"full_name", "email", "phone"}
    if set(fields) - allowed:
        raise ValueError(f"Not a profile field: {sorted(set(fields) - allowed)}")
    if "full_name" in fields:
        fields["full_name"] = normalize_name(fields["full_name"])
    before = {f: getattr(user, f) for f in fields}
    changes = changes_between(before, fields)
    if not changes:
        return user
    for field, value in fields.items():
        setattr(user, field, value)
    user.save(update_fields=list(fields))
    audit_record(actor=actor, center=center, action=AuditEvent.Action.UPDATE, obj=user, changes=changes)
    return user


@transaction.atomic
def user_id_number_set(*, user: User, id_number: str, actor: User, center: Center | None) -> User:
    """Store the ID number encrypted; the audit row records that it changed, never the number itself."""
    digits = validate_personal_id(id_number)
    had_one = bool(user.id_number_encrypted)
    user.id_number_encrypted = crypto.encrypt(digits)
    user.save(update_fields=["id_number_encrypted"])
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        changes={"id_number": [crypto.mask("x" * 12) if had_one else None, crypto.mask(digits)]},
    )
    return user


@transaction.atomic
def user_id_number_reveal(*, user: User, actor: User, center: Center | None) -> str:
    """Return the ID number in clear and log who saw it."""
    value = crypto.decrypt(user.id_number_encrypted)
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.REVEAL,
        obj=user,
        changes={"id_number": [None, crypto.mask(value)]},
    )
    return value


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the key is returned once and only its hash is kept."""
    if not name.strip():
        raise ApplicationError(_("Give the token a name."), field="name")
    key = "lt_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[:10], key_hash=hashlib.sha256(key.encode()).hexdigest()
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
