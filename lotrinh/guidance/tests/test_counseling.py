import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.factories import LearnerFactory
from lotrinh.guidance import selectors, services
from lotrinh.guidance.models import CounselingSession
from lotrinh.people.services import guardian_create


@pytest.fixture
def learner(center_a):
    with scope(center=center_a):
        return LearnerFactory(center=center_a, full_name="Hồ Thu Trang")


@pytest.fixture
def mother(center_a, alice, learner):
    with scope(center=center_a):
        return guardian_create(
            center=center_a, actor=alice, full_name="Nguyễn Thị Lan", phone="0912345678", learner=learner,
            relationship="mother",
        )  # fmt: skip


def _form(today, **extra) -> dict:
    return {
        "held_on": today.strftime("%d/%m/%Y"),
        "counselor": "",
        "topics": ["interests", "trades"],
        "notes": "Em thích nghề điện.",
        "follow_up": "Gọi lại phụ huynh",
        "follow_up_due": (today + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
        **extra,
    }


def test_it_logs_a_session_with_the_guardian_and_audits_it(center_a, counselor, learner, mother, today):
    url = reverse("guidance:counseling-create", args=[center_a.slug]) + f"?hoc_vien={learner.pk}"
    response = client_for(counselor).post(
        url, _form(today, counselor=counselor.pk, guardian_present="on", guardian=mother.pk, learner=learner.pk)
    )
    assert response.status_code == 302
    with scope(center=center_a):
        session = CounselingSession.objects.get()
        assert (session.guardian, session.topics) == (mother, ["interests", "trades"])
        event = AuditEvent.objects.get(object_type="guidance.counselingsession")
        assert event.changes["topics"] == [None, "interests,trades"]
        assert selectors.counseling_sessions_of(learner) == [session]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"topics": []}, "topics"),
        ({"held_on": "31/02/2026"}, "held_on"),
        ({"follow_up_due": ""}, "follow_up_due"),
        ({"guardian_present": "", "guardian": "MOTHER"}, "guardian"),
    ],
)
def test_it_refuses_a_bad_session_and_saves_nothing(center_a, counselor, learner, mother, today, change, field):
    data = _form(today, counselor=counselor.pk, learner=learner.pk, **change)
    if data.get("guardian") == "MOTHER":
        data["guardian"] = mother.pk
    response = client_for(counselor).post(reverse("guidance:counseling-create", args=[center_a.slug]), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    with scope(center=center_a):
        assert not CounselingSession.objects.exists()


def test_it_refuses_a_session_in_the_future_and_a_counselor_of_another_center(center_a, alice, charlie, learner, today):
    with scope(center=center_a):
        with pytest.raises(ApplicationError) as error:
            services.counseling_session_create(
                learner=learner,
                held_on=today + dt.timedelta(days=1),
                counselor=alice,
                topics=["interests"],
                actor=alice,
            )
        assert error.value.field == "held_on"
        with pytest.raises(ApplicationError) as error:
            services.counseling_session_create(
                learner=learner, held_on=today, counselor=charlie, topics=["interests"], actor=alice
            )
        assert error.value.field == "counselor"
        assert not CounselingSession.objects.exists()


def test_it_refuses_a_guardian_who_is_not_the_learners(center_a, alice, learner, today):
    with scope(center=center_a):
        other = LearnerFactory(center=center_a)
        stranger = guardian_create(center=center_a, actor=alice, full_name="Lê Văn Hải", learner=other,
                                   relationship="father")  # fmt: skip
        with pytest.raises(ApplicationError) as error:
            services.counseling_session_create(
                learner=learner, held_on=today, counselor=alice, topics=["family"], guardian_present=True,
                guardian=stranger, actor=alice,
            )  # fmt: skip
        assert error.value.field == "guardian"


def test_it_lists_follow_ups_due_and_marks_one_done(center_a, counselor, learner, today):
    with scope(center=center_a):
        overdue = services.counseling_session_create(
            learner=learner, held_on=today - dt.timedelta(days=20), counselor=counselor, topics=["learning"],
            follow_up="Báo giáo viên chủ nhiệm", follow_up_due=today - dt.timedelta(days=3), actor=counselor,
        )  # fmt: skip
        services.counseling_session_create(
            learner=learner, held_on=today, counselor=counselor, topics=["admissions"], actor=counselor
        )
        assert list(selectors.counseling_list(today=today, follow_up="overdue")) == [overdue]
        assert selectors.follow_ups_due(today=today) == [overdue]
    client = client_for(counselor)
    page = client.get(reverse("guidance:counseling-list", args=[center_a.slug]))
    assert "Báo giáo viên chủ nhiệm" in page.content.decode()
    response = client.post(
        reverse("guidance:counseling-done", args=[center_a.slug, overdue.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "follow-up-done" in response["HX-Trigger"]
    with scope(center=center_a):
        overdue.refresh_from_db()
        assert overdue.follow_up_done
        assert selectors.follow_ups_due(today=today) == []


def test_it_filters_by_topic_and_by_name_without_diacritics(center_a, counselor, learner, today):
    with scope(center=center_a):
        services.counseling_session_create(
            learner=learner, held_on=today, counselor=counselor, topics=["tuition_support"], actor=counselor
        )
        assert selectors.counseling_list(today=today, topic="tuition_support").count() == 1
        assert selectors.counseling_list(today=today, topic="interests").count() == 0
        assert selectors.counseling_list(today=today, q="ho thu trang").count() == 1


def test_it_edits_a_session_and_audits_the_change(center_a, counselor, learner, today):
    with scope(center=center_a):
        session = services.counseling_session_create(
            learner=learner, held_on=today, counselor=counselor, topics=["interests"], actor=counselor
        )
    response = client_for(counselor).post(
        reverse("guidance:counseling-edit", args=[center_a.slug, session.pk]),
        {"held_on": today.strftime("%d/%m/%Y"), "counselor": counselor.pk, "topics": ["interests", "family"],
         "notes": "Đã trao đổi thêm với gia đình."},
    )  # fmt: skip
    assert response.status_code == 302
    with scope(center=center_a):
        session.refresh_from_db()
        assert session.topics == ["interests", "family"]
        event = AuditEvent.objects.filter(object_type="guidance.counselingsession", action="update").get()
        assert event.changes["notes"] == ["", "Đã trao đổi thêm với gia đình."]


def test_it_gives_the_learner_history_partial_to_other_pages(center_a, counselor, learner, today):
    with scope(center=center_a):
        services.counseling_session_create(
            learner=learner, held_on=today, counselor=counselor, topics=["interests"], notes="Ghi chú riêng",
            actor=counselor,
        )  # fmt: skip
    response = client_for(counselor).get(
        reverse("guidance:learner-counseling", args=[center_a.slug, learner.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Ghi chú riêng" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_it_lists_sessions_in_a_fixed_number_of_queries(center_a, counselor, learner, today):
    client = client_for(counselor)
    url = reverse("guidance:counseling-list", args=[center_a.slug])

    def log(n):
        with scope(center=center_a):
            for _ in range(n):
                services.counseling_session_create(
                    learner=LearnerFactory(center=center_a), held_on=today, counselor=counselor, topics=["trades"],
                    follow_up="Gọi lại", follow_up_due=today, actor=counselor,
                )  # fmt: skip

    log(1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    log(10)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
