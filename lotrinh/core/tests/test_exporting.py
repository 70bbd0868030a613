"""The one XLSX writer every list export uses."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from lotrinh.core.exporting import XLSX_TYPE, Column, write_xlsx, xlsx_response, xlsx_sheet_guard

PEOPLE = [
    {"name": "Nguyễn Thị Hằng", "born": dt.date(2009, 5, 12), "fee": Decimal("1500000"), "note": None},
    {"name": '=HYPERLINK("http://x")', "born": dt.date(2008, 1, 30), "fee": Decimal("0.5"), "note": "ghi chú"},
]
COLUMNS = [
    Column("Họ và tên", lambda p: p["name"], 28),
    Column("Ngày sinh", lambda p: p["born"], 12),
    Column("Học phí", lambda p: p["fee"]),
    Column("Ghi chú", lambda p: p["note"]),
]


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_it_writes_a_title_a_header_and_one_row_per_item():
    sheet = _sheet(write_xlsx(title="Danh sách học viên", columns=COLUMNS, rows=PEOPLE))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Danh sách học viên"
    assert rows[1] == ("Họ và tên", "Ngày sinh", "Học phí", "Ghi chú")
    assert rows[2] == ("Nguyễn Thị Hằng", dt.datetime(2009, 5, 12), 1500000, None)
    assert sheet["A1"].font.bold and sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:D4"


def test_it_writes_dates_as_dates_shown_day_first():
    sheet = _sheet(write_xlsx(title="x", columns=COLUMNS, rows=PEOPLE))
    assert sheet["B3"].is_date and sheet["B3"].number_format == "DD/MM/YYYY"


def test_it_never_turns_text_into_a_formula():
    sheet = _sheet(write_xlsx(title="x", columns=COLUMNS, rows=PEOPLE))
    assert sheet["A4"].data_type == "s" and sheet["A4"].value.startswith("=HYPERLINK")
    assert sheet["A4"].quotePrefix


@pytest.mark.parametrize("text", ["=1+1", "+84 912 000 111", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_it_guards_every_text_a_spreadsheet_could_evaluate(text):
    data = write_xlsx(title=text, columns=[Column(text, lambda row: row)], rows=[text])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = _sheet(data)
    for ref in ("A1", "A2", "A3"):  # title, header, value
        assert sheet[ref].data_type == "s" and sheet[ref].quotePrefix, ref


def test_it_leaves_numbers_and_plain_text_alone():
    sheet = _sheet(write_xlsx(title="x", columns=[Column("n", lambda row: row)], rows=[-5, Decimal("-0.5"), "Hằng"]))
    assert (sheet["A3"].value, sheet["A3"].data_type) == (-5, "n")
    assert (sheet["A4"].value, sheet["A4"].data_type) == (-0.5, "n")
    assert sheet["A5"].value == "Hằng" and not sheet["A5"].quotePrefix


def test_it_guards_the_cells_of_a_normal_sheet():
    workbook = Workbook()
    workbook.active.append(["=1+1", -3, "ok"])
    xlsx_sheet_guard(workbook.active)
    a1, b1, c1 = workbook.active[1]
    assert (a1.data_type, a1.quotePrefix) == ("s", True)
    assert (b1.data_type, b1.quotePrefix) == ("n", False)
    assert not c1.quotePrefix


def test_it_sets_widths_beyond_the_26th_column_and_a_valid_sheet_title():
    columns = [Column(f"C{n}", lambda p, n=n: n, 7 + n % 5) for n in range(30)]
    workbook = load_workbook(io.BytesIO(write_xlsx(title="Lớp 10A1/10A2: [điểm]", columns=columns, rows=[{}])))
    sheet = workbook.active
    assert sheet.title == "Lớp 10A1-10A2- -điểm-"
    assert sheet.column_dimensions["AD"].width == 7 + 29 % 5


def test_it_streams_a_large_list():
    rows = ({"name": f"Học viên {n}", "born": dt.date(2009, 1, 1), "fee": n, "note": ""} for n in range(5000))
    sheet = load_workbook(io.BytesIO(write_xlsx(title="x", columns=COLUMNS, rows=rows)), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == 5002


def test_it_answers_an_attachment_with_an_ascii_file_name():
    response = xlsx_response(filename="Học viên 10A1", title="x", columns=COLUMNS, rows=PEOPLE)
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="hoc-vien-10a1.xlsx"'
