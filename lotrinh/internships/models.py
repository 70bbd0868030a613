"""Internship rounds and slots, learners' preferences, the allocation runs and their placements."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center

WEEKDAY_LABELS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


def new_learner_token() -> str:
    return secrets.token_urlsafe(16)


class InternshipRound(models.Model):
    """One internship period of a center (e.g. "Thực tập tháng 3/2027 — Hàn"), allocated then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ALLOCATED = "allocated", _("Allocated")
        PUBLISHED = "published", _("Published")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    trade = models.ForeignKey(
        "academics.Trade",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trade"),
        help_text=_("Leave empty for every trade."),
    )
    starts_on = models.DateField(_("starts on"))
    weeks = models.PositiveSmallIntegerField(_("weeks"), validators=[MinValueValidator(1)])
    max_distance_km = models.DecimalField(_("maximum distance from home (km)"), max_digits=5, decimal_places=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("internship round")
        verbose_name_plural = _("internship rounds")
        constraints = [models.CheckConstraint(condition=models.Q(weeks__gte=1), name="internship_round_weeks_min")]

    def __str__(self) -> str:
        return self.name


class InternshipSlot(models.Model):
    """Places an enterprise offers in a round: trade, capacity, where, who mentors, on which days and hours."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(InternshipRound, on_delete=models.CASCADE, related_name="slots")
    enterprise = models.ForeignKey(
        "industry.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    trade = models.ForeignKey("academics.Trade", on_delete=models.PROTECT, related_name="+", verbose_name=_("trade"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    place = models.CharField(_("place"), max_length=255)
    commune = models.ForeignKey(
        "core.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    distance_km_from_center = models.DecimalField(
        _("distance from the center (km)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    mentor = models.ForeignKey(
        "industry.EnterpriseContact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("mentor"),
    )
    safety_briefing_required = models.BooleanField(_("safety briefing required"), default=True)
    starts_on = models.DateField(_("starts on"))
    weeks = models.PositiveSmallIntegerField(_("weeks"), validators=[MinValueValidator(1)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["round", "enterprise__name", "id"]
        verbose_name = _("internship slot")
        verbose_name_plural = _("internship slots")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="internship_slot_capacity_min"),
            models.CheckConstraint(condition=models.Q(weeks__gte=1), name="internship_slot_weeks_min"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.trade} ({self.capacity})"


class SlotBlock(models.Model):
    """A weekly block of work at the enterprise: weekday and hours."""

    slot = models.ForeignKey(InternshipSlot, on_delete=models.CASCADE, related_name="blocks")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), validators=[MaxValueValidator(6)], help_text=_("0 = Monday … 6 = Sunday")
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("slot block")
        verbose_name_plural = _("slot blocks")
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="slot_block_weekday"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_block_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_label()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def get_weekday_label(self) -> str:
        return str(WEEKDAY_LABELS[self.weekday]) if 0 <= self.weekday <= 6 else str(self.weekday)


class InternshipPreference(models.Model):
    """A learner's ranked choice (1 = first) of a slot in a round."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(InternshipRound, on_delete=models.CASCADE, related_name="preferences")
    learner = models.ForeignKey("people.Learner", on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(InternshipSlot, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["round", "learner", "rank"]
        verbose_name = _("internship preference")
        verbose_name_plural = _("internship preferences")
        constraints = [
            models.UniqueConstraint(fields=["round", "learner", "rank"], name="internship_pref_unique_rank"),
            models.UniqueConstraint(fields=["round", "learner", "slot"], name="internship_pref_unique_slot"),
            models.CheckConstraint(condition=models.Q(rank__gte=1, rank__lte=5), name="internship_pref_rank_range"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.slot} #{self.rank}"


class PairRule(models.Model):
    """Staff decision on one learner–slot pair: always place there (pin) or never (forbid)."""

    class Kind(models.TextChoices):
        PIN = "pin", _("Pin")
        FORBID = "forbid", _("Forbid")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(InternshipRound, on_delete=models.CASCADE, related_name="pair_rules")
    learner = models.ForeignKey("people.Learner", on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(InternshipSlot, on_delete=models.CASCADE, related_name="pair_rules")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["round", "learner", "id"]
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")
        constraints = [models.UniqueConstraint(fields=["round", "learner", "slot"], name="pair_rule_unique_pair")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.learner} · {self.slot}"


class AllocationRun(models.Model):
    """One solve of a round: which solver, its status, objective, bound and gap."""

    class Status(models.TextChoices):
        OPTIMAL = "OPTIMAL", _("Optimal")
        FEASIBLE = "FEASIBLE", _("Feasible (gap reported)")
        INFEASIBLE = "INFEASIBLE", _("Infeasible")
        MODEL_INVALID = "MODEL_INVALID", _("Invalid model")

    class Solver(models.TextChoices):  # the names allocation.solve gives its methods
        FLOW = "min_cost_flow", _("min-cost flow")
        CP_SAT = "cp_sat", _("CP-SAT (constraint programming)")
        NONE = "none", _("no solver (nothing to allocate)")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(InternshipRound, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    solver = models.CharField(_("solver"), max_length=20, choices=Solver.choices)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    objective = models.BigIntegerField(_("objective"), default=0)
    bound = models.BigIntegerField(_("bound"), default=0)
    gap = models.FloatField(_("gap"), default=0.0)
    placed = models.PositiveIntegerField(_("placed"), default=0)
    seconds = models.FloatField(_("seconds"), default=0.0)
    seed = models.IntegerField(_("seed"), default=0)
    model_version = models.CharField(_("model version"), max_length=20)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")

    def __str__(self) -> str:
        return f"{self.round} · {self.started_at:%d/%m/%Y %H:%M} · {self.status}"


class Placement(models.Model):
    """A learner placed in a slot by a run, with the reason why; published to the learner by a personal link."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(InternshipRound, on_delete=models.CASCADE, related_name="placements")
    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="placements")
    learner = models.ForeignKey("people.Learner", on_delete=models.PROTECT, related_name="internship_placements")
    slot = models.ForeignKey(InternshipSlot, on_delete=models.PROTECT, related_name="placements")
    explanation = models.TextField(_("explanation"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    learner_token = models.CharField(max_length=32, unique=True, default=new_learner_token, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    safety_briefing_confirmed_on = models.DateField(_("safety briefing confirmed on"), null=True, blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["round", "learner__full_name", "id"]
        verbose_name = _("internship placement")
        verbose_name_plural = _("internship placements")
        indexes = [models.Index(fields=["center", "round", "status"])]
        constraints = [models.UniqueConstraint(fields=["run", "learner"], name="placement_one_per_learner_run")]

    def __str__(self) -> str:
        return f"{self.learner} → {self.slot}"


class Unplaced(models.Model):
    """A learner the run could not place, with the cause named."""

    class Reason(models.TextChoices):
        NO_SLOT_FOR_TRADE = "no_slot_for_trade", _("No slot for the trade")
        TIMETABLE_CLASH = "timetable_clash", _("Every slot clashes with culture lessons")
        TOO_FAR = "too_far", _("Every slot is too far")
        FORBIDDEN = "forbidden", _("Every slot is forbidden")
        FULL = "full", _("Compatible slots are full")
        NO_COMPATIBLE = "no_compatible", _("No compatible slot")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="unplaced")
    learner = models.ForeignKey("people.Learner", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    explanation = models.TextField(_("explanation"))

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["run", "learner__full_name", "id"]
        verbose_name = _("unplaced learner")
        verbose_name_plural = _("unplaced learners")

    def __str__(self) -> str:
        return f"{self.learner}: {self.get_reason_display()}"
