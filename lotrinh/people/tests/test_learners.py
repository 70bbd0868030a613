"""Learner records through the pages: list, detail, create, edit, ID numbers, photo, enrollment status."""

import datetime as dt
import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext, override
from django_scopes import scope
from PIL import Image

from lotrinh.academics import services as academics_services
from lotrinh.academics.models import Enrollment, EnrollmentStatusChange
from lotrinh.conftest import client_for, make_user, member
from lotrinh.core import crypto
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Commune
from lotrinh.factories import SchoolClassFactory
from lotrinh.people import services
from lotrinh.people.forms import LearnerForm
from lotrinh.people.models import ConsentPurpose, Ethnicity, Learner, LearnerGuardian, Sex

from .conftest import make_learner, years_ago


def vi(message: str, **params) -> str:
    with override("vi"):
        text = gettext(message)
    return text % params if params else text


def _url(center, suffix: str = "") -> str:
    return f"/c/{center.slug}/hoc-vien/{suffix}"


def valid_id(sex: str, born: dt.date, place: str = "045", tail: str = "123456") -> str:
    century_sex = 2 * ((born.year - 1900) // 100) + (1 if sex == Sex.FEMALE else 0)
    return f"{place}{century_sex}{born.year % 100:02d}{tail}"


BORN = dt.date(2009, 5, 12)


def new_learner(**changes) -> dict:
    data = {
        "code": "HV2609999",
        "full_name": "Lê Thị Mai",
        "date_of_birth": "12/05/2009",
        "sex": Sex.FEMALE,
        "id_number": valid_id(Sex.FEMALE, BORN),
        "phone": "+84 912 345 678",
        "street_address": "Thôn 3",
        "commune": "19333",
        "distance_km": "7,5",
        "household_status": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _learners(center):
    with scope(center=center):
        return list(Learner.objects.all())


# --- Create ------------------------------------------------------------------------------------------


def test_it_creates_a_learner_with_normalized_data(center_a, alice):
    decomposed = unicodedata.normalize("NFD", "Lê  Thị Mai ")
    response = client_for(alice).post(_url(center_a, "them/"), new_learner(full_name=decomposed))
    assert response.status_code == 302
    with scope(center=center_a):
        learner = Learner.objects.get(code="HV2609999")
        assert learner.full_name == "Lê Thị Mai" == unicodedata.normalize("NFC", learner.full_name)
        assert learner.phone == "0912345678"
        assert str(learner.distance_km) == "7.5"
        assert learner.commune_id == 19333
        assert crypto.decrypt(learner.id_number_encrypted) == valid_id(Sex.FEMALE, BORN)
        assert valid_id(Sex.FEMALE, BORN) not in learner.id_number_encrypted
        event = AuditEvent.objects.get(object_type="people.learner", action=AuditEvent.Action.CREATE)
    assert response["Location"] == _url(center_a, f"{learner.pk}/")
    assert event.actor == alice
    assert event.changes["id_number"] == [None, "•••••••••456"]
    assert event.changes["phone"] == [None, "0912345678"]


def test_it_suggests_the_next_learner_code(center_a, alice, hang):
    response = client_for(alice).get(_url(center_a, "them/"))
    year = timezone.localdate().year % 100
    expected = f"HV{year:02d}00002" if year == 26 else f"HV{year:02d}00001"
    assert response.context["form"].initial["code"] == expected


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("999309123456", vi("The first three digits (%(code)s) are not a known province code.", code="999")),
        ("045209123456", vi("The 4th digit does not match the sex (even for male, odd for female).")),
        ("045109123456", vi("The 4th digit does not match the century of the date of birth.")),
        ("045311123456", vi("Digits 5–6 (%(yy)s) do not match the year of birth.", yy="11")),
        ("04530912345", vi("A personal ID number has 12 digits; this one has %(count)s.", count=11)),
        ("04530912A456", vi("The ID number must have 12 digits (or 9 digits for an old identity card).")),
    ],
)
def test_it_refuses_an_impossible_id_number_and_says_which_digit(center_a, alice, id_number, message):
    response = client_for(alice).post(_url(center_a, "them/"), new_learner(id_number=id_number))
    assert response.status_code == 422
    assert message in response.context["form"].errors["id_number"]
    assert message in response.content.decode()
    assert _learners(center_a) == []


def test_it_accepts_and_flags_a_legacy_9_digit_number(center_a, alice):
    response = client_for(alice).post(_url(center_a, "them/"), new_learner(id_number="197 123 456"))
    assert response.status_code == 302
    (learner,) = _learners(center_a)
    assert learner.id_number_is_legacy
    page = client_for(alice).get(_url(center_a, f"{learner.pk}/")).content.decode()
    assert vi("Old 9-digit ID card") in page


def test_it_refuses_a_duplicate_id_number_in_the_center_but_not_in_another(center_a, center_b, alice, charlie, hang):
    number = valid_id(Sex.FEMALE, hang.date_of_birth)
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, id_number=number)
    same_person = new_learner(id_number=number, date_of_birth=hang.date_of_birth.strftime("%d/%m/%Y"))
    response = client_for(alice).post(_url(center_a, "them/"), same_person)
    assert response.status_code == 422
    message = vi("Another learner of the center already has this ID number.")
    assert message in response.context["form"].errors["id_number"]
    assert len(_learners(center_a)) == 1
    # Another center keeps its own records: the same person may be a learner there too.
    assert client_for(charlie).post(_url(center_b, "them/"), same_person).status_code == 302
    assert len(_learners(center_b)) == 1


def test_it_refuses_a_birth_date_in_the_future(center_a, alice):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(alice).post(
        _url(center_a, "them/"), new_learner(date_of_birth=tomorrow.strftime("%d/%m/%Y"), id_number="")
    )
    assert response.status_code == 422
    assert vi("The date of birth is in the future.") in response.context["form"].errors["date_of_birth"]
    assert _learners(center_a) == []


def test_it_reads_the_birth_date_day_first(center_a, alice):
    client_for(alice).post(_url(center_a, "them/"), new_learner(date_of_birth="05/12/2009", id_number=""))
    (learner,) = _learners(center_a)
    assert learner.date_of_birth == dt.date(2009, 12, 5)


@pytest.mark.parametrize("phone", ["+1 415 555 0100", "12345", "0212345678"])
def test_it_refuses_a_phone_number_that_is_not_vietnamese(center_a, alice, phone):
    response = client_for(alice).post(_url(center_a, "them/"), new_learner(phone=phone))
    assert response.status_code == 422
    assert "phone" in response.context["form"].errors
    assert _learners(center_a) == []


def test_it_shows_every_problem_at_once_and_saves_nothing(center_a, alice):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for(alice).post(
        _url(center_a, "them/"), new_learner(full_name="  ", phone="123", date_of_birth=tomorrow, sex="")
    )
    assert response.status_code == 422
    assert {"full_name", "phone", "date_of_birth", "sex"} <= set(response.context["form"].errors)
    assert _learners(center_a) == []
    with scope(center=center_a):
        assert not AuditEvent.objects.filter(object_type="people.learner").exists()


def test_it_refuses_a_certificate_that_ends_before_it_starts(center_a, alice):
    response = client_for(alice).post(
        _url(center_a, "them/"),
        new_learner(
            household_status="poor",
            household_certificate_valid_from="01/01/2026",
            household_certificate_valid_to="31/12/2025",
        ),
    )
    assert response.status_code == 422
    assert "household_certificate_valid_to" in response.context["form"].errors


def test_it_labels_communes_by_name_from_the_centers_province(center_a, alice, django_assert_max_num_queries):
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        response = client.get(_url(center_a, "them/"))
    content = response.content.decode()
    assert ">Phường Đông Hà</option>" in content
    assert "Phường Đông Hà, " not in content
    communes = response.context["form"].fields["commune"].queryset
    assert {c.province_id for c in communes} == {44}


def test_it_offers_the_ethnicity_field_only_to_roles_that_may_see_it(center_a):
    assert "ethnicity" in LearnerForm(province_id=44, can_view_sensitive=True).fields
    assert "ethnicity" not in LearnerForm(province_id=44, can_view_sensitive=False).fields


# --- Edit --------------------------------------------------------------------------------------------


def test_it_edits_a_learner_and_audits_old_and_new(center_a, alice, hang):
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, phone="0912345678")
    data = new_learner(
        code=hang.code,
        full_name=hang.full_name,
        date_of_birth=hang.date_of_birth.strftime("%d/%m/%Y"),
        phone="0987 654 321",
        id_number=valid_id(Sex.FEMALE, hang.date_of_birth, tail="000789"),
        ethnicity="01",
    )
    response = client_for(alice).post(_url(center_a, f"{hang.pk}/sua/"), data)
    assert response.status_code == 302
    with scope(center=center_a):
        hang.refresh_from_db()
        event = AuditEvent.objects.filter(object_id=str(hang.pk), action=AuditEvent.Action.UPDATE).first()
    assert hang.phone == "0987654321"
    assert hang.ethnicity_id == "01"
    assert event.changes["phone"] == ["0912345678", "0987654321"]
    assert event.changes["id_number"] == [None, "•••••••••789"]
    assert event.changes["ethnicity"] == [None, "•••"]  # sensitive: never in the log in clear


def test_it_keeps_the_id_number_when_the_field_is_left_empty(center_a, alice, hang):
    number = valid_id(Sex.FEMALE, hang.date_of_birth)
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, id_number=number)
    data = new_learner(
        code=hang.code, full_name=hang.full_name, date_of_birth=hang.date_of_birth.strftime("%d/%m/%Y"), id_number=""
    )
    assert client_for(alice).post(_url(center_a, f"{hang.pk}/sua/"), data).status_code == 302
    with scope(center=center_a):
        hang.refresh_from_db()
    assert crypto.decrypt(hang.id_number_encrypted) == number


def test_it_refuses_a_bad_edit_and_changes_nothing(center_a, alice, hang):
    data = new_learner(code=hang.code, full_name="", date_of_birth="31/02/2009", phone="000")
    response = client_for(alice).post(_url(center_a, f"{hang.pk}/sua/"), data)
    assert response.status_code == 422
    with scope(center=center_a):
        hang.refresh_from_db()
        assert hang.full_name == "Nguyễn Thị Hằng"
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


# --- List --------------------------------------------------------------------------------------------


def test_it_finds_nguyen_thi_hang_without_diacritics_and_by_code(center_a, alice, hang, nam):
    client = client_for(alice)
    page = client.get(_url(center_a), {"q": "Nguyen Thi Hang"}, HTTP_HX_REQUEST="true")
    assert [x.full_name for x in page.context["page"]] == ["Nguyễn Thị Hằng"]
    assert "Nguyễn Thị Hằng" in page.content.decode()
    page = client.get(_url(center_a), {"q": "hv2600002"})
    assert [x.full_name for x in page.context["page"]] == ["Trần Văn Nam"]


def test_it_filters_the_list_by_class_and_status(center_a, alice, hang, nam):
    with scope(center=center_a):
        first = SchoolClassFactory(center=center_a)
        second = SchoolClassFactory(center=center_a)
        academics_services.enrollment_create(learner=hang, school_class=first, enrolled_on=BORN, actor=alice)
        enrollment = academics_services.enrollment_create(
            learner=nam, school_class=second, enrolled_on=dt.date(2026, 9, 5), actor=alice
        )
        academics_services.enrollment_status_change(
            enrollment=enrollment, status="dropped_out", reason="work", effective_on=dt.date(2026, 10, 1), actor=alice
        )
    client = client_for(alice)
    names = lambda **params: [x.full_name for x in client.get(_url(center_a), params).context["page"]]  # noqa: E731
    assert names(**{"class": first.pk}) == ["Nguyễn Thị Hằng"]
    assert names(status="dropped_out") == ["Trần Văn Nam"]
    assert names(**{"class": first.pk, "status": "dropped_out"}) == []
    assert sorted(names()) == ["Nguyễn Thị Hằng", "Trần Văn Nam"]


def test_it_shows_the_ethnicity_column_only_to_roles_that_may_see_it(center_a, alice, bob, counselor, hang):
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, ethnicity=Ethnicity.objects.get(name="Bru-Vân Kiều"))
    assert "Bru-Vân Kiều" in client_for(counselor).get(_url(center_a)).content.decode()
    for request in ({}, {"HTTP_HX_REQUEST": "true"}):
        assert "Bru-Vân Kiều" not in client_for(bob).get(_url(center_a), **request).content.decode()


def test_it_links_each_learner_to_their_page(center_a, bob, hang):
    assert _url(center_a, f"{hang.pk}/") in client_for(bob).get(_url(center_a)).content.decode()


def test_it_runs_the_list_in_a_fixed_number_of_queries(center_a, alice, bob, django_assert_max_num_queries):
    client = client_for(alice)
    with scope(center=center_a):
        school_class = SchoolClassFactory(center=center_a)
        first = make_learner(center_a)
        academics_services.enrollment_create(learner=first, school_class=school_class, enrolled_on=BORN, actor=None)
    params = {"class": school_class.pk, "status": "enrolled"}
    with django_assert_max_num_queries(30) as small:
        assert client.get(_url(center_a), params).status_code == 200
    with scope(center=center_a):
        ethnicity = Ethnicity.objects.get(name="Kinh")
        for _ in range(30):
            learner = make_learner(center_a, ethnicity=ethnicity)
            other = SchoolClassFactory(center=center_a)
            for klass in (school_class, other):
                academics_services.enrollment_create(learner=learner, school_class=klass, enrolled_on=BORN, actor=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_url(center_a), params)
    assert len(response.context["page"]) == 31


# --- Detail ------------------------------------------------------------------------------------------


def test_it_shows_the_detail_page(center_a, alice, bob, hang):
    with scope(center=center_a):
        services.learner_update(
            learner=hang,
            actor=alice,
            phone="0912345678",
            previous_school="Trường THCS Nguyễn Trãi",
            household_status="poor",
            household_certificate_valid_from=timezone.localdate() - dt.timedelta(days=10),
            id_number=valid_id(Sex.FEMALE, hang.date_of_birth),
        )
    response = client_for(bob).get(_url(center_a, f"{hang.pk}/"))
    content = response.content.decode()
    assert response.status_code == 200
    assert hang.date_of_birth.strftime("%d/%m/%Y") in content
    assert "0912345678" in content and "Trường THCS Nguyễn Trãi" in content
    assert "•••••••••456" in content
    assert valid_id(Sex.FEMALE, hang.date_of_birth) not in content
    assert vi("Certificate holds today") in content
    assert "so-dinh-danh/" not in content  # bob may not reveal
    assert f"{hang.pk}/sua/" not in content  # nor edit


def test_it_hides_ethnicity_from_the_page_and_from_a_fragment_fetched_alone(center_a, alice, bob, counselor, hang):
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, ethnicity=Ethnicity.objects.get(name="Tà-ôi"))
    url = _url(center_a, f"{hang.pk}/")
    fragment = {"fragment": "identity"}
    assert "Tà-ôi" not in client_for(bob).get(url).content.decode()
    alone = client_for(bob).get(url, fragment, HTTP_HX_REQUEST="true")
    assert alone.status_code == 200 and 'id="identity"' in alone.content.decode()
    assert "Tà-ôi" not in alone.content.decode()
    assert "<html" not in alone.content.decode()
    assert "Tà-ôi" in client_for(counselor).get(url, fragment, HTTP_HX_REQUEST="true").content.decode()


def test_it_reveals_an_id_number_and_logs_it(center_a, alice, hang):
    number = valid_id(Sex.FEMALE, hang.date_of_birth)
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, id_number=number)
    response = client_for(alice).post(_url(center_a, f"{hang.pk}/so-dinh-danh/"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert number in response.content.decode()
    assert "learner-id-revealed" in response["HX-Trigger"]
    with scope(center=center_a):
        event = AuditEvent.objects.get(action=AuditEvent.Action.REVEAL, object_id=str(hang.pk))
    assert event.actor == alice
    assert number not in str(event.changes)


def test_it_refuses_a_teacher_revealing_an_id_number_and_logs_nothing(center_a, alice, bob, hang):
    with scope(center=center_a):
        services.learner_update(learner=hang, actor=alice, id_number=valid_id(Sex.FEMALE, hang.date_of_birth))
    assert client_for(bob).post(_url(center_a, f"{hang.pk}/so-dinh-danh/")).status_code == 403
    with scope(center=center_a):
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL).exists()


def test_it_runs_the_detail_page_in_a_fixed_number_of_queries(center_a, alice, django_assert_max_num_queries):
    client = client_for(alice)
    learner = make_learner(center_a, date_of_birth=years_ago(15))
    with scope(center=center_a):  # one of each kind, so that every prefetch already runs
        academics_services.enrollment_create(
            learner=learner, school_class=SchoolClassFactory(center=center_a), enrolled_on=BORN, actor=alice
        )
    with django_assert_max_num_queries(30) as small:
        assert client.get(_url(center_a, f"{learner.pk}/")).status_code == 200
    today = timezone.localdate()
    with scope(center=center_a):
        for n in range(4):
            guardian = services.guardian_create(
                center=center_a,
                actor=alice,
                full_name=f"Phụ huynh {n}",
                phone=f"09123456{n:02d}",
                learner=learner,
                relationship=LearnerGuardian.Relationship.MOTHER,
            )
        for purpose in ConsentPurpose.values:
            consent = services.consent_record(
                learner=learner, purpose=purpose, given_on=today, guardian=guardian, learner_agreed=True, actor=alice
            )
        services.consent_withdraw(consent=consent, withdrawn_on=today, actor=alice)
        for _ in range(3):
            enrollment = academics_services.enrollment_create(
                learner=learner, school_class=SchoolClassFactory(center=center_a), enrolled_on=BORN, actor=alice
            )
            academics_services.enrollment_status_change(
                enrollment=enrollment, status="suspended", effective_on=today, actor=alice
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_url(center_a, f"{learner.pk}/"))
    assert len(response.context["guardians"]) == 4
    assert sorted(len(e.history) for e in response.context["enrollments"]) == [1, 2, 2, 2]


def test_it_answers_404_for_a_learner_of_another_center(center_a, center_b, alice):
    other = make_learner(center_b)
    assert client_for(alice).get(_url(center_a, f"{other.pk}/")).status_code == 404


# --- Photo -------------------------------------------------------------------------------------------


def _image(kind: str = "PNG", size=(60, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=kind)
    return buffer.getvalue()


def test_it_stores_a_photo_and_serves_it_only_to_members(center_a, alice, bob, charlie, hang):
    upload = SimpleUploadedFile("ảnh thẻ.png", _image(), content_type="image/png")
    response = client_for(alice).post(_url(center_a, f"{hang.pk}/anh/doi/"), {"photo": upload})
    assert response.status_code == 302
    with scope(center=center_a):
        hang.refresh_from_db()
        event = AuditEvent.objects.get(object_id=str(hang.pk), action=AuditEvent.Action.UPDATE)
    assert hang.photo.name.startswith("learners/photos/") and hang.photo.name.endswith(".png")
    assert "ảnh" not in hang.photo.name
    assert event.changes["photo"][0] is None
    photo = client_for(bob).get(_url(center_a, f"{hang.pk}/anh/"))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content) == _image()
    assert client_for(charlie).get(_url(center_a, f"{hang.pk}/anh/")).status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not a photo", "anh.jpg", "The file is not a photo: upload a JPEG or PNG image."),
        (_image("GIF"), "anh.gif", "The file is not a photo: upload a JPEG or PNG image."),
        (b"\xff\xd8" + b"0" * (2 * 1024 * 1024), "anh.jpg", "The photo is larger than 2 MB; choose a smaller one."),
    ],
)
def test_it_refuses_a_file_that_is_not_a_small_jpeg_or_png(center_a, alice, hang, content, name, message):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client_for(alice).post(_url(center_a, f"{hang.pk}/anh/doi/"), {"photo": upload})
    assert response.status_code == 422
    assert vi(message) in response.content.decode()
    with scope(center=center_a):
        hang.refresh_from_db()
    assert not hang.photo


def test_it_removes_a_photo_and_deletes_the_file(center_a, alice, hang, django_capture_on_commit_callbacks):
    with scope(center=center_a):
        learner = services.learner_photo_set(
            learner=hang, photo=SimpleUploadedFile("a.jpg", _image("JPEG")), actor=alice
        )
    storage, name = learner.photo.storage, learner.photo.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(_url(center_a, f"{hang.pk}/anh/doi/"), {"remove": "1"})
    assert not storage.exists(name)


# --- Enrollment status -------------------------------------------------------------------------------


@pytest.fixture
def enrollment(center_a, alice, hang) -> Enrollment:
    with scope(center=center_a):
        return academics_services.enrollment_create(
            learner=hang, school_class=SchoolClassFactory(center=center_a), enrolled_on=dt.date(2026, 9, 5), actor=alice
        )


def test_it_changes_an_enrollment_status_and_keeps_the_history(center_a, alice, enrollment):
    url = _url(center_a, f"ghi-danh/{enrollment.pk}/trang-thai/")
    prefix = f"e{enrollment.pk}"
    response = client_for(alice).post(
        url, {f"{prefix}-status": "suspended", f"{prefix}-effective_on": "01/10/2026", f"{prefix}-note": "Ốm"}
    )
    assert response.status_code == 302
    response = client_for(alice).post(url, {f"{prefix}-status": "enrolled", f"{prefix}-effective_on": "15/10/2026"})
    assert response.status_code == 302
    with scope(center=center_a):
        history = list(EnrollmentStatusChange.objects.filter(enrollment=enrollment).values_list("status", "note"))
        enrollment.refresh_from_db()
    assert history == [("enrolled", ""), ("suspended", "Ốm"), ("enrolled", "")]
    assert enrollment.status == "enrolled"
    page = client_for(alice).get(_url(center_a, f"{enrollment.learner_id}/")).content.decode()
    assert "01/10/2026" in page and "15/10/2026" in page


def test_it_requires_a_reason_for_dropping_out(center_a, alice, enrollment):
    prefix = f"e{enrollment.pk}"
    response = client_for(alice).post(
        _url(center_a, f"ghi-danh/{enrollment.pk}/trang-thai/"),
        {f"{prefix}-status": "dropped_out", f"{prefix}-effective_on": "01/10/2026"},
    )
    assert response.status_code == 422
    assert vi("Choose the reason for dropping out.") in response.content.decode()
    with scope(center=center_a):
        assert EnrollmentStatusChange.objects.filter(enrollment=enrollment).count() == 1


# --- Who may do what ---------------------------------------------------------------------------------

MANAGE_ROUTES = [
    ("get", "them/"),
    ("post", "them/"),
    ("get", "{learner}/sua/"),
    ("post", "{learner}/sua/"),
    ("post", "{learner}/anh/doi/"),
    ("get", "{learner}/nguoi-giam-ho/tim/"),
    ("post", "{learner}/nguoi-giam-ho/them/"),
    ("post", "{learner}/nguoi-giam-ho/lien-ket/"),
    ("post", "nguoi-giam-ho/{link}/sua/"),
    ("post", "nguoi-giam-ho/{link}/bo/"),
    ("post", "{learner}/so-dinh-danh/"),
    ("post", "{learner}/dong-y/"),
    ("post", "dong-y/{consent}/rut/"),
    ("post", "ghi-danh/{enrollment}/trang-thai/"),
]
READ_ROUTES = [("get", ""), ("get", "{learner}/"), ("get", "{learner}/anh/")]


@pytest.fixture
def records(center_a, alice, hang, enrollment) -> dict:
    with scope(center=center_a):
        guardian = services.guardian_create(
            center=center_a, actor=alice, full_name="Nguyễn Văn Hùng", learner=hang, relationship="father"
        )
        link = LearnerGuardian.objects.get(guardian=guardian)
        consent = services.consent_record(
            learner=hang,
            purpose="messages_to_guardian",
            given_on=timezone.localdate(),
            learner_agreed=True,
            actor=alice,
        )
        services.learner_photo_set(learner=hang, photo=SimpleUploadedFile("a.png", _image()), actor=alice)
    return {"learner": hang.pk, "link": link.pk, "consent": consent.pk, "enrollment": enrollment.pk}


@pytest.mark.parametrize(("method", "route"), MANAGE_ROUTES + READ_ROUTES)
def test_it_answers_404_to_another_center_on_every_route(center_a, charlie, records, method, route):
    response = getattr(client_for(charlie), method)(_url(center_a, route.format(**records)))
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "route"), MANAGE_ROUTES)
def test_it_refuses_a_teacher_on_every_route_that_changes_records(center_a, bob, records, method, route):
    response = getattr(client_for(bob), method)(_url(center_a, route.format(**records)))
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "route"), READ_ROUTES)
def test_it_lets_a_teacher_read_records(center_a, bob, records, method, route):
    assert getattr(client_for(bob), method)(_url(center_a, route.format(**records))).status_code == 200


def test_it_keeps_a_learner_code_unique_in_the_center(center_a, alice, hang):
    with scope(center=center_a), pytest.raises(ApplicationError) as error:
        services.learner_create(
            center=center_a, actor=alice, code=hang.code, full_name="X Y", date_of_birth=BORN, sex=Sex.MALE
        )
    assert "code" in error.value.errors


def test_it_offers_an_excel_export_of_the_filtered_list(center_a, alice, hang):
    response = client_for(alice).get(_url(center_a), {"q": "hang", "status": "enrolled"}, HTTP_HX_REQUEST="true")
    assert f'href="/c/{center_a.slug}/hoc-vien/xuat-excel/?q=hang&amp;status=enrolled"' in response.content.decode()


def test_the_detail_page_links_to_the_transcript_and_the_risk_for_roles_that_may_see_them(center_a, alice, hang):
    accountant = make_user("lan", "Đặng Thị Ngọc Lan")
    member(accountant, center_a, "accountant")
    transcript = f"/c/{center_a.slug}/hoc-vien/{hang.pk}/hoc-ba/"
    risk = f"/c/{center_a.slug}/duy-tri-si-so/hoc-vien/{hang.pk}/"
    detail = f"/c/{center_a.slug}/hoc-vien/{hang.pk}/"
    director_sees = client_for(alice).get(detail).content.decode()
    assert f'href="{transcript}"' in director_sees and f'href="{risk}"' in director_sees
    accountant_sees = client_for(accountant).get(detail)
    assert accountant_sees.status_code == 200
    assert transcript not in accountant_sees.content.decode() and risk not in accountant_sees.content.decode()
    assert client_for(accountant).get(transcript).status_code == 403


def test_a_teacher_sees_the_transcript_link_only_for_a_learner_of_their_own_class(center_a, bob, hang):
    detail = f"/c/{center_a.slug}/hoc-vien/{hang.pk}/"
    transcript = f"/c/{center_a.slug}/hoc-vien/{hang.pk}/hoc-ba/"
    assert transcript not in client_for(bob).get(detail).content.decode()
    assert client_for(bob).get(transcript).status_code == 403
    with scope(center=center_a):
        school_class = SchoolClassFactory(center=center_a, homeroom_teacher=bob)
        Enrollment.objects.create(
            center=center_a, learner=hang, school_class=school_class, enrolled_on=timezone.localdate()
        )
    assert f'href="{transcript}"' in client_for(bob).get(detail).content.decode()
    assert client_for(bob).get(transcript).status_code == 200


def test_it_writes_an_address_from_whichever_parts_are_known(center_a):
    commune = Commune.objects.select_related("province").get(pk=19333)
    learner = make_learner(center_a, street_address="Thôn Tân Hiệp")
    assert learner.address == "Thôn Tân Hiệp"
    learner.commune = commune
    assert learner.address == f"Thôn Tân Hiệp, {commune.name}, {commune.province.name}"
    learner.street_address = ""
    assert learner.address == f"{commune.name}, {commune.province.name}"
