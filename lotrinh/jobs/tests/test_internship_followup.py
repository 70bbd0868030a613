"""Internship follow-up: the enterprise account sees and evaluates only its own published interns."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.factories import LearnerFactory
from lotrinh.jobs import services
from lotrinh.jobs.models import Incident, InternshipAttendance, MentorEvaluation, SafetyBriefing

from .conftest import make_internship

pytestmark = pytest.mark.django_db

SCORES = {"skills": 4, "discipline": 5, "safety": 4, "teamwork": 3, "attitude": 5}


def _form(kind="mid_term", **scores):
    values = {**SCORES, **scores}
    return {"kind": kind, "comment": "Chăm chỉ, tay nghề khá.", **{f"score_{k}": v for k, v in values.items()}}


def _evaluations():
    with scopes_disabled():
        return list(MentorEvaluation.objects.values_list("placement_id", "kind"))


def test_it_lists_only_the_enterprises_own_published_interns(ana, intern, xyz_intern, center_a, abc, trade, alice):
    with scope(center=center_a):
        learner = LearnerFactory(center=center_a, full_name="Hồ Thu Trang")
    make_internship(center_a, enterprise=abc, learner=learner, trade=trade, actor=alice, published=False)
    response = client_for(ana).get(reverse("jobs:enterprise-interns", kwargs={"enterprise_slug": "may-abc"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lê Thị Mai" in body
    assert "Phạm Quốc Bảo" not in body  # another enterprise's intern
    assert "Hồ Thu Trang" not in body  # not published yet


def test_it_lets_the_mentor_evaluate_from_the_enterprise_account(ana, intern):
    url = reverse("jobs:enterprise-intern-record", kwargs={"enterprise_slug": "may-abc", "pk": intern.pk,
                                                            "action": "danh-gia"})  # fmt: skip
    response = client_for(ana).post(url, _form())
    assert response.status_code == 302
    with scopes_disabled():
        evaluation = MentorEvaluation.objects.get()
    assert evaluation.scores == SCORES
    assert evaluation.evaluated_by == ana
    assert evaluation.entered_via == "enterprise"
    assert evaluation.average == 4.2
    again = client_for(ana).post(url, _form())
    assert again.status_code == 422
    assert "Phiếu đánh giá này đã được nhập." in again.content.decode()


def test_it_answers_404_for_another_enterprises_intern(ana, xyz_intern):
    client = client_for(ana)
    detail = reverse("jobs:enterprise-intern", kwargs={"enterprise_slug": "may-abc", "pk": xyz_intern.pk})
    record = reverse("jobs:enterprise-intern-record", kwargs={"enterprise_slug": "may-abc", "pk": xyz_intern.pk,
                                                               "action": "danh-gia"})  # fmt: skip
    assert client.get(detail).status_code == 404
    assert client.post(record, _form()).status_code == 404
    assert _evaluations() == []


def test_it_answers_404_for_another_enterprises_pages(ana, xavier, intern):
    url = reverse("jobs:enterprise-interns", kwargs={"enterprise_slug": "may-abc"})
    assert client_for(xavier).get(url).status_code == 404
    detail = reverse("jobs:enterprise-intern", kwargs={"enterprise_slug": "go-xyz", "pk": intern.pk})
    assert client_for(xavier).get(detail).status_code == 404


def test_it_refuses_in_the_service_an_intern_who_is_not_theirs(ana, abc, xyz_intern, center_a):
    with scope(center=center_a), pytest.raises(ApplicationError) as error:
        services.mentor_evaluation_create(placement=xyz_intern, kind="final", scores=SCORES, enterprise=abc, actor=ana)
    assert error.value.message == "Thực tập sinh này không thuộc doanh nghiệp của bạn."
    assert _evaluations() == []


def test_it_refuses_an_evaluation_before_the_internship_is_published(center_a, abc, trade, alice, ana):
    with scope(center=center_a):
        learner = LearnerFactory(center=center_a)
    placement = make_internship(center_a, enterprise=abc, learner=learner, trade=trade, actor=alice, published=False)
    with scope(center=center_a), pytest.raises(ApplicationError) as error:
        services.mentor_evaluation_create(placement=placement, kind="final", scores=SCORES, enterprise=abc, actor=ana)
    assert "chưa được công bố" in error.value.message
    url = reverse("jobs:enterprise-intern", kwargs={"enterprise_slug": "may-abc", "pk": placement.pk})
    assert client_for(ana).get(url).status_code == 404
    assert _evaluations() == []


def test_it_refuses_a_missing_score_and_saves_nothing(ana, intern):
    url = reverse("jobs:enterprise-intern-record", kwargs={"enterprise_slug": "may-abc", "pk": intern.pk,
                                                            "action": "danh-gia"})  # fmt: skip
    data = _form()
    del data["score_safety"]
    response = client_for(ana).post(url, data)
    assert response.status_code == 422
    assert _evaluations() == []


def test_it_records_attendance_briefing_and_incidents(ana, intern, today):
    client = client_for(ana)

    def post(action, data):
        kwargs = {"enterprise_slug": "may-abc", "pk": intern.pk, "action": action}
        return client.post(reverse("jobs:enterprise-intern-record", kwargs=kwargs), data)

    day = today.strftime("%d/%m/%Y")
    assert post("diem-danh", {"date": day, "status": "late", "note": "Trễ 15 phút"}).status_code == 302
    assert post("diem-danh", {"date": day, "status": "present"}).status_code == 302  # corrected, not doubled
    assert post("an-toan", {"held_on": day, "topics": "PCCC, an toàn điện, máy may công nghiệp"}).status_code == 302
    assert post("an-toan", {"held_on": day, "topics": "Lần hai"}).status_code == 422
    assert post("su-co", {"occurred_on": day, "severity": "minor", "description": "Kim may đâm vào tay",
                          "actions": "Sơ cứu tại chỗ"}).status_code == 302  # fmt: skip
    future = (today + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    assert post("diem-danh", {"date": future, "status": "present"}).status_code == 422
    with scopes_disabled():
        assert list(InternshipAttendance.objects.values_list("status", flat=True)) == ["present"]
        assert SafetyBriefing.objects.count() == 1
        assert Incident.objects.count() == 1
        intern.refresh_from_db()
    assert intern.safety_briefing_confirmed_on == today


def test_it_lets_staff_follow_and_forbids_a_teacher(center_a, alice, bob, intern):
    list_url = reverse("jobs:internship-list", kwargs={"center_slug": center_a.slug})
    detail = reverse("jobs:internship-detail", kwargs={"center_slug": center_a.slug, "pk": intern.pk})
    assert "Lê Thị Mai" in client_for(alice).get(list_url).content.decode()
    assert client_for(alice).get(detail).status_code == 200
    assert client_for(bob).get(list_url).status_code == 403
    record = reverse("jobs:internship-record", kwargs={"center_slug": center_a.slug, "pk": intern.pk,
                                                        "action": "danh-gia"})  # fmt: skip
    assert client_for(bob).post(record, _form()).status_code == 403
    assert client_for(alice).post(record, _form(kind="final")).status_code == 302
    with scopes_disabled():
        assert MentorEvaluation.objects.get().entered_via == "staff"


def test_it_lets_a_counselor_read_but_not_record(center_a, intern):
    from lotrinh.conftest import make_user, member
    from lotrinh.core.roles import Role

    counselor = make_user("tuvan", "Võ Thị Tư")
    member(counselor, center_a, Role.COUNSELOR)
    detail = reverse("jobs:internship-detail", kwargs={"center_slug": center_a.slug, "pk": intern.pk})
    assert client_for(counselor).get(detail).status_code == 200
    record = reverse("jobs:internship-record", kwargs={"center_slug": center_a.slug, "pk": intern.pk,
                                                        "action": "diem-danh"})  # fmt: skip
    assert client_for(counselor).post(record, {"date": "01/01/2026", "status": "present"}).status_code == 403


# --- API -----------------------------------------------------------------------------------------------------


def test_it_isolates_the_enterprise_in_the_api(ana, xavier, intern, xyz_intern):
    listing = client_for(ana).get("/api/dn/may-abc/interns")
    assert listing.status_code == 200
    assert [row["placement_id"] for row in listing.json()] == [intern.pk]
    assert client_for(xavier).get("/api/dn/may-abc/interns").status_code == 404
    body = json.dumps({"kind": "final", "scores": SCORES})
    foreign = client_for(ana).post(f"/api/dn/may-abc/interns/{xyz_intern.pk}/evaluations", body,
                                   content_type="application/json")  # fmt: skip
    assert foreign.status_code == 404
    assert _evaluations() == []
    own = client_for(ana).post(f"/api/dn/may-abc/interns/{intern.pk}/evaluations", body,
                               content_type="application/json")  # fmt: skip
    assert own.status_code == 201
    assert own.json()["evaluations"][0]["average"] == 4.2


def test_it_answers_400_in_vietnamese_for_an_unknown_criterion(ana, intern):
    body = json.dumps({"kind": "final", "scores": {**SCORES, "ngoai-ngu": 3}})
    response = client_for(ana).post(f"/api/dn/may-abc/interns/{intern.pk}/evaluations", body,
                                    content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"] == "Chấm mọi tiêu chí từ 1 đến 5."
    assert _evaluations() == []


def test_it_forbids_the_staff_api_to_a_teacher(center_a, bob, charlie, intern):
    url = f"/api/c/{center_a.slug}/internships/follow-up"
    assert client_for(bob).get(url).status_code == 403
    assert client_for(charlie).get(url).status_code == 404
