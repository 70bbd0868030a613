"""Staff review: one service per change, each audited with a history row; bulk admission; enrolment."""

import pytest
from django_scopes import scope, scopes_disabled

from lotrinh.academics.models import Enrollment, ProgramType
from lotrinh.admissions import services
from lotrinh.admissions.models import Application, ApplicationStatus
from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.factories import SchoolClassFactory
from lotrinh.people.models import Consent, ConsentPurpose, Learner

from .conftest import png_file, submit


def _url(center, *parts) -> str:
    return "/c/" + center.slug + "/tuyen-sinh/" + "".join(f"{p}/" for p in parts)


def _reload(application: Application) -> Application:
    with scopes_disabled():
        return Application.objects.get(pk=application.pk)


@pytest.fixture
def school_class(center_a, plan):
    with scope(center=center_a):
        return SchoolClassFactory(
            center=center_a,
            name="10A5",
            program=ProgramType.objects.get(code="gdtx-thpt"),
            school_year=plan.school_year,
        )


def test_it_walks_an_application_through_its_states(center_a, thpt, officer):
    application = submit(center_a, thpt)
    client = client_for(officer)
    assert client.post(_url(center_a, "ho-so", application.pk, "xac-minh")).status_code == 302
    assert _reload(application).status == ApplicationStatus.VERIFIED
    assert client.post(_url(center_a, "ho-so", application.pk, "trung-tuyen")).status_code == 302
    application = _reload(application)
    assert application.status == ApplicationStatus.ADMITTED
    with scope(center=center_a):
        steps = list(application.history.values_list("status", "changed_by"))
        events = AuditEvent.objects.filter(object_id=str(application.pk), object_type__endswith="application")
        assert events.filter(action="update").count() == 2
    assert steps == [("received", None), ("verified", officer.pk), ("admitted", officer.pk)]


def test_it_refuses_a_wrong_transition_with_a_message(center_a, thpt, officer):
    application = submit(center_a, thpt)
    response = client_for(officer).post(_url(center_a, "ho-so", application.pk, "trung-tuyen"))
    assert response.status_code == 422
    assert "không thể chuyển sang" in response.content.decode()
    assert _reload(application).status == ApplicationStatus.RECEIVED


def test_it_requires_a_reason_to_reject(center_a, thpt, officer):
    application = submit(center_a, thpt)
    client = client_for(officer)
    response = client.post(_url(center_a, "ho-so", application.pk, "tu-choi"), {"reason": "  "})
    assert response.status_code == 422
    assert "Ghi lý do" in response.content.decode()
    assert _reload(application).status == ApplicationStatus.RECEIVED
    client.post(_url(center_a, "ho-so", application.pk, "tu-choi"), {"reason": "Hồ sơ thiếu học bạ THCS"})
    application = _reload(application)
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_reason == "Hồ sơ thiếu học bạ THCS"


def test_it_admits_a_list_all_or_nothing(center_a, thpt, officer):
    apps = [submit(center_a, thpt, serial=i, full_name=f"Nguyễn Văn {n}") for i, n in enumerate("ABC", 1)]
    with scope(center=center_a):
        for application in apps[:2]:
            services.application_verify(application=application, actor=officer)
    client = client_for(officer)
    ids = [a.pk for a in apps]
    response = client.post(_url(center_a, "ho-so", "trung-tuyen"), {"applications": ids}, follow=True)
    assert "chưa có thay đổi nào" in response.content.decode()
    assert [_reload(a).status for a in apps] == ["verified", "verified", "received"]
    client.post(_url(center_a, "ho-so", "trung-tuyen"), {"applications": ids[:2]})
    assert [_reload(a).status for a in apps] == ["admitted", "admitted", "received"]


def test_it_enrols_an_admitted_applicant_as_a_learner_of_the_class(center_a, thpt, officer, school_class, today):
    application = submit(center_a, thpt, consent_contact="on", documents=[png_file()])
    with scope(center=center_a):
        services.application_verify(application=application, actor=officer)
        services.application_admit(application=application, actor=officer)
    response = client_for(officer).post(
        _url(center_a, "ho-so", application.pk, "nhap-hoc"),
        {"school_class": school_class.pk, "enrolled_on": today.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    application = _reload(application)
    assert application.status == ApplicationStatus.ENROLLED
    with scope(center=center_a):
        learner = Learner.objects.get()
        assert application.learner_id == learner.pk
        assert learner.full_name == "Lê Thị Mai" and learner.id_number_digest == application.id_number_digest
        assert Enrollment.objects.get(learner=learner).school_class_id == school_class.pk
        link = learner.guardian_links.select_related("guardian").get()
        assert link.guardian.full_name == "Lê Văn Hùng" and link.relationship == "father"
        consent = Consent.objects.get(learner=learner)
        assert consent.purpose == ConsentPurpose.MESSAGES_TO_GUARDIAN and consent.guardian_id == link.guardian_id
        assert consent.given_on == application.submitted_on


def test_it_does_not_record_a_consent_that_was_not_ticked(center_a, thpt, officer, school_class, today):
    application = submit(center_a, thpt)
    with scope(center=center_a):
        services.application_verify(application=application, actor=officer)
        services.application_admit(application=application, actor=officer)
        services.application_enrol(application=application, school_class=school_class, enrolled_on=today, actor=officer)
        assert not Consent.objects.exists()


def test_it_refuses_to_enrol_twice(center_a, thpt, officer, school_class, today):
    application = submit(center_a, thpt)
    with scope(center=center_a):
        services.application_verify(application=application, actor=officer)
        services.application_admit(application=application, actor=officer)
        services.application_enrol(application=application, school_class=school_class, enrolled_on=today, actor=officer)
        with pytest.raises(ApplicationError, match="đã nhập học"):
            services.application_enrol(
                application=application, school_class=school_class, enrolled_on=today, actor=officer
            )
        assert Learner.objects.count() == 1 and Enrollment.objects.count() == 1


def test_it_refuses_a_class_of_another_program_and_saves_nothing(center_a, thpt, officer, plan, today):
    application = submit(center_a, thpt)
    with scope(center=center_a):
        other = SchoolClassFactory(
            center=center_a, name="SC-Hàn", program=ProgramType.objects.get(code="so-cap"), school_year=plan.school_year
        )
        services.application_verify(application=application, actor=officer)
        services.application_admit(application=application, actor=officer)
    response = client_for(officer).post(
        _url(center_a, "ho-so", application.pk, "nhap-hoc"),
        {"school_class": other.pk, "enrolled_on": today.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 422
    with scope(center=center_a):
        assert not Learner.objects.exists()
    assert _reload(application).status == ApplicationStatus.ADMITTED


def test_it_enrols_only_an_admitted_application(center_a, thpt, officer, school_class, today):
    application = submit(center_a, thpt)
    with scope(center=center_a), pytest.raises(ApplicationError, match="Chỉ hồ sơ trúng tuyển"):
        services.application_enrol(application=application, school_class=school_class, enrolled_on=today, actor=officer)


def test_it_serves_documents_to_staff_only(center_a, thpt, officer, counselor, bob, charlie):
    application = submit(center_a, thpt, documents=[png_file()])
    with scope(center=center_a):
        document = application.documents.get()
    url = _url(center_a, "tai-lieu", document.pk)
    response = client_for(counselor).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("private")
    assert client_for(bob).get(url).status_code == 403
    assert client_for(charlie).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    detail = client_for(counselor).get(_url(center_a, "ho-so", application.pk)).content.decode()
    assert url in detail and "/media/" not in detail


# --- Who may do what --------------------------------------------------------------------------------------


def test_it_lets_a_counselor_read_but_not_decide(center_a, thpt, counselor):
    application = submit(center_a, thpt)
    client = client_for(counselor)
    assert client.get(_url(center_a)).status_code == 200
    assert client.get(_url(center_a, "ho-so")).status_code == 200
    page = client.get(_url(center_a, "ho-so", application.pk))
    assert page.status_code == 200 and "Xác nhận đã xác minh" not in page.content.decode()
    for action in ("xac-minh", "trung-tuyen", "du-bi", "tu-choi", "nhap-hoc"):
        assert client.post(_url(center_a, "ho-so", application.pk, action)).status_code == 403
    assert client.post(_url(center_a, "ho-so", "trung-tuyen"), {"applications": [application.pk]}).status_code == 403
    assert _reload(application).status == ApplicationStatus.RECEIVED


@pytest.mark.parametrize(
    "route",
    ["", "ke-hoach/", "ho-so/", "ho-so/{pk}/", "tai-lieu/1/"],
)
def test_it_answers_403_to_a_teacher(center_a, thpt, bob, route):
    application = submit(center_a, thpt)
    response = client_for(bob).get(_url(center_a) + route.format(pk=application.pk))
    assert response.status_code == 403


@pytest.mark.parametrize("action", ["xac-minh", "trung-tuyen", "du-bi", "tu-choi", "nhap-hoc"])
def test_it_answers_403_to_a_teacher_acting(center_a, thpt, bob, action):
    application = submit(center_a, thpt)
    assert client_for(bob).post(_url(center_a, "ho-so", application.pk, action)).status_code == 403


def test_it_lists_and_searches_without_diacritics(center_a, thpt, counselor):
    submit(center_a, thpt, full_name="Nguyễn Thị Hằng", serial=1)
    submit(center_a, thpt, full_name="Trần Văn Bình", serial=2, sex="male")
    page = client_for(counselor).get(_url(center_a, "ho-so") + "?q=nguyen+thi+hang").content.decode()
    assert "Nguyễn Thị Hằng" in page and "Trần Văn Bình" not in page
    page = client_for(counselor).get(_url(center_a, "ho-so") + "?status=verified").content.decode()
    assert "Nguyễn Thị Hằng" not in page


def test_it_lists_a_page_in_a_fixed_number_of_queries(center_a, thpt, counselor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(counselor)
    counts = []
    for total in (3, 30):
        with scopes_disabled():
            have = Application.objects.count()
        for i in range(have, total):
            submit(center_a, thpt, serial=i + 1, full_name=f"Học Viên {i}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(center_a, "ho-so")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_it_waitlists_then_admits(center_a, thpt, officer):
    application = submit(center_a, thpt)
    with scope(center=center_a):
        services.application_verify(application=application, actor=officer)
        services.application_waitlist(application=application, reason="Chờ lớp thứ hai", actor=officer)
        services.applications_admit(application_ids=[application.pk], actor=officer)
    assert _reload(application).status == ApplicationStatus.ADMITTED
