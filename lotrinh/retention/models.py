"""Early warning of drop-out: each learner's risk with its reasons, and what staff do about it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskAssessment(models.Model):
    """The latest risk of one learner; recomputed by a task, history kept in ``computed_at`` order."""

    class Method(models.TextChoices):
        RULES = "rules", _("Transparent rules")
        MODEL = "model", _("Learned model")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey("people.Learner", on_delete=models.CASCADE, related_name="risk_assessments")
    score = models.DecimalField(_("risk score"), max_digits=4, decimal_places=3)
    level = models.CharField(_("risk"), max_length=10, choices=RiskLevel.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    is_current = models.BooleanField(default=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-computed_at"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        indexes = [models.Index(fields=["center", "is_current", "level"])]
        constraints = [
            models.UniqueConstraint(
                fields=["learner"], condition=models.Q(is_current=True), name="risk_one_current_per_learner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.get_level_display()}"


class RiskModelRun(models.Model):
    """A learned model trained on the center's own history, with its validation figures."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    trained_at = models.DateTimeField(_("trained at"))
    samples = models.PositiveIntegerField(_("learners in training"))
    dropouts = models.PositiveIntegerField(_("drop-outs in training"))
    auc = models.DecimalField(_("ROC-AUC"), max_digits=4, decimal_places=3)
    macro_f1 = models.DecimalField(_("macro-F1"), max_digits=4, decimal_places=3)
    features = models.JSONField(default=list)
    model_file = models.FileField(upload_to="retention/models/")
    is_active = models.BooleanField(default=False)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-trained_at"]
        verbose_name = _("risk model")
        verbose_name_plural = _("risk models")

    def __str__(self) -> str:
        return f"{self.trained_at:%Y-%m-%d} AUC {self.auc}"


class Intervention(models.Model):
    class Kind(models.TextChoices):
        CALL_GUARDIAN = "call_guardian", _("Call the guardian")
        COUNSELING = "counseling", _("Counseling session")
        HOME_VISIT = "home_visit", _("Home visit")
        SUPPORT_REFERRAL = "support_referral", _("Referral for support")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey("people.Learner", on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("note"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["status", "due_on"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        indexes = [models.Index(fields=["center", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.learner}"
