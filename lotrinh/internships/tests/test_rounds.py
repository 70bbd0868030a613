"""Rounds, slots, preferences, the allocation service and publication: pages and services."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.internships import selectors, services
from lotrinh.internships.models import (
    AllocationRun,
    InternshipPreference,
    InternshipRound,
    InternshipSlot,
    PairRule,
    Placement,
    Unplaced,
)

from .conftest import add_slot


def _url(name, center, **kw):
    return reverse(f"internships:{name}", kwargs={"center_slug": center.slug, **kw})


def test_it_lists_rounds_and_creates_one(center_a, officer, weld, today):
    client = client_for(officer)
    assert client.get(_url("round-list", center_a)).status_code == 200
    response = client.post(
        _url("round-list", center_a),
        {"name": "Thực tập tháng 3", "trade": weld.pk, "starts_on": (today + dt.timedelta(days=30)).strftime("%d/%m/%Y"), "weeks": "6", "max_distance_km": "15"},  # noqa: E501
    )  # fmt: skip
    with scope(center=center_a):
        round = InternshipRound.objects.get()
    assert response.status_code == 302 and round.weeks == 6 and round.trade == weld


def test_it_refuses_a_round_of_zero_weeks(center_a, officer, today):
    response = client_for(officer).post(
        _url("round-list", center_a),
        {"name": "X", "starts_on": today.strftime("%d/%m/%Y"), "weeks": "0", "max_distance_km": "15"},
    )
    assert response.status_code == 422
    assert "Mỗi đợt kéo dài ít nhất một tuần." in response.content.decode()
    with scope(center=center_a):
        assert not InternshipRound.objects.exists()


def test_it_forbids_the_teacher(center_a, bob, round_):
    client = client_for(bob)
    assert client.get(_url("round-list", center_a)).status_code == 403
    assert client.get(_url("round-detail", center_a, pk=round_.pk)).status_code == 403
    for name in ("slot-create", "preference-save", "pair-rule", "run", "publish", "reopen"):
        assert client.post(_url(name, center_a, pk=round_.pk)).status_code == 403, name


def test_it_refuses_a_slot_of_zero_capacity_and_saves_nothing(center_a, officer, round_, abc, weld):
    response = client_for(officer).post(
        _url("slot-create", center_a, pk=round_.pk),
        {"enterprise": abc.pk, "trade": weld.pk, "capacity": "0", "place": "KCN", "day1": "1", "from1": "07:30", "to1": "11:30"},  # noqa: E501
    )  # fmt: skip
    assert response.status_code == 422
    assert "Số chỗ phải ít nhất là 1." in response.content.decode()
    with scope(center=center_a):
        assert not InternshipSlot.objects.exists()
    with scope(center=center_a), pytest.raises(ApplicationError) as error:
        add_slot(round_, abc, weld, capacity=0, actor=officer)
    assert error.value.errors["capacity"] == ["Số chỗ phải ít nhất là 1."]


def test_it_adds_a_slot_with_its_hours(center_a, officer, round_, abc, weld):
    response = client_for(officer).post(
        _url("slot-create", center_a, pk=round_.pk),
        {"enterprise": abc.pk, "trade": weld.pk, "capacity": "3", "place": "KCN Nam Đông Hà", "day1": "1", "from1": "07:30", "to1": "11:30", "day2": "3", "from2": "13:30", "to2": "17:00", "safety_briefing_required": "on"},  # noqa: E501
    )  # fmt: skip
    assert response.status_code == 302
    with scope(center=center_a):
        slot = InternshipSlot.objects.get()
        assert [(b.weekday, b.starts_at) for b in slot.blocks.all()] == [(1, dt.time(7, 30)), (3, dt.time(13, 30))]
        assert (
            AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="internships.internshipslot").count()
            == 1
        )


def test_it_saves_ranked_choices_and_refuses_bad_ones(center_a, officer, round_, abc, weld, weld_class):
    with scope(center=center_a):
        s1 = add_slot(round_, abc, weld, actor=officer)
        s2 = add_slot(round_, abc, weld, actor=officer)
    learner = weld_class.learners[0]
    client = client_for(officer)
    url = _url("preference-save", center_a, pk=round_.pk)
    ok = client.post(url, {"learner": learner.pk, "c1": s2.pk, "c2": s1.pk}, headers={"HX-Request": "true"})
    assert ok.status_code == 200
    with scope(center=center_a):
        assert list(InternshipPreference.objects.values_list("rank", "slot_id")) == [(1, s2.pk), (2, s1.pk)]
    twice = client.post(url, {"learner": learner.pk, "c1": s1.pk, "c3": s1.pk}, headers={"HX-Request": "true"})
    assert twice.status_code == 422
    assert "Mỗi chỗ thực tập chỉ được chọn một lần." in twice.content.decode()
    sixth = client.post(url, {"learner": learner.pk, "c6": s1.pk}, headers={"HX-Request": "true"})
    assert sixth.status_code == 422
    with scope(center=center_a):
        assert list(InternshipPreference.objects.values_list("rank", "slot_id")) == [(1, s2.pk), (2, s1.pk)]
        for bad in ([(6, s1.pk)], [(1, s1.pk), (1, s2.pk)]):
            with pytest.raises(ApplicationError):
                services.preference_set(round=round_, learner=learner, choices=bad, actor=officer)
        assert InternshipPreference.objects.count() == 2


def _allocated(center_a, officer, round_, abc, weld, weld_class):
    with scope(center=center_a):
        monday = add_slot(round_, abc, weld, capacity=2, actor=officer, blocks=[(0, dt.time(7, 0), dt.time(11, 0))])
        tuesday = add_slot(round_, abc, weld, capacity=1, actor=officer)
        first, second, _third = weld_class.learners
        services.preference_set(round=round_, learner=first, choices=[(1, monday.pk), (2, tuesday.pk)], actor=officer)
        services.preference_set(round=round_, learner=second, choices=[(1, tuesday.pk)], actor=officer)
        run = services.allocation_run(round=round_, actor=officer)
    return run, monday, tuesday


def test_it_runs_the_allocation_and_explains_each_learner(center_a, officer, round_, abc, weld, weld_class):
    run, _monday, tuesday = _allocated(center_a, officer, round_, abc, weld, weld_class)
    with scope(center=center_a):
        round_.refresh_from_db()
        assert round_.status == InternshipRound.Status.ALLOCATED
        assert run.status == "OPTIMAL" and run.solver == "min_cost_flow" and run.placed == 1
        placement = Placement.objects.get()
        assert placement.slot == tuesday and placement.learner == weld_class.learners[1]
        assert placement.explanation.startswith("Nguyện vọng 1; cách nhà 7 km; không trùng giờ học văn hóa")
        unplaced = {u.learner_id: u for u in Unplaced.objects.all()}
        # The Monday slot clashes with the class's Monday culture lessons for everybody.
        first = unplaced[weld_class.learners[0].pk]
        assert first.reason == Unplaced.Reason.FULL
        assert (
            AuditEvent.objects.filter(
                action=AuditEvent.Action.UPDATE, object_type="internships.internshipround", changes__has_key="placed"
            ).count()
            == 1
        )
    page = client_for(officer).get(_url("round-detail", center_a, pk=round_.pk)).content.decode()
    assert "luồng chi phí nhỏ nhất" in page and "min_cost_flow" not in page  # the method by its name, not its code


def test_it_names_the_clash_when_every_slot_clashes(center_a, officer, round_, abc, weld, weld_class):
    with scope(center=center_a):
        add_slot(round_, abc, weld, capacity=5, actor=officer, blocks=[(0, dt.time(8, 0), dt.time(11, 0))])
        services.allocation_run(round=round_, actor=officer)
        reasons = set(Unplaced.objects.values_list("reason", "explanation"))
    assert reasons == {
        ("timetable_clash", "Mọi chỗ thực tập nghề Hàn đều trùng giờ học văn hóa (Thứ Hai 07:30–09:00).")
    }


def test_it_explains_a_round_without_slots_for_the_trade(center_a, officer, round_, weld_class):
    with scope(center=center_a):
        run = services.allocation_run(round=round_, actor=officer)
        assert run.placed == 0
        texts = set(Unplaced.objects.values_list("explanation", flat=True))
    assert texts == {"Không có chỗ thực tập nào cho nghề Hàn trong đợt này."}


def test_it_pins_forbids_replaces_the_run_and_publishes(center_a, officer, round_, abc, weld, weld_class, today):
    run, _monday, tuesday = _allocated(center_a, officer, round_, abc, weld, weld_class)
    client = client_for(officer)
    third = weld_class.learners[2]
    response = client.post(
        _url("pair-rule", center_a, pk=round_.pk), {"learner": third.pk, "slot": tuesday.pk, "kind": "pin"}
    )
    assert response.status_code == 302
    assert client.post(_url("run", center_a, pk=round_.pk)).status_code == 302
    with scope(center=center_a):
        assert AllocationRun.objects.count() == 1 and AllocationRun.objects.get() != run
        assert Placement.objects.get().learner == third
        assert Placement.objects.get().explanation.startswith("Cán bộ ghim")
        assert PairRule.objects.get().kind == "pin"
    assert client.post(_url("publish", center_a, pk=round_.pk)).status_code == 302
    with scope(center=center_a):
        round_.refresh_from_db()
        placement = Placement.objects.get()
    assert round_.status == "published" and placement.status == "published" and placement.published_at
    # A published round cannot be run again until it is reopened.
    with scope(center=center_a), pytest.raises(ApplicationError):
        services.allocation_run(round=round_, actor=officer)
    learner_url = reverse(
        "internships:learner", kwargs={"portal_slug": center_a.slug, "token": placement.learner_token}
    )
    page = client_for(None).get(learner_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Công ty TNHH Cơ khí ABC" in text and "Thứ Ba 07:30–11:30" in text and "an toàn" in text
    wrong = reverse("internships:learner", kwargs={"portal_slug": center_a.slug, "token": "x" * 22})
    assert client_for(None).get(wrong).status_code == 404
    assert client.post(_url("reopen", center_a, pk=round_.pk)).status_code == 302
    assert client_for(None).get(learner_url).status_code == 404


def test_it_refuses_more_pins_than_places(center_a, officer, round_, abc, weld, weld_class):
    with scope(center=center_a):
        slot = add_slot(round_, abc, weld, capacity=1, actor=officer)
        first, second, _ = weld_class.learners
        services.pair_rule_set(round=round_, learner=first, slot=slot, kind="pin", reason="", actor=officer)
        with pytest.raises(ApplicationError):
            services.pair_rule_set(round=round_, learner=second, slot=slot, kind="pin", reason="", actor=officer)
        assert PairRule.objects.count() == 1


def test_it_shows_the_round_page_in_a_fixed_number_of_queries(center_a, officer, round_, abc, weld, weld_class):
    _allocated(center_a, officer, round_, abc, weld, weld_class)
    client = client_for(officer)
    url = _url("round-detail", center_a, pk=round_.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with scope(center=center_a):
        for _i in range(3):
            add_slot(round_, abc, weld, actor=officer)
        from lotrinh.factories import EnrollmentFactory, LearnerFactory

        for _i in range(4):
            learner = LearnerFactory(center=center_a)
            EnrollmentFactory(center=center_a, learner=learner, school_class=weld_class)
        services.allocation_run(round=round_, actor=officer)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_it_reads_the_allocation_inputs_in_a_fixed_number_of_queries(center_a, officer, round_, abc, weld, weld_class):
    with scope(center=center_a):
        add_slot(round_, abc, weld, actor=officer)
        with CaptureQueriesContext(connection) as few:
            services.allocation_inputs(round_)
        for _i in range(3):
            add_slot(round_, abc, weld, actor=officer)
        with CaptureQueriesContext(connection) as many:
            learners, slots, _rules = services.allocation_inputs(round_)
    assert len(many) == len(few) and len(slots) == 4 and len(learners) == 3
    with scopes_disabled():
        assert all(lr.busy for lr in learners)
    assert selectors.round_ends_on(round_) == round_.starts_on + dt.timedelta(days=27)
