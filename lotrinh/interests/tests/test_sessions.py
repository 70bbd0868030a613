"""Class sessions: a counselor opens one, learners join with the code (each once, only class members), paper
sheets entered, the class summary; closed sessions refuse answers; teachers get 403."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.factories import EnrollmentFactory, LearnerFactory, SchoolClassFactory
from lotrinh.interests import selectors, services
from lotrinh.interests.models import InterestAttempt, InterestSession

from .conftest import post_data, sheet


def _list_url(center):
    return f"/c/{center.slug}/trac-nghiem/"


def _open(center, klass, user) -> InterestSession:
    with scope(center=center):
        return services.session_open(center=center, school_class=klass, actor=user)


def _token(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def _count(center, **filters) -> int:
    with scope(center=center):
        return InterestAttempt.objects.filter(**filters).count()


def test_it_lets_a_counselor_open_a_session_for_a_class(center_a, carol, klass):
    client = client_for(carol)
    response = client.post(f"/c/{center_a.slug}/trac-nghiem/mo/", {"school_class": klass.pk})
    with scope(center=center_a):
        session = InterestSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/c/{center_a.slug}/trac-nghiem/{session.pk}/"
    assert session.opened_by == carol and session.is_open and len(session.join_code) == 6
    page = client.get(response["Location"]).content.decode()
    assert session.join_code in page and f"/p/{center_a.slug}/trac-nghiem/lop/{session.join_code}/" in page
    assert "Nguyễn Văn An" in page and "Chưa làm" in page
    assert session.join_code in client.get(_list_url(center_a)).content.decode()


def test_it_refuses_a_second_open_session_for_the_same_class(center_a, carol, klass):
    _open(center_a, klass, carol)
    response = client_for(carol).post(f"/c/{center_a.slug}/trac-nghiem/mo/", {"school_class": klass.pk})
    assert response.status_code == 422
    assert "đang có một buổi trắc nghiệm chưa đóng" in response.content.decode()
    with scope(center=center_a):
        assert InterestSession.objects.count() == 1


def test_it_refuses_a_class_of_another_center(center_a, center_b, carol, charlie):
    with scope(center=center_b):
        other = SchoolClassFactory(center=center_b)
    response = client_for(carol).post(f"/c/{center_a.slug}/trac-nghiem/mo/", {"school_class": other.pk})
    assert response.status_code == 422
    with scope(center=center_a):
        assert InterestSession.objects.count() == 0


def test_it_lets_a_learner_join_pick_their_name_and_answer_once(center_a, carol, klass):
    session = _open(center_a, klass, carol)
    an, bich, _ = klass.learners
    url = f"/p/{center_a.slug}/trac-nghiem/lop/{session.join_code.lower()}/"
    client = client_for(None)
    page = client.get(url)
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode()
    response = client.post(url, post_data(sheet(default=4), form_token=_token(page), learner=an.pk))
    assert response.status_code == 302
    with scope(center=center_a):
        attempt = InterestAttempt.objects.get()
    assert (attempt.learner, attempt.session, attempt.source) == (an, session, InterestAttempt.Source.CLASS)
    assert response["Location"] == f"/p/{center_a.slug}/trac-nghiem/ket-qua/{attempt.token}/"
    # An's name is gone from the list; choosing it again (a new form) is refused, nothing saved.
    page = client.get(url)
    assert "Nguyễn Văn An" not in page.content.decode() and "Trần Thị Bích" in page.content.decode()
    again = client.post(url, post_data(sheet(default=2), form_token=_token(page), learner=an.pk))
    assert again.status_code == 422
    assert _count(center_a) == 1
    with scope(center=center_a):
        assert selectors.latest_attempt_of(an) == attempt
        assert selectors.latest_attempt_of(bich) is None


def test_it_refuses_a_learner_who_is_not_in_the_class(center_a, carol, klass):
    session = _open(center_a, klass, carol)
    with scope(center=center_a):
        stranger = LearnerFactory(center=center_a, full_name="Phan Văn Lạ")
        EnrollmentFactory(center=center_a, learner=stranger, school_class=SchoolClassFactory(center=center_a))
    url = f"/p/{center_a.slug}/trac-nghiem/lop/{session.join_code}/"
    client = client_for(None)
    response = client.post(url, post_data(sheet(), form_token=_token(client.get(url)), learner=stranger.pk))
    assert response.status_code == 422
    assert _count(center_a) == 0
    with scope(center=center_a), pytest.raises(ApplicationError):
        services.attempt_submit(
            center=center_a, answers=sheet(), form_token="x" * 22, learner=stranger, session=session,
            source=InterestAttempt.Source.CLASS,
        )  # fmt: skip


def test_it_names_unanswered_questions_even_without_a_name_chosen(center_a, carol, klass):
    session = _open(center_a, klass, carol)
    url = f"/p/{center_a.slug}/trac-nghiem/lop/{session.join_code}/"
    client = client_for(None)
    answers = sheet()
    del answers["R1"]
    response = client.post(url, post_data(answers, form_token=_token(client.get(url))))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Bạn chưa trả lời câu 1." in page and "Chọn tên của bạn" in page
    assert _count(center_a) == 0


def test_it_refuses_answers_once_the_session_is_closed(center_a, carol, klass):
    session = _open(center_a, klass, carol)
    url = f"/p/{center_a.slug}/trac-nghiem/lop/{session.join_code}/"
    client = client_for(None)
    token = _token(client.get(url))
    assert client_for(carol).post(f"/c/{center_a.slug}/trac-nghiem/{session.pk}/dong/").status_code == 302
    response = client.post(url, post_data(sheet(), form_token=token, learner=klass.learners[0].pk))
    assert response.status_code == 409
    assert "đã đóng" in response.content.decode()
    assert _count(center_a) == 0
    assert "không nhận thêm bài làm" in client.get(url).content.decode()
    with scope(center=center_a), pytest.raises(ApplicationError):
        services.session_close(session=session, actor=carol)


def test_it_answers_404_to_an_unknown_join_code(center_a):
    assert client_for(None).get(f"/p/{center_a.slug}/trac-nghiem/lop/ZZZZZZ/").status_code == 404


def test_it_lets_a_counselor_enter_a_paper_sheet(center_a, carol, klass):
    session = _open(center_a, klass, carol)
    learner = klass.learners[1]
    url = f"/c/{center_a.slug}/trac-nghiem/{session.pk}/phieu/?hoc-vien={learner.pk}"
    client = client_for(carol)
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count("<select") == 48
    answers = sheet({"C": [5, 5, 5, 5, 5, 5, 5, 5], "E": [4, 4, 4, 4, 4, 4, 4, 4]}, default=2)
    form = post_data(answers, form_token=_token(page), **{"hoc-vien": learner.pk})
    response = client.post(f"/c/{center_a.slug}/trac-nghiem/{session.pk}/phieu/", form)
    assert response.status_code == 302
    with scope(center=center_a):
        attempt = InterestAttempt.objects.get()
    assert (attempt.learner, attempt.source, attempt.entered_by) == (learner, InterestAttempt.Source.PAPER, carol)
    assert attempt.scores == {"R": 16, "I": 16, "A": 16, "S": 16, "E": 32, "C": 40}
    assert attempt.code_with_ties == "C>E>R=I=A=S"
    detail = client.get(response["Location"]).content.decode()
    assert "C&gt;E&gt;R=I=A=S" in detail


def test_it_keeps_a_half_typed_paper_sheet_and_saves_nothing(center_a, carol, klass):
    session = _open(center_a, klass, carol)
    learner = klass.learners[0]
    answers = sheet(default=5)
    del answers["I3"]  # question 14
    client = client_for(carol)
    url = f"/c/{center_a.slug}/trac-nghiem/{session.pk}/phieu/"
    form = post_data(answers, form_token="t" * 22, **{"hoc-vien": learner.pk})
    response = client.post(url, form)
    assert response.status_code == 422
    assert "Bạn chưa trả lời câu 14." in response.content.decode()
    assert response.content.decode().count("selected") == 47
    assert _count(center_a) == 0


def test_it_summarises_the_class_in_a_fixed_number_of_queries(center_a, carol, klass):
    session = _open(center_a, klass, carol)
    with scope(center=center_a):
        for learner, default in zip(klass.learners[:2], (4, 2), strict=True):
            services.paper_sheet_enter(
                session=session, learner=learner, answers=sheet({"S": [5] * 8}, default=default),
                form_token=services.new_form_token(), actor=carol,
            )  # fmt: skip
        data = selectors.session_detail(session)
        assert data.submitted == 2
        assert dict((t, n) for t, _, n in data.first_letters) == {"R": 0, "I": 0, "A": 0, "S": 2, "E": 0, "C": 0}
        with CaptureQueriesContext(connection) as few:
            selectors.session_detail(session)
        for _ in range(5):
            extra = LearnerFactory(center=center_a)
            EnrollmentFactory(center=center_a, learner=extra, school_class=klass)
            services.paper_sheet_enter(
                session=session, learner=extra, answers=sheet(), form_token=services.new_form_token(), actor=carol
            )
        with CaptureQueriesContext(connection) as many:
            selectors.session_detail(session)
    assert len(few) == len(many) == 2


def test_it_renders_the_session_page_in_a_fixed_number_of_queries(center_a, carol, klass):
    session = _open(center_a, klass, carol)
    client = client_for(carol)
    url = f"/c/{center_a.slug}/trac-nghiem/{session.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with scope(center=center_a):
        for learner in klass.learners:
            services.paper_sheet_enter(
                session=session, learner=learner, answers=sheet(), form_token=services.new_form_token(), actor=carol
            )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


@pytest.mark.parametrize(
    "method,tail",
    [("post", "mo/"), ("post", "{pk}/dong/"), ("get", "{pk}/phieu/"), ("post", "{pk}/phieu/")],
)
def test_it_answers_403_to_a_teacher_for_counselor_actions(center_a, carol, bob, klass, method, tail):
    session = _open(center_a, klass, carol)
    url = _list_url(center_a) + tail.format(pk=session.pk) + f"?hoc-vien={klass.learners[0].pk}"
    data = {"school_class": klass.pk, **post_data(sheet(), form_token="z" * 22)}
    response = getattr(client_for(bob), method)(url, data) if method == "post" else client_for(bob).get(url)
    assert response.status_code == 403
    with scope(center=center_a):
        assert InterestSession.objects.count() == 1 and InterestSession.objects.get().is_open
    assert _count(center_a) == 0


@pytest.mark.parametrize("tail", ["", "{pk}/"])
def test_it_answers_403_to_a_teacher_for_the_session_pages(center_a, carol, bob, klass, tail):
    session = _open(center_a, klass, carol)
    assert client_for(bob).get(_list_url(center_a) + tail.format(pk=session.pk)).status_code == 403


def test_it_answers_404_to_a_member_of_another_center(center_a, carol, charlie, klass):
    session = _open(center_a, klass, carol)
    assert client_for(charlie).get(_list_url(center_a) + f"{session.pk}/").status_code == 404
