"""Interventions: an owner from the center, a due date, an outcome to close; audited; pages, HTMX rows and the API."""

import datetime as dt

import pytest

from lotrinh.conftest import client_for, make_user, member
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.core.roles import Role
from lotrinh.retention import services
from lotrinh.retention.models import Intervention

from .conftest import enroll, grade10


@pytest.fixture
def learner(in_a):
    return enroll(in_a, grade10(in_a), is_working=True, distance_km=30, has_disability=True)


def plan(learner, owner, actor, day, **extra) -> Intervention:
    values = {"kind": "call_guardian", "due_on": day + dt.timedelta(days=3), "note": "Hỏi lý do nghỉ"}
    return services.intervention_create(learner=learner, owner=owner, actor=actor, **{**values, **extra})


def test_it_plans_an_intervention_and_audits_it(learner, alice, counselor, today):
    intervention = plan(learner, counselor, alice, today)
    assert (intervention.status, intervention.owner, intervention.created_by) == ("open", counselor, alice)
    event = AuditEvent.objects.get(object_type="retention.intervention", object_id=str(intervention.pk))
    assert (event.action, event.actor, event.changes["kind"]) == ("create", alice, [None, "call_guardian"])


def test_it_refuses_an_owner_who_is_not_on_the_centers_staff(learner, alice, charlie, today):
    with pytest.raises(ApplicationError) as error:
        plan(learner, charlie, alice, today)
    assert set(error.value.errors) == {"owner"}
    left = make_user("left", "Người Đã Nghỉ")
    member(left, learner.center, Role.TEACHER).__class__.objects.filter(user=left).update(is_active=False)
    with pytest.raises(ApplicationError):
        plan(learner, left, alice, today)
    assert not Intervention.objects.exists()


def test_it_refuses_a_due_date_in_the_past_and_an_unknown_kind(learner, alice, today):
    with pytest.raises(ApplicationError) as error:
        plan(learner, alice, alice, today, due_on=today - dt.timedelta(days=1), kind="pray")
    assert set(error.value.errors) == {"due_on", "kind"}


def test_it_closes_only_with_an_outcome_and_audits_it(learner, alice, today):
    intervention = plan(learner, alice, alice, today)
    with pytest.raises(ApplicationError) as error:
        services.intervention_close(intervention=intervention, outcome="   ", actor=alice)
    assert error.value.field == "outcome"
    intervention.refresh_from_db()
    assert intervention.status == "open"
    services.intervention_close(intervention=intervention, outcome="Phụ huynh hứa đưa em đi học lại", actor=alice)
    intervention.refresh_from_db()
    assert (intervention.status, intervention.outcome) == ("done", "Phụ huynh hứa đưa em đi học lại")
    assert intervention.closed_at is not None
    event = AuditEvent.objects.filter(object_id=str(intervention.pk), action="update").get()
    assert event.changes["status"] == ["open", "done"]
    with pytest.raises(ApplicationError):
        services.intervention_close(intervention=intervention, outcome="lần nữa", actor=alice)
    with pytest.raises(ApplicationError):
        services.intervention_cancel(intervention=intervention, actor=alice)


def test_it_cancels_an_open_intervention_with_its_reason(learner, alice, today):
    intervention = services.intervention_cancel(
        intervention=plan(learner, alice, alice, today), reason="Lập trùng", actor=alice
    )
    assert (intervention.status, intervention.outcome) == ("cancelled", "Lập trùng")
    assert AuditEvent.objects.filter(object_id=str(intervention.pk), action="update").count() == 1


# --- Pages -------------------------------------------------------------------------------------------


def test_it_plans_from_a_risk_row_in_one_click(learner, alice, counselor, today):
    services.risk_recompute(center=learner.center, today=today)
    client = client_for(counselor)
    url = f"/c/{learner.center.slug}/can-thiep/them/"
    data = {
        "learner": learner.pk,
        "from": "row",
        "kind": "home_visit",
        "owner": counselor.pk,
        "due_on": (today + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
    }
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "intervention-planned" in response["HX-Trigger"]
    content = response.content.decode()
    assert f'id="risk-{learner.pk}"' in content and "row-unattended" not in content
    assert Intervention.objects.get().kind == "home_visit"


def test_it_shows_the_row_again_with_the_error_beside_it(learner, alice, today):
    services.risk_recompute(center=learner.center, today=today)
    response = client_for(alice).post(
        f"/c/{learner.center.slug}/can-thiep/them/",
        {"learner": learner.pk, "from": "row", "kind": "home_visit", "owner": alice.pk, "due_on": "31/02/2026"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'class="errorlist"' in content and 'value="31/02/2026"' in content
    # The lists rendered once for the page keep what was sent: the kind and the person chosen.
    assert '<option value="home_visit" selected>' in content and f'<option value="{alice.pk}" selected>' in content
    assert not Intervention.objects.exists()


def test_it_plans_from_the_learner_page_and_refuses_an_outsider_as_owner(learner, alice, charlie, today):
    client = client_for(alice)
    url = f"/c/{learner.center.slug}/can-thiep/them/"
    due = (today + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    response = client.post(url, {"learner": learner.pk, "kind": "counseling", "owner": charlie.pk, "due_on": due})
    assert response.status_code == 422
    assert "Người phụ trách phải là nhân sự của trung tâm này." in response.content.decode()
    response = client.post(url, {"learner": learner.pk, "kind": "counseling", "owner": alice.pk, "due_on": due})
    assert response.status_code == 302
    assert response["Location"] == f"/c/{learner.center.slug}/duy-tri-si-so/hoc-vien/{learner.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Buổi tư vấn" in page


def test_it_closes_from_the_list_row_and_asks_for_the_outcome(learner, alice, today):
    intervention = plan(learner, alice, alice, today)
    client = client_for(alice)
    url = f"/c/{learner.center.slug}/can-thiep/{intervention.pk}/dong/"
    response = client.post(url, {"from": "row", "outcome": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Hãy ghi kết quả trước khi kết thúc." in response.content.decode()
    response = client.post(url, {"from": "row", "outcome": "Em đã đi học lại"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Em đã đi học lại" in response.content.decode()
    response = client.post(url, {"outcome": "lần nữa"})
    assert response.status_code == 422  # already closed: said on the detail page


def test_it_filters_the_list_by_mine_overdue_and_state(learner, alice, counselor, today):
    mine = plan(learner, alice, alice, today)
    theirs = plan(learner, counselor, alice, today, kind="counseling")
    # Planned a week ago, due yesterday.
    overdue = plan(
        learner, counselor, alice, today, today=today - dt.timedelta(days=7), due_on=today - dt.timedelta(days=1)
    )
    done = services.intervention_close(intervention=plan(learner, alice, alice, today), outcome="xong", actor=alice)
    client = client_for(alice)
    url = f"/c/{learner.center.slug}/can-thiep/"

    def shown(**query) -> set[int]:
        return {i.pk for i in client.get(url, query).context["page"].object_list}

    assert shown() == {mine.pk, theirs.pk, overdue.pk}
    assert shown(mine="on") == {mine.pk}
    assert shown(show="overdue") == {overdue.pk}
    assert shown(show="done") == {done.pk}
    assert shown(show="all") == {mine.pk, theirs.pk, overdue.pk, done.pk}
    assert "row-overdue" in client.get(url).content.decode()


def test_it_keeps_a_teacher_out(learner, alice, bob, today):
    intervention = plan(learner, alice, alice, today)
    client = client_for(bob)
    slug = learner.center.slug
    for path in (
        "duy-tri-si-so/",
        "duy-tri-si-so/nguy-co/",
        f"duy-tri-si-so/hoc-vien/{learner.pk}/",
        "can-thiep/",
        f"can-thiep/{intervention.pk}/",
    ):
        assert client.get(f"/c/{slug}/{path}").status_code == 403, path
    for path in ("can-thiep/them/", f"can-thiep/{intervention.pk}/dong/", f"can-thiep/{intervention.pk}/huy/"):
        assert client.post(f"/c/{slug}/{path}", {"outcome": "x", "learner": learner.pk}).status_code == 403, path
    for path in ("risks", "interventions", "retention/dashboard"):
        assert client.get(f"/api/c/{slug}/{path}").status_code == 403, path
    assert (
        client.post(
            f"/api/c/{slug}/interventions/{intervention.pk}/close", {"outcome": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    intervention.refresh_from_db()
    assert intervention.status == "open"


def test_it_answers_404_to_another_center(learner, alice, charlie, today):
    intervention = plan(learner, alice, alice, today)
    client = client_for(charlie)
    slug = learner.center.slug
    assert client.get(f"/c/{slug}/duy-tri-si-so/").status_code == 404
    assert client.post(f"/c/{slug}/can-thiep/{intervention.pk}/dong/", {"outcome": "x"}).status_code == 404
    assert client.get(f"/api/c/{slug}/interventions").status_code == 404
    # Charlie's own center does not reach A's rows either.
    own = "trung-tam-b"
    assert client.get(f"/c/{own}/can-thiep/{intervention.pk}/").status_code == 404
    assert client.get(f"/c/{own}/duy-tri-si-so/hoc-vien/{learner.pk}/").status_code == 404
    response = client.post(
        f"/c/{own}/can-thiep/them/",
        {"learner": learner.pk, "kind": "counseling", "owner": charlie.pk, "due_on": "01/12/2099"},
    )
    assert response.status_code == 404
    assert Intervention.objects.count() == 1


# --- API ---------------------------------------------------------------------------------------------


def test_it_plans_lists_and_closes_through_the_api(learner, alice, counselor, today):
    client = client_for(alice)
    base = f"/api/c/{learner.center.slug}"
    payload = {
        "learner_id": learner.pk,
        "kind": "support_referral",
        "owner_id": counselor.pk,
        "due_on": (today + dt.timedelta(days=5)).isoformat(),
    }
    response = client.post(f"{base}/interventions", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["kind"], created["owner_name"], created["status"]) == ("support_referral", "Hoàng Minh Tâm", "open")

    response = client.post(f"{base}/interventions", {**payload, "owner_id": 99999}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "owner"

    listing = client.get(f"{base}/interventions").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == created["id"]

    close = f"{base}/interventions/{created['id']}/close"
    assert client.post(close, {"outcome": ""}, content_type="application/json").status_code == 400
    response = client.post(close, {"outcome": "Đã làm hồ sơ hỗ trợ"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert client.get(f"{base}/interventions").json()["count"] == 0


def test_it_lists_risks_with_their_reasons_through_the_api(learner, alice, today):
    services.risk_recompute(center=learner.center, today=today)
    body = client_for(alice).get(f"/api/c/{learner.center.slug}/risks").json()
    assert body["count"] == 1
    risk = body["items"][0]
    assert (risk["learner_id"], risk["level"], risk["method"], risk["has_open_intervention"]) == (
        learner.pk,
        "medium",
        "rules",
        False,
    )
    assert [r["code"] for r in risk["reasons"]] == ["far_from_home", "working", "disability"]
    assert risk["reasons"][0]["text"] == "Nhà cách trung tâm 30 km"


def test_it_exports_the_intervention_and_risk_lists_to_xlsx(learner, alice, today):
    import io

    from django_scopes import scope
    from openpyxl import load_workbook

    with scope(center=learner.center):
        services.intervention_create(
            learner=learner, kind="home_visit", owner=alice, due_on=today + dt.timedelta(days=3), actor=alice
        )
    client = client_for(alice)
    response = client.get(f"/c/{learner.center.slug}/can-thiep/", {"xuat": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == [learner.full_name]
    response = client.get(f"/c/{learner.center.slug}/duy-tri-si-so/nguy-co/", {"xuat": "xlsx"})
    assert load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=2).value
