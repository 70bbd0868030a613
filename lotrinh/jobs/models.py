"""Jobs after training: job placements with their steps, graduate follow-up at 6 and 12 months, wage bands;
and the follow-up of internships at the enterprise (attendance, mentor evaluations, safety briefing, incidents)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center, EffectiveDated


class WageBand(EffectiveDated):
    """A monthly wage band in VND (reference data, versioned): the bands move with the regional minimum wage."""

    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=80)
    min_vnd = models.PositiveBigIntegerField(_("from (VND)"), null=True, blank=True)
    max_vnd = models.PositiveBigIntegerField(_("below (VND)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("wage band")
        verbose_name_plural = _("wage bands")
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="wage_band_unique_version")]

    def __str__(self) -> str:
        return self.name


class TradeMatch(models.TextChoices):
    MATCH = "match", _("In the trade trained")
    RELATED = "related", _("In a related trade")
    UNRELATED = "unrelated", _("In another field")


class JobPlacement(models.Model):
    """A learner's application for a job, followed from the application to the hire (or its end)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        INTERVIEWED = "interviewed", _("Interviewed")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Not selected")
        DECLINED = "declined", _("Declined by the learner")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey("people.Learner", on_delete=models.PROTECT, related_name="job_placements")
    enterprise = models.ForeignKey(
        "industry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    employer_name = models.CharField(_("employer (if not a partner)"), max_length=200, blank=True)
    trade = models.ForeignKey(
        "academics.Trade", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("trade of the job")
    )
    trade_match = models.CharField(_("trade match"), max_length=10, choices=TradeMatch.choices)
    job_title = models.CharField(_("job title"), max_length=150)
    wage_band = models.ForeignKey(
        WageBand, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("wage band")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField(_("applied on"))
    interviewed_on = models.DateField(_("interviewed on"), null=True, blank=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opening = models.ForeignKey(
        "industry.Opening",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opening"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("job placement")
        verbose_name_plural = _("job placements")
        indexes = [models.Index(fields=["center", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | ~Q(employer_name=""), name="job_placement_has_employer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.job_title} · {self.employer}"

    @property
    def employer(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.employer_name


class JobPlacementStep(models.Model):
    """One step in a placement's history: appended, never updated."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(JobPlacement, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=12, choices=JobPlacement.Status.choices)
    effective_on = models.DateField(_("on"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("job placement step")
        verbose_name_plural = _("job placement steps")

    def __str__(self) -> str:
        return f"{self.placement_id} → {self.status} ({self.effective_on:%d/%m/%Y})"


class FollowUp(models.Model):
    """A graduate asked about work 6 or 12 months after graduating: by a survey link or by a staff call."""

    class Milestone(models.IntegerChoices):
        SIX = 6, _("6 months")
        TWELVE = 12, _("12 months")

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        SENT = "sent", _("Survey sent")
        ANSWERED = "answered", _("Answered")

    class Channel(models.TextChoices):
        LINK = "link", _("Survey link")
        CALL = "call", _("Phone call")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey("people.Learner", on_delete=models.PROTECT, related_name="follow_ups")
    enrollment = models.ForeignKey("academics.Enrollment", on_delete=models.PROTECT, related_name="+")
    graduated_on = models.DateField(_("graduated on"))
    months = models.PositiveSmallIntegerField(_("after"), choices=Milestone.choices)
    due_on = models.DateField(_("due on"))
    token = models.CharField(max_length=32, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The answer, with who gave it, how and when.
    channel = models.CharField(_("answered by"), max_length=10, choices=Channel.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employed = models.BooleanField(_("employed"), null=True, blank=True)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    trade_match = models.CharField(_("trade match"), max_length=10, choices=TradeMatch.choices, blank=True)
    wage_band = models.ForeignKey(
        WageBand, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("wage band")
    )
    further_study = models.BooleanField(_("studying further"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("graduate follow-up")
        verbose_name_plural = _("graduate follow-ups")
        indexes = [models.Index(fields=["center", "status", "due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "months"], name="follow_up_one_per_milestone"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="follow_up_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.months}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status != self.Status.ANSWERED and self.due_on < today


# --- Internship follow-up at the enterprise ----------------------------------------------------------------


class EvaluationRubric(EffectiveDated):
    """The criteria a mentor scores from 1 to 5 (reference data, versioned): [{"code", "label"}, ...]."""

    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    criteria = models.JSONField(_("criteria"), default=list)

    class Meta:
        ordering = ["code", "-valid_from"]
        verbose_name = _("evaluation rubric")
        verbose_name_plural = _("evaluation rubrics")
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="rubric_unique_version")]

    def __str__(self) -> str:
        return self.name


class EnteredVia(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise account")
    STAFF = "staff", _("Center staff")


class InternshipAttendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused absence")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey("internships.Placement", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_via = models.CharField(max_length=10, choices=EnteredVia.choices)
    entered_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("internship attendance")
        verbose_name_plural = _("internship attendance")
        constraints = [models.UniqueConstraint(fields=["placement", "date"], name="internship_attendance_one_a_day")]

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.date:%d/%m/%Y} · {self.status}"


class MentorEvaluation(models.Model):
    class Kind(models.TextChoices):
        MID_TERM = "mid_term", _("Mid-term")
        FINAL = "final", _("Final")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey("internships.Placement", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("evaluation"), max_length=10, choices=Kind.choices)
    rubric = models.ForeignKey(EvaluationRubric, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("scores"), default=dict)
    comment = models.TextField(_("comment"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"))
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_via = models.CharField(max_length=10, choices=EnteredVia.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["placement", "kind"]
        verbose_name = _("mentor evaluation")
        verbose_name_plural = _("mentor evaluations")
        constraints = [models.UniqueConstraint(fields=["placement", "kind"], name="mentor_evaluation_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.kind}"

    @property
    def average(self) -> float | None:
        values = [v for v in self.scores.values() if isinstance(v, int)]
        return round(sum(values) / len(values), 1) if values else None


class SafetyBriefing(models.Model):
    """The safety briefing an intern received at the enterprise: when, what, confirmed by whom."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    placement = models.OneToOneField("internships.Placement", on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("held on"))
    topics = models.CharField(_("topics"), max_length=255)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_via = models.CharField(max_length=10, choices=EnteredVia.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        verbose_name = _("safety briefing")
        verbose_name_plural = _("safety briefings")

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.held_on:%d/%m/%Y}"


class Incident(models.Model):
    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        SERIOUS = "serious", _("Serious")
        CRITICAL = "critical", _("Critical (injury)")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey("internships.Placement", on_delete=models.CASCADE, related_name="+")
    occurred_on = models.DateField(_("occurred on"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("what happened"))
    actions = models.TextField(_("actions taken"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_via = models.CharField(max_length=10, choices=EnteredVia.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.occurred_on:%d/%m/%Y} · {self.severity}"
