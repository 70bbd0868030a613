"""Versioned support and tuition policies (global reference data) and the support facts of a learner.

A policy is national (no province) or a province's own (HĐND / UBND tỉnh); each has its citation, its dates and
the confidence of what is known about it ([V] verified … [U] uncertain, from the domain brief). Its rules hold
the conditions as structured fields, read by the pure engine in ``eligibility.py``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center, Province, User
from lotrinh.people.models import Learner

from . import eligibility

LEVEL_CHOICES = [
    ("so_cap", _("Elementary (sơ cấp)")),
    ("duoi_3_thang", _("Short course under three months")),
    ("trung_cap", _("Intermediate (trung cấp)")),
    ("cao_dang", _("College (cao đẳng)")),
    ("trung_hoc_nghe", _("Vocational upper secondary (trung học nghề)")),
    ("gdtx_thcs", _("Continuing education, lower secondary (GDTX THCS)")),
    ("gdtx_thpt", _("Continuing education, upper secondary (GDTX THPT)")),
]
LEVEL_LABELS = dict(LEVEL_CHOICES)


class Confidence(models.TextChoices):
    VERIFIED = "V", _("Verified")
    SECONDARY = "S", _("Secondary source")
    BELIEVED = "M", _("Not verified (believed correct)")
    UNCERTAIN = "U", _("Not verified (uncertain)")


class SupportPolicy(models.Model):
    class Kind(models.TextChoices):
        TRAINING_SUPPORT = "training_support", _("Training cost support")
        TUITION_EXEMPTION = "tuition_exemption", _("Tuition exemption")
        TUITION_REDUCTION = "tuition_reduction", _("Tuition reduction")
        ALLOWANCE = "allowance", _("Allowance")

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=255)
    citation = models.CharField(_("citation"), max_length=500)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("Empty for a national policy."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices, default="V")
    once_only = models.BooleanField(_("once per person"), default=False)
    note = models.TextField(_("note"), blank=True)
    is_example = models.BooleanField(_("illustrative example"), default=False)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["province_id", "-effective_from", "code", "-version"]
        verbose_name = _("support policy")
        verbose_name_plural = _("support policies")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="support_policy_unique_version"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="support_policy_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def verified(self) -> bool:
        return self.confidence in ("V", "S")

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def as_policy(self) -> eligibility.Policy:
        """The engine's copy (``rules`` must be prefetched for a fixed query count)."""
        return eligibility.Policy(
            code=self.code,
            version=self.version,
            name=self.title,
            citation=self.citation,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            confidence=self.confidence,
            once_only=self.once_only,
            scope=self.province.name if self.province_id else "",
            rules=tuple(rule.as_rule() for rule in self.rules.all()),
        )


class SupportRule(models.Model):
    class Ownership(models.TextChoices):
        ANY = "any", _("Any institution")
        PUBLIC = "public", _("Public institution")
        PRIVATE = "private", _("Non-public institution")

    class Benefit(models.TextChoices):
        TRAINING_COST = eligibility.TRAINING_COST, _("Training cost up to a cap")
        TUITION_PERCENT = eligibility.TUITION_PERCENT, _("Percent of the tuition fee")
        PER_DAY = eligibility.PER_DAY, _("Amount per study day")
        PER_COURSE = eligibility.PER_COURSE, _("Amount per course")

    policy = models.ForeignKey(SupportPolicy, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(default=0)
    group_code = models.CharField(_("group code"), max_length=60)
    label = models.CharField(_("group"), max_length=300)
    levels = models.JSONField(_("course levels"), default=list, blank=True)
    ownership = models.CharField(_("institution"), max_length=10, choices=Ownership.choices, default="any")
    all_of = models.JSONField(_("facts that must all hold"), default=list, blank=True)
    any_of = models.JSONField(_("facts of which one must hold"), default=list, blank=True)
    min_distance_km = models.DecimalField(
        _("minimum distance (km)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    benefit = models.CharField(_("benefit"), max_length=20, choices=Benefit.choices)
    cap_vnd = models.BigIntegerField(_("cap (VND)"), null=True, blank=True, validators=[MinValueValidator(0)])
    percent = models.PositiveSmallIntegerField(
        _("percent"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    amount_vnd = models.BigIntegerField(_("amount (VND)"), null=True, blank=True, validators=[MinValueValidator(0)])
    exclusive_group = models.CharField(_("exclusive group"), max_length=40, blank=True)
    tier = models.PositiveSmallIntegerField(_("tier"), default=0)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices, default="V")

    class Meta:
        ordering = ["policy", "position", "id"]
        verbose_name = _("support rule")
        verbose_name_plural = _("support rules")
        constraints = [
            models.UniqueConstraint(fields=["policy", "group_code"], name="support_rule_unique_group"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100), name="support_rule_percent"
            ),
            models.CheckConstraint(condition=Q(cap_vnd__isnull=True) | Q(cap_vnd__gte=0), name="support_rule_cap"),
            models.CheckConstraint(
                condition=Q(amount_vnd__isnull=True) | Q(amount_vnd__gte=0), name="support_rule_amount"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def verified(self) -> bool:
        return self.confidence in ("V", "S")

    @property
    def level_labels(self) -> list[str]:
        return [str(LEVEL_LABELS.get(code, code)) for code in self.levels]

    @property
    def condition_labels(self) -> list[str]:
        labels = [eligibility.FACT_LABELS.get(name, name) for name in self.all_of]
        if self.any_of:
            labels.append(" / ".join(eligibility.FACT_LABELS.get(name, name) for name in self.any_of))
        if self.min_distance_km is not None:
            labels.append(f"≥ {self.min_distance_km:g} km")
        if self.ownership != self.Ownership.ANY:
            labels.append(str(self.get_ownership_display()).lower())
        return labels

    def as_rule(self) -> eligibility.Rule:
        return eligibility.Rule(
            group_code=self.group_code,
            label=self.label,
            benefit=self.benefit,
            levels=tuple(self.levels),
            ownership=self.ownership,
            all_of=tuple(self.all_of),
            any_of=tuple(self.any_of),
            min_distance_km=float(self.min_distance_km) if self.min_distance_km is not None else None,
            cap_vnd=self.cap_vnd,
            percent=self.percent,
            amount_vnd=self.amount_vnd,
            exclusive_group=self.exclusive_group,
            tier=self.tier,
            confidence=self.confidence,
        )


class SupportFacts(models.Model):
    """What the learner record does not hold and the support rules need. Every answer may be unknown (empty)."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.OneToOneField(Learner, on_delete=models.CASCADE, related_name="support_facts")
    household_checked = models.BooleanField(
        _("household checked: neither poor nor near-poor"),
        null=True,
        blank=True,
        help_text=_("Only when the learner record says neither poor nor near-poor and this has been checked."),
    )
    ethnic_minority = models.BooleanField(
        _("ethnic minority"),
        null=True,
        blank=True,
        help_text=_("Used only when the learner record has no ethnic group."),
    )
    policy_beneficiary = models.BooleanField(_("revolutionary contributor or their relative"), null=True, blank=True)
    orphan = models.BooleanField(_("orphan of both parents without support"), null=True, blank=True)
    previously_supported = models.BooleanField(
        _("already received State vocational training support"), null=True, blank=True
    )
    previously_supported_on = models.DateField(_("supported on"), null=True, blank=True)
    land_recovered = models.BooleanField(
        _("household whose farm or business land was recovered"), null=True, blank=True
    )
    female_lost_job = models.BooleanField(_("woman worker who lost her job"), null=True, blank=True)
    fisher = models.BooleanField(_("fisher"), null=True, blank=True)
    rural_worker = models.BooleanField(_("rural worker"), null=True, blank=True)
    thcs_graduate = models.BooleanField(_("lower-secondary graduate"), null=True, blank=True)
    parent_work_accident = models.BooleanField(
        _("parent on regular work-accident or occupational-disease benefits"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(center="center")

    FACT_FIELDS = (
        "household_checked",
        "ethnic_minority",
        "policy_beneficiary",
        "orphan",
        "previously_supported",
        "previously_supported_on",
        "land_recovered",
        "female_lost_job",
        "fisher",
        "rural_worker",
        "thcs_graduate",
        "parent_work_accident",
        "note",
    )

    class Meta:
        verbose_name = _("support facts")
        verbose_name_plural = _("support facts")

    def __str__(self) -> str:
        return f"{self.learner}"
