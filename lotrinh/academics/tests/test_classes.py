"""Classes: the list, a class's page, creating and editing a class, enrolling a learner."""

import datetime as dt

import pytest
from django_scopes import scope

from lotrinh.academics import services
from lotrinh.academics.models import Enrollment, ProgramType, SchoolClass, Trade
from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.factories import LearnerFactory

from .conftest import make_class, make_session


def _url(center, suffix=""):
    return f"/c/{center.slug}/lop/{suffix}"


def _program(code):
    return ProgramType.objects.get(code=code)


def _trade(name="Điện dân dụng"):
    return Trade.objects.get(name=name)


def _form(**overrides):
    data = {
        "name": "10A9",
        "program": _program("gdtx-thpt").pk,
        "school_year": "2026-2027",
        "trade": "",
        "homeroom_teacher": "",
        "partner_school": "",
        "starts_on": "05/09/2026",
        "ends_on": "31/05/2027",
    }
    return {**data, **overrides}


def test_it_lists_classes_with_program_trade_and_headcount(center_a, alice, klass):
    school_class, _learners = klass
    with scope(center=center_a):
        make_class(center_a, name="SC-ĐDD", learners=2)
        SchoolClass.objects.filter(name="SC-ĐDD").update(program=_program("so-cap"), trade=_trade())
    response = client_for(alice).get(_url(center_a))
    rows = {c.name: c for c in response.context["classes"]}
    assert (rows["10A1"].headcount, rows["SC-ĐDD"].headcount) == (3, 2)
    content = response.content.decode()
    assert "Điện dân dụng" in content
    assert f"/c/{center_a.slug}/lop/{school_class.pk}/" in content


def test_it_filters_classes_by_school_year(center_a, alice, klass):
    with scope(center=center_a):
        old, _ = make_class(center_a, name="10A1-cu")
        SchoolClass.objects.filter(pk=old.pk).update(school_year="2025-2026")
    response = client_for(alice).get(_url(center_a), {"nam": "2025-2026"}, HTTP_HX_REQUEST="true")
    assert [c.name for c in response.context["classes"]] == ["10A1-cu"]


def test_it_exports_the_class_list_to_xlsx(center_a, alice, klass):
    response = client_for(alice).get(_url(center_a), {"xuat": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_runs_the_class_list_in_a_fixed_number_of_queries(center_a, alice, bob, django_assert_max_num_queries):
    client = client_for(alice)
    with scope(center=center_a):
        make_class(center_a, learners=1)
    with django_assert_max_num_queries(30) as small:
        assert client.get(_url(center_a)).status_code == 200
    with scope(center=center_a):
        for n in range(6):
            make_class(center_a, name=f"11B{n}", learners=5, homeroom=bob)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(_url(center_a)).status_code == 200


def test_it_shows_a_class_with_roster_timetable_and_rolls(center_a, alice, bob, klass, room, today):
    school_class, learners = klass
    with scope(center=center_a):
        services.weekly_slot_create(
            school_class=school_class,
            weekday=0,
            starts_at=dt.time(7, 0),
            ends_at=dt.time(8, 30),
            subject="Toán",
            kind="culture",
            teacher=bob,
            room=room,
            valid_from=today,
            actor=alice,
        )
        session = make_session(school_class, teacher=bob, room=room, day=today)
        services.roll_take(session=session, marks={learners[0].pk: "unexcused"}, actor=bob)
        services.enrollment_status_change(
            enrollment=Enrollment.objects.get(learner=learners[2]),
            status="dropped_out",
            reason="work",
            effective_on=today,
            actor=alice,
        )
    response = client_for(bob).get(_url(center_a, f"{school_class.pk}/"))
    assert response.status_code == 200
    detail = response.context["detail"]
    assert detail.headcount == 2
    assert detail.enrollments[-1].learner == learners[2]  # those who left come last
    assert [s.subject for s in detail.slots] == ["Toán"]
    assert detail.rolls[0].unexcused == 1
    content = response.content.decode()
    assert "Nguyễn Văn Anh 0" in content
    assert "Add a weekly lesson" not in content  # bob does not manage classes


def test_it_runs_a_class_page_in_a_fixed_number_of_queries(
    center_a, alice, bob, room, today, django_assert_max_num_queries
):
    client = client_for(alice)
    with scope(center=center_a):
        small_class, _ = make_class(center_a, name="Nhỏ", learners=1)
        big_class, learners = make_class(center_a, name="Lớn", learners=30, homeroom=bob)
        for weekday in range(5):
            services.weekly_slot_create(
                school_class=big_class,
                weekday=weekday,
                starts_at=dt.time(7, 0),
                ends_at=dt.time(8, 30),
                subject="Toán",
                kind="culture",
                teacher=bob,
                room=room,
                valid_from=today,
                actor=alice,
            )
        for n in range(4):
            session = make_session(big_class, teacher=bob, room=room, day=today - dt.timedelta(days=n + 1))
            services.roll_take(session=session, marks={learners[n].pk: "late"}, actor=bob)
    with django_assert_max_num_queries(40) as small:
        assert client.get(_url(center_a, f"{small_class.pk}/")).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_url(center_a, f"{big_class.pk}/"))
    dates = [r.session.date for r in response.context["detail"].rolls]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4


def test_it_creates_a_class(center_a, alice, bob):
    response = client_for(alice).post(_url(center_a, "moi/"), _form(homeroom_teacher=bob.pk))
    assert response.status_code == 302
    with scope(center=center_a):
        school_class = SchoolClass.objects.get(name="10A9")
        assert school_class.homeroom_teacher == bob
        assert school_class.starts_on == dt.date(2026, 9, 5)
        assert AuditEvent.objects.filter(object_type="academics.schoolclass", action="create").exists()
    assert response["Location"] == _url(center_a, f"{school_class.pk}/")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"school_year": "2026-2028"}, "school_year"),
        ({"school_year": "2026/2027"}, "school_year"),
        ({"name": ""}, "name"),
        ({"ends_on": "01/09/2026"}, "ends_on"),
        ({"program": "so-cap"}, "trade"),  # a vocational class needs its trade
        ({"program": "chin-cong", "trade": "Điện dân dụng"}, "partner_school"),
        ({"homeroom_teacher": "alice"}, "homeroom_teacher"),  # a director, not a teacher
        ({"homeroom_teacher": "charlie"}, "homeroom_teacher"),  # another center's
    ],
)
def test_it_refuses_a_wrong_class_and_saves_nothing(center_a, alice, bob, charlie, overrides, field):
    people = {"alice": alice, "charlie": charlie}
    data = dict(overrides)
    if "program" in data:
        data["program"] = _program(data["program"]).pk
    if "trade" in data:
        data["trade"] = _trade(data["trade"]).pk
    if "homeroom_teacher" in data:
        data["homeroom_teacher"] = people[data["homeroom_teacher"]].pk
    response = client_for(alice).post(_url(center_a, "moi/"), _form(**data))
    assert response.status_code == 422
    assert response.context["form"].errors.get(field), response.context["form"].errors
    with scope(center=center_a):
        assert not SchoolClass.objects.exists()


def test_it_refuses_a_trade_no_longer_in_force(in_center_a, alice, today):
    old = Trade.objects.create(
        name="Nghề cũ", level=Trade.Level.SO_CAP, valid_from=dt.date(2016, 1, 1), valid_to=dt.date(2020, 1, 1)
    )
    with pytest.raises(ApplicationError) as error:
        services.school_class_create(
            center=in_center_a, actor=alice, name="SC-1", program=_program("so-cap"), school_year="2026-2027", trade=old
        )
    assert error.value.field == "trade"
    # The form does not even offer it.
    response = client_for(alice).get(_url(in_center_a, "moi/"))
    assert old not in response.context["form"].fields["trade"].queryset


def test_it_refuses_two_classes_with_one_name_in_a_year(in_center_a, alice, klass):
    school_class, _ = klass
    start = int(school_class.school_year[:4])
    with pytest.raises(ApplicationError) as error:
        services.school_class_create(
            center=in_center_a,
            actor=alice,
            name="10A1",
            program=_program("gdtx-thpt"),
            school_year=f"{start}-{start + 1}",
        )
    assert error.value.field == "name"
    services.school_class_create(
        center=in_center_a,
        actor=alice,
        name="10A1",
        program=_program("gdtx-thpt"),
        school_year=f"{start + 1}-{start + 2}",
    )


def test_it_edits_a_class_and_audits_the_change(center_a, alice, bob, gina, klass):
    school_class, _ = klass
    data = _form(name="10A1", homeroom_teacher=gina.pk, partner_school="")
    response = client_for(alice).post(_url(center_a, f"{school_class.pk}/sua/"), data)
    assert response.status_code == 302
    with scope(center=center_a):
        school_class.refresh_from_db()
        assert school_class.homeroom_teacher == gina
        event = AuditEvent.objects.get(object_type="academics.schoolclass", action="update")
        assert event.changes["homeroom_teacher"] == [str(bob), str(gina)]


def test_it_finds_learners_to_enroll_without_diacritics(center_a, alice, klass):
    school_class, _learners = klass
    with scope(center=center_a):
        LearnerFactory(center=center_a, full_name="Hồ Thu Trang")
    response = client_for(alice).get(
        _url(center_a, f"{school_class.pk}/ghi-danh/"), {"q": "ho thu trang"}, HTTP_HX_REQUEST="true"
    )
    assert [x.full_name for x in response.context["candidates"]] == ["Hồ Thu Trang"]
    # Learners already in the class are not offered again.
    response = client_for(alice).get(
        _url(center_a, f"{school_class.pk}/ghi-danh/"), {"q": "nguyen van"}, HTTP_HX_REQUEST="true"
    )
    assert response.context["candidates"] == []


def test_it_enrolls_a_learner_through_the_service(center_a, alice, klass):
    school_class, _ = klass
    with scope(center=center_a):
        learner = LearnerFactory(center=center_a, full_name="Hồ Thu Trang")
    response = client_for(alice).post(
        _url(center_a, f"{school_class.pk}/ghi-danh/"), {"learner": learner.pk, "enrolled_on": "20/11/2026"}
    )
    assert response.status_code == 302
    with scope(center=center_a):
        enrollment = Enrollment.objects.get(learner=learner, school_class=school_class)
        assert enrollment.enrolled_on == dt.date(2026, 11, 20)
        assert enrollment.status_changes.count() == 1


def test_it_refuses_to_enroll_twice_or_another_centers_learner(center_a, center_b, alice, klass):
    school_class, learners = klass
    client = client_for(alice)
    response = client.post(
        _url(center_a, f"{school_class.pk}/ghi-danh/"), {"learner": learners[0].pk, "enrolled_on": "20/11/2026"}
    )
    assert response.status_code == 422
    with scope(center=center_b):
        stranger = LearnerFactory(center=center_b)
    response = client.post(
        _url(center_a, f"{school_class.pk}/ghi-danh/"), {"learner": stranger.pk, "enrolled_on": "20/11/2026"}
    )
    assert response.status_code == 422
    with scope(center=center_a):
        assert Enrollment.objects.count() == 3


@pytest.mark.parametrize(
    ("suffix", "method"),
    [("", "get"), ("{pk}/", "get"), ("moi/", "get"), ("{pk}/sua/", "post"), ("{pk}/ghi-danh/", "post")],
)
def test_it_answers_404_to_another_center(center_a, charlie, klass, suffix, method):
    school_class, _ = klass
    response = getattr(client_for(charlie), method)(_url(center_a, suffix.format(pk=school_class.pk)))
    assert response.status_code == 404


def test_it_answers_404_for_a_class_of_another_center(center_a, center_b, alice):
    with scope(center=center_b):
        other, _ = make_class(center_b, learners=1)
    assert client_for(alice).get(_url(center_a, f"{other.pk}/")).status_code == 404


@pytest.mark.parametrize(
    ("user", "suffix", "method"),
    [
        ("an", "", "get"),
        ("an", "{pk}/", "get"),
        ("bob", "moi/", "get"),
        ("bob", "moi/", "post"),
        ("bob", "{pk}/sua/", "get"),
        ("bob", "{pk}/sua/", "post"),
        ("bob", "{pk}/ghi-danh/", "post"),
    ],
)
def test_it_answers_403_to_a_role_without_the_permission(center_a, bob, an, klass, user, suffix, method):
    school_class, _ = klass
    client = client_for({"an": an, "bob": bob}[user])
    response = getattr(client, method)(_url(center_a, suffix.format(pk=school_class.pk)))
    assert response.status_code == 403
