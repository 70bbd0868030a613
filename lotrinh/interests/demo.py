"""Demo data of the interest test: a closed class session with about twenty answer sheets and a few public
attempts, with plausible, varied answers (each respondent leans towards two or three neighbouring types).

Called by core/demo.py inside ``scope(center=center)`` after the classes and learners exist. Deterministic
from ``rng``; attempts go through the service, so the scores, codes and audit rows are the real ones.
"""

import datetime as dt
import random

from django.utils import timezone

from lotrinh.academics.models import Enrollment, EnrollmentStatus, SchoolClass
from lotrinh.core.models import Membership
from lotrinh.core.roles import Role

from . import riasec, selectors, services
from .models import InterestAttempt, InterestSession

PUBLIC_RESPONDENTS = [
    ("Hồ Thị Mỹ Duyên", 2010),
    ("Lê Quang Vinh", 2009),
    ("", None),
    ("Trần Ngọc Ánh", 2010),
    ("Nguyễn Hữu Phước", 2008),
]


def _answers(rng: random.Random, questionnaire) -> dict[str, int]:
    """A respondent who likes one type most, its hexagon neighbours somewhat, the opposite type least."""
    favourite = rng.randrange(6)
    lean = {}
    for index, letter in enumerate(riasec.TYPES):
        distance = min((index - favourite) % 6, (favourite - index) % 6)  # 0 … 3 around the hexagon
        lean[letter] = 4.2 - 0.75 * distance + rng.gauss(0, 0.5)
    return {row.item_id: max(1, min(5, round(rng.gauss(lean[row.riasec_type], 0.9)))) for row in questionnaire.items}


def _counselor(center):
    memberships = Membership.objects.filter(center=center, is_active=True).select_related("user").order_by("id")
    by_role = {}
    for membership in memberships:
        by_role.setdefault(membership.role, membership.user)
    return by_role.get(Role.COUNSELOR) or by_role.get(Role.DIRECTOR) or next(iter(by_role.values()), None)


def demo_extend(*, center, rng: random.Random, today: dt.date) -> dict[str, int]:
    counselor = _counselor(center)
    classes = list(SchoolClass.objects.order_by("id"))
    if counselor is None or not classes:
        return {"sessions": 0, "attempts": 0}
    questionnaire = selectors.questionnaire("vi")
    sizes = {c.pk: Enrollment.objects.filter(school_class=c, status=EnrollmentStatus.ENROLLED).count() for c in classes}
    school_class = max(classes, key=lambda c: (sizes[c.pk] >= 20, -abs(sizes[c.pk] - 24), -c.pk))
    session = services.session_open(center=center, school_class=school_class, actor=counselor)
    roster = selectors.class_roster(school_class)
    answering = roster[: min(len(roster), 18 + rng.randrange(5))]  # a few were absent that day
    opened = timezone.now() - dt.timedelta(days=12 + rng.randrange(6), hours=rng.randrange(4))
    count = 0
    for position, learner in enumerate(answering):
        source = InterestAttempt.Source.PAPER if position % 7 == 3 else InterestAttempt.Source.CLASS
        attempt = services.attempt_submit(
            center=center,
            answers=_answers(rng, questionnaire),
            form_token=services.new_form_token(),
            learner=learner,
            session=session,
            source=source,
            actor=counselor if source == InterestAttempt.Source.PAPER else None,
        )
        InterestAttempt.objects.filter(pk=attempt.pk).update(
            submitted_at=opened + dt.timedelta(minutes=8 + 2 * position + rng.randrange(5))
        )
        count += 1
    services.session_close(session=session, actor=counselor)
    InterestSession.objects.filter(pk=session.pk).update(opened_at=opened, closed_at=opened + dt.timedelta(hours=1))
    for position, (name, year) in enumerate(PUBLIC_RESPONDENTS):
        attempt = services.attempt_submit(
            center=center,
            answers=_answers(rng, questionnaire),
            form_token=services.new_form_token(),
            respondent_name=name,
            birth_year=year,
        )
        InterestAttempt.objects.filter(pk=attempt.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=position * 3 + 1, hours=rng.randrange(10))
        )
        count += 1
    return {"sessions": 1, "attempts": count}
