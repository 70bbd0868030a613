"""Enterprises (one record shared by all centers) and what each center does with them.

``Enterprise``, its contacts and the reference tables (industry codes, industrial parks) are global: a firm in
KCN Quán Ngang is the same firm for every center. Everything a center does with it — the partnership, its
activity log, agreements, training orders, openings — is the center's own row (``center`` + ScopedManager).
An enterprise account is a ``User`` linked by an active ``EnterpriseContact``; it reaches its enterprise
through ``lotrinh.industry.access.enterprise_view`` only.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center, Commune


class IndustryCode(models.Model):
    """An industry of the Vietnamese standard classification VSIC 2018 (QĐ 27/2018/QĐ-TTg), level 2 or 4."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    label = models.CharField(_("label"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"), default=2)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry code")
        verbose_name_plural = _("industry codes")

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"


class IndustrialPark(models.Model):
    """An industrial park (KCN) or economic zone (KKT): reference data."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=150)
    province = models.ForeignKey("core.Province", on_delete=models.PROTECT, verbose_name=_("province"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")

    def __str__(self) -> str:
        return self.name


class EnterpriseSize(models.TextChoices):
    """Headcount bands of Nghị định 80/2021/NĐ-CP (industry and construction)."""

    MICRO = "micro", _("Micro (up to 10 workers)")
    SMALL = "small", _("Small (up to 100 workers)")
    MEDIUM = "medium", _("Medium (up to 200 workers)")
    LARGE = "large", _("Large (over 200 workers)")


class Enterprise(models.Model):
    """One enterprise, shared by every center (not scoped). The tax code identifies it: never duplicated."""

    slug = models.SlugField(
        unique=True, max_length=80, help_text=_("Appears in the enterprise's address: /dn/<slug>/.")
    )
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    search_name = models.CharField(max_length=400, blank=True, editable=False)
    industry = models.ForeignKey(
        IndustryCode, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("industry (VSIC)")
    )
    industrial_park = models.ForeignKey(
        IndustrialPark, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("industrial park")
    )
    commune = models.ForeignKey(Commune, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("commune"))
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    investor_origin = models.CharField(
        _("investor origin"), max_length=2, default="VN", help_text=_("ISO country code: VN domestic, JP Japan…")
    )
    size = models.CharField(_("size"), max_length=10, choices=EnterpriseSize.choices, default=EnterpriseSize.SMALL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs) -> None:
        from lotrinh.core.text import search_key

        self.search_name = search_key(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def investor_origin_label(self) -> str:
        from .reference import country_label

        return country_label(self.investor_origin)


class EnterpriseContact(models.Model):
    """A person at the enterprise; with ``user`` set, the enterprise account that logs in."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprise_contacts",
        verbose_name=_("account"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_mentor = models.BooleanField(_("mentors interns"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("enterprise contact")
        verbose_name_plural = _("enterprise contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "user"], condition=Q(user__isnull=False), name="contact_one_account_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class Partnership(models.Model):
    """A center's own relation with an enterprise (one per center and enterprise)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="partnerships")
    since = models.DateField(_("partner since"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["enterprise__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["center", "enterprise"], name="partnership_unique_center_enterprise")
        ]

    def __str__(self) -> str:
        return f"{self.center} · {self.enterprise}"


class PartnershipActivity(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Phone call")
        EVENT = "event", _("Event")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="activities")
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("note"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("partnership activity")
        verbose_name_plural = _("partnership activities")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} · {self.get_kind_display()}"


class Agreement(models.Model):
    """A signed agreement of the center: with a partner school (linkage classes) or an enterprise."""

    class Kind(models.TextChoices):
        LINKAGE = "linkage", _("Linkage with a partner school")
        INTERNSHIP = "internship", _("Internships")
        ORDER_TRAINING = "order_training", _("Order-based training")
        RECRUITMENT = "recruitment", _("Recruitment commitment")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("enterprise"),
    )
    partner_school = models.CharField(_("partner school"), max_length=200, blank=True)
    number = models.CharField(_("number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["valid_to", "number"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="agreement_valid_range"),
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | ~Q(partner_school=""), name="agreement_has_counterpart"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def counterpart(self) -> str:
        return str(self.enterprise) if self.enterprise_id else self.partner_school


class AgreementDocument(models.Model):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="industry/agreements/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.original_name


class AgreementQuota(models.Model):
    """What the agreement promises (e.g. 20 interns a year) and what was delivered against it."""

    class What(models.TextChoices):
        INTERNS = "interns", _("Interns")
        RECRUITS = "recruits", _("Recruits")
        LINKAGE_PLACES = "linkage_places", _("Linkage places")
        TRAINED_WORKERS = "trained_workers", _("Trained workers")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="quotas")
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    delivered = models.PositiveIntegerField(_("delivered"), default=0)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["what"]
        verbose_name = _("agreement quota")
        verbose_name_plural = _("agreement quotas")
        constraints = [models.UniqueConstraint(fields=["agreement", "what"], name="quota_unique_what")]

    def __str__(self) -> str:
        return f"{self.get_what_display()}: {self.delivered}/{self.quantity}"


class AgreementReminder(models.Model):
    """One renewal reminder sent for an agreement at a threshold (days before it ends): never sent twice."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    threshold_days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()

    objects = ScopedManager(center="center")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "threshold_days"], name="reminder_once_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} · {self.threshold_days}"


class WorkerLevel(models.TextChoices):
    UNSKILLED = "unskilled", _("Unskilled")
    SO_CAP = "so_cap", _("Elementary (sơ cấp)")
    TRUNG_CAP = "trung_cap", _("Intermediate (trung cấp)")
    CAO_DANG = "cao_dang", _("College (cao đẳng)")


class TrainingOrder(models.Model):
    """An enterprise orders trained workers; a class of the center fulfils it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_TRAINING = "in_training", _("In training")
        FULFILLED = "fulfilled", _("Fulfilled")
        CANCELLED = "cancelled", _("Cancelled")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="training_orders", verbose_name=_("enterprise")
    )
    trade = models.ForeignKey("academics.Trade", on_delete=models.PROTECT, related_name="+", verbose_name=_("trade"))
    skills = models.TextField(_("skills"), blank=True)
    language = models.CharField(_("language"), max_length=40, blank=True, help_text=_("e.g. Japanese"))
    language_level = models.CharField(_("language level"), max_length=40, blank=True, help_text=_("e.g. JLPT N4"))
    head_count = models.PositiveIntegerField(_("head count"))
    starts_on = models.DateField(_("start date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    school_class = models.ForeignKey(
        "academics.SchoolClass",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_orders",
        verbose_name=_("class"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training order")
        verbose_name_plural = _("training orders")
        constraints = [models.CheckConstraint(condition=Q(head_count__gte=1), name="order_head_count_positive")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.trade} × {self.head_count}"


class Opening(models.Model):
    """A job opening of an enterprise, for one partner center: posted by staff or by the enterprise account."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Shifts(models.TextChoices):
        DAY = "day", _("Day shift")
        TWO = "two_shifts", _("Two shifts")
        THREE = "three_shifts", _("Three shifts")
        FLEXIBLE = "flexible", _("Flexible hours")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="openings", verbose_name=_("enterprise")
    )
    trade = models.ForeignKey("academics.Trade", on_delete=models.PROTECT, related_name="+", verbose_name=_("trade"))
    title = models.CharField(_("position"), max_length=150)
    level = models.CharField(_("level"), max_length=12, choices=WorkerLevel.choices, default=WorkerLevel.SO_CAP)
    count = models.PositiveIntegerField(_("positions"))
    wage_min = models.PositiveBigIntegerField(_("wage from (₫/month)"))
    wage_max = models.PositiveBigIntegerField(_("wage to (₫/month)"))
    shifts = models.CharField(_("shifts"), max_length=15, choices=Shifts.choices, default=Shifts.DAY)
    place = models.CharField(_("place of work"), max_length=200, blank=True)
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    deadline = models.DateField(_("application deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("posted by")
    )
    posted_by_enterprise = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        indexes = [models.Index(fields=["center", "status", "trade"])]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="opening_count_positive"),
            models.CheckConstraint(condition=Q(wage_max__gte=F("wage_min")), name="opening_wage_range"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.enterprise}"
