"""The instrument as reference data: 48 items, 8 per type, interleaved, English and Vietnamese; the loader is
idempotent; the demo makes a closed class session and public attempts."""

import importlib
import random
from collections import Counter

from django.apps import apps
from django_scopes import scope

from lotrinh.factories import EnrollmentFactory, LearnerFactory, SchoolClassFactory
from lotrinh.interests import demo, selectors
from lotrinh.interests.models import Instrument, InstrumentItem, InterestAttempt, InterestSession, ItemText

markers = importlib.import_module("lotrinh.interests.migrations.0002_iip_riasec_markers")


def test_it_holds_48_items_8_per_type_in_interleaved_order(db):
    instrument = Instrument.objects.get(code="iip-riasec-markers", is_current=True)
    assert instrument.licence == "public domain" and "Armstrong" in instrument.citation
    items = list(InstrumentItem.objects.filter(instrument=instrument).order_by("order"))
    assert len(items) == 48
    assert Counter(i.riasec_type for i in items) == dict.fromkeys("RIASEC", 8)
    assert [i.item_id for i in items[:8]] == ["R1", "I1", "A1", "S1", "E1", "C1", "R2", "I2"]
    assert items[-1].item_id == "C8" and items[-1].order == 48
    assert ItemText.objects.filter(item__instrument=instrument, language="vi").count() == 48
    assert ItemText.objects.get(item__item_id="R2", language="en").text == "Lay brick or tile"
    vi = ItemText.objects.get(item__item_id="R2", language="vi")
    assert vi.source == "Bản dịch Lộ Trình v1 (2026), dịch xuôi, chưa hiệu đính ngược" and vi.source_version == "v1"


def test_it_loads_the_items_again_without_duplicating_them(db):
    markers.load(apps, None)
    markers.load(apps, None)
    assert InstrumentItem.objects.count() == 48 and ItemText.objects.count() == 96


def test_it_reads_the_items_once_and_then_only_which_version_is_current(db, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(selectors, "_QUESTIONNAIRES", {})
    with django_assert_num_queries(2):  # the current version, its items
        questionnaire = selectors.questionnaire("vi")
    assert len(questionnaire.items) == 48 and len(questionnaire.sections) == 6
    assert questionnaire.number_of("C2") == 12
    with django_assert_num_queries(1):
        assert selectors.questionnaire("vi") is questionnaire


def test_it_reads_a_new_current_version_afresh(db, monkeypatch):
    monkeypatch.setattr(selectors, "_QUESTIONNAIRES", {})
    old = selectors.questionnaire("vi")
    Instrument.objects.filter(pk=old.instrument_id).update(is_current=False)
    new = Instrument.objects.create(
        code=selectors.INSTRUMENT_CODE, version="2027", name="IIP RIASEC Markers", citation="-", licence="public domain"
    )
    item = InstrumentItem.objects.create(instrument=new, item_id="R1", riasec_type="R", order=1)
    ItemText.objects.create(item=item, language="vi", text="Sửa xe máy", source="Bản dịch 2027", source_version="v2")
    fresh = selectors.questionnaire("vi")
    assert (fresh.instrument_id, fresh.version, [row.text for row in fresh.items]) == (new.pk, "2027", ["Sửa xe máy"])


def test_it_builds_demo_sessions_and_public_attempts(center_a, alice, today):
    with scope(center=center_a):
        school_class = SchoolClassFactory(center=center_a)
        for _ in range(24):
            EnrollmentFactory(center=center_a, learner=LearnerFactory(center=center_a), school_class=school_class)
        counts = demo.demo_extend(center=center_a, rng=random.Random(7), today=today)
        session = InterestSession.objects.get()
        attempts = list(InterestAttempt.objects.all())
    assert counts == {"sessions": 1, "attempts": len(attempts)}
    assert not session.is_open
    in_class = [a for a in attempts if a.session_id == session.pk]
    assert 18 <= len(in_class) <= 22 and all(a.learner_id for a in in_class)
    assert len([a for a in attempts if a.session_id is None]) == 5
    assert len({a.holland_code[0] for a in attempts}) >= 4  # varied, not one profile repeated


def test_it_lists_every_type_of_a_code_tied_at_the_third_place():
    attempt = InterestAttempt(holland_code="SEA", code_with_ties="S>E>A=C", scores={})
    assert attempt.top_letters == ["S", "E", "A", "C"]
    assert [t for t, _, _ in attempt.top_types] == ["S", "E", "A", "C"]
