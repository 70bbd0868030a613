"""State changes of the industry area. Enterprises are shared: a tax code already known links the existing
enterprise to the center (a new partnership), it never creates a second one."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lotrinh.core.audit import audit_record, changes_between
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, User

from .models import (
    Agreement,
    AgreementQuota,
    Enterprise,
    EnterpriseContact,
    Opening,
    Partnership,
    PartnershipActivity,
    TrainingOrder,
)
from .validators import tax_code_errors, tax_code_normalize


def _unique_slug(name: str, tax_code: str) -> str:
    base = slugify(name.replace("đ", "d").replace("Đ", "D"))[:60].strip("-") or "doanh-nghiep"
    slug = base
    with scopes_disabled():
        if Enterprise.objects.filter(slug=slug).exists():
            slug = f"{base}-{tax_code[:10][-4:]}"
        n = 2
        while Enterprise.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def enterprise_partner(
    *, center: Center, tax_code: str, since: dt.date, actor: User | None, notes: str = "", **fields
) -> tuple[Partnership, bool]:
    """The center's partnership with the enterprise of that tax code, creating the enterprise only if no center
    knows it yet. Returns (partnership, enterprise_created). ``fields``: name, short_name, industry,
    industrial_park, commune, street_address, investor_origin, size — used only for a new enterprise."""
    errors = tax_code_errors(tax_code)
    if errors:
        raise ApplicationError(errors[0], field="tax_code")
    tax_code = tax_code_normalize(tax_code)
    with scopes_disabled():
        enterprise = Enterprise.objects.select_for_update(of=("self",)).filter(tax_code=tax_code).first()
        created = enterprise is None
        if created:
            if not (fields.get("name") or "").strip():
                raise ApplicationError(_("Enter the enterprise's name."), field="name")
            enterprise = Enterprise.objects.create(
                tax_code=tax_code, slug=_unique_slug(fields["name"], tax_code), **fields
            )
        if Partnership.objects.filter(center=center, enterprise=enterprise).exists():
            raise ApplicationError(
                _("%(name)s is already a partner of this center.") % {"name": enterprise.name}, field="tax_code"
            )
    partnership = Partnership.objects.create(center=center, enterprise=enterprise, since=since, notes=notes)
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=partnership,
        changes=changes_between({}, {"enterprise": enterprise.name, "since": since}),
    )
    return partnership, created


@transaction.atomic
def partnership_update(*, partnership: Partnership, status: str, notes: str, actor: User) -> Partnership:
    before = {"status": partnership.status, "notes": partnership.notes}
    partnership.status, partnership.notes = status, notes
    partnership.save(update_fields=["status", "notes"])
    audit_record(
        actor=actor,
        center=partnership.center,
        action=AuditEvent.Action.UPDATE,
        obj=partnership,
        changes=changes_between(before, {"status": status, "notes": notes}),
    )
    return partnership


@transaction.atomic
def partnership_activity_add(
    *, partnership: Partnership, day: dt.date, kind: str, note: str, actor: User
) -> PartnershipActivity:
    if day > timezone.localdate():
        raise ApplicationError(_("Record activities once they happened: the date is in the future."), field="day")
    return PartnershipActivity.objects.create(
        center=partnership.center, partnership=partnership, day=day, kind=kind, note=note, by=actor
    )


@transaction.atomic
def enterprise_contact_add(
    *,
    partnership: Partnership,
    full_name: str,
    actor: User,
    position: str = "",
    phone: str = "",
    email: str = "",
    is_mentor: bool = False,
) -> EnterpriseContact:
    """A contact person of the enterprise (personal data: audited)."""
    contact = EnterpriseContact.objects.create(
        enterprise=partnership.enterprise,
        full_name=" ".join(full_name.split()),
        position=position,
        phone=phone,
        email=email,
        is_mentor=is_mentor,
    )
    audit_record(
        actor=actor,
        center=partnership.center,
        action=AuditEvent.Action.CREATE,
        obj=contact,
        changes=changes_between({}, {"full_name": contact.full_name, "phone": phone, "email": email}),
    )
    return contact


@transaction.atomic
def enterprise_account_create(
    *, partnership: Partnership, contact: EnterpriseContact, username: str, actor: User
) -> tuple[User, str]:
    """Give a contact an enterprise account. Returns the user and a temporary password to show ONCE."""
    if contact.enterprise_id != partnership.enterprise_id:
        raise ApplicationError(_("This person is not a contact of this enterprise."), field="contact")
    if contact.user_id:
        raise ApplicationError(_("%(name)s already has an account.") % {"name": contact.full_name}, field="contact")
    username = username.strip().lower()
    with scopes_disabled():
        if User.objects.filter(username__iexact=username).exists():
            raise ApplicationError(_("This user name is taken: choose another."), field="username")
    password = secrets.token_urlsafe(9)
    user = User(username=username, email=contact.email, full_name=contact.full_name, phone=contact.phone)
    user.set_password(password)
    user.save()
    contact.user = user
    contact.save(update_fields=["user"])
    audit_record(
        actor=actor,
        center=partnership.center,
        action=AuditEvent.Action.CREATE,
        obj=user,
        changes=changes_between({}, {"username": username, "enterprise": partnership.enterprise.name}),
    )
    return user, password


# --- Agreements ------------------------------------------------------------------------------------------


def _agreement_errors(*, kind, enterprise, partner_school, valid_from, valid_to, quotas) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if valid_to < valid_from:
        errors["valid_to"] = [_("The end of validity cannot be before its start.")]
    if kind == Agreement.Kind.LINKAGE and not partner_school.strip():
        errors["partner_school"] = [_("A linkage agreement names the partner school that awards the diploma.")]
    if kind != Agreement.Kind.LINKAGE and enterprise is None:
        errors["enterprise"] = [_("Choose the enterprise this agreement is signed with.")]
    for what, quantity, delivered in quotas:
        if quantity < 0 or delivered < 0:
            errors["quotas"] = [_("Quotas and what was delivered cannot be negative.")]
        if what not in AgreementQuota.What.values:
            errors["quotas"] = [_("Unknown quota.")]
    return errors


@transaction.atomic
def agreement_create(
    *,
    center: Center,
    kind: str,
    number: str,
    signed_on: dt.date,
    valid_from: dt.date,
    valid_to: dt.date,
    actor: User,
    enterprise: Enterprise | None = None,
    partner_school: str = "",
    notes: str = "",
    quotas: list[tuple[str, int, int]] = (),
) -> Agreement:
    """``quotas``: (what, quantity, delivered) rows. An enterprise must be a partner of the center."""
    if enterprise is not None and not Partnership.objects.filter(center=center, enterprise=enterprise).exists():
        raise ApplicationError(_("This enterprise is not a partner of the center."), field="enterprise")
    errors = _agreement_errors(
        kind=kind,
        enterprise=enterprise,
        partner_school=partner_school,
        valid_from=valid_from,
        valid_to=valid_to,
        quotas=list(quotas),
    )
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, errors=errors)
    agreement = Agreement.objects.create(
        center=center,
        kind=kind,
        number=number.strip(),
        signed_on=signed_on,
        valid_from=valid_from,
        valid_to=valid_to,
        enterprise=enterprise,
        partner_school=partner_school.strip() if enterprise is None else "",
        notes=notes,
    )
    AgreementQuota.objects.bulk_create(
        AgreementQuota(center=center, agreement=agreement, what=what, quantity=quantity, delivered=delivered)
        for what, quantity, delivered in quotas
    )
    return agreement


@transaction.atomic
@transaction.atomic
def agreement_quota_deliver(*, quota: AgreementQuota, delivered: int, actor: User) -> AgreementQuota:
    """What has been delivered so far against one quota of an agreement (interns taken, workers recruited…)."""
    if delivered < 0:
        raise ApplicationError(_("Quotas and what was delivered cannot be negative."), field="delivered")
    quota = AgreementQuota.objects.select_for_update().get(pk=quota.pk)
    before = quota.delivered
    quota.delivered = delivered
    quota.save(update_fields=["delivered"])
    audit_record(
        actor=actor,
        center=quota.center,
        action=AuditEvent.Action.UPDATE,
        obj=quota,
        changes=changes_between({"delivered": before}, {"delivered": delivered}),
    )
    return quota


@transaction.atomic
def agreement_document_add(*, agreement: Agreement, upload, actor: User):
    """A PDF or an image of the signed agreement, checked by content (lotrinh.admissions.uploads)."""
    from lotrinh.admissions.uploads import document_check

    from .models import AgreementDocument

    checked = document_check(upload)
    document = AgreementDocument(
        center=agreement.center,
        agreement=agreement,
        original_name=(getattr(upload, "name", "") or "")[:255],
        content_type=checked.content_type,
        uploaded_by=actor,
    )
    document.file.save(f"{secrets.token_hex(8)}.{checked.extension}", upload, save=False)
    document.save()
    return document


# --- Orders and openings ---------------------------------------------------------------------------------


def _require_partner(center: Center, enterprise: Enterprise) -> None:
    if not Partnership.objects.filter(center=center, enterprise=enterprise, status=Partnership.Status.ACTIVE).exists():
        raise ApplicationError(_("This enterprise is not an active partner of the center."), field="enterprise")


@transaction.atomic
def training_order_create(
    *,
    center: Center,
    enterprise: Enterprise,
    trade,
    head_count: int,
    starts_on: dt.date,
    actor: User,
    skills: str = "",
    language: str = "",
    language_level: str = "",
    place: str = "",
    school_class=None,
) -> TrainingOrder:
    _require_partner(center, enterprise)
    if head_count < 1:
        raise ApplicationError(_("An order is for at least one person."), field="head_count")
    if school_class is not None and school_class.center_id != center.pk:
        raise ApplicationError(_("Choose a class of this center."), field="school_class")
    return TrainingOrder.objects.create(
        center=center,
        enterprise=enterprise,
        trade=trade,
        head_count=head_count,
        starts_on=starts_on,
        skills=skills,
        language=language,
        language_level=language_level,
        place=place,
        school_class=school_class,
        status=TrainingOrder.Status.IN_TRAINING if school_class else TrainingOrder.Status.OPEN,
    )


@transaction.atomic
@transaction.atomic
def training_order_update(*, order: TrainingOrder, status: str, school_class, actor: User) -> TrainingOrder:
    """Link the class that fulfils an order once it opens, and move the order along (in training, fulfilled…)."""
    if status not in TrainingOrder.Status.values:
        raise ApplicationError(_("Choose a status from the list."), field="status")
    if school_class is not None and school_class.center_id != order.center_id:
        raise ApplicationError(_("Choose a class of this center."), field="school_class")
    order = TrainingOrder.objects.select_for_update(of=("self",)).select_related("school_class").get(pk=order.pk)
    before = {"status": order.status, "school_class": str(order.school_class or "")}
    order.status, order.school_class = status, school_class
    order.save(update_fields=["status", "school_class"])
    audit_record(
        actor=actor,
        center=order.center,
        action=AuditEvent.Action.UPDATE,
        obj=order,
        changes=changes_between(before, {"status": status, "school_class": str(school_class or "")}),
    )
    return order


def opening_errors(*, count: int, wage_min: int, wage_max: int, deadline: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if count < 1:
        errors["count"] = [_("An opening is for at least one position.")]
    if wage_min < 0 or wage_max < 0:
        errors["wage_min"] = [_("Wages cannot be negative.")]
    elif wage_min > wage_max:
        errors["wage_max"] = [_("The highest wage cannot be below the lowest.")]
    if deadline < timezone.localdate():
        errors["deadline"] = [_("The application deadline cannot be in the past.")]
    return errors


@transaction.atomic
def opening_create(
    *,
    center: Center,
    enterprise: Enterprise,
    trade,
    title: str,
    count: int,
    wage_min: int,
    wage_max: int,
    deadline: dt.date,
    actor: User,
    level: str = Opening._meta.get_field("level").default,
    shifts: str = Opening.Shifts.DAY,
    place: str = "",
    commune=None,
    by_enterprise: bool = False,
) -> Opening:
    """An opening of a partner enterprise for the center, posted by staff or by the enterprise account."""
    _require_partner(center, enterprise)
    errors = opening_errors(count=count, wage_min=wage_min, wage_max=wage_max, deadline=deadline)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)
    return Opening.objects.create(
        center=center,
        enterprise=enterprise,
        trade=trade,
        title=title.strip(),
        level=level,
        count=count,
        wage_min=wage_min,
        wage_max=wage_max,
        shifts=shifts,
        place=place,
        commune=commune,
        deadline=deadline,
        posted_by=actor,
        posted_by_enterprise=by_enterprise,
    )


@transaction.atomic
def opening_close(*, opening: Opening, actor: User) -> Opening:
    opening.status = Opening.Status.CLOSED
    opening.save(update_fields=["status"])
    return opening


# --- Renewal reminders -----------------------------------------------------------------------------------

REMINDER_THRESHOLDS = (60, 30, 7)  # days before an agreement ends


def _reminder_recipients(center: Center) -> list[User]:
    from lotrinh.core.models import Membership
    from lotrinh.core.roles import Role

    with scopes_disabled():
        members = list(
            Membership.objects.filter(center=center, is_active=True, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
        )
    officers = [m.user for m in members if m.role == Role.ENTERPRISE_OFFICER]
    return officers or [m.user for m in members if m.role == Role.DIRECTOR]


@transaction.atomic
def agreement_reminders_send(*, center: Center, day: dt.date) -> list[int]:
    """One message per expiring agreement to the center's enterprise officers (its directors when it has none),
    once per agreement and threshold (60, 30 and 7 days before the end). Returns the stored message ids; the
    caller delivers them after the commit."""
    from lotrinh.core import notify
    from lotrinh.core.models import OutboundMessage

    from .models import AgreementReminder
    from .selectors import agreements_expiring

    expiring = agreements_expiring(center=center, day=day, within_days=max(REMINDER_THRESHOLDS))
    sent = set(AgreementReminder.objects.filter(agreement__in=expiring).values_list("agreement_id", "threshold_days"))
    recipients = _reminder_recipients(center)
    messages, reminders = [], []
    now = timezone.now()
    for agreement in expiring:
        threshold = min(t for t in REMINDER_THRESHOLDS if agreement.days_left <= t)
        if (agreement.pk, threshold) in sent:
            continue
        reminders.append(AgreementReminder(center=center, agreement=agreement, threshold_days=threshold, sent_at=now))
        subject = _("Agreement %(number)s ends on %(day)s") % {
            "number": agreement.number,
            "day": agreement.valid_to.strftime("%d/%m/%Y"),
        }
        body = _(
            "The agreement %(number)s (%(kind)s) with %(counterpart)s ends on %(day)s, in %(n)s days. "
            "Contact the partner to renew it in time."
        ) % {
            "number": agreement.number,
            "kind": agreement.get_kind_display(),
            "counterpart": agreement.counterpart,
            "day": agreement.valid_to.strftime("%d/%m/%Y"),
            "n": agreement.days_left,
        }
        for user in recipients:
            messages.append(
                OutboundMessage(
                    center=center,
                    channel=OutboundMessage.Channel.EMAIL,
                    recipient=user.email,
                    recipient_name=user.full_name,
                    subject=subject,
                    body=body,
                    reason="agreement_renewal",
                    related_object=f"industry.agreement:{agreement.pk}",
                )
            )
    AgreementReminder.objects.bulk_create(reminders)
    stored = notify.messages_store(messages)
    return [m.pk for m in stored]
