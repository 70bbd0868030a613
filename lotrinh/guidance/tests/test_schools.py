from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent
from lotrinh.guidance.models import Cohort, LowerSecondarySchool


def test_it_adds_a_school_to_the_catchment_and_refuses_it_twice(center_a, counselor):
    client = client_for(counselor)
    url = reverse("guidance:school-create", args=[center_a.slug])
    data = {"name": "THCS  Trần Hưng Đạo ", "commune": 19333, "code": "THD", "in_disadvantaged_area": "on"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "THCS Trần Hưng Đạo"})
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    with scope(center=center_a):
        school = LowerSecondarySchool.objects.get()
        assert (school.name, school.in_disadvantaged_area) == ("THCS Trần Hưng Đạo", True)
        assert AuditEvent.objects.filter(object_type="guidance.lowersecondaryschool").count() == 1


def test_it_refuses_a_school_without_a_commune(center_a, counselor):
    response = client_for(counselor).post(reverse("guidance:school-create", args=[center_a.slug]), {"name": "THCS A"})
    assert response.status_code == 422
    with scope(center=center_a):
        assert not LowerSecondarySchool.objects.exists()


def test_it_edits_a_school_and_audits_the_change(center_a, counselor, school):
    url = reverse("guidance:school-edit", args=[center_a.slug, school.pk])
    client = client_for(counselor)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "THCS Nguyễn Trãi", "commune": 19351, "code": "NT", "is_active": ""})
    assert response.status_code == 302
    with scope(center=center_a):
        school.refresh_from_db()
        assert (school.commune_id, school.code, school.is_active) == (19351, "NT", False)
        event = AuditEvent.objects.get(object_type="guidance.lowersecondaryschool", action="update")
        assert event.changes["is_active"] == [True, False]


def test_it_opens_a_cohort_once_per_school_and_year(center_a, counselor, school, today):
    client = client_for(counselor)
    url = reverse("guidance:cohort-create", args=[center_a.slug])
    first = client.post(url, {"school": school.pk, "graduation_year": today.year})
    second = client.post(url, {"school": school.pk, "graduation_year": today.year})
    assert first["Location"] == second["Location"]
    assert client.post(url, {"school": school.pk, "graduation_year": 1800}).status_code == 422
    with scope(center=center_a):
        assert Cohort.objects.count() == 1


def test_it_filters_the_dashboard_by_school(center_a, counselor, school, alice, today):
    from lotrinh.core.models import Commune
    from lotrinh.guidance import services

    with scope(center=center_a):
        other = services.school_create(center=center_a, name="THCS Lê Lợi", commune=Commune.objects.get(code=19333),
                                       actor=alice)  # fmt: skip
        services.cohort_create(school=school, graduation_year=today.year, actor=alice)
        services.cohort_create(school=other, graduation_year=today.year, actor=alice)
    response = client_for(counselor).get(reverse("guidance:streaming", args=[center_a.slug]), {"truong": other.pk})
    assert [row.school for row in response.context["data"].schools] == [other]
