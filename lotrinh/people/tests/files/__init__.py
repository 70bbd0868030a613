"""Learner lists as schools send them, built in code so that every test says what its file holds.

``messy_xlsx()`` is the list the import pages and the browser test use: two title rows above a header merged
over two rows, names in decomposed Unicode with stray spaces and in capitals, Excel dates and text dates,
"+84 912 345 678" phone numbers, a learner listed twice, an impossible ID number and a footer.
"""

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook

# Quảng Trị (045); 4th digit 2 = born in the 2000s, male; 3 = 2000s, female; then the year's last two digits.
AN = ("Nguyễn Văn An", dt.date(2009, 5, 12), "Nam", "045209001234")
BINH = ("Trần Thị Bình", dt.date(2009, 9, 5), "Nữ", "045309002345")
CUONG = ("Lê Văn Cường", dt.date(2008, 1, 30), "Nam", "045208003456")
DUNG = ("Hồ Thị Dung", dt.date(2010, 2, 14), "Nữ", "045310004567")


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


MESSY_HEADER_TOP = [
    "STT", "HỌ VÀ TÊN HỌC VIÊN", "Ngày tháng năm sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân",
    "Số điện thoại", "Trường THCS", "Phụ huynh", None,
]  # fmt: skip
MESSY_HEADER_BOTTOM = [None] * 8 + ["Họ tên", "SĐT"]
# Row numbers as the spreadsheet shows them: two title rows, a blank row, two header rows, then learners.
MESSY_FIRST_ROW = 6
MESSY_ROWS = [
    # An Excel date cell, a name in decomposed Unicode with stray spaces, a +84 phone number.
    [1, nfd("  Nguyễn   Văn An "), dt.datetime(2009, 5, 12), "Nam", "Kinh", "045209001234", "+84 912 345 678",
     "THCS Nguyễn Trãi", "Nguyễn Văn Ba", "0912 000 111"],
    # A text date, a name in capitals, "nu" without its diacritics, the ID number as a number (leading 0 lost).
    [2, "TRẦN THỊ BÌNH", "05/09/2009", "nu", "Kinh", 45309002345, "0987.654.321", "THCS Lê Lợi", "Trần Văn Ca",
     "0912000222"],
    # d/m/yy, a phone number as a number cell (leading 0 lost), the Vân Kiều people written short.
    [3, "Lê Văn Cường", "30/1/08", "Nam", "Vân Kiều", "045208003456", 912000333, "THCS Cam Lộ", None, None],
    # An impossible ID number: the 4th digit says male, the learner is female.
    [4, "Hồ Thị Dung", dt.date(2010, 2, 14), "Nữ", "Kinh", "045210004567", "0912000444", "THCS Đông Hà", None, None],
    # The same learner as row 6, typed again (same ID number).
    [5, "Nguyễn Văn An", "12/05/2009", "Nam", "Kinh", "045209001234", "0912345678", "THCS Nguyễn Trãi", None, None],
    # A date that does not exist.
    [6, "Phan Thị Én", "31/02/2009", "Nữ", "Kinh", None, None, None, None, None],
]  # fmt: skip
# What the messy file must produce: rows 6, 7, 8 are created; 9 (ID), 10 (duplicate of 6), 11 (date) are errors.
MESSY_VALID = 3
MESSY_ERRORS = {9: "date_of_birth", 10: "id_number", 11: "date_of_birth"}
MESSY_ERROR_ROWS = {9: "Số định danh cá nhân", 10: "Số định danh cá nhân", 11: "Ngày tháng năm sinh"}


def xlsx_bytes(rows: list[list], *, merges: list[str] = (), sheet_title: str = "Danh sách") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def messy_rows() -> list[list]:
    return [
        ["SỞ GIÁO DỤC VÀ ĐÀO TẠO QUẢNG TRỊ", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["DANH SÁCH HỌC VIÊN LỚP 10A1 — NĂM HỌC 2026-2027"],
        [],
        MESSY_HEADER_TOP,
        MESSY_HEADER_BOTTOM,
        *MESSY_ROWS,
        [],
        ["Tổng cộng: 6 học viên"],
        [None, "Người lập biểu", None, None, None, "Giám đốc"],
        [None, "Võ Thị Đào", None, None, None, "Lê Minh Tuấn"],
    ]


def messy_xlsx() -> bytes:
    """The messy list, with the title and the header cells merged as Excel users merge them."""
    # Columns A–I span rows 4–5 (vertically merged); "Phụ huynh" spans I4:J4 over "Họ tên" | "SĐT".
    merges = ["A1:D1", "A2:J2", "I4:J4", *[f"{c}4:{c}5" for c in "ABCDEFGH"]]
    return xlsx_bytes(messy_rows(), merges=merges)


def simple_rows(people=(AN, BINH, CUONG)) -> list[list]:
    header = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "SĐT"]
    return [header] + [[name, born, sex, id_number, "0912 345 678"] for name, born, sex, id_number in people]


def csv_bytes(rows: list[list], *, encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v) for v in row])
    text = buffer.getvalue()
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps the tone as a separate combining mark: 'ễ' is 'ê' + combining tilde."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tones = [m for m in decomposed if m in _TONES]
            base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
            out += (base + "".join(tones)).encode("cp1258")
    return bytes(out)


def xls_bytes(rows: list[list]) -> bytes:
    """An Excel 97-2003 file (BIFF8), as old school software still exports them; needs xlwt."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("DS")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_bytes(rows: list[list]) -> bytes:
    """A minimal OpenDocument spreadsheet (LibreOffice): a zip with a mimetype, a manifest and content.xml."""

    def cell(value) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, dt.date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value.strftime('%d/%m/%Y')}</text:p></table:table-cell>"
            )
        if isinstance(value, int | float):
            kind, text = f'office:value-type="float" office:value="{value}"', str(value)
        else:
            kind, text = 'office:value-type="string"', escape(str(value))
        return f"<table:table-cell {kind}><text:p>{text}</text:p></table:table-cell>"

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="DS">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# The first bytes of a real PNG image (signature and an IHDR chunk): not a spreadsheet, whatever its name.
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x1f\x15\xc4\x89" * 8
