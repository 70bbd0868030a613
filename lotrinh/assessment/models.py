"""Scores of the GDTX program, the rules that average them, and vocational module results."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center, EffectiveDated

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))]


class GradingRule(EffectiveDated):
    """How term and year averages are computed: reference data with a citation, never constants.

    ``weights`` maps a score kind to its weight in a term average; ``term_weights`` maps a term to its
    weight in the year average. Example (TT 22/2021 style): regular 1, midterm 2, final 3; term 1 × 1, term 2 × 2.
    """

    code = models.SlugField()
    name = models.CharField(_("name"), max_length=200)
    weights = models.JSONField(_("weights of score kinds"))
    term_weights = models.JSONField(_("weights of terms"))
    pass_mark = models.DecimalField(_("pass mark"), max_digits=3, decimal_places=1, default=Decimal("5.0"))

    class Meta:
        ordering = ["code", "-valid_from"]
        verbose_name = _("grading rule")
        verbose_name_plural = _("grading rules")
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="grading_rule_unique_version")]

    def __str__(self) -> str:
        return self.name


class ScoreKind(models.TextChoices):
    REGULAR = "regular", _("Regular assessment")
    MIDTERM = "midterm", _("Mid-term assessment")
    FINAL = "final", _("End-of-term assessment")


class Score(models.Model):
    """One mark, 0–10 with one decimal, for a learner in a class, subject, term and kind."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey("people.Learner", on_delete=models.CASCADE, related_name="scores")
    school_class = models.ForeignKey("academics.SchoolClass", on_delete=models.CASCADE, related_name="scores")
    subject = models.CharField(_("subject"), max_length=100)
    term = models.PositiveSmallIntegerField(_("term"), choices=[(1, _("Term 1")), (2, _("Term 2"))])
    kind = models.CharField(_("kind"), max_length=10, choices=ScoreKind.choices)
    sequence = models.PositiveSmallIntegerField(_("number"), default=1)
    value = models.DecimalField(_("score"), max_digits=3, decimal_places=1, validators=SCORE_VALIDATORS)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(center="center")

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "school_class", "subject", "term", "kind", "sequence"], name="score_unique_slot"
            ),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(value__lte=10), name="score_range"),
        ]
        indexes = [models.Index(fields=["school_class", "subject", "term"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.subject} · {self.value}"


class ModuleResult(models.Model):
    """A vocational module (mô-đun) result: hours, score, passed."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey("people.Learner", on_delete=models.CASCADE, related_name="module_results")
    school_class = models.ForeignKey("academics.SchoolClass", on_delete=models.CASCADE, related_name="+")
    module = models.CharField(_("module"), max_length=150)
    hours = models.PositiveSmallIntegerField(_("hours"))
    value = models.DecimalField(_("score"), max_digits=3, decimal_places=1, validators=SCORE_VALIDATORS)
    passed = models.BooleanField(_("passed"))
    assessed_on = models.DateField(_("assessed on"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["assessed_on"]
        verbose_name = _("module result")
        verbose_name_plural = _("module results")
        constraints = [
            models.UniqueConstraint(fields=["learner", "school_class", "module"], name="module_result_unique"),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(value__lte=10), name="module_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.module}"
