"""The RIASEC interest test: the instrument (reference data, not scoped), its items and their texts per
language; attempts (public, by a learner of a class, or a paper sheet entered by a counselor) and class sessions.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lotrinh.core.models import Center

from . import hexagon, riasec


class RiasecType(models.TextChoices):
    REALISTIC = "R", _("Realistic")
    INVESTIGATIVE = "I", _("Investigative")
    ARTISTIC = "A", _("Artistic")
    SOCIAL = "S", _("Social")
    ENTERPRISING = "E", _("Enterprising")
    CONVENTIONAL = "C", _("Conventional")


TYPE_DESCRIPTIONS = {
    "R": _("Likes practical work with the hands, tools, machines, plants or animals, often outdoors."),
    "I": _("Likes to observe, ask why, learn and solve problems, often in science or medicine."),
    "A": _("Likes to create: drawing, music, writing, acting, design; freedom to express ideas."),
    "S": _("Likes to help, teach, care for and listen to other people."),
    "E": _("Likes to lead, persuade, sell, run a business or take charge of a group."),
    "C": _("Likes tidy, careful work with numbers, records and clear rules."),
}

# The answer scale, 1 … 5, as the respondent reads it.
ANSWER_CHOICES = [
    (1, _("Strongly dislike")),
    (2, _("Dislike")),
    (3, _("Neither like nor dislike")),
    (4, _("Like")),
    (5, _("Strongly like")),
]


class Instrument(models.Model):
    """One version of a published item set (global reference data)."""

    code = models.CharField(_("code"), max_length=50)
    version = models.CharField(_("version"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    citation = models.TextField(_("citation"))
    licence = models.CharField(_("licence"), max_length=100)
    source_url = models.URLField(_("source"), blank=True)
    is_current = models.BooleanField(_("in use"), default=True)
    min_answer = models.PositiveSmallIntegerField(default=1)
    max_answer = models.PositiveSmallIntegerField(default=5)

    class Meta:
        verbose_name = _("interest instrument")
        verbose_name_plural = _("interest instruments")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="interests_instrument_version"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(is_current=True), name="interests_instrument_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    item_id = models.CharField(_("item"), max_length=10, help_text=_('Stable id, e.g. "R1"'))
    riasec_type = models.CharField(_("interest type"), max_length=1, choices=RiasecType.choices)
    order = models.PositiveSmallIntegerField(_("question number"))

    class Meta:
        ordering = ["instrument", "order"]
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "item_id"], name="interests_item_id"),
            models.UniqueConstraint(fields=["instrument", "order"], name="interests_item_order"),
        ]

    def __str__(self) -> str:
        return self.item_id


class ItemText(models.Model):
    """An item's wording in one language, with where that wording comes from."""

    item = models.ForeignKey(InstrumentItem, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    text = models.CharField(_("text"), max_length=255)
    source = models.CharField(_("translation source"), max_length=255)
    source_version = models.CharField(_("translation version"), max_length=20)
    note = models.CharField(_("translator's note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("item text")
        verbose_name_plural = _("item texts")
        constraints = [models.UniqueConstraint(fields=["item", "language"], name="interests_item_text_language")]

    def __str__(self) -> str:
        return f"{self.item.item_id} [{self.language}] {self.text}"


class InterestSession(models.Model):
    """A counselor runs the test for a whole class: learners join with a code, or paper sheets are entered."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(
        "academics.SchoolClass", on_delete=models.PROTECT, related_name="+", verbose_name=_("class")
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    join_code = models.CharField(_("join code"), max_length=12, unique=True)

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("class test session")
        verbose_name_plural = _("class test sessions")

    def __str__(self) -> str:
        return f"{self.school_class} · {self.opened_at:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class InterestAttempt(models.Model):
    """One completed answer sheet: raw answers by item id, with the instrument version and language."""

    class Source(models.TextChoices):
        PUBLIC = "public", _("Public test page")
        CLASS = "class", _("In a class session")
        PAPER = "paper", _("Paper sheet entered by staff")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    instrument_version = models.CharField(_("instrument version"), max_length=20)
    language = models.CharField(_("language"), max_length=10)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    session = models.ForeignKey(
        InterestSession, null=True, blank=True, on_delete=models.PROTECT, related_name="attempts"
    )
    learner = models.ForeignKey(
        "people.Learner", null=True, blank=True, on_delete=models.CASCADE, related_name="interest_attempts"
    )
    respondent_name = models.CharField(_("name"), max_length=150, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    answers = models.JSONField(_("answers"))  # {"R1": 4, ...}
    scores = models.JSONField(_("scores"))  # {"R": 31, "I": 17, ...}
    holland_code = models.CharField(_("Holland code"), max_length=3)
    code_with_ties = models.CharField(_("Holland code with ties"), max_length=20)
    token = models.CharField(max_length=32, unique=True)  # the result's address
    form_token = models.CharField(max_length=32, unique=True)  # one per form shown: a resubmission finds it
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = ScopedManager(center="center")

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("interest test attempt")
        verbose_name_plural = _("interest test attempts")
        indexes = [models.Index(fields=["learner", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"],
                condition=models.Q(session__isnull=False, learner__isnull=False),
                name="interests_one_attempt_per_learner_and_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent_name or self.token[:6]} · {self.code_with_ties}"

    @property
    def chart(self) -> hexagon.Hexagon:
        return hexagon.hexagon(self.scores)

    @property
    def score_rows(self) -> list[tuple[str, str, int, str]]:
        """(letter, name, score, description) in hexagon order."""
        labels = dict(RiasecType.choices)
        return [(t, labels[t], int(self.scores.get(t, 0)), TYPE_DESCRIPTIONS[t]) for t in riasec.TYPES]

    @property
    def top_types(self) -> list[tuple[str, str, str]]:
        labels = dict(RiasecType.choices)
        return [(t, labels[t], TYPE_DESCRIPTIONS[t]) for t in self.top_letters]

    @property
    def top_letters(self) -> list[str]:
        """The types of the code, ties at the third place included ("S>E>A=C" → S, E, A, C)."""
        return [t for t in self.code_with_ties if t in riasec.TYPES]
