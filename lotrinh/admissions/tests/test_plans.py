"""The admission plan and its targets: editable with plans.manage; a target below zero is refused, nothing saved."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scope, scopes_disabled

from lotrinh.academics.models import ProgramType
from lotrinh.admissions import services
from lotrinh.admissions.models import AdmissionPlan, AdmissionTarget
from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError


def _url(center) -> str:
    return f"/c/{center.slug}/tuyen-sinh/ke-hoach/"


def test_it_creates_a_plan_from_the_page(center_a, alice, today):
    response = client_for(alice).post(
        _url(center_a),
        {
            "form": "new-plan",
            "school_year": "2027-2028",
            "opens_on": today.strftime("%d/%m/%Y"),
            "closes_on": (today + dt.timedelta(days=60)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        plan = AdmissionPlan.objects.get()
    assert plan.school_year == "2027-2028" and plan.center_id == center_a.pk


def test_it_refuses_a_plan_that_closes_before_it_opens(center_a, alice, today):
    response = client_for(alice).post(
        _url(center_a),
        {
            "form": "new-plan",
            "school_year": "2027-2028",
            "opens_on": today.strftime("%d/%m/%Y"),
            "closes_on": (today - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 422
    assert "Hạn nộp hồ sơ sớm hơn ngày bắt đầu nhận" in response.content.decode()
    with scopes_disabled():
        assert not AdmissionPlan.objects.exists()


def test_it_sets_and_changes_a_target(center_a, alice, plan):
    client = client_for(alice)
    program = ProgramType.objects.get(code="gdtx-thpt")
    for value in ("80", "95"):
        response = client.post(
            _url(center_a) + f"?ke-hoach={plan.pk}",
            {"form": "target", "program": program.pk, "trade": "", "target": value},
        )
        assert response.status_code == 302
    with scopes_disabled():
        assert list(AdmissionTarget.objects.values_list("target", flat=True)) == [95]


def test_it_refuses_a_negative_target_and_saves_nothing(center_a, alice, plan):
    program = ProgramType.objects.get(code="gdtx-thpt")
    response = client_for(alice).post(
        _url(center_a) + f"?ke-hoach={plan.pk}", {"form": "target", "program": program.pk, "trade": "", "target": "-5"}
    )
    assert response.status_code == 422
    assert "Chỉ tiêu không được nhỏ hơn 0" in response.content.decode()
    with scopes_disabled():
        assert not AdmissionTarget.objects.exists()


def test_it_keeps_a_negative_target_out_of_the_database_too(center_a, plan):
    with scope(center=center_a), pytest.raises(IntegrityError), transaction.atomic():
        AdmissionTarget.objects.create(
            center=center_a, plan=plan, program=ProgramType.objects.get(code="so-cap"), target=-1
        )


def test_it_refuses_a_trade_for_a_program_without_trades(center_a, plan, alice, today):
    from lotrinh.academics.models import Trade

    with scope(center=center_a), pytest.raises(ApplicationError, match="không đào tạo theo nghề"):
        services.target_set(
            plan=plan,
            program=ProgramType.objects.get(code="gdtx-thpt"),
            trade=Trade.objects.first(),
            target=10,
            actor=alice,
        )


def test_it_refuses_a_second_plan_for_the_same_year(center_a, plan, alice, today):
    with scope(center=center_a), pytest.raises(ApplicationError, match="Đã có kế hoạch"):
        services.plan_create(
            center=center_a, school_year=plan.school_year, opens_on=today, closes_on=today, actor=alice
        )


@pytest.mark.parametrize("who", ["officer", "counselor", "bob"])
def test_it_lets_only_the_direction_edit_the_plan(center_a, plan, who, request):
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(_url(center_a)).status_code == 403
    assert client.post(_url(center_a), {"form": "target", "program": 1, "target": 5}).status_code == 403
    with scopes_disabled():
        assert not AdmissionTarget.objects.exists()
