"""Organizations, centers (effective-dated), places, people who log in, and the audit log."""

import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .roles import ROLE_PERMISSIONS, SUPERVISOR_PERMISSIONS, Role, SupervisorRole


class Province(models.Model):
    """A province after the 2025 reform (34 units), loaded from the vietnam-provinces package."""

    code = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    codename = models.CharField(_("code name"), max_length=100, unique=True)
    division_type = models.CharField(_("division type"), max_length=40)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune or ward (cấp xã); since 01/07/2025 there are no districts between it and the province."""

    code = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    codename = models.CharField(_("code name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=40)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name}, {self.province.name}"


class User(AbstractUser):
    """Anyone who logs in: center staff, supervisors, platform administrators."""

    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    # The 12-digit personal ID number, encrypted at rest (core.crypto); revealing it is audited.
    id_number_encrypted = models.TextField(blank=True, editable=False)

    objects = UserManager()

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs) -> None:
        from .text import normalize_name

        self.full_name = normalize_name(self.full_name)
        super().save(*args, **kwargs)


class EffectiveDated(models.Model):
    """A version of something that holds from valid_from up to (not including) valid_to."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    citation = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("The decision that made this version, e.g. QĐ 940/QĐ-UBND of 06/05/2016."),
    )

    class Meta:
        abstract = True

    @property
    def last_day(self) -> dt.date | None:
        """valid_to is exclusive; people read periods by their last day."""
        return self.valid_to - dt.timedelta(days=1) if self.valid_to else None

    @classmethod
    def holding_on(cls, day: dt.date) -> Q:
        return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class SupervisingBody(EffectiveDated):
    """An authority that supervises centers: a provincial Department of Education, a (former) district committee."""

    class Kind(models.TextChoices):
        EDUCATION_DEPARTMENT = "education_department", _("Provincial Department of Education and Training")
        DISTRICT_COMMITTEE = "district_committee", _("District People's Committee (abolished 01/07/2025)")
        LABOUR_DEPARTMENT = "labour_department", _("Provincial Department of Labour (until 2025)")
        OTHER = "other", _("Other authority")

    slug = models.SlugField(_("address name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("province"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("supervising body")
        verbose_name_plural = _("supervising bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="body_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Center(models.Model):
    """The tenant: a center's lasting identity. Its name, type and supervisor live in CenterRecord."""

    slug = models.SlugField(_("address name"), unique=True, help_text=_("Appears in every address: /c/<slug>/."))
    code = models.CharField(_("code"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("center")
        verbose_name_plural = _("centers")

    def __str__(self) -> str:
        record = self.current_record
        return record.name if record else self.slug

    @property
    def current_record(self) -> "CenterRecord | None":
        # Selectors prefetch records into _records so that lists stay at a fixed query count.
        records = getattr(self, "_records", None)
        if records is None:
            records = list(self.records.all())
        today = timezone.localdate()
        for record in records:
            if record.valid_from <= today and (record.valid_to is None or record.valid_to > today):
                return record
        return None

    @property
    def name(self) -> str:
        return str(self)


class CenterRecord(EffectiveDated):
    """What a center was during a period: its name, type, address and supervising body.

    A change of supervisor, name or type closes the current record and opens a new one, so old
    reports stay attributed to the authority of their time.
    """

    class Kind(models.TextChoices):
        GDNN_GDTX = "gdnn_gdtx", _("Vocational and continuing-education center (GDNN-GDTX)")
        GDTX = "gdtx", _("Continuing-education center (GDTX)")
        GDNN = "gdnn", _("Vocational-education center (GDNN)")
        VOCATIONAL_SECONDARY = "vocational_secondary", _("Vocational secondary school (trung học nghề)")
        INTERMEDIATE = "intermediate", _("Intermediate vocational school (trung cấp)")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="records", verbose_name=_("center"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, verbose_name=_("commune"))
    supervising_body = models.ForeignKey(
        SupervisingBody,
        on_delete=models.PROTECT,
        related_name="center_records",
        verbose_name=_("supervising body"),
    )

    class Meta:
        ordering = ["center", "-valid_from"]
        verbose_name = _("center record")
        verbose_name_plural = _("center records")
        constraints = [
            models.UniqueConstraint(fields=["center", "valid_from"], name="center_record_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="center_record_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role at one center. Inactive memberships keep history but grant nothing."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("center"))
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["center", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @property
    def permissions(self) -> frozenset[str]:
        return ROLE_PERMISSIONS.get(self.role, frozenset()) if self.is_active else frozenset()

    def has_perm(self, perm: str) -> bool:
        return perm in self.permissions


class SupervisorMembership(models.Model):
    """A user who reads across every center under one supervising body."""

    body = models.ForeignKey(
        SupervisingBody, on_delete=models.CASCADE, related_name="supervisors", verbose_name=_("supervising body")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="supervisor_memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=SupervisorRole.choices, default=SupervisorRole.SUPERVISOR)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("supervisor membership")
        verbose_name_plural = _("supervisor memberships")
        constraints = [models.UniqueConstraint(fields=["body", "user"], name="supervisor_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.body}"

    def has_perm(self, perm: str) -> bool:
        return self.is_active and perm in SUPERVISOR_PERMISSIONS.get(self.role, frozenset())


class AuditEvent(models.Model):
    """Who changed what and when, old → new; sensitive reads (an ID number revealed) too."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DEACTIVATE = "deactivate", _("Deactivated")
        DELETE = "delete", _("Deleted")
        REVEAL = "reveal", _("Revealed a sensitive value")
        EXPORT = "export", _("Exported personal data")

    center = models.ForeignKey(
        Center, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("changed by")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["center", "-created_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class LoginThrottle(models.Model):
    """Failed log-ins per username and per client address; enough inside the window lock it for a while.

    An address gets a higher limit than a username: one address spraying many usernames is locked too, while
    a center's staff behind one NAT address can still mistype a password now and then.
    """

    class Kind(models.TextChoices):
        USERNAME = "username"
        ADDRESS = "address"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.USERNAME)
    key = models.CharField(max_length=150)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="core_loginthrottle_kind_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.failures}"


class ApiToken(models.Model):
    """A personal token for the JSON API. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class OutboundMessage(models.Model):
    """Every message sent to a person (e-mail now; SMS or Zalo through the same adapter), kept as a record."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        ZALO = "zalo", _("Zalo")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=200)
    recipient_name = models.CharField(_("recipient name"), max_length=150, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    reason = models.CharField(_("why"), max_length=60, help_text=_("e.g. absence_streak"))
    related_object = models.CharField(max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["center", "reason", "related_object"])]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.subject}"


class RateLimitWindow(models.Model):
    """Hits of one client on one public action inside one fixed window (core/ratelimit.py).

    In the database rather than a per-process cache, so every web process behind the load balancer counts
    the same hits.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="core_ratelimitwindow_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.window_start:%H:%M}: {self.hits}"
