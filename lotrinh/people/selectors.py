"""Reads of learner records: lists, one learner with everything around it, guardians, consents in force."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lotrinh.academics.models import Enrollment, EnrollmentStatusChange, SchoolClass
from lotrinh.core.text import search_key
from lotrinh.core.validators import normalize_phone

from .models import Consent, ConsentPurpose, Guardian, Learner, LearnerGuardian


def learner_list(
    *, query: str = "", school_class_id: int | None = None, status: str = "", with_ethnicity: bool = False
) -> QuerySet:
    """The current center's learners, filtered; "Nguyen Thi Hang" finds "Nguyễn Thị Hằng".

    ``active_enrollments`` holds the classes a learner is enrolled in now, ``enrollment_list`` every class.
    Ethnicity is joined only for a caller allowed to see it.
    """
    related = ["commune", "ethnicity"] if with_ethnicity else ["commune"]
    learners = Learner.objects.select_related(*related).prefetch_related(
        Prefetch(
            "enrollments",
            queryset=Enrollment.objects.select_related("school_class").order_by("-enrolled_on", "-id"),
            to_attr="enrollment_list",
        )
    )
    if query:
        key = search_key(query)
        learners = learners.filter(Q(name_search__contains=key) | Q(code__iexact=query.strip()))
    if school_class_id or status:
        enrollments = Enrollment.objects.all()
        if school_class_id:
            enrollments = enrollments.filter(school_class_id=school_class_id)
        if status:
            enrollments = enrollments.filter(status=status)
        # One enrollment must match both, and a learner appears once however many match.
        learners = learners.filter(pk__in=enrollments.values("learner_id"))
    return learners


def with_active_enrollments(learners) -> list[Learner]:
    """Set ``active_enrollments`` on learners that came from learner_list (no query)."""
    learners = list(learners)
    for learner in learners:
        learner.active_enrollments = [e for e in learner.enrollment_list if e.status == Enrollment.Status.ENROLLED]
    return learners


def class_choices() -> QuerySet:
    """The center's classes for a filter, newest school year first."""
    return SchoolClass.objects.order_by("-school_year", "name").only("id", "name", "school_year")


def learner_detail_queryset(*, with_ethnicity: bool) -> QuerySet:
    """One learner with guardians, consents and enrollments (with their whole status history) prefetched."""
    related = ["commune__province", "ethnicity"] if with_ethnicity else ["commune__province"]
    return Learner.objects.select_related(*related).prefetch_related(
        Prefetch(
            "guardian_links",
            queryset=LearnerGuardian.objects.select_related("guardian").order_by("-is_primary_contact", "id"),
            to_attr="guardian_list",
        ),
        Prefetch(
            "consents",
            queryset=Consent.objects.select_related("guardian", "recorded_by", "withdrawn_by"),
            to_attr="consent_list",
        ),
        Prefetch(
            "enrollments",
            queryset=Enrollment.objects.select_related("school_class__program")
            .order_by("-enrolled_on", "-id")
            .prefetch_related(
                Prefetch(
                    "status_changes",
                    queryset=EnrollmentStatusChange.objects.select_related("changed_by").order_by("effective_on", "id"),
                    to_attr="history",
                )
            ),
            to_attr="enrollment_list",
        ),
    )


def learner_code_suggestion(today: dt.date | None = None) -> str:
    """The next free code of the form HV<yy><nnnnn>, as the demo and imports number learners."""
    prefix = f"HV{(today or timezone.localdate()).year % 100:02d}"
    numbers = [
        int(code[len(prefix) :])
        for code in Learner.objects.filter(code__startswith=prefix).order_by().values_list("code", flat=True)
        if code[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:05d}"


def guardian_search(*, query: str, limit: int = 10) -> list[Guardian]:
    """The center's guardians whose phone number or name (without diacritics) matches, with their learners."""
    query = query.strip()
    if len(query) < 2:
        return []
    digits = normalize_phone(query)
    condition = Q(name_search__contains=search_key(query))
    if re.fullmatch(r"\+?\d{3,}", digits):
        condition |= Q(phone__contains=digits)
    return list(
        Guardian.objects.filter(condition)
        .prefetch_related(Prefetch("learner_links", queryset=LearnerGuardian.objects.select_related("learner")))
        .order_by("name_search", "id")[:limit]
    )


def guardians_of_learner(learner: Learner) -> QuerySet:
    return (
        LearnerGuardian.objects.filter(learner=learner).select_related("guardian").order_by("-is_primary_contact", "id")
    )


def consents_of_learner(learner: Learner) -> QuerySet:
    return Consent.objects.filter(learner=learner).select_related("guardian", "recorded_by", "withdrawn_by")


def _holds_on(on: dt.date) -> Q:
    return Q(given_on__lte=on) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))


def consent_in_force(learner: Learner, purpose: str, on: dt.date | None = None) -> Consent | None:
    """The consent for ``purpose`` that holds on ``on`` (today by default), or None: silence is not consent."""
    day = on or timezone.localdate()
    return Consent.objects.filter(_holds_on(day), learner=learner, purpose=purpose).order_by("-given_on").first()


def consenting_learner_ids(*, purpose: str, on: dt.date | None = None, learner_ids=None) -> set[int]:
    """The learners (among ``learner_ids`` when given) with a consent for ``purpose`` on ``on``: one query."""
    consents = Consent.objects.filter(_holds_on(on or timezone.localdate()), purpose=purpose)
    if learner_ids is not None:
        consents = consents.filter(learner_id__in=list(learner_ids))
    return set(consents.values_list("learner_id", flat=True))


@dataclass
class ConsentRow:
    purpose: str
    label: str
    in_force: Consent | None = None
    history: list[Consent] = field(default_factory=list)


def consent_rows(consents: list[Consent], *, today: dt.date) -> list[ConsentRow]:
    """One row per purpose (every purpose, so a missing consent shows as missing), from prefetched consents."""
    rows = {value: ConsentRow(purpose=value, label=label) for value, label in ConsentPurpose.choices}
    for consent in sorted(consents, key=lambda c: (c.given_on, c.pk), reverse=True):
        row = rows.get(consent.purpose)
        if row is None:
            continue
        holds = consent.given_on <= today and (consent.withdrawn_on is None or consent.withdrawn_on > today)
        if holds and row.in_force is None:
            row.in_force = consent
        else:
            row.history.append(consent)
    return list(rows.values())
