"""Catchment schools and their grade-9 cohorts, each graduate's destination (history kept), streaming
targets (plan data with a citation), counseling sessions and parent outreach."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center, Commune
from lotrinh.core.text import normalize_name, search_key


class Destination(models.TextChoices):
    """Where a lower-secondary graduate went next. The four VET paths first: the dashboard stacks them."""

    SO_CAP = "so_cap", _("Elementary vocational training (sơ cấp)")
    TRUNG_CAP = "trung_cap", _("Intermediate vocational training (trung cấp)")
    VOCATIONAL_SECONDARY = "thn", _("Vocational secondary school (trung học nghề)")
    NINE_PLUS = "9plus", _("9+ (vocational secondary with culture subjects)")
    GDTX_HERE = "gdtx", _("GDTX upper secondary at this center")
    PUBLIC_UPPER_SECONDARY = "thpt", _("Public upper secondary (THPT công lập)")
    WORK = "work", _("Work")
    UNKNOWN = "unknown", _("Unknown")


# Vocational education and training as QĐ 522/QĐ-TTg counts it: sơ cấp, trung cấp and their school forms.
VET_DESTINATIONS = (
    Destination.SO_CAP,
    Destination.TRUNG_CAP,
    Destination.VOCATIONAL_SECONDARY,
    Destination.NINE_PLUS,
)


class DestinationSource(models.TextChoices):
    SCHOOL_REPORT = "school_report", _("School report")
    PHONE_CALL = "phone_call", _("Phone call")
    ADMISSIONS_LIST = "admissions_list", _("Admissions list")
    SELF_DECLARED = "self_declared", _("Self-declared")
    IMPORTED_FILE = "imported_file", _("Imported file")
    HOME_VISIT = "home_visit", _("Home visit")


class TargetGroup(models.TextChoices):
    VET = "vet", _("Vocational training (sơ cấp, trung cấp, trung học nghề, 9+)")


class LowerSecondarySchool(models.Model):
    """A lower-secondary (THCS) school of the center's catchment area."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    code = models.CharField(_("school code"), max_length=20, blank=True)
    in_disadvantaged_area = models.BooleanField(
        _("in an especially disadvantaged area"),
        default=False,
        help_text=_("The lower targets for especially disadvantaged areas (ĐBKK) apply to this school."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["name"]
        verbose_name = _("lower-secondary school")
        verbose_name_plural = _("lower-secondary schools")
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="guidance_school_unique_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = normalize_name(self.name)
        super().save(*args, **kwargs)


class Cohort(models.Model):
    """One school's grade-9 graduates of one year."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(LowerSecondarySchool, on_delete=models.PROTECT, related_name="cohorts")
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-graduation_year", "school__name"]
        verbose_name = _("grade-9 cohort")
        verbose_name_plural = _("grade-9 cohorts")
        constraints = [
            models.UniqueConstraint(fields=["school", "graduation_year"], name="guidance_cohort_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.graduation_year}"


class CohortGraduate(models.Model):
    """A grade-9 graduate; ``destination`` is the latest DestinationRecord, kept here for one-query counts."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="graduates")
    full_name = models.CharField(_("full name"), max_length=150)
    name_search = models.CharField(max_length=150, editable=False)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=[("male", _("Male")), ("female", _("Female"))])
    class_name = models.CharField(_("class"), max_length=20, blank=True)
    learner = models.ForeignKey(
        "people.Learner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("learner at this center"),
    )
    destination = models.CharField(
        _("destination"), max_length=12, choices=Destination.choices, default=Destination.UNKNOWN
    )
    destination_source = models.CharField(_("source"), max_length=20, choices=DestinationSource.choices, blank=True)
    destination_on = models.DateField(_("recorded on"), null=True, blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["class_name", "name_search", "date_of_birth"]
        verbose_name = _("grade-9 graduate")
        verbose_name_plural = _("grade-9 graduates")
        indexes = [models.Index(fields=["center", "cohort", "destination"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "name_search", "date_of_birth"], name="guidance_graduate_once_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = normalize_name(self.full_name)
        self.name_search = search_key(self.full_name)
        super().save(*args, **kwargs)


class DestinationRecord(models.Model):
    """One recording of a graduate's destination; never changed, the latest is the current one."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    graduate = models.ForeignKey(CohortGraduate, on_delete=models.CASCADE, related_name="destination_records")
    destination = models.CharField(_("destination"), max_length=12, choices=Destination.choices)
    source = models.CharField(_("source"), max_length=20, choices=DestinationSource.choices)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("destination record")
        verbose_name_plural = _("destination records")

    def __str__(self) -> str:
        return f"{self.graduate} · {self.get_destination_display()}"


class GraduateImport(models.Model):
    """A grade-9 list read and checked (the preview), waiting for staff to confirm it."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # the rows that passed, as values to save
    refused = models.JSONField(default=list)  # [{"row": 7, "column": "C", "label": "Ngày sinh", "message": ...}]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("grade-9 list import")
        verbose_name_plural = _("grade-9 list imports")

    def __str__(self) -> str:
        return f"{self.cohort} · {self.file_name}"


class ReferenceStreamingTarget(models.Model):
    """A national streaming target (QĐ 522/QĐ-TTg): global reference data, loaded by a data migration."""

    code = models.SlugField(max_length=40, unique=True)
    group = models.CharField(_("destination group"), max_length=10, choices=TargetGroup.choices)
    from_year = models.PositiveSmallIntegerField(_("from graduation year"))
    to_year = models.PositiveSmallIntegerField(_("to graduation year"))
    for_disadvantaged_areas = models.BooleanField(_("for especially disadvantaged areas"), default=False)
    min_percent = models.DecimalField(_("minimum percent"), max_digits=5, decimal_places=2)
    citation = models.CharField(_("citation"), max_length=300)
    effective_from = models.DateField(_("in force from"))

    class Meta:
        ordering = ["from_year", "for_disadvantaged_areas"]
        verbose_name = _("national streaming target")
        verbose_name_plural = _("national streaming targets")

    def __str__(self) -> str:
        return f"{self.min_percent}% · {self.from_year}–{self.to_year}"


class StreamingTarget(models.Model):
    """A center's own streaming target (the supervising authority's plan); it replaces the national one
    for the years it covers, for one school or (without a school) for the whole catchment."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        LowerSecondarySchool,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("school"),
    )
    group = models.CharField(_("destination group"), max_length=10, choices=TargetGroup.choices, default="vet")
    from_year = models.PositiveSmallIntegerField(_("from graduation year"))
    to_year = models.PositiveSmallIntegerField(_("to graduation year"))
    min_percent = models.DecimalField(_("minimum percent"), max_digits=5, decimal_places=2)
    citation = models.CharField(_("citation"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-from_year", "school__name"]
        verbose_name = _("streaming target")
        verbose_name_plural = _("streaming targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_percent__gte=0, min_percent__lte=100), name="guidance_target_percent_range"
            ),
            models.CheckConstraint(
                condition=models.Q(from_year__lte=models.F("to_year")), name="guidance_target_years"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_percent}% · {self.from_year}–{self.to_year}"


class CounselingTopic(models.TextChoices):
    INTERESTS = "interests", _("Interests")
    TRADES = "trades", _("Trades and careers")
    TUITION_SUPPORT = "tuition_support", _("Tuition and support")
    ADMISSIONS = "admissions", _("Admissions")
    FAMILY = "family", _("Family concerns")
    LEARNING = "learning", _("Learning difficulties")
    ATTENDANCE = "attendance", _("Attendance")
    OTHER = "other", _("Other topic")


class CounselingSession(models.Model):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey(
        "people.Learner", on_delete=models.CASCADE, related_name="counseling_sessions", verbose_name=_("learner")
    )
    held_on = models.DateField(_("date"))
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("counselor")
    )
    guardian_present = models.BooleanField(_("guardian present"), default=False)
    guardian = models.ForeignKey(
        "people.Guardian",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("which guardian"),
    )
    topics = models.JSONField(_("topics"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    follow_up = models.CharField(_("follow-up action"), max_length=300, blank=True)
    follow_up_due = models.DateField(_("follow-up due on"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("counseling session")
        verbose_name_plural = _("counseling sessions")
        indexes = [models.Index(fields=["center", "follow_up_done", "follow_up_due"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.held_on:%d/%m/%Y}"

    audit_choices = {"topics": CounselingTopic.choices}  # the log shows the topics by name (core/audit_display)

    def topic_labels(self) -> list[str]:
        labels = dict(CounselingTopic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]


class Audience(models.TextChoices):
    PARENTS = "parents", _("Parents")
    PUPILS = "pupils", _("Grade-9 pupils")
    COMMUNITY = "community", _("Community")


class OutreachEvent(models.Model):
    """A meeting with parents, grade-9 pupils or the community about the paths after lower secondary."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("event title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    school = models.ForeignKey(
        LowerSecondarySchool,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("school"),
    )
    description = models.TextField(_("description"), blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")

    def __str__(self) -> str:
        return self.title


class OutreachAttendee(models.Model):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="attendees")
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=15, blank=True)
    school_name = models.CharField(_("school"), max_length=200, blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["id"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return self.full_name


class OutreachMaterial(models.Model):
    """A leaflet, slides (PDF) or a photo of the meeting; checked by content, stored under a random name."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(upload_to="guidance/outreach/")
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=5)  # pdf, jpg, png
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.original_name
