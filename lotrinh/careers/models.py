"""Trades' interest codes (reference data, overridable per center), local labour demand, training on offer and
the versioned weights of the recommendation."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.core.models import Center, EffectiveDated

RIASEC = "RIASEC"
CODE_VALIDATOR = RegexValidator(
    r"^(?!.*(.).*\1)[RIASEC]{1,3}$", _("Write one to three different letters among R, I, A, S, E, C, e.g. RCI.")
)
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(7)]


class TradeInterestProfile(models.Model):
    """A trade's Holland code and interest levels, derived from O*NET® occupations (global reference data).

    Levels are O*NET's "OI" scale (1–7). Rows not checked by a counselor panel say so (``reviewed`` False).
    """

    trade = models.OneToOneField(Trade, on_delete=models.CASCADE, related_name="interest_profile")
    code = models.CharField(_("RIASEC code"), max_length=3, validators=[CODE_VALIDATOR])
    level_r = models.DecimalField("R", max_digits=3, decimal_places=2, validators=LEVEL_VALIDATORS)
    level_i = models.DecimalField("I", max_digits=3, decimal_places=2, validators=LEVEL_VALIDATORS)
    level_a = models.DecimalField("A", max_digits=3, decimal_places=2, validators=LEVEL_VALIDATORS)
    level_s = models.DecimalField("S", max_digits=3, decimal_places=2, validators=LEVEL_VALIDATORS)
    level_e = models.DecimalField("E", max_digits=3, decimal_places=2, validators=LEVEL_VALIDATORS)
    level_c = models.DecimalField("C", max_digits=3, decimal_places=2, validators=LEVEL_VALIDATORS)
    onet_soc_codes = models.JSONField(_("O*NET-SOC occupations"), default=list)
    onet_release = models.CharField(_("O*NET release"), max_length=10)
    reviewed = models.BooleanField(_("reviewed by an expert"), default=False)
    reviewer = models.CharField(_("reviewer"), max_length=150, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    attribution = models.TextField(_("attribution"))

    class Meta:
        ordering = ["trade__name"]
        verbose_name = _("trade interest profile")
        verbose_name_plural = _("trade interest profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(level_r__gte=1, level_r__lte=7)
                & Q(level_i__gte=1, level_i__lte=7)
                & Q(level_a__gte=1, level_a__lte=7)
                & Q(level_s__gte=1, level_s__lte=7)
                & Q(level_e__gte=1, level_e__lte=7)
                & Q(level_c__gte=1, level_c__lte=7),
                name="trade_profile_levels_1_7",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trade} · {self.code}"

    @property
    def levels(self) -> dict[str, float]:
        return {letter: float(getattr(self, f"level_{letter.lower()}")) for letter in RIASEC}


class TradeInterestOverride(models.Model):
    """A center's counselors read a trade differently from the reference table, and say why."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    trade = models.ForeignKey(Trade, on_delete=models.CASCADE, related_name="+", verbose_name=_("trade"))
    code = models.CharField(_("RIASEC code"), max_length=3, validators=[CODE_VALIDATOR])
    reason = models.CharField(_("reason"), max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_on = models.DateField(_("set on"))

    objects = ScopedManager(center="center")

    class Meta:
        verbose_name = _("trade code override")
        verbose_name_plural = _("trade code overrides")
        constraints = [models.UniqueConstraint(fields=["center", "trade"], name="trade_override_one_per_center")]

    def __str__(self) -> str:
        return f"{self.trade} · {self.code}"


class LabourDemand(models.Model):
    """Openings for a trade in one period, from one source (until enterprises' postings feed the same selector)."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    trade = models.ForeignKey(Trade, on_delete=models.PROTECT, related_name="+", verbose_name=_("trade"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    openings = models.PositiveIntegerField(_("openings"))
    source = models.CharField(_("source"), max_length=200)
    noted_on = models.DateField(_("noted on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-year", "-quarter", "trade__name"]
        verbose_name = _("labour demand")
        verbose_name_plural = _("labour demand")
        constraints = [
            models.CheckConstraint(condition=Q(openings__gte=0), name="demand_openings_not_negative"),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4), name="demand_quarter_1_4"
            ),
        ]
        indexes = [models.Index(fields=["center", "trade", "year"])]

    def __str__(self) -> str:
        return f"{self.trade} · {self.period_label} · {self.openings}"

    @property
    def period_label(self) -> str:
        return f"Q{self.quarter}/{self.year}" if self.quarter else str(self.year)

    @property
    def period_start(self) -> dt.date:
        return period_bounds(self.year, self.quarter)[0]

    @property
    def period_end(self) -> dt.date:
        return period_bounds(self.year, self.quarter)[1]


def period_bounds(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    """First and last day of a year, or of one of its quarters."""
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end = dt.date(year, 12, 31) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


class TrainingOffer(models.Model):
    """A course a learner can join: at this center or at a partner school, with its length, cost and next intake."""

    class Provider(models.TextChoices):
        CENTER = "center", _("This center")
        PARTNER = "partner", _("Partner school")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    trade = models.ForeignKey(Trade, on_delete=models.PROTECT, related_name="+", verbose_name=_("trade"))
    program = models.ForeignKey(ProgramType, on_delete=models.PROTECT, related_name="+", verbose_name=_("program"))
    level = models.CharField(_("level"), max_length=20, choices=Trade.Level.choices)
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices, default=Provider.CENTER)
    partner_name = models.CharField(_("partner school"), max_length=200, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("length (months)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    cost_vnd = models.PositiveIntegerField(_("tuition and costs (₫)"))
    next_intake_on = models.DateField(_("next intake"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["trade__name", "duration_months"]
        verbose_name = _("training offer")
        verbose_name_plural = _("training offers")
        constraints = [
            models.CheckConstraint(condition=Q(cost_vnd__gte=0), name="offer_cost_not_negative"),
            models.CheckConstraint(condition=Q(duration_months__gte=1), name="offer_duration_positive"),
            models.CheckConstraint(condition=Q(provider="center") | ~Q(partner_name=""), name="offer_partner_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.trade} · {self.provider_label}"

    @property
    def provider_label(self) -> str:
        return self.partner_name if self.provider == self.Provider.PARTNER else str(_("This center"))


class RankingWeights(EffectiveDated):
    """How much each kind of reason counts in a recommendation's score: versioned, so a change is on record."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    interest = models.PositiveSmallIntegerField(_("interest fit"))
    grades = models.PositiveSmallIntegerField(_("grades fit"))
    demand = models.PositiveSmallIntegerField(_("local demand"))
    length_cost = models.PositiveSmallIntegerField(_("length and cost"))
    demand_full_at = models.PositiveIntegerField(
        _("openings for a full demand score"), help_text=_("This many openings or more count as strong demand.")
    )
    months_full = models.PositiveSmallIntegerField(_("months counted as long"))
    cost_full_vnd = models.PositiveIntegerField(_("cost counted as high (₫)"))

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("ranking weights")
        verbose_name_plural = _("ranking weights")

    def __str__(self) -> str:
        return self.version
