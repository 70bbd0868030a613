"""Learners, their guardians and their consents. Identity data is personal; ethnicity is sensitive."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center, Commune, EffectiveDated
from lotrinh.core.text import normalize_name, search_key


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Ethnicity(models.Model):
    """The 54 ethnic groups of Viet Nam (reference data, shared by all centers)."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")

    def __str__(self) -> str:
        return self.name


class IdIssuingPlace(EffectiveDated):
    """The 3-digit place code that opens a 12-digit personal ID number (where the birth was registered)."""

    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ID number place code")
        verbose_name_plural = _("ID number place codes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class HouseholdStatus(models.TextChoices):
    NONE = "", _("Not poor or near-poor")
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")


class Learner(models.Model):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("learner code"), max_length=20)
    full_name = models.CharField(_("full name"), max_length=150)
    # Lower case without diacritics, so "Nguyen Thi Hang" finds "Nguyễn Thị Hằng".
    name_search = models.CharField(max_length=150, editable=False, db_index=True)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    ethnicity = models.ForeignKey(
        Ethnicity, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("ethnic group")
    )
    # The personal ID number is encrypted; its keyed digest finds duplicates without decrypting.
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    id_number_is_legacy = models.BooleanField(
        _("old 9-digit identity card"),
        default=False,
        editable=False,
        help_text=_("An old identity card number (CMND): accepted, but the learner should update it."),
    )
    phone = models.CharField(_("phone number"), max_length=15, blank=True)
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    commune = models.ForeignKey(Commune, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("commune"))
    distance_km = models.DecimalField(
        _("distance from home (km)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    previous_school = models.CharField(_("previous school"), max_length=200, blank=True)
    is_working = models.BooleanField(_("works while studying"), default=False)
    household_status = models.CharField(
        _("household"), max_length=10, choices=HouseholdStatus.choices, default=HouseholdStatus.NONE, blank=True
    )
    household_certificate_valid_from = models.DateField(_("certificate valid from"), null=True, blank=True)
    household_certificate_valid_to = models.DateField(_("certificate valid to"), null=True, blank=True)
    has_disability = models.BooleanField(_("person with a disability"), default=False)
    lives_in_disadvantaged_commune = models.BooleanField(_("lives in a disadvantaged commune"), default=False)
    photo = models.ImageField(_("photo"), upload_to="learners/photos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["name_search", "id"]
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        constraints = [
            models.UniqueConstraint(fields=["center", "code"], name="learner_unique_code"),
            models.CheckConstraint(
                condition=Q(household_certificate_valid_to__isnull=True)
                | Q(household_certificate_valid_from__isnull=True)
                | Q(household_certificate_valid_to__gte=models.F("household_certificate_valid_from")),
                name="learner_certificate_range",
            ),
        ]
        indexes = [models.Index(fields=["center", "name_search"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = normalize_name(self.full_name)
        self.name_search = search_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def address(self) -> str:
        """The street and the commune with its province, whichever of them is known."""
        place = f"{self.commune.name}, {self.commune.province.name}" if self.commune else ""
        return ", ".join(part for part in (self.street_address, place) if part)

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def household_certified_on(self, day: dt.date) -> bool:
        """A poor or near-poor household certificate that holds on ``day``."""
        return bool(
            self.household_status
            and self.household_certificate_valid_from
            and self.household_certificate_valid_from <= day
            and (self.household_certificate_valid_to is None or day <= self.household_certificate_valid_to)
        )


class Guardian(models.Model):
    """A parent or other legal representative; one guardian may have several learners."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    # Blank when a school's list gave only the parent's phone: the contact is kept until staff fill the name in.
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    name_search = models.CharField(max_length=150, editable=False, db_index=True)
    phone = models.CharField(_("phone number"), max_length=15, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    learners = models.ManyToManyField(Learner, through="LearnerGuardian", related_name="guardians")

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["name_search", "id"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = normalize_name(self.full_name)
        self.name_search = search_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.full_name or str(_("(name not yet recorded)"))


class LearnerGuardian(models.Model):
    class Relationship(models.TextChoices):
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        GRANDPARENT = "grandparent", _("Grandparent")
        SIBLING = "sibling", _("Elder sibling")
        OTHER = "other", _("Other legal representative")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="learner_links")
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    is_primary_contact = models.BooleanField(_("main contact"), default=True)

    objects = ScopedManager(center="center")

    class Meta:
        verbose_name = _("guardian of a learner")
        verbose_name_plural = _("guardians of learners")
        constraints = [models.UniqueConstraint(fields=["learner", "guardian"], name="learner_guardian_unique")]

    def __str__(self) -> str:
        return f"{self.guardian} ({self.get_relationship_display()}) · {self.learner}"


class ConsentPurpose(models.TextChoices):
    """Processing that needs consent (Law 91/2025, Decree 356/2025); legally required records do not."""

    PHOTO_PUBLICATION = "photo_publication", _("Publish photos and news about the learner")
    SHARE_WITH_ENTERPRISES = "share_with_enterprises", _("Share the profile with enterprises for internships and jobs")
    MESSAGES_TO_GUARDIAN = "messages_to_guardian", _("Send attendance and results messages to the guardian")
    EMPLOYMENT_FOLLOW_UP = "employment_follow_up", _("Contact after graduation about employment")


# Purposes that disclose something about the learner: from age 7 the child must agree too (Art. 24).
DISCLOSING_PURPOSES = frozenset({ConsentPurpose.PHOTO_PUBLICATION, ConsentPurpose.SHARE_WITH_ENTERPRISES})


class Consent(models.Model):
    """One consent for one purpose, never edited: a withdrawal is recorded on it, a new consent is a new row."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    guardian = models.ForeignKey(
        Guardian, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("consent given by (guardian)")
    )
    learner_agreed = models.BooleanField(_("the learner agreed"), default=False)
    given_on = models.DateField(_("given on"))
    evidence = models.CharField(_("evidence"), max_length=255, blank=True, help_text=_("e.g. signed form no. 12"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            # At most one consent in force per purpose.
            models.UniqueConstraint(
                fields=["learner", "purpose"], condition=Q(withdrawn_on__isnull=True), name="consent_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.get_purpose_display()}"


class ImportJob(models.Model):
    """A learner list uploaded by the training office: parsed, previewed, then committed at once."""

    class Status(models.TextChoices):
        PARSING = "parsing", _("Reading the file")
        PREVIEW = "preview", _("Ready to review")
        COMMITTING = "committing", _("Saving")
        DONE = "done", _("Saved")
        FAILED = "failed", _("Failed")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PARSING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    existing_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # What to check in the rows let in: a guardian without a name, a parent's phone that is not kept…
    warnings = models.JSONField(default=list, blank=True)
    warning_rows = models.PositiveIntegerField(default=0)
    header_map = models.JSONField(default=dict, blank=True)
    school_class = models.ForeignKey(
        "academics.SchoolClass", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("enroll into class")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
