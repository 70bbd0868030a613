import datetime as dt

from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent
from lotrinh.guidance import services
from lotrinh.guidance.models import CohortGraduate, DestinationRecord


def _graduates(cohort, n=3):
    return [
        CohortGraduate.objects.create(
            center=cohort.center,
            cohort=cohort,
            full_name=f"Nguyễn Văn {name}",
            date_of_birth=dt.date(2011, 1, i + 1),
            sex="male",
        )
        for i, name in enumerate(["An", "Bình", "Cường"][:n])
    ]


def test_it_records_destinations_of_a_whole_cohort_at_once_with_htmx(center_a, counselor, cohort, today):
    with scope(center=center_a):
        a, b, c = _graduates(cohort)
    response = client_for(counselor).post(
        reverse("guidance:cohort-destinations", args=[center_a.slug, cohort.pk]),
        {
            "source": "school_report",
            "recorded_on": today.strftime("%d/%m/%Y"),
            f"d-{a.pk}": "trung_cap",
            f"d-{b.pk}": "thpt",
            f"d-{c.pk}": "unknown",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "destinations-saved" in response["HX-Trigger"]
    with scope(center=center_a):
        assert dict(CohortGraduate.objects.values_list("pk", "destination")) == {
            a.pk: "trung_cap", b.pk: "thpt", c.pk: "unknown"
        }  # fmt: skip
        assert DestinationRecord.objects.count() == 2  # c did not change
        assert AuditEvent.objects.filter(object_type="guidance.cohortgraduate").count() == 2


def test_it_keeps_the_history_and_shows_the_latest(center_a, alice, cohort, today):
    with scope(center=center_a):
        (graduate,) = _graduates(cohort, 1)
        services.destination_record(
            graduate=graduate, destination="thpt", source="self_declared", recorded_on=today - dt.timedelta(days=30),
            actor=alice,
        )  # fmt: skip
        services.destination_record(
            graduate=graduate, destination="9plus", source="admissions_list", recorded_on=today, actor=alice
        )
        graduate.refresh_from_db()
        assert graduate.destination == "9plus"
        assert [r.destination for r in DestinationRecord.objects.filter(graduate=graduate)] == ["9plus", "thpt"]


def test_it_saves_nothing_when_one_row_is_bad(center_a, counselor, cohort, today):
    with scope(center=center_a):
        a, b, _c = _graduates(cohort)
    response = client_for(counselor).post(
        reverse("guidance:cohort-destinations", args=[center_a.slug, cohort.pk]),
        {
            "source": "school_report",
            "recorded_on": today.strftime("%d/%m/%Y"),
            f"d-{a.pk}": "thpt",
            f"d-{b.pk}": "moon",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Chọn" in response.content.decode() or "Choose" in response.content.decode()
    with scope(center=center_a):
        assert not DestinationRecord.objects.exists()
        assert set(CohortGraduate.objects.values_list("destination", flat=True)) == {"unknown"}


def test_it_refuses_a_date_in_the_future(center_a, counselor, cohort, today):
    with scope(center=center_a):
        (a,) = _graduates(cohort, 1)
    response = client_for(counselor).post(
        reverse("guidance:cohort-destinations", args=[center_a.slug, cohort.pk]),
        {
            "source": "phone_call",
            "recorded_on": (today + dt.timedelta(days=2)).strftime("%d/%m/%Y"),
            f"d-{a.pk}": "thpt",
        },
    )
    assert response.status_code == 422
    with scope(center=center_a):
        assert not DestinationRecord.objects.exists()


def test_it_refuses_a_graduate_of_another_cohort(center_a, alice, cohort, school, today):
    from lotrinh.core.errors import ApplicationError

    with scope(center=center_a):
        other = services.cohort_create(school=school, graduation_year=today.year - 1, actor=alice)
        (stranger,) = _graduates(other, 1)
        try:
            services.destinations_bulk_record(
                cohort=cohort, changes={stranger.pk: "thpt"}, source="phone_call", recorded_on=today, actor=alice
            )
        except ApplicationError:
            pass
        else:
            raise AssertionError("a graduate of another cohort was accepted")
        assert not DestinationRecord.objects.exists()


def test_it_shows_the_cohort_table_in_a_fixed_number_of_queries(center_a, counselor, cohort, django_assert_num_queries):
    client = client_for(counselor)
    url = reverse("guidance:cohort-detail", args=[center_a.slug, cohort.pk])
    with scope(center=center_a):
        _graduates(cohort, 1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with scope(center=center_a):
        for i in range(20):
            CohortGraduate.objects.create(
                center=center_a, cohort=cohort, full_name=f"Lê Thị {i}", date_of_birth=dt.date(2011, 2, 1), sex="female"
            )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)


def test_it_shows_a_graduates_earlier_destinations_on_the_cohort_page(center_a, alice, counselor, cohort, today):
    with scope(center=center_a):
        (graduate,) = _graduates(cohort, 1)
        for destination in ("thpt", "trung_cap"):
            services.destination_record(
                graduate=graduate, destination=destination, source="phone_call", recorded_on=today, actor=alice
            )
    page = client_for(counselor).get(reverse("guidance:cohort-detail", args=[center_a.slug, cohort.pk]))
    assert "2 lần ghi" in page.content.decode()
