"""Admissions: the yearly plan with its targets, public applications, their review, admission and enrolment."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center, Commune
from lotrinh.core.text import normalize_name, search_key
from lotrinh.people.models import LearnerGuardian, Sex


class AdmissionPlan(models.Model):
    """One school year's admissions at a center: when applications are open and how many places per program."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    school_year = models.CharField(_("school year"), max_length=9, help_text=_("e.g. 2026-2027"))
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-school_year"]
        verbose_name = _("admission plan")
        verbose_name_plural = _("admission plans")
        constraints = [
            models.UniqueConstraint(fields=["center", "school_year"], name="admission_plan_one_per_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="admission_plan_dates"),
        ]

    def __str__(self) -> str:
        return str(_("Admissions %(year)s") % {"year": self.school_year})

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class AdmissionTarget(models.Model):
    """How many learners the plan means to admit to one program (and trade, for vocational programs)."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(AdmissionPlan, on_delete=models.CASCADE, related_name="targets")
    program = models.ForeignKey("academics.ProgramType", on_delete=models.PROTECT, verbose_name=_("program"))
    trade = models.ForeignKey(
        "academics.Trade", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("trade")
    )
    target = models.IntegerField(_("target"))

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["program__name", "trade__name", "id"]
        verbose_name = _("admission target")
        verbose_name_plural = _("admission targets")
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="admission_target_not_negative"),
            models.UniqueConstraint(fields=["plan", "program", "trade"], name="admission_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} · {self.trade.name}" if self.trade_id else self.program.name

    @property
    def label(self) -> str:
        return str(self)


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Verified")
    ADMITTED = "admitted", _("Admitted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Not admitted")
    ENROLLED = "enrolled", _("Enrolled")


class Application(models.Model):
    """One application sent through the public form; personal data, reviewed by staff."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(AdmissionPlan, on_delete=models.PROTECT, related_name="applications")
    target = models.ForeignKey(
        AdmissionTarget, on_delete=models.PROTECT, related_name="applications", verbose_name=_("program wanted")
    )
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    # The one-time token of the form that sent it: the same form sent twice is one application.
    form_token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_search = models.CharField(max_length=150, editable=False, db_index=True)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    phone = models.CharField(_("phone number"), max_length=15)
    commune = models.ForeignKey(Commune, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("commune"))
    previous_school = models.CharField(_("lower-secondary school"), max_length=200, blank=True)
    guardian_name = models.CharField(_("guardian's full name"), max_length=150, blank=True)
    guardian_phone = models.CharField(_("guardian's phone number"), max_length=15, blank=True)
    guardian_relationship = models.CharField(
        _("relationship"), max_length=20, choices=LearnerGuardian.Relationship.choices, blank=True
    )
    consent_processing = models.BooleanField(_("agreed to the processing of personal data for admission"))
    consent_contact = models.BooleanField(_("agreed to be contacted by phone or Zalo"), default=False)
    interest_token = models.CharField(max_length=64, blank=True)
    interest_attempt_id = models.PositiveBigIntegerField(null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    learner = models.ForeignKey(
        "people.Learner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("learner")
    )
    enrollment = models.ForeignKey(
        "academics.Enrollment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["center", "status"]),
            models.Index(fields=["center", "name_search", "date_of_birth"]),
        ]
        constraints = [
            # Silence is never consent: an application exists only with the admission consent ticked.
            models.CheckConstraint(condition=Q(consent_processing=True), name="application_consent_given"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""), name="application_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.tracking_code}"

    def save(self, *args, **kwargs) -> None:
        self.full_name = normalize_name(self.full_name)
        self.name_search = search_key(self.full_name)
        super().save(*args, **kwargs)


class ApplicationDocument(models.Model):
    """A file sent with an application (an image or a PDF), stored under a random name, served only to staff."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="admissions/documents/")
    content_type = models.CharField(max_length=40)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["id"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return self.original_name


class ApplicationStatusChange(models.Model):
    """One step of an application's history, never overwritten."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")

    def __str__(self) -> str:
        return f"{self.application_id} → {self.status}"
