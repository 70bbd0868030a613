"""The demo's learner records follow the same rules as real ones."""

import random

from django.utils import timezone
from django_scopes import scope

from lotrinh.core import crypto
from lotrinh.factories import populate
from lotrinh.people import services
from lotrinh.people.demo import demo_extend
from lotrinh.people.models import Consent, Learner, LearnerGuardian


def test_it_gives_most_learners_valid_realistic_data(center_a, alice, bob):
    today = timezone.localdate()
    with scope(center=center_a):
        populate(center_a, classes=4, learners_per_class=25, teacher=bob, day=today)
        added = demo_extend(center=center_a, rng=random.Random(7), today=today)
        learners = list(Learner.objects.all())
        places = services.id_place_codes()
        numbered = [x for x in learners if x.id_number_encrypted]
        for learner in numbered:
            checked = services.id_number_check(
                crypto.decrypt(learner.id_number_encrypted),
                sex=learner.sex,
                date_of_birth=learner.date_of_birth,
                place_codes=places,
            )
            assert checked.errors == [], learner
            assert learner.id_number_digest == services.id_number_digest(checked.digits)
        linked = {}
        for link in LearnerGuardian.objects.all():
            linked.setdefault(link.learner_id, set()).add(link.guardian_id)
        for consent in Consent.objects.select_related("learner", "guardian"):
            assert not services.consent_errors(
                learner=consent.learner,
                purpose=consent.purpose,
                guardian=consent.guardian,
                learner_agreed=consent.learner_agreed,
                given_on=consent.given_on,
                today=today,
                linked_guardian_ids=linked.get(consent.learner_id, set()),
            )
    assert 55 <= added["learners"] <= 85
    assert len(numbered) >= 50
    assert added["guardians"] > 0 and added["consents"] > 0
