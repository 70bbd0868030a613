"""Reads of the interest test. ``attempt_by_token`` and ``latest_attempt_of`` are public: other apps call them
(the admissions form reads a result's token, counseling shows a learner's latest code)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from lotrinh.academics.models import Enrollment, EnrollmentStatus, SchoolClass
from lotrinh.people.models import Learner

from . import riasec
from .models import Instrument, InstrumentItem, InterestAttempt, InterestSession, ItemText

INSTRUMENT_CODE = "iip-riasec-markers"
SECTION_SIZE = 8


def attempt_by_token(token: str) -> InterestAttempt | None:
    """The attempt behind a result address, in the current center's scope; None for a wrong token."""
    if not token or len(token) > 32:
        return None
    return InterestAttempt.objects.filter(token=token).select_related("learner").first()


def latest_attempt_of(learner: Learner) -> InterestAttempt | None:
    return InterestAttempt.objects.filter(learner=learner).order_by("-submitted_at", "-pk").first()


@dataclass(frozen=True)
class ItemRow:
    item_id: str
    riasec_type: str
    order: int
    text: str

    def as_item(self) -> riasec.Item:
        return riasec.Item(self.item_id, self.riasec_type, self.order)


@dataclass(frozen=True)
class Questionnaire:
    instrument_id: int
    version: str
    name: str
    citation: str
    licence: str
    language: str
    source: str
    source_version: str
    items: list[ItemRow]

    @property
    def riasec_items(self) -> list[riasec.Item]:
        return [row.as_item() for row in self.items]

    @property
    def sections(self) -> list[list[ItemRow]]:
        return [self.items[i : i + SECTION_SIZE] for i in range(0, len(self.items), SECTION_SIZE)]

    def number_of(self, item_id: str) -> int:
        return next(row.order for row in self.items if row.item_id == item_id)


# A version's items and texts are loaded by a migration and never edited in place (a change is a new version),
# so each process keeps what it read, under the current version's row id: a new current version, or the rows
# loaded again under new ids, is read afresh.
_QUESTIONNAIRES: dict[tuple[int, str, str], Questionnaire] = {}


def questionnaire(language: str = "vi") -> Questionnaire:
    """The current instrument's items in one language, in question order. The public test page shows it to every
    visitor: one small query for the current version, the items read once per process and version."""
    current = Instrument.objects.filter(code=INSTRUMENT_CODE, is_current=True).values_list("pk", "version").first()
    if current is None:
        raise LookupError(f"no current {INSTRUMENT_CODE} instrument")
    key = (current[0], current[1], language)
    if key not in _QUESTIONNAIRES:
        _QUESTIONNAIRES[key] = _questionnaire_read(current[0], language)
    return _QUESTIONNAIRES[key]


def _questionnaire_read(instrument_id: int, language: str) -> Questionnaire:
    rows = list(
        ItemText.objects.filter(language=language, item__instrument_id=instrument_id)
        .order_by("item__order")
        .values_list(
            "item__item_id",
            "item__riasec_type",
            "item__order",
            "text",
            "source",
            "source_version",
            "item__instrument_id",
            "item__instrument__version",
            "item__instrument__name",
            "item__instrument__citation",
            "item__instrument__licence",
        )
    )
    if not rows:
        raise LookupError(f"no {INSTRUMENT_CODE} items in {language}")
    first = rows[0]
    return Questionnaire(
        instrument_id=first[6],
        version=first[7],
        name=first[8],
        citation=first[9],
        licence=first[10],
        language=language,
        source=first[4],
        source_version=first[5],
        items=[ItemRow(row[0], row[1], row[2], row[3]) for row in rows],
    )


def instrument_items() -> list[InstrumentItem]:
    """Every item of the current instrument with all its texts (two queries)."""
    return list(
        InstrumentItem.objects.filter(instrument__code=INSTRUMENT_CODE, instrument__is_current=True)
        .select_related("instrument")
        .prefetch_related(Prefetch("texts", queryset=ItemText.objects.order_by("language")))
        .order_by("order")
    )


def session_list():
    """Sessions with their class and the number of attempts (one query)."""
    return InterestSession.objects.select_related("school_class", "opened_by").annotate(attempt_count=Count("attempts"))


def open_session_by_code(join_code: str) -> InterestSession | None:
    code = (join_code or "").strip().upper()
    if not code or len(code) > 12:
        return None
    return InterestSession.objects.filter(join_code=code).select_related("school_class").first()


def class_roster(school_class: SchoolClass) -> list[Learner]:
    """The learners enrolled in a class now (one query), by name."""
    enrollments = (
        Enrollment.objects.filter(school_class=school_class, status=EnrollmentStatus.ENROLLED)
        .select_related("learner")
        .order_by("learner__name_search", "learner__pk")
    )
    return [e.learner for e in enrollments]


@dataclass
class RosterRow:
    learner: Learner
    attempt: InterestAttempt | None


@dataclass
class SessionDetail:
    session: InterestSession
    rows: list[RosterRow]
    others: list[InterestAttempt]  # attempts of learners no longer on the roster
    submitted: int
    first_letters: list[tuple[str, str, int]] = field(default_factory=list)  # (letter, name, count)
    max_count: int = 0

    @property
    def bars(self) -> list[dict]:
        """The bar chart of first letters: each bar's place in a 300 × 150 SVG (labels above and below)."""
        top, bottom, width = 18, 122, 36
        bars = []
        for index, (letter, name, count) in enumerate(self.first_letters):
            height = round((bottom - top) * count / self.max_count) if self.max_count else 0
            x = 7 + 50 * index
            bars.append(
                {"letter": letter, "name": name, "count": count, "x": x, "y": bottom - height, "height": height,
                 "middle": x + width // 2, "width": width, "label_y": bottom - height - 4, "letter_y": bottom + 18}
            )  # fmt: skip
        return bars


def session_detail(session: InterestSession) -> SessionDetail:
    """The roster with each learner's attempt, and the class summary: a fixed number of queries (two)."""
    from .models import RiasecType

    roster = class_roster(session.school_class)
    attempts = {a.learner_id: a for a in InterestAttempt.objects.filter(session=session).order_by("submitted_at")}
    rows = [RosterRow(learner, attempts.pop(learner.pk, None)) for learner in roster]
    others = list(attempts.values())
    codes = [r.attempt.holland_code for r in rows if r.attempt] + [a.holland_code for a in others]
    counts = riasec.first_letter_distribution(codes)
    labels = dict(RiasecType.choices)
    return SessionDetail(
        session=session,
        rows=rows,
        others=others,
        submitted=len(codes),
        first_letters=[(t, labels[t], counts[t]) for t in riasec.TYPES],
        max_count=max(counts.values()) if codes else 0,
    )


def session_attempts(session: InterestSession):
    return InterestAttempt.objects.filter(session=session).select_related("learner").order_by("submitted_at", "pk")


def recommendations_for(attempt: InterestAttempt, *, center, day, limit: int = 5) -> list | None:
    """The careers area's recommendations for these scores, if that area provides them (None otherwise)."""
    try:
        from lotrinh.careers.selectors import recommendations_for_scores
    except ImportError:
        return None
    return list(recommendations_for_scores(center=center, scores=dict(attempt.scores), day=day))[:limit]
