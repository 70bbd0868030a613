import datetime as dt

from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.factories import LearnerFactory
from lotrinh.guidance.models import CohortGraduate, CounselingSession, DestinationRecord, StreamingTarget


def test_it_reads_schools_cohorts_graduates_and_streaming(center_a, counselor, cohort):
    with scope(center=center_a):
        CohortGraduate.objects.create(
            center=center_a, cohort=cohort, full_name="Trần Văn Nam", date_of_birth=dt.date(2011, 1, 1), sex="male",
            destination="trung_cap",
        )  # fmt: skip
    client = client_for(counselor)
    base = f"/api/c/{center_a.slug}"
    assert client.get(f"{base}/schools").json()[0]["name"] == "THCS Nguyễn Trãi"
    cohorts = client.get(f"{base}/cohorts").json()
    assert cohorts[0]["graduates"] == 1 and cohorts[0]["destinations_known"] == 1
    graduates = client.get(f"{base}/cohorts/{cohort.pk}/graduates").json()
    assert graduates[0]["destination"] == "trung_cap"
    figures = client.get(f"{base}/streaming", {"year": cohort.graduation_year}).json()
    assert figures["total"]["vet_percent"] == 100.0


def test_it_records_a_destination_and_refuses_a_bad_one(center_a, counselor, cohort, today):
    with scope(center=center_a):
        graduate = CohortGraduate.objects.create(
            center=center_a, cohort=cohort, full_name="Lê Thị Mai", date_of_birth=dt.date(2011, 1, 1), sex="female"
        )
    client = client_for(counselor)
    url = f"/api/c/{center_a.slug}/graduates/{graduate.pk}/destination"
    body = {"destination": "9plus", "source": "phone_call", "recorded_on": today.isoformat()}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["destination"] == "9plus"
    response = client.post(url, {**body, "destination": "mars"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]
    with scope(center=center_a):
        assert DestinationRecord.objects.count() == 1


def test_it_sets_a_target_only_within_0_and_100(center_a, alice):
    url = f"/api/c/{center_a.slug}/streaming/targets"
    body = {"from_year": 2026, "to_year": 2030, "min_percent": 145, "citation": "Kế hoạch 12/KH-UBND"}
    assert client_for(alice).post(url, body, content_type="application/json").status_code == 400
    with scope(center=center_a):
        assert not StreamingTarget.objects.exists()
    body["min_percent"] = 45
    assert client_for(alice).post(url, body, content_type="application/json").status_code == 201


def test_it_logs_and_lists_counseling_sessions(center_a, counselor, today):
    with scope(center=center_a):
        learner = LearnerFactory(center=center_a)
    client = client_for(counselor)
    url = f"/api/c/{center_a.slug}/counseling-sessions"
    body = {"learner_id": learner.pk, "held_on": today.isoformat(), "counselor_id": counselor.pk, "topics": ["trades"]}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201
    assert client.post(url, {**body, "topics": []}, content_type="application/json").status_code == 400
    listed = client.get(url, {"learner_id": learner.pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["topics"] == ["trades"]
    with scope(center=center_a):
        assert CounselingSession.objects.count() == 1
