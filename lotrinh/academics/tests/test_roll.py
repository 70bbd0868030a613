"""Attendance: the day's sessions, the roll of 40 in one request, re-takes audited, missing rolls, streaks."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from lotrinh.academics import selectors, services
from lotrinh.academics.models import AttendanceMark, AttendanceRoll
from lotrinh.conftest import client_for
from lotrinh.core import notify
from lotrinh.core.database import planner_statistics_refresh
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, OutboundMessage
from lotrinh.people.models import Consent, ConsentPurpose, Guardian, LearnerGuardian

from .conftest import make_class, make_session


def _roll_url(center, pk):
    return f"/c/{center.slug}/diem-danh/{pk}/"


def _post_data(learners, exceptions=None):
    exceptions = exceptions or {}
    return {f"m-{x.pk}": exceptions.get(x.pk, "present") for x in learners}


@pytest.fixture
def big(center_a, bob, room, today):
    """A class of 40 with a session today taught by bob."""
    with scope(center=center_a):
        school_class, learners = make_class(center_a, name="10A2", learners=40, homeroom=bob)
        session = make_session(school_class, teacher=bob, room=room, day=today)
    return session, learners


def test_it_lists_a_teachers_sessions_today(center_a, bob, gina, room, today, big):
    session, _ = big
    with scope(center=center_a):
        other, _ = make_class(center_a, name="11A1", learners=2)
        make_session(other, teacher=gina, room=room, day=today, start=(9, 0), end=(10, 0))
    response = client_for(bob).get(f"/c/{center_a.slug}/diem-danh/")
    assert [s.pk for s in response.context["sessions"]] == [session.pk]
    assert response.context["sessions"][0].headcount == 40
    assert _roll_url(center_a, session.pk) in response.content.decode()


def test_it_lists_every_session_of_the_day_to_a_manager(center_a, tina, gina, room, today, big):
    with scope(center=center_a):
        other, _ = make_class(center_a, name="11A1", learners=2)
        make_session(other, teacher=gina, room=room, day=today, start=(9, 0), end=(10, 0))
    response = client_for(tina).get(f"/c/{center_a.slug}/diem-danh/")
    assert len(response.context["sessions"]) == 2


def test_it_shows_everyone_present_by_default(center_a, bob, big):
    session, _learners = big
    response = client_for(bob).get(_roll_url(center_a, session.pk))
    assert response.status_code == 200
    rows = response.context["sheet"].rows
    assert len(rows) == 40
    assert {r.status for r in rows} == {"present"}
    content = response.content.decode()
    # Without JavaScript the radios work; the tap buttons are revealed by the script.
    assert content.count('type="radio"') == 160
    assert content.count('value="present" checked') == 40


def test_it_takes_the_roll_of_40_in_one_request(center_a, bob, big):
    session, learners = big
    exceptions = {learners[3].pk: "unexcused", learners[10].pk: "excused", learners[20].pk: "late"}
    client = client_for(bob)
    response = client.post(_roll_url(center_a, session.pk), _post_data(learners, exceptions))
    assert response.status_code == 302
    assert response["Location"] == _roll_url(center_a, session.pk)
    with scope(center=center_a):
        roll = AttendanceRoll.objects.get(session=session)
        assert roll.taken_by == bob
        marks = dict(AttendanceMark.objects.filter(roll=roll).values_list("learner_id", "status"))
    assert len(marks) == 40
    assert {k: v for k, v in marks.items() if v != "present"} == exceptions
    page = client.get(_roll_url(center_a, session.pk))
    assert [r.status for r in page.context["sheet"].rows].count("present") == 37
    assert "37" in page.content.decode().split('class="msg msg-success"')[1][:200]  # 37 present


def test_it_treats_learners_left_out_as_present(in_center_a, bob, big):
    session, learners = big
    result = services.roll_take(session=session, marks={learners[0].pk: "unexcused"}, actor=bob)
    assert result.counts == {"present": 39, "late": 0, "excused": 0, "unexcused": 1}
    assert AttendanceMark.objects.count() == 40


def test_it_takes_the_roll_in_a_fixed_number_of_queries(center_a, bob, room, today, django_assert_max_num_queries):
    with scope(center=center_a):
        small_class, few = make_class(center_a, name="Nhỏ", learners=5)
        small = make_session(small_class, teacher=bob, room=room, day=today)
        large_class, many = make_class(center_a, name="Lớn", learners=40)
        large = make_session(large_class, teacher=bob, room=room, day=today, start=(9, 0), end=(10, 0))
    client = client_for(bob)
    with django_assert_max_num_queries(40) as few_queries:
        response = client.post(_roll_url(center_a, small.pk), _post_data(few, {few[0].pk: "unexcused"}))
        assert response.status_code == 302
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        response = client.post(_roll_url(center_a, large.pk), _post_data(many, {many[0].pk: "unexcused"}))
        assert response.status_code == 302
    # Re-takes too.
    with django_assert_max_num_queries(40) as few_queries:
        client.post(_roll_url(center_a, small.pk), _post_data(few, {few[1].pk: "late"}))
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        client.post(_roll_url(center_a, large.pk), _post_data(many, {x.pk: "late" for x in many[:30]}))
    with scope(center=center_a):
        assert AttendanceMark.objects.filter(status="late").count() == 31


def test_it_shows_the_roll_page_in_a_fixed_number_of_queries(center_a, bob, room, today, django_assert_max_num_queries):
    with scope(center=center_a):
        small_class, _few = make_class(center_a, name="Nhỏ", learners=5)
        small = make_session(small_class, teacher=bob, room=room, day=today)
        large_class, _many = make_class(center_a, name="Lớn", learners=40)
        large = make_session(large_class, teacher=bob, room=room, day=today, start=(9, 0), end=(10, 0))
        services.roll_take(session=small, marks={}, actor=bob)
        services.roll_take(session=large, marks={}, actor=bob)
    client = client_for(bob)
    with django_assert_max_num_queries(30) as few_queries:
        assert client.get(_roll_url(center_a, small.pk)).status_code == 200
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        assert client.get(_roll_url(center_a, large.pk)).status_code == 200


def test_it_answers_404_for_a_roll_of_a_session_that_does_not_exist(center_a, alice, bob, big):
    session, learners = big
    missing = session.pk + 1000
    assert client_for(bob).get(_roll_url(center_a, missing)).status_code == 404
    assert client_for(alice).post(_roll_url(center_a, missing), _post_data(learners)).status_code == 404
    with scope(center=center_a):
        assert not AttendanceRoll.objects.exists()


def test_it_refuses_learners_not_in_the_class_and_saves_nothing(center_a, bob, big):
    session, learners = big
    with scope(center=center_a):
        _other_class, strangers = make_class(center_a, name="11A9", learners=1)
    data = {**_post_data(learners), f"m-{strangers[0].pk}": "unexcused"}
    response = client_for(bob).post(_roll_url(center_a, session.pk), data)
    assert response.status_code == 422
    assert "11A9" not in response.content.decode()
    assert "10A2" in response.context["errors"][0]
    with scope(center=center_a):
        assert not AttendanceRoll.objects.exists()
        assert not AttendanceMark.objects.exists()


def test_it_refuses_an_unknown_status(center_a, bob, big):
    session, learners = big
    response = client_for(bob).post(_roll_url(center_a, session.pk), _post_data(learners, {learners[0].pk: "asleep"}))
    assert response.status_code == 422
    assert response.context["sheet"].rows  # the form comes back with the marks as sent
    with scope(center=center_a):
        assert not AttendanceRoll.objects.exists()


def test_it_refuses_a_roll_before_the_sessions_day(in_center_a, bob, room, today):
    school_class, _learners = make_class(in_center_a, learners=2)
    session = make_session(school_class, teacher=bob, room=room, day=today + dt.timedelta(days=1))
    with pytest.raises(ApplicationError):
        services.roll_take(session=session, marks={}, actor=bob)
    assert client_for(bob).get(_roll_url(in_center_a, session.pk)).context["too_early"]


def test_it_lets_only_the_teacher_or_a_manager_take_the_roll(center_a, bob, gina, tina, big):
    session, learners = big
    assert client_for(gina).get(_roll_url(center_a, session.pk)).status_code == 403
    assert client_for(gina).post(_roll_url(center_a, session.pk), _post_data(learners)).status_code == 403
    assert client_for(tina).post(_roll_url(center_a, session.pk), _post_data(learners)).status_code == 302
    with scope(center=center_a):
        assert AttendanceRoll.objects.get().taken_by == tina


def test_it_audits_a_retake_old_to_new_per_learner_in_one_row(center_a, bob, tina, big):
    session, learners = big
    client_for(bob).post(_roll_url(center_a, session.pk), _post_data(learners, {learners[0].pk: "unexcused"}))
    exceptions = {learners[0].pk: "excused", learners[1].pk: "late"}
    client_for(tina).post(_roll_url(center_a, session.pk), _post_data(learners, exceptions))
    with scope(center=center_a):
        events = AuditEvent.objects.filter(object_type="academics.attendanceroll")
        assert [e.action for e in events.order_by("id")] == ["create", "update"]
        change = events.get(action="update")
        assert change.actor == tina
        assert change.changes == {
            f"{learners[0].code} {learners[0].full_name}": ["Vắng không phép", "Vắng có phép"],
            f"{learners[1].code} {learners[1].full_name}": ["Có mặt", "Đi muộn"],
        }
        marks = dict(AttendanceMark.objects.values_list("learner_id", "status"))
        assert marks[learners[0].pk] == "excused"
        assert AttendanceMark.objects.count() == 40


def test_it_reads_of_each_learner_only_the_code_and_name_it_writes_in_the_log(in_center_a, bob, big):
    session, learners = big
    services.roll_take(session=session, marks={learners[0].pk: "unexcused"}, actor=bob)
    with CaptureQueriesContext(connection) as queries:
        result = services.roll_take(session=session, marks={learners[1].pk: "late"}, actor=bob)
    assert result.changed == 2
    learner_reads = [q["sql"] for q in queries.captured_queries if '"people_learner"' in q["sql"]]
    assert len(learner_reads) == 2  # the class's learners, and those of the marks already there
    for sql in learner_reads:  # a roll has no use for an ID number, a phone or an address
        assert '"people_learner"."full_name"' in sql and '"people_learner"."code"' in sql
        assert not {"id_number_encrypted", "phone", "street_address", "date_of_birth"} & set(
            re.findall(r'"people_learner"\."(\w+)"', sql)
        )


def test_it_keeps_a_learner_who_left_on_an_old_roll(in_center_a, alice, bob, big, today):
    from lotrinh.academics.models import Enrollment

    session, learners = big
    services.roll_take(session=session, marks={learners[0].pk: "unexcused"}, actor=bob)
    services.enrollment_status_change(
        enrollment=Enrollment.objects.get(learner=learners[0]),
        status="dropped_out",
        reason="work",
        effective_on=today,
        actor=alice,
    )
    result = services.roll_take(session=session, marks={learners[0].pk: "excused"}, actor=bob)
    assert result.changed == 1
    rows = client_for(bob).get(_roll_url(in_center_a, session.pk)).context["sheet"].rows
    assert [r.in_class for r in rows].count(False) == 1


@pytest.mark.parametrize(
    ("path", "method"), [("", "get"), ("chua-diem-danh/", "get"), ("{pk}/", "get"), ("{pk}/", "post")]
)
def test_it_answers_404_to_another_center(center_a, charlie, big, path, method):
    session, _ = big
    url = f"/c/{center_a.slug}/diem-danh/{path.format(pk=session.pk)}"
    assert getattr(client_for(charlie), method)(url).status_code == 404


@pytest.mark.parametrize(("user", "path"), [("an", ""), ("an", "{pk}/"), ("bob", "chua-diem-danh/")])
def test_it_answers_403_to_a_role_without_the_permission(center_a, an, bob, big, user, path):
    session, _ = big
    url = f"/c/{center_a.slug}/diem-danh/{path.format(pk=session.pk)}"
    assert client_for({"an": an, "bob": bob}[user]).get(url).status_code == 403


# --- Rolls not taken -------------------------------------------------------------------------------


def _missing_url(center):
    return f"/c/{center.slug}/diem-danh/chua-diem-danh/"


def test_it_reports_past_sessions_without_a_roll(center_a, alice, bob, gina, room, today):
    with scope(center=center_a):
        school_class, _ = make_class(center_a, learners=2)
        taken = make_session(school_class, teacher=bob, room=room, day=today - dt.timedelta(days=1))
        services.roll_take(session=taken, marks={}, actor=bob)
        missed = make_session(school_class, teacher=bob, room=room, day=today - dt.timedelta(days=2))
        other = make_session(school_class, teacher=gina, room=room, day=today - dt.timedelta(days=3))
        old = make_session(school_class, teacher=gina, room=room, day=today - dt.timedelta(days=60))
        make_session(school_class, teacher=gina, room=room, day=today + dt.timedelta(days=1))  # not yet
    client = client_for(alice)
    response = client.get(_missing_url(center_a))
    assert [s.pk for s in response.context["page"]] == [missed.pk, other.pk]
    response = client.get(
        _missing_url(center_a), {"teacher": gina.pk, "date_from": (today - dt.timedelta(90)).strftime("%d/%m/%Y")}
    )
    assert [s.pk for s in response.context["page"]] == [other.pk, old.pk]
    assert [t["n"] for t in response.context["by_teacher"]] == [2]
    response = client.get(_missing_url(center_a), {"xuat": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_refuses_a_reversed_date_range(center_a, alice):
    response = client_for(alice).get(_missing_url(center_a), {"date_from": "20/11/2026", "date_to": "01/11/2026"})
    assert response.context["form"].errors["date_to"]


def test_it_reports_missing_rolls_in_a_fixed_number_of_queries(
    center_a, alice, bob, gina, room, today, django_assert_max_num_queries
):
    client = client_for(alice)
    with scope(center=center_a):
        school_class, _ = make_class(center_a, learners=1)
        make_session(school_class, teacher=bob, room=room, day=today - dt.timedelta(days=1))
    with django_assert_max_num_queries(30) as few:
        assert client.get(_missing_url(center_a)).status_code == 200
    with scope(center=center_a):
        for n in range(2, 20):
            make_session(school_class, teacher=gina if n % 2 else bob, room=room, day=today - dt.timedelta(days=n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_missing_url(center_a)).status_code == 200


# --- Absence streaks -------------------------------------------------------------------------------


@pytest.fixture
def family(center_a, alice, big):
    """The first learner of the class of 40 has a guardian with an e-mail who consented to messages."""
    _session, learners = big
    with scope(center=center_a):
        guardian = Guardian.objects.create(center=center_a, full_name="Nguyễn Văn Cha", email="cha@example.vn")
        LearnerGuardian.objects.create(center=center_a, learner=learners[0], guardian=guardian, relationship="father")
        consent = Consent.objects.create(
            center=center_a,
            learner=learners[0],
            guardian=guardian,
            purpose=ConsentPurpose.MESSAGES_TO_GUARDIAN,
            given_on=dt.date(2026, 9, 5),
            recorded_by=alice,
        )
    return guardian, consent


def _absent_days(center, session, learner, actor, days, status="unexcused", capture=None):
    """Sessions on the given days before today, each with ``learner`` marked ``status``; returns the results."""
    results = []
    for n, day in enumerate(days):
        other = make_session(
            session.school_class,
            teacher=session.teacher,
            room=session.room,
            day=day,
            start=(13, n % 4),
            end=(14, 0),
        )
        with capture(execute=True):
            results.append(services.roll_take(session=other, marks={learner.pk: status}, actor=actor))
    return results


def test_it_tells_the_homeroom_teacher_and_the_guardian_once_per_streak(
    center_a, bob, big, family, today, django_capture_on_commit_callbacks
):
    session, learners = big
    learner = learners[0]
    fake = notify.FakeMessenger()
    days = [today - dt.timedelta(days=n) for n in (6, 5, 4, 3)]
    with scope(center=center_a), notify.messengers_replaced({"email": fake}):
        results = _absent_days(center_a, session, learner, bob, days, capture=django_capture_on_commit_callbacks)
        assert [len(r.streaks) for r in results] == [0, 0, 1, 0]  # the third in a row, once
        notice = results[2].streaks[0]
        assert (notice.homeroom_notified, notice.guardian_outcome, notice.guardians_messaged) == (
            True,
            "messaged",
            ["Nguyễn Văn Cha"],
        )
        # A re-take of the same roll does not tell anyone again.
        with django_capture_on_commit_callbacks(execute=True):
            again = services.roll_take(session=results[2].roll.session, marks={learner.pk: "unexcused"}, actor=bob)
        assert again.streaks == []
        assert sorted(m.recipient for m in fake.sent) == ["bob@example.vn", "cha@example.vn"]
        messages = OutboundMessage.objects.all()
        assert {m.status for m in messages} == {"sent"}
        assert {m.reason for m in messages} == {"absence_streak"}
        assert len({m.related_object for m in messages}) == 1
        # The learner comes back, then misses three more: a new streak, told again.
        _absent_days(
            center_a,
            session,
            learner,
            bob,
            [today - dt.timedelta(days=2)],
            status="present",
            capture=django_capture_on_commit_callbacks,
        )
        later = [today - dt.timedelta(days=1), today - dt.timedelta(days=1), today]
        results = _absent_days(center_a, session, learner, bob, later, capture=django_capture_on_commit_callbacks)
        assert [len(r.streaks) for r in results] == [0, 0, 1]
        assert OutboundMessage.objects.values("related_object").distinct().count() == 2
    assert len(fake.sent) == 4


def test_it_does_not_message_a_guardian_without_consent(
    center_a, bob, big, family, today, django_capture_on_commit_callbacks
):
    session, learners = big
    _guardian, consent = family
    with scope(center=center_a):
        Consent.objects.filter(pk=consent.pk).update(withdrawn_on=today - dt.timedelta(days=10))
    fake = notify.FakeMessenger()
    days = [today - dt.timedelta(days=n) for n in (3, 2)]
    with scope(center=center_a), notify.messengers_replaced({"email": fake}):
        _absent_days(center_a, session, learners[0], bob, days, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(bob).post(
            _roll_url(center_a, session.pk), _post_data(learners, {learners[0].pk: "unexcused"}), follow=True
        )
    # Without the fake the e-mail goes through Django's mail: the homeroom teacher only.
    assert [m.to for m in mail.outbox] == [["bob@example.vn"]]
    assert fake.sent == []
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "Nguyễn Văn Anh 0" in warnings[0]
    assert "no consent" in warnings[0] or "không" in warnings[0].lower()


@override_settings(LOTRINH_ABSENCE_STREAK=2)
def test_it_reads_the_streak_length_from_the_settings(
    center_a, bob, big, family, today, django_capture_on_commit_callbacks
):
    session, learners = big
    fake = notify.FakeMessenger()
    with scope(center=center_a), notify.messengers_replaced({"email": fake}):
        results = _absent_days(
            center_a,
            session,
            learners[0],
            bob,
            [today - dt.timedelta(days=2), today - dt.timedelta(days=1)],
            capture=django_capture_on_commit_callbacks,
        )
    assert [len(r.streaks) for r in results] == [0, 1]
    assert len(fake.sent) == 2


def test_it_records_a_message_it_could_not_send(center_a, bob, big, family, today, django_capture_on_commit_callbacks):
    session, learners = big
    guardian, _consent = family
    with scope(center=center_a):
        Guardian.objects.filter(pk=guardian.pk).update(email="", phone="0912345678")
    fake = notify.FakeMessenger(fail=True)
    days = [today - dt.timedelta(days=n) for n in (3, 2, 1)]
    with scope(center=center_a), notify.messengers_replaced({"email": fake}):
        _absent_days(center_a, session, learners[0], bob, days, capture=django_capture_on_commit_callbacks)
        messages = {m.channel: m for m in OutboundMessage.objects.all()}
    # The e-mail gateway failed; no SMS gateway is set up: both are kept as failed, with the reason.
    assert set(messages) == {"email", "sms"}
    assert {m.status for m in messages.values()} == {"failed"}
    assert messages["email"].error == "The fake gateway is down."
    assert messages["sms"].recipient == "0912345678"
    assert messages["sms"].error


@pytest.mark.parametrize(
    ("since", "absences", "expected"),
    [
        (None, [], (0, None)),
        # Never attended: every absence is in the run.
        (None, [dt.date(2026, 10, 6), dt.date(2026, 10, 5)], (2, dt.date(2026, 10, 5))),
        # Absences up to and on the day they last attended are before the run.
        (
            dt.date(2026, 10, 7),
            [dt.date(2026, 10, 5), dt.date(2026, 10, 7), dt.date(2026, 10, 8), dt.date(2026, 10, 9)],
            (2, dt.date(2026, 10, 8)),
        ),
        (dt.date(2026, 10, 9), [dt.date(2026, 10, 5)], (0, None)),
    ],
)
def test_it_counts_the_run_of_absences_after_the_last_day_attended(since, absences, expected):
    run = selectors.run_after(7, since, absences)
    assert (run.learner_id, run.since, (run.absences, run.first_absence)) == (7, since, expected)


def test_it_reads_absence_streaks_on_the_learner_index_with_or_without_statistics(center_a, bob, big):
    """The streak check runs under the roll's write lock: its plan must not depend on table statistics."""
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL keeps its statistics with autovacuum")
    session, learners = big
    with scope(center=center_a):
        services.roll_take(session=session, marks={learners[0].pk: "unexcused"}, actor=bob)

        def plans() -> list[str]:
            with CaptureQueriesContext(connection) as queries:
                selectors.unexcused_runs(learner_ids=[learners[0].pk, learners[1].pk])
            with connection.cursor() as cursor:
                found = []
                for query in queries.captured_queries:
                    cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                    found.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
            return found

        without_statistics = plans()
        planner_statistics_refresh()
        with_statistics = plans()
    assert len(without_statistics) == 2
    for plan in without_statistics + with_statistics:
        assert "COVERING INDEX mark_center_learner_date (center_id=? AND learner_id=?" in plan, plan
