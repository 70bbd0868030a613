"""The pure reader and parser: formats, header detection, cell values. No database."""

import datetime as dt

import pytest

from lotrinh.people.importing import headers, parse, reader
from lotrinh.people.tests import files

TODAY = dt.date(2026, 9, 1)


def _layout(rows):
    layout = headers.detect_layout(rows)
    assert layout is not None
    return layout


def _parsed(rows):
    return list(parse.parse_rows(rows, _layout(rows), today=TODAY))


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Họ và tên", "full_name"),
        ("Họ tên", "full_name"),
        ("HỌ VÀ TÊN HỌC VIÊN", "full_name"),
        ("Ho ten", "full_name"),
        ("Ngày sinh", "date_of_birth"),
        ("Ngày tháng năm sinh", "date_of_birth"),
        ("NGÀY/THÁNG/NĂM SINH", "date_of_birth"),
        ("Ngày sinh (dd/mm/yyyy)", "date_of_birth"),
        ("Giới tính", "sex"),
        ("Nam/Nữ", "sex"),
        ("Nữ", "female_mark"),
        ("Số CCCD", "id_number"),
        ("Số định danh", "id_number"),
        ("CMND/CCCD", "id_number"),
        ("SĐT", "phone"),
        ("Điện thoại", "phone"),
        ("Số điện thoại học viên", "phone"),
        ("Dân tộc", "ethnicity"),
        ("Trường THCS", "previous_school"),
        ("Trường cũ", "previous_school"),
        ("Mã HV", "code"),
        ("Mã học viên", "code"),
        ("Họ tên cha/mẹ", "guardian_name"),
        ("SĐT phụ huynh", "guardian_phone"),
        ("Họ tên cha", "father_name"),
        ("Số ĐT (mẹ)", "mother_phone"),
        ("Địa chỉ thường trú", "street_address"),
        ("STT", "ordinal"),
        ("Ngày sinh Nam", "dob_male"),
        ("Ngày sinh (Nữ)", "dob_female"),
        ("Tên nam", None),
        ("Nơi sinh", None),
        ("Nghề nghiệp của cha", None),
        (" ", None),
    ],
)
def test_it_recognises_header_spellings(label, field):
    assert headers.match_header(label) == field
    assert headers.match_header(files.nfd(label)) == field  # decomposed Unicode too


def test_it_finds_a_header_merged_over_two_rows_below_title_rows():
    layout = _layout(files.messy_rows())
    assert (layout.header_row, layout.header_rows, layout.data_start) == (3, 2, 5)
    by_letter = {c.letter: c for c in layout.columns}
    assert by_letter["B"].field == "full_name"
    assert by_letter["I"].field == "guardian_name" and by_letter["I"].label == "Phụ huynh (Họ tên)"
    assert by_letter["J"].field == "guardian_phone"
    assert layout.missing() == []


def test_it_reads_the_date_of_birth_from_the_male_or_female_column():
    rows = [
        ["DANH SÁCH HỌC SINH"],
        ["TT", "Họ và tên", "Ngày sinh", None, "Dân tộc"],
        [None, None, "Nam", "Nữ", None],
        [1, "Nguyễn Văn An", "12/05/2009", None, "Kinh"],
        [2, "Trần Thị Bình", None, dt.date(2009, 9, 5), "Kinh"],
    ]
    layout = _layout(rows)
    assert [c.field for c in layout.columns][:4] == ["ordinal", "full_name", "dob_male", "dob_female"]
    an, binh = _parsed(rows)
    assert (an.values["sex"], an.values["date_of_birth"]) == ("male", dt.date(2009, 5, 12))
    assert (binh.values["sex"], binh.values["date_of_birth"]) == ("female", dt.date(2009, 9, 5))


def test_it_reads_a_female_column_ticked_with_x():
    rows = [["Họ tên", "Ngày sinh", "Nữ"], ["Trần Thị Bình", "05/09/2009", "x"], ["Lê Văn Cường", "30/01/2008", None]]
    binh, cuong = _parsed(rows)
    assert (binh.values["sex"], cuong.values["sex"]) == ("female", "male")


def test_it_joins_a_name_split_under_a_merged_header():
    rows = [["Họ và tên", None, "Ngày sinh", "Giới tính"], ["Nguyễn Thị", "Hằng", "01/02/2009", "Nữ"]]
    (hang,) = _parsed(rows)
    assert hang.values["full_name"] == "Nguyễn Thị Hằng"


def test_it_refuses_to_see_a_header_in_a_table_without_one():
    rows = [["Nguyễn Văn An", "12/05/2009", "Nam"], ["Trần Thị Bình", "05/09/2009", "Nữ"]]
    assert headers.detect_layout(rows) is None


def test_it_says_which_required_columns_are_missing():
    assert _layout([["Họ và tên", "Số CCCD"], ["Nguyễn Văn An", "045209001234"]]).missing() == [
        "date_of_birth",
        "sex",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2009, 5, 12), (dt.date(2009, 5, 12), None)),
        (dt.date(2009, 5, 12), (dt.date(2009, 5, 12), None)),
        ("12/05/2009", (dt.date(2009, 5, 12), None)),
        ("5/9/09", (dt.date(2009, 9, 5), None)),
        ("5/9/98", (dt.date(1998, 9, 5), None)),  # a two-digit year never lands in the future
        ("12-05-2009", (dt.date(2009, 5, 12), None)),
        ("12.05.2009", (dt.date(2009, 5, 12), None)),
        ("2009-05-12", (dt.date(2009, 5, 12), None)),
        ("2009-05-12 00:00:00", (dt.date(2009, 5, 12), None)),
        ("ngày 12 tháng 5 năm 2009", (dt.date(2009, 5, 12), None)),
        (39945, (dt.date(2009, 5, 12), None)),  # an Excel serial number in a cell formatted as General
        ("31/02/2009", (None, "date_impossible")),
        ("05/13/2009", (None, "date_impossible")),  # read day first: there is no 13th month
        ("2009", (None, "year_only")),
        (2009, (None, "year_only")),
        ("mười hai tháng năm", (None, "date_invalid")),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_it_reads_dates_day_first(value, expected):
    assert parse.parse_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Nam", "male"), ("nam", "male"), ("Nữ", "female"), ("NỮ", "female"), ("nu", "female"),
     (files.nfd("Nữ"), "female"), ("F", "female"), ("Trai", "male"), ("x", None), ("", None)],
)  # fmt: skip
def test_it_reads_the_sex(value, expected):
    assert parse.parse_sex(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("045209001234", ("045209001234", None)),
        (45209001234, ("045209001234", None)),  # Excel dropped the leading zero of a number cell
        (45209001234.0, ("045209001234", None)),
        ("45209001234", ("045209001234", None)),  # …and a CSV export kept the loss
        ("'045209001234", ("045209001234", None)),
        ("04520900123", ("04520900123", None)),  # starts with its 0: it lost none, it is one digit short
        ("045 209 001 234", ("045 209 001 234", None)),  # spaces are removed by the validator
        (12345678, ("012345678", None)),  # an old 9-digit card
        ("4,52091E+10", ("4,52091E+10", "id_not_text")),
    ],
)
def test_it_reads_id_numbers_as_excel_leaves_them(value, expected):
    assert parse.parse_id_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("+84 912 345 678", "+84 912 345 678"), (912345678, "0912345678"), (912345678.0, "0912345678"),
     ("912345678", "0912345678"), ("0912 345 678 / 0987 654 321", "0912 345 678"), ("", "")],
)  # fmt: skip
def test_it_reads_phone_numbers(value, expected):
    assert parse.parse_phone(value) == expected


def test_it_normalises_names_in_nfd_capitals_and_stray_spaces():
    rows = [["Họ và tên", "Ngày sinh", "Giới tính"], [files.nfd("  NGUYỄN   THỊ  HẰNG "), "01/02/2009", "Nữ"]]
    (hang,) = _parsed(rows)
    assert hang.values["full_name"] == "Nguyễn Thị Hằng"
    assert hang.values["full_name"] == "Nguyễn Thị Hằng".encode().decode()  # NFC: the same code points


def test_it_skips_blank_and_numbering_rows_and_stops_at_the_footer():
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính"],
        ["(1)", "(2)", "(3)", "(4)"],
        [1, "Nguyễn Văn An", "12/05/2009", "Nam"],
        [],
        [None, None, None, None],
        [2, "Trần Thị Bình", "05/09/2009", "Nữ"],
        [3, None, None, None],  # a numbered line the school left empty
        ["Tổng cộng: 2 học viên"],
        [None, "Người lập biểu", None, "Giám đốc"],
        [None, "Võ Thị Đào", None, "Lê Minh Tuấn"],
    ]
    assert [r.number for r in _parsed(rows)] == [3, 6]


def test_it_reports_cell_problems_by_column():
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "CCCD"], ["Phan Thị Én", "31/02/2009", "khác", 4.52e10 + 0.5]]
    (en,) = _parsed(rows)
    assert [(p.field, p.code) for p in en.problems] == [
        ("date_of_birth", "date_impossible"),
        ("sex", "sex_unknown"),
        ("id_number", "id_not_text"),
    ]


def test_it_finds_rows_that_repeat_an_earlier_one():
    an, binh = ("an", dt.date(2009, 5, 12)), ("binh", dt.date(2009, 9, 5))
    rows = [
        (6, parse.Identity("id-an", "", an)),
        (7, parse.Identity(None, "", binh)),
        (8, parse.Identity("id-an", "", ("an typed again", dt.date(2009, 5, 12)))),  # the same ID number
        (9, parse.Identity(None, "", binh)),  # the same name and birthday, no ID number
        (10, parse.Identity("id-an-2", "", an)),  # a namesake born the same day: two ID numbers
        (11, parse.Identity(None, "HV1", ("cuong", 1))),
        (12, parse.Identity(None, "HV1", ("dung", 2))),  # the same code
    ]
    assert parse.duplicates(rows) == {8: (6, "id_number"), 9: (7, "name_dob"), 12: (11, "code")}


# --- Reading files --------------------------------------------------------------------------------------


def test_it_reads_the_messy_xlsx_with_excel_dates():
    kind, sheets = reader.read_sheets(files.messy_xlsx())
    assert kind == "xlsx"
    rows = sheets[0].rows
    parsed = _parsed(rows)
    assert [r.number for r in parsed] == [6, 7, 8, 9, 10, 11]
    an, binh, cuong = parsed[:3]
    assert an.values["full_name"] == "Nguyễn Văn An" and an.values["date_of_birth"] == dt.date(2009, 5, 12)
    assert an.values["phone"] == "+84 912 345 678"
    assert binh.values["full_name"] == "Trần Thị Bình" and binh.values["id_number"] == "045309002345"
    assert cuong.values["phone"] == "0912000333" and cuong.values["date_of_birth"] == dt.date(2008, 1, 30)
    assert [(g.relationship, g.full_name) for g in an.guardians] == [("guardian", "Nguyễn Văn Ba")]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1258", ";"), ("utf-8-sig", ";"), ("utf-8", ","), ("utf-8-sig", "\t"), ("utf-16", "\t")],
)
def test_it_reads_csv_in_the_encodings_and_delimiters_schools_use(encoding, delimiter):
    data = files.csv_bytes(files.messy_rows(), encoding=encoding, delimiter=delimiter)
    kind, sheets = reader.read_sheets(data)
    assert kind == "csv"
    names = [r.values["full_name"] for r in _parsed(sheets[0].rows)]
    assert names[:3] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


def test_it_reads_xls():
    pytest.importorskip("xlwt")
    kind, sheets = reader.read_sheets(files.xls_bytes(files.messy_rows()))
    assert kind == "xls"
    parsed = _parsed(sheets[0].rows)
    assert parsed[0].values["date_of_birth"] == dt.date(2009, 5, 12)
    assert parsed[1].values["id_number"] == "045309002345"


def test_it_reads_ods():
    kind, sheets = reader.read_sheets(files.ods_bytes(files.messy_rows()))
    assert kind == "ods"
    parsed = _parsed(sheets[0].rows)
    assert [r.values["full_name"] for r in parsed][:2] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert parsed[0].values["date_of_birth"] == dt.date(2009, 5, 12)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \r\n", "empty"),
        (files.PNG_BYTES, "not_spreadsheet"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x01", "not_spreadsheet"),
        (b"PK\x03\x04 this is not really a zip", "unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
    ],
)
def test_it_refuses_what_is_not_a_readable_spreadsheet(data, code):
    with pytest.raises(reader.ReadError) as caught:
        reader.read_sheets(data)
    assert caught.value.code == code


def test_it_refuses_a_zip_that_is_not_a_workbook():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(reader.ReadError) as caught:
        reader.read_sheets(buffer.getvalue())
    assert caught.value.code == "not_spreadsheet"


def test_it_refuses_an_xlsx_with_only_empty_cells():
    with pytest.raises(reader.ReadError) as caught:
        reader.read_sheets(files.xlsx_bytes([[None, None]]))
    assert caught.value.code == "empty"
