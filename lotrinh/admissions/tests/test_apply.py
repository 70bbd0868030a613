"""The public application: no account, phone-friendly, nothing saved on bad input, one application per form."""

import datetime as dt
import io
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled

from lotrinh.admissions.models import Application, ApplicationDocument, ApplicationStatus
from lotrinh.admissions.uploads import document_check
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent

from .conftest import form_data, pdf_file, png_file


def _url(center) -> str:
    return f"/p/{center.slug}/dang-ky/"


def _count() -> int:
    with scopes_disabled():
        return Application.objects.count()


def test_it_shows_the_form_with_nothing_ticked(center_a, thpt):
    response = Client().get(_url(center_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="consent_processing"' in html and 'name="consent_contact"' in html
    assert "checked" not in html
    assert "GDTX cấp THPT" in html
    assert 'name="form_token"' in html


def test_it_shows_the_form_in_a_few_queries_whatever_the_number_of_communes(center_a, thpt, django_assert_num_queries):
    from lotrinh.admissions.forms import communes_of

    with scopes_disabled():
        assert communes_of(center_a).count() > 20  # every commune of the province is a choice
    client = Client()
    client.get(_url(center_a))
    with django_assert_num_queries(5):  # the center with its records, its commune, plan, targets, communes
        assert client.get(_url(center_a)).status_code == 200


def test_it_says_admissions_are_closed_without_an_open_plan(center_a):
    response = Client().get(_url(center_a))
    assert response.status_code == 200
    assert "Hiện chưa mở tuyển sinh" in response.content.decode()


def test_it_answers_404_for_an_unknown_center(db):
    assert Client().get("/p/khong-ton-tai/dang-ky/").status_code == 404


def test_it_receives_an_application_and_gives_a_tracking_code(center_a, thpt):
    data = form_data(thpt)
    response = Client().post(_url(center_a), {**data, "documents": [png_file(), pdf_file()]})
    assert response.status_code == 200
    with scopes_disabled():
        application = Application.objects.get()
        assert application.status == ApplicationStatus.RECEIVED
        assert application.documents.count() == 2
        assert application.history.get().status == ApplicationStatus.RECEIVED
        assert application.id_number_digest and data["id_number"] not in application.id_number_encrypted
        assert application.consent_processing and not application.consent_contact
        event = AuditEvent.objects.get(
            action="create", object_id=str(application.pk), object_type__endswith="application"
        )
        assert event.actor is None and event.changes["id_number"][1].endswith(application_id_tail(data))
    code = application.tracking_code
    assert len(code) == 10 and not set(code) & set("01OIL")
    assert code in response.content.decode()


def application_id_tail(data: dict) -> str:
    return data["id_number"][-3:]


def test_it_makes_different_unguessable_codes(center_a, thpt):
    client = Client()
    for serial in range(1, 4):
        client.post(_url(center_a), form_data(thpt, serial=serial, full_name=f"Người Thứ {serial}"))
    with scopes_disabled():
        codes = set(Application.objects.values_list("tracking_code", flat=True))
    assert len(codes) == 3


def test_it_requires_the_admission_consent(center_a, thpt):
    data = form_data(thpt)
    del data["consent_processing"]
    response = Client().post(_url(center_a), data)
    assert response.status_code == 422
    assert "Đánh dấu ô đồng ý" in response.content.decode()
    assert _count() == 0


def test_it_saves_nothing_when_the_honeypot_is_filled(center_a, thpt):
    response = Client().post(_url(center_a), form_data(thpt, website="http://spam.example"))
    assert response.status_code == 400
    assert _count() == 0


def test_it_makes_one_application_of_a_form_sent_twice(center_a, thpt):
    client = Client()
    data = form_data(thpt)
    first = client.post(_url(center_a), data)
    second = client.post(_url(center_a), data)
    assert first.status_code == second.status_code == 200
    assert _count() == 1
    with scopes_disabled():
        code = Application.objects.get().tracking_code
    assert code in second.content.decode()


def test_it_refuses_a_forged_form_token(center_a, thpt):
    response = Client().post(_url(center_a), form_data(thpt, form_token="gia-mao"))
    assert response.status_code == 422
    assert _count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "12345", "12"),
        ("id_number", "", "Nhập số định danh cá nhân 12 số."),
        ("phone", "123", ""),
        ("date_of_birth", "31/02/2010", "dd/mm/yyyy"),
        ("guardian_name", "", "Thí sinh dưới 18 tuổi"),
    ],
)
def test_it_explains_bad_input_and_saves_nothing(center_a, thpt, field, value, message):
    response = Client().post(_url(center_a), form_data(thpt, **{field: value}))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _count() == 0


def test_it_prefills_the_name_from_an_interest_result(center_a, thpt, monkeypatch):
    from lotrinh.admissions import views

    class Attempt:
        pk = 7
        respondent_name = "Phan Văn Tài"
        holland_code = "RIA"

    monkeypatch.setattr(views, "_interest_attempt", lambda token: Attempt() if token == "tok123" else None)
    page = Client().get(_url(center_a) + "?ket-qua=tok123").content.decode()
    assert 'value="Phan Văn Tài"' in page and 'name="ket_qua" value="tok123"' in page
    response = Client().post(_url(center_a), {**form_data(thpt), "ket_qua": "tok123"})
    assert response.status_code == 200
    with scopes_disabled():
        application = Application.objects.get()
    assert application.interest_attempt_id == 7 and application.interest_token == "tok123"


def test_it_limits_applications_per_client(center_a, thpt, settings):
    settings.LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR = 2
    client = Client()
    statuses = [client.post(_url(center_a), form_data(thpt, serial=i)).status_code for i in range(1, 4)]
    assert statuses[:2] == [200, 200]
    assert statuses[2] == 429
    assert _count() == 2


# --- Hostile uploads --------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _bomb() -> SimpleUploadedFile:
    """A 30 kB PNG that declares 50 000 × 50 000 pixels: its zeros would inflate to 300 MB."""
    header = struct.pack(">IIBBBBB", 50000, 50000, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (30 * 1024 * 1024), 9)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")
    return SimpleUploadedFile("anh.png", data, content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("hoc-ba.jpg", b"MZ\x90\x00\x03" + b"\x00" * 500, content_type="image/jpeg"),
            "không phải ảnh",
        ),
        (
            SimpleUploadedFile(
                "anh.png",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                content_type="image/png",
            ),
            "không phải ảnh",
        ),
        (
            SimpleUploadedFile(
                "anh.svg",
                b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
                content_type="image/svg+xml",
            ),
            "không phải ảnh",
        ),
        (
            SimpleUploadedFile(
                "to.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024 + 10), content_type="image/jpeg"
            ),
            "lớn hơn 5 MB",
        ),
        (pdf_file(body=b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"), "PDF"),
        (SimpleUploadedFile("hong.jpg", b"\xff\xd8\xff\xe0garbage", content_type="image/jpeg"), "không phải ảnh"),
    ],
    ids=["renamed-executable", "svg-named-png", "svg", "over-5-mb", "pdf-with-script", "broken-jpeg"],
)
def test_it_refuses_a_hostile_document_and_saves_nothing(center_a, thpt, upload, message):
    response = Client().post(_url(center_a), {**form_data(thpt), "documents": [png_file(), upload]})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _count() == 0
    with scopes_disabled():
        assert ApplicationDocument.objects.count() == 0


def test_it_refuses_a_decompression_bomb_fast(center_a, thpt):
    bomb = _bomb()
    started = time.monotonic()
    with pytest.raises(ApplicationError, match="quá nhiều điểm ảnh"):
        document_check(bomb)
    assert time.monotonic() - started < 0.5  # refused from its header, never inflated
    response = Client().post(_url(center_a), {**form_data(thpt), "documents": [_bomb()]})
    assert response.status_code == 422
    assert "quá nhiều điểm ảnh" in response.content.decode()
    assert _count() == 0


def test_it_refuses_more_than_three_files(center_a, thpt):
    files = [png_file(f"anh-{i}.png") for i in range(4)]
    response = Client().post(_url(center_a), {**form_data(thpt), "documents": files})
    assert response.status_code == 422
    assert "tối đa ba tệp" in response.content.decode()
    assert _count() == 0


def test_it_refuses_a_huge_body_before_reading_it(center_a, thpt):
    """A 200 MB upload is refused from its declared length: the body is never read."""

    class Endless(io.RawIOBase):
        def read(self, size=-1):
            raise AssertionError("the body was read")

    client = Client()
    response = client.generic(
        "POST",
        _url(center_a),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()
    assert _count() == 0


def test_it_refuses_a_form_left_open_for_more_than_a_day(center_a, thpt, clock):
    data = form_data(thpt)
    clock.shift(dt.timedelta(hours=25))
    response = Client().post(_url(center_a), data)
    assert response.status_code == 422
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert _count() == 0


def test_it_refuses_an_old_nine_digit_card_number(center_a, thpt):
    response = Client().post(_url(center_a), form_data(thpt, id_number="197123456"))
    assert response.status_code == 422
    assert "không dùng số CMND 9 số cũ" in response.content.decode()
    assert _count() == 0


def test_it_takes_no_application_once_the_plan_is_closed(center_a, thpt, plan):
    with scopes_disabled():
        plan.closes_on = plan.opens_on
        plan.save()
    response = Client().post(_url(center_a), form_data(thpt))
    assert response.status_code == 422
    assert "Hiện chưa mở tuyển sinh" in response.content.decode()
    assert _count() == 0
