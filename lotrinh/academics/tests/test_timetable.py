"""The timetable: weekly slots, clashes refused by name, sessions generated once, week views."""

import datetime as dt

import pytest
from django_scopes import scope

from lotrinh.academics import services
from lotrinh.academics.models import ClassSession, WeeklySlot
from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.factories import RoomFactory

from .conftest import make_class, make_session

MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _in_week_of_monday(on_day):
    """The timetable tests are written against the school year 2026-2027, on the Wednesday of MONDAY's week."""
    on_day(MONDAY + dt.timedelta(days=2))


def _slot(school_class, *, teacher, room, actor, weekday=0, start=(7, 0), end=(8, 30), subject="Toán", **extra):
    return services.weekly_slot_create(
        school_class=school_class,
        weekday=weekday,
        starts_at=dt.time(*start),
        ends_at=dt.time(*end),
        subject=subject,
        kind="culture",
        teacher=teacher,
        room=room,
        valid_from=extra.pop("valid_from", dt.date(2026, 9, 5)),
        actor=actor,
        **extra,
    )


@pytest.fixture
def classes(in_center_a, bob):
    first, _ = make_class(in_center_a, name="10A1", learners=2, homeroom=bob)
    second, _ = make_class(in_center_a, name="10A2", learners=2)
    return first, second


def test_it_refuses_a_teacher_twice_at_once_and_saves_nothing(in_center_a, alice, bob, classes, room):
    first, second = classes
    _slot(first, teacher=bob, room=room, actor=alice)
    other_room = RoomFactory(center=in_center_a, name="P.202")
    with pytest.raises(ApplicationError) as error:
        _slot(second, teacher=bob, room=other_room, actor=alice, start=(8, 0), end=(9, 30), subject="Ngữ văn")
    assert error.value.field == "teacher"
    # The message names the teacher, the other class, the day and the time.
    assert "Trần Văn Bình" in error.value.message
    assert "10A1" in error.value.message
    assert "07:00–08:30" in error.value.message
    assert WeeklySlot.objects.count() == 1


def test_it_refuses_a_room_or_a_class_twice_at_once(in_center_a, alice, bob, gina, classes, room):
    first, second = classes
    _slot(first, teacher=bob, room=room, actor=alice)
    with pytest.raises(ApplicationError) as error:
        _slot(second, teacher=gina, room=room, actor=alice)
    assert error.value.field == "room"
    assert "P.101" in error.value.message
    with pytest.raises(ApplicationError) as error:
        _slot(
            first,
            teacher=gina,
            room=RoomFactory(center=in_center_a, name="P.302"),
            actor=alice,
            start=(8, 0),
            end=(9, 0),
        )
    assert error.value.field == "starts_at"
    assert WeeklySlot.objects.count() == 1


def test_it_allows_the_same_time_on_another_day_or_after_a_slot_ends(in_center_a, alice, bob, classes, room):
    first, second = classes
    old = _slot(first, teacher=bob, room=room, actor=alice)
    _slot(second, teacher=bob, room=room, actor=alice, weekday=1)
    services.weekly_slot_end(slot=old, ends_on=MONDAY, actor=alice)
    _slot(second, teacher=bob, room=room, actor=alice, valid_from=MONDAY)
    assert WeeklySlot.objects.count() == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start": (9, 0), "end": (8, 0)}, "ends_at"),
        ({"subject": " "}, "subject"),
        ({"weekday": 7}, "weekday"),
        ({"valid_to": dt.date(2026, 9, 1)}, "valid_to"),
    ],
)
def test_it_refuses_a_wrong_slot(in_center_a, alice, bob, classes, room, overrides, field):
    with pytest.raises(ApplicationError) as error:
        _slot(classes[0], teacher=bob, room=room, actor=alice, **overrides)
    assert field in error.value.errors
    assert not WeeklySlot.objects.exists()


def test_it_refuses_a_teacher_or_room_of_another_center(center_a, center_b, alice, bob, charlie):
    with scope(center=center_b):
        foreign_room = RoomFactory(center=center_b)
    with scope(center=center_a):
        school_class, _ = make_class(center_a)
        room = RoomFactory(center=center_a)
        with pytest.raises(ApplicationError) as error:
            _slot(school_class, teacher=charlie, room=room, actor=alice)
        assert "teacher" in error.value.errors
        with pytest.raises(ApplicationError) as error:
            _slot(school_class, teacher=bob, room=foreign_room, actor=alice)
        assert "room" in error.value.errors


def test_it_generates_sessions_once(in_center_a, alice, bob, classes, room):
    slot = _slot(classes[0], teacher=bob, room=room, actor=alice, weekday=2)
    created = services.timetable_generate(center=in_center_a, start=MONDAY, end=MONDAY + dt.timedelta(days=20))
    assert created == 3  # three Wednesdays
    assert services.timetable_generate(center=in_center_a, start=MONDAY, end=MONDAY + dt.timedelta(days=27)) == 1
    sessions = ClassSession.objects.filter(weekly_slot=slot)
    assert sorted(s.date.weekday() for s in sessions) == [2, 2, 2, 2]
    assert sessions.values("date").distinct().count() == 4


def test_it_generates_with_a_new_slot_in_one_step_but_not_in_the_past(in_center_a, alice, bob, classes, room, today):
    _slot(classes[0], teacher=bob, room=room, actor=alice, generate_until=today + dt.timedelta(days=27))
    dates = list(ClassSession.objects.values_list("date", flat=True))
    assert len(dates) == 4  # the next four Mondays (today included), none since September
    assert min(dates) >= today


def test_it_refuses_to_generate_over_a_one_off_session_and_saves_nothing(in_center_a, alice, bob, gina, classes, room):
    first, second = classes
    _slot(first, teacher=bob, room=room, actor=alice)
    services.class_session_create(
        school_class=second,
        date=MONDAY + dt.timedelta(days=7),
        starts_at=dt.time(7, 30),
        ends_at=dt.time(9, 0),
        subject="Học bù",
        teacher=gina,
        room=room,
        actor=alice,
    )
    with pytest.raises(ApplicationError) as error:
        services.timetable_generate(center=in_center_a, start=MONDAY, end=MONDAY + dt.timedelta(days=13))
    assert "30/11/2026" in error.value.message
    assert "10A2" in error.value.message
    assert ClassSession.objects.count() == 1


def test_it_refuses_a_one_off_session_that_clashes(in_center_a, alice, bob, classes, room):
    make_session(classes[0], teacher=bob, room=room, day=MONDAY)
    with pytest.raises(ApplicationError) as error:
        services.class_session_create(
            school_class=classes[1],
            date=MONDAY,
            starts_at=dt.time(8, 0),
            ends_at=dt.time(9, 0),
            subject="Ngữ văn",
            teacher=bob,
            room=RoomFactory(center=in_center_a, name="P.303"),
            actor=alice,
        )
    assert "23/11/2026, 07:00–08:30" in error.value.message
    assert "Trần Văn Bình" in error.value.message
    assert ClassSession.objects.count() == 1


def test_it_ends_a_slot_and_removes_its_planned_sessions(in_center_a, alice, bob, classes, room):
    slot = _slot(classes[0], teacher=bob, room=room, actor=alice)
    services.timetable_generate(center=in_center_a, start=MONDAY - dt.timedelta(days=7), end=MONDAY + dt.timedelta(14))
    removed = services.weekly_slot_end(slot=slot, ends_on=MONDAY, actor=alice)
    assert removed == 3
    assert list(ClassSession.objects.values_list("date", flat=True)) == [MONDAY - dt.timedelta(days=7)]
    slot.refresh_from_db()
    assert slot.valid_to == MONDAY
    with pytest.raises(ApplicationError):
        services.weekly_slot_end(slot=slot, ends_on=MONDAY + dt.timedelta(days=7), actor=alice)


def test_it_keeps_sessions_whose_roll_was_taken_when_a_slot_ends(in_center_a, alice, bob, classes, room, today):
    slot = _slot(classes[0], teacher=bob, room=room, actor=alice, weekday=today.weekday(), valid_from=today)
    services.timetable_generate(center=in_center_a, start=today, end=today + dt.timedelta(days=7))
    session = ClassSession.objects.get(date=today)
    services.roll_take(session=session, marks={}, actor=bob)
    services.weekly_slot_end(slot=slot, ends_on=today + dt.timedelta(days=1), actor=alice)
    assert list(ClassSession.objects.all()) == [session]


def test_it_adds_a_slot_from_the_class_page(center_a, alice, bob, room, today):
    with scope(center=center_a):
        school_class, _ = make_class(center_a)
    data = {
        "weekday": today.weekday(),
        "starts_at": "07:00",
        "ends_at": "08:30",
        "subject": "Toán",
        "kind": "culture",
        "teacher": bob.pk,
        "room": room.pk,
        "valid_from": today.strftime("%d/%m/%Y"),
        "valid_to": "",
    }
    response = client_for(alice).post(f"/c/{center_a.slug}/lop/{school_class.pk}/tiet-hoc/", data)
    assert response.status_code == 302
    with scope(center=center_a):
        assert WeeklySlot.objects.count() == 1
        assert ClassSession.objects.filter(date=today, school_class=school_class).exists()


def test_it_shows_a_clash_beside_the_field(center_a, alice, bob, room, today):
    with scope(center=center_a):
        first, _ = make_class(center_a, name="10A1")
        second, _ = make_class(center_a, name="10A2")
        _slot(first, teacher=bob, room=room, actor=alice, valid_from=today)
    data = {
        "weekday": 0,
        "starts_at": "07:30",
        "ends_at": "09:00",
        "subject": "Ngữ văn",
        "kind": "culture",
        "teacher": bob.pk,
        "room": room.pk,
        "valid_from": today.strftime("%d/%m/%Y"),
    }
    response = client_for(alice).post(f"/c/{center_a.slug}/lop/{second.pk}/tiet-hoc/", data)
    assert response.status_code == 422
    form = response.context["slot_form"]
    assert "10A1" in form.errors["teacher"][0]
    assert "10A1" in form.errors["room"][0]
    with scope(center=center_a):
        assert WeeklySlot.objects.count() == 1


def test_it_ends_a_slot_from_the_class_page(center_a, alice, bob, room, today):
    with scope(center=center_a):
        school_class, _ = make_class(center_a)
        slot = _slot(school_class, teacher=bob, room=room, actor=alice)
    response = client_for(alice).post(
        f"/c/{center_a.slug}/tiet-hoc/{slot.pk}/ket-thuc/", {"ends_on": today.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    with scope(center=center_a):
        slot.refresh_from_db()
        assert slot.valid_to == today


def test_it_generates_sessions_from_the_timetable_page(center_a, alice, bob, room):
    with scope(center=center_a):
        school_class, _ = make_class(center_a)
        _slot(school_class, teacher=bob, room=room, actor=alice, weekday=1)
    response = client_for(alice).post(
        f"/c/{center_a.slug}/thoi-khoa-bieu/tao-buoi-hoc/", {"start": "23/11/2026", "end": "06/12/2026"}
    )
    assert response.status_code == 302
    with scope(center=center_a):
        assert sorted(ClassSession.objects.values_list("date", flat=True)) == [
            dt.date(2026, 11, 24),
            dt.date(2026, 12, 1),
        ]


# --- Week views ------------------------------------------------------------------------------------


@pytest.fixture
def week(in_center_a, alice, bob, gina, classes, room):
    """Bob teaches 10A1 on Monday and Wednesday; Gina teaches 10A2 on Monday in P.202."""
    first, second = classes
    other = RoomFactory(center=in_center_a, name="P.202")
    make_session(first, teacher=bob, room=room, day=MONDAY)
    make_session(first, teacher=bob, room=room, day=MONDAY + dt.timedelta(days=2), subject="Tin học")
    make_session(second, teacher=gina, room=other, day=MONDAY, subject="Ngữ văn")
    make_session(second, teacher=gina, room=other, day=MONDAY + dt.timedelta(days=7), subject="Ngữ văn")
    return first, second, other


def _week_url(center):
    return f"/c/{center.slug}/thoi-khoa-bieu/"


def _subjects(response):
    return sorted(item.subject for row in response.context["grid"].rows for cell in row.cells for item in cell)


def test_it_shows_a_teacher_their_own_week_by_default(center_a, bob, week):
    response = client_for(bob).get(_week_url(center_a), {"tuan": "25/11/2026"})
    assert response.context["teacher"] == bob
    assert response.context["monday"] == MONDAY
    assert _subjects(response) == ["Tin học", "Toán"]
    assert next(d.date for d in response.context["grid"].days) == MONDAY
    assert len(response.context["grid"].days) == 6  # no Sunday column without Sunday lessons
    content = response.content.decode()
    assert f"?gv={bob.pk}&amp;tuan=16/11/2026" in content
    assert f"?gv={bob.pk}&amp;tuan=30/11/2026" in content


def test_it_shows_the_week_of_a_class_a_teacher_or_a_room(center_a, alice, gina, week):
    first, _second, other = week
    client = client_for(alice)
    assert _subjects(client.get(_week_url(center_a), {"lop": first.pk, "tuan": "23/11/2026"})) == ["Tin học", "Toán"]
    assert _subjects(client.get(_week_url(center_a), {"gv": gina.pk, "tuan": "23/11/2026"})) == ["Ngữ văn"]
    assert _subjects(client.get(_week_url(center_a), {"phong": other.pk, "tuan": "30/11/2026"})) == ["Ngữ văn"]


def test_it_keeps_a_teacher_to_their_own_week(center_a, bob, gina, week):
    response = client_for(bob).get(_week_url(center_a), {"gv": gina.pk, "tuan": "23/11/2026"})
    assert response.context["teacher"] == bob
    assert _subjects(response) == ["Tin học", "Toán"]
    assert "Bạn chỉ xem được thời khóa biểu của mình." in response.content.decode()


def test_it_runs_the_week_view_in_a_fixed_number_of_queries(center_a, alice, bob, room, django_assert_max_num_queries):
    client = client_for(alice)
    with scope(center=center_a):
        school_class, _ = make_class(center_a)
        make_session(school_class, teacher=bob, room=room, day=MONDAY)
    with django_assert_max_num_queries(30) as small:
        assert client.get(_week_url(center_a), {"lop": school_class.pk, "tuan": "23/11/2026"}).status_code == 200
    with scope(center=center_a):
        for n in range(6):
            day = MONDAY + dt.timedelta(days=n)
            make_session(school_class, teacher=bob, room=room, day=day, start=(9, 0), end=(10, 30))
            make_session(school_class, teacher=bob, room=room, day=day, start=(13, 0), end=(14, 30))
            make_class(center_a, name=f"Thêm {n}")
            RoomFactory(center=center_a, name=f"X.{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(_week_url(center_a), {"lop": school_class.pk, "tuan": "23/11/2026"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "method"),
    [("thoi-khoa-bieu/", "get"), ("thoi-khoa-bieu/tao-buoi-hoc/", "post"), ("lich-hoc/", "get")],
)
def test_it_answers_404_to_another_center_on_timetable_pages(center_a, charlie, path, method):
    assert getattr(client_for(charlie), method)(f"/c/{center_a.slug}/{path}").status_code == 404


def test_it_answers_404_to_another_center_on_slot_pages(center_a, alice, bob, charlie, room):
    with scope(center=center_a):
        school_class, _ = make_class(center_a)
        slot = _slot(school_class, teacher=bob, room=room, actor=alice)
    client = client_for(charlie)
    assert client.post(f"/c/{center_a.slug}/lop/{school_class.pk}/tiet-hoc/").status_code == 404
    assert client.post(f"/c/{center_a.slug}/tiet-hoc/{slot.pk}/ket-thuc/").status_code == 404


def test_it_answers_403_to_roles_without_the_permission(center_a, alice, bob, an, room):
    with scope(center=center_a):
        school_class, _ = make_class(center_a)
        slot = _slot(school_class, teacher=bob, room=room, actor=alice)
    assert client_for(an).get(_week_url(center_a)).status_code == 403
    assert client_for(an).get(f"/c/{center_a.slug}/lich-hoc/").status_code == 403
    teacher = client_for(bob)
    assert teacher.post(f"/c/{center_a.slug}/thoi-khoa-bieu/tao-buoi-hoc/").status_code == 403
    assert teacher.post(f"/c/{center_a.slug}/lop/{school_class.pk}/tiet-hoc/").status_code == 403
    assert teacher.post(f"/c/{center_a.slug}/tiet-hoc/{slot.pk}/ket-thuc/").status_code == 403
