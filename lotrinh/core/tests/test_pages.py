"""The homes: a center's figures, a teacher's own day, a supervisor's side-by-side view; fixed query counts."""

import datetime as dt

import pytest
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core import services
from lotrinh.core.models import CenterRecord, SupervisingBody
from lotrinh.factories import populate


def test_it_shows_real_figures_on_the_center_home(center_a, alice, bob, today):
    with scope(center=center_a):
        populate(center_a, classes=2, learners_per_class=3, teacher=bob, day=today)
    response = client_for(alice).get(f"/c/{center_a.slug}/")
    overview = response.context["overview"]
    assert (overview.learners, overview.classes, overview.staff, len(overview.sessions_today)) == (6, 2, 2, 2)
    assert not overview.is_personal


def test_it_shows_a_teacher_only_their_own_day(center_a, alice, bob, today):
    with scope(center=center_a):
        populate(center_a, classes=1, learners_per_class=2, teacher=bob, day=today)
        populate(center_a, classes=2, learners_per_class=2, teacher=alice, day=today)
    response = client_for(bob).get(f"/c/{center_a.slug}/")
    overview = response.context["overview"]
    assert overview.is_personal
    assert [s.teacher for s in overview.sessions_today] == [bob]
    assert overview.recent_changes == []
    content = response.content.decode()
    assert f"/c/{center_a.slug}/nhat-ky/" not in content
    assert f"/c/{center_a.slug}/nhan-su/" not in content


@pytest.mark.parametrize("path", ["", "hoc-vien/", "lop/", "lich-hoc/", "nhan-su/", "ho-so/"])
def test_it_runs_center_pages_in_a_fixed_number_of_queries(
    path, center_a, alice, bob, today, django_assert_max_num_queries
):
    client = client_for(alice)
    with scope(center=center_a):
        populate(center_a, classes=1, learners_per_class=1, teacher=bob, day=today)
    with django_assert_max_num_queries(30) as small:
        assert client.get(f"/c/{center_a.slug}/{path}").status_code == 200
    with scope(center=center_a):
        populate(center_a, classes=6, learners_per_class=12, teacher=bob, day=today)
        for n in range(5):
            services.staff_add(
                center=center_a,
                full_name=f"Giáo viên {n}",
                username=f"gv{n}",
                email=f"gv{n}@example.vn",
                role="teacher",
                actor=alice,
                password="x" * 12,
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(f"/c/{center_a.slug}/{path}").status_code == 200


def test_it_finds_learners_without_diacritics(center_a, alice, bob, today):
    with scope(center=center_a):
        populate(center_a, classes=1, learners_per_class=5, teacher=bob, day=today)
    content = client_for(alice).get(f"/c/{center_a.slug}/hoc-vien/", {"q": "nguyen thi hang"}).content.decode()
    assert "Nguyễn Thị Hằng" in content
    assert "Trần Văn Nam" not in content


def test_it_shows_the_supervisor_every_center_side_by_side(center_a, center_b, sam, alice, charlie, today):
    with scope(center=center_a):
        populate(center_a, classes=2, learners_per_class=3, teacher=alice, day=today)
    with scope(center=center_b):
        populate(center_b, classes=1, learners_per_class=4, teacher=charlie, day=today)
    response = client_for(sam).get("/so/so-quang-tri/")
    rows = {r.center.slug: r for r in response.context["rows"]}
    assert (rows[center_a.slug].learners, rows[center_a.slug].classes) == (6, 2)
    assert (rows[center_b.slug].learners, rows[center_b.slug].classes) == (4, 1)
    assert response.context["totals"]["learners"] == 10


def test_it_lands_a_supervisor_on_their_dashboard(sam):
    assert client_for(sam).get("/")["Location"] == "/so/so-quang-tri/"


def test_it_keeps_a_supervisor_out_of_center_pages(center_a, sam):
    assert client_for(sam).get(f"/c/{center_a.slug}/").status_code == 404


def test_it_runs_the_supervisor_dashboard_in_a_fixed_number_of_queries(
    body, center_a, sam, alice, today, django_assert_max_num_queries
):
    from lotrinh.conftest import make_center

    client = client_for(sam)
    with django_assert_max_num_queries(20) as few:
        client.get("/so/so-quang-tri/")
    for n in range(6):
        center = make_center(f"them-{n}", f"Trung tâm {n}", body)
        with scope(center=center):
            populate(center, classes=2, learners_per_class=2, teacher=alice, day=today)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/so/so-quang-tri/")
    assert len(response.context["rows"]) == 8  # A, B and the six new ones


def test_it_keeps_reports_with_the_authority_of_their_time(center_a, alice, body):
    city = SupervisingBody.objects.create(
        slug="ubnd-dong-ha",
        name="UBND thành phố Đông Hà",
        kind=SupervisingBody.Kind.DISTRICT_COMMITTEE,
        province_id=44,
        valid_from=dt.date(2016, 7, 1),
        valid_to=dt.date(2025, 7, 1),
    )
    CenterRecord.objects.filter(center=center_a).update(valid_from=dt.date(2016, 7, 1), supervising_body=city)
    with scope(center=center_a):
        services.center_record_change(
            center=center_a,
            valid_from=dt.date(2025, 7, 1),
            actor=alice,
            supervising_body=body,
            name="Trung tâm GDNN-GDTX Đông Hà (mới)",
        )
    from lotrinh.core.selectors import centers_under_body

    assert [r.record.name for r in centers_under_body(body=city, day=dt.date(2024, 9, 5))] == [
        "Trung tâm GDNN-GDTX Đông Hà"
    ]
    assert [r.record.name for r in centers_under_body(body=body, day=dt.date(2025, 9, 5))] == [
        "Trung tâm GDNN-GDTX Đông Hà (mới)"
    ]
    assert centers_under_body(body=body, day=dt.date(2024, 9, 5)) == []
    history = client_for(alice).get(f"/c/{center_a.slug}/ho-so/").context["records"]
    assert [(r.valid_from, r.valid_to) for r in history] == [
        (dt.date(2025, 7, 1), None),
        (dt.date(2016, 7, 1), dt.date(2025, 7, 1)),
    ]


def test_it_refuses_a_record_change_that_starts_before_the_current_one(center_a, alice):
    from lotrinh.core.errors import ApplicationError

    with scope(center=center_a), pytest.raises(ApplicationError):
        services.center_record_change(center=center_a, valid_from=dt.date(2025, 7, 1), actor=alice, name="Khác")
    assert CenterRecord.objects.filter(center=center_a).count() == 1


def test_it_loads_the_34_provinces_and_resolves_old_names(db):
    from lotrinh.core.models import Commune, Province
    from lotrinh.core.places import province_code_for_name

    assert Province.objects.count() == 34
    assert Commune.objects.filter(province_id=44).count() > 70
    assert province_code_for_name("Quảng Bình") == 44  # merged into Quảng Trị on 01/07/2025
    assert province_code_for_name("Hà Nam") == 37  # merged into Ninh Bình


def test_it_reports_health(db):
    from django.test import Client

    response = Client().get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}
