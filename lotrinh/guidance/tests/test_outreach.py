from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent
from lotrinh.guidance.models import OutreachAttendee, OutreachEvent, OutreachMaterial

from .conftest import png_bytes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _create(client, center, today, **extra):
    return client.post(
        reverse("guidance:outreach-create", args=[center.slug]),
        {
            "title": "Họp phụ huynh lớp 9",
            "held_on": today.strftime("%d/%m/%Y"),
            "place": "Hội trường THCS Nguyễn Trãi",
            "audience": "parents",
            "attendance": "40",
            "attendees": "Nguyễn Văn An; 0912345678; THCS Nguyễn Trãi\nLê Thị Bình",
            **extra,
        },
    )


def test_it_records_an_event_with_its_attendance_list(center_a, counselor, today):
    response = _create(client_for(counselor), center_a, today)
    assert response.status_code == 302
    with scope(center=center_a):
        event = OutreachEvent.objects.get()
        assert event.attendance == 40
        assert list(OutreachAttendee.objects.values_list("full_name", "phone")) == [
            ("Nguyễn Văn An", "0912345678"), ("Lê Thị Bình", "")
        ]  # fmt: skip
        assert AuditEvent.objects.filter(object_type="guidance.outreachevent").exists()


def test_it_refuses_an_event_without_a_place_or_with_a_nameless_attendee(center_a, counselor, today):
    client = client_for(counselor)
    assert _create(client, center_a, today, place="").status_code == 422
    response = _create(client, center_a, today, attendees="; 0912345678; THCS Lê Lợi")
    assert response.status_code == 422
    with scope(center=center_a):
        assert not OutreachEvent.objects.exists()
        assert not OutreachAttendee.objects.exists()


def test_it_attaches_a_pdf_and_an_image_and_serves_them_to_members(center_a, counselor, today, bob):
    client = client_for(counselor)
    _create(client, center_a, today)
    with scope(center=center_a):
        event = OutreachEvent.objects.get()
    url = reverse("guidance:outreach-material-add", args=[center_a.slug, event.pk])
    for name, data in (("to-roi.pdf", PDF), ("anh.png", png_bytes())):
        assert client.post(url, {"file": SimpleUploadedFile(name, data)}).status_code == 302
    with scope(center=center_a):
        pdf, image = OutreachMaterial.objects.order_by("id")
        assert (pdf.kind, image.kind) == ("pdf", "png")
        assert "to-roi" not in pdf.file.name  # stored under a random name
    download = reverse("guidance:outreach-material", args=[center_a.slug, pdf.pk])
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert client_for(bob).get(download).status_code == 403


def test_it_refuses_an_executable_a_fake_image_and_a_large_file(center_a, counselor, today, monkeypatch):
    client = client_for(counselor)
    _create(client, center_a, today)
    with scope(center=center_a):
        event = OutreachEvent.objects.get()
    url = reverse("guidance:outreach-material-add", args=[center_a.slug, event.pk])
    for name, data in (("setup.exe", b"MZ\x90\x00" + b"\x00" * 200), ("anh.jpg", b"\xff\xd8\xff\xe0 not really"),
                       ("tai-lieu.pdf", b"<html>not a pdf</html>")):  # fmt: skip
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 422
        assert response.context["material_form"].errors["file"]
    monkeypatch.setattr("lotrinh.guidance.services.MATERIAL_MAX_BYTES", 10)
    assert client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 422
    with scope(center=center_a):
        assert not OutreachMaterial.objects.exists()


def test_it_adds_attendees_later_and_raises_the_count(center_a, counselor, today):
    client = client_for(counselor)
    _create(client, center_a, today, attendance="1", attendees="")
    with scope(center=center_a):
        event = OutreachEvent.objects.get()
    response = client.post(
        reverse("guidance:outreach-attendees-add", args=[center_a.slug, event.pk]),
        {"attendees": "Trần Văn Nam; 0987654321\nHồ Thị Mai; ; THCS Lê Lợi"},
    )
    assert response.status_code == 302
    with scope(center=center_a):
        event.refresh_from_db()
        assert event.attendance == 2
        assert event.attendees.count() == 2
