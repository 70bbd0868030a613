"""Programs, classes, enrollments, rooms and timetabled sessions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center, EffectiveDated


class ProgramType(models.Model):
    """Reference data shared by all centers: GDTX upper secondary, 9+, sơ cấp, short course, ..."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_vocational = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program type")
        verbose_name_plural = _("program types")

    def __str__(self) -> str:
        return self.name


class Trade(EffectiveDated):
    """A trade (nghề) taught at sơ cấp or trung cấp level: versioned reference data.

    The national code is optional and flagged unverified until someone checks it against the current list.
    """

    class Level(models.TextChoices):
        SO_CAP = "so_cap", _("Elementary (sơ cấp)")
        TRUNG_CAP = "trung_cap", _("Intermediate (trung cấp)")
        SHORT_COURSE = "short_course", _("Short course under three months")

    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    national_code = models.CharField(_("national code"), max_length=12, blank=True)
    code_verified = models.BooleanField(_("code verified"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        constraints = [models.UniqueConstraint(fields=["name", "level", "valid_from"], name="trade_unique_version")]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    class Kind(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom")
        WORKSHOP = "workshop", _("Workshop")
        COMPUTER_LAB = "computer_lab", _("Computer lab")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=40)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="room_unique_name")]

    def __str__(self) -> str:
        return self.name


class SchoolClass(models.Model):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    program = models.ForeignKey(ProgramType, on_delete=models.PROTECT, verbose_name=_("program"))
    school_year = models.CharField(_("school year"), max_length=9, help_text=_("e.g. 2026-2027"))
    trade = models.ForeignKey(Trade, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("trade"))
    partner_school = models.CharField(
        _("partner school"), max_length=200, blank=True, help_text=_("For 9+ and linkage classes.")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    homeroom_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("homeroom teacher"),
    )

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["school_year", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [models.UniqueConstraint(fields=["center", "school_year", "name"], name="class_unique_name")]

    def __str__(self) -> str:
        return self.name


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    SUSPENDED = "suspended", _("Suspended")
    TRANSFERRED = "transferred", _("Transferred")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    COMPLETED = "completed", _("Completed")
    GRADUATED = "graduated", _("Graduated")


class DropoutReason(models.TextChoices):
    ECONOMIC = "economic", _("Family finances")
    WORK = "work", _("Went to work")
    DISTANCE = "distance", _("Too far from home")
    LEARNING = "learning", _("Learning difficulties")
    FAMILY = "family", _("Family circumstances")
    HEALTH = "health", _("Health")
    MOVED = "moved", _("Moved away")
    MARRIAGE = "marriage", _("Marriage")
    OTHER = "other", _("Other")


class Enrollment(models.Model):
    """A learner in a class. ``status`` mirrors the latest EnrollmentStatusChange, which is never overwritten."""

    Status = EnrollmentStatus

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey("people.Learner", on_delete=models.PROTECT, related_name="enrollments")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED)
    enrolled_on = models.DateField(_("enrolled on"))

    objects = ScopedManager(center="center")

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [models.UniqueConstraint(fields=["learner", "school_class"], name="enrollment_unique_learner")]

    def __str__(self) -> str:
        return f"{self.learner} · {self.school_class}"


class EnrollmentStatusChange(models.Model):
    """One step in an enrollment's history: appended, never updated."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=EnrollmentStatus.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=DropoutReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    effective_on = models.DateField(_("from"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("enrollment status change")
        verbose_name_plural = _("enrollment status changes")
        indexes = [
            models.Index(fields=["center", "status", "effective_on"]),
            # An enrollment's status on a given day: its latest step up to that day, read in order.
            models.Index(fields=["center", "enrollment", "effective_on", "id"], name="status_change_history"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped_out") | ~Q(reason=""), name="status_change_dropout_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} → {self.get_status_display()} ({self.effective_on:%d/%m/%Y})"


class SessionKind(models.TextChoices):
    CULTURE = "culture", _("Culture lesson")
    PRACTICE = "practice", _("Vocational practice")
    THEORY = "theory", _("Vocational theory")


class WeeklySlot(models.Model):
    """A recurring lesson in a class's week; sessions are generated from it for each date."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="weekly_slots")
    weekday = models.PositiveSmallIntegerField(_("weekday"), help_text=_("0 = Monday … 6 = Sunday"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    subject = models.CharField(_("subject"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.CULTURE)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(Room, on_delete=models.PROTECT)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("weekly slot")
        verbose_name_plural = _("weekly slots")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="slot_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.subject}"


class ClassSession(models.Model):
    """One lesson or practice session on the timetable."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="sessions")
    subject = models.CharField(_("subject"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.CULTURE)
    weekly_slot = models.ForeignKey(WeeklySlot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("teacher")
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, verbose_name=_("room"))

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [
            models.Index(fields=["center", "date"]),
            models.Index(fields=["teacher", "date"]),
            models.Index(fields=["room", "date"]),
        ]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.subject}"


class AttendanceRoll(models.Model):
    """The roll of one session: who took it and when. Marks hold one row per learner."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(ClassSession, on_delete=models.CASCADE, related_name="roll")
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(_("taken at"))

    objects = ScopedManager(center="center")

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("rolls")

    def __str__(self) -> str:
        return str(self.session)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Absent with leave")
    UNEXCUSED = "unexcused", _("Absent without leave")


class AttendanceMark(models.Model):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    roll = models.ForeignKey(AttendanceRoll, on_delete=models.CASCADE, related_name="marks")
    learner = models.ForeignKey("people.Learner", on_delete=models.CASCADE, related_name="attendance_marks")
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    # Denormalized from the session so that streaks and trends read one table.
    date = models.DateField(_("date"))

    objects = ScopedManager(center="center")

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [models.UniqueConstraint(fields=["roll", "learner"], name="mark_unique_learner")]
        indexes = [
            # Every query here is scoped to a center, so a learner's history is read on an index that starts
            # with the center too; with the status it covers the streak and risk queries without the table.
            models.Index(fields=["center", "learner", "date", "status"], name="mark_center_learner_date"),
            models.Index(fields=["center", "date", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.get_status_display()}"
