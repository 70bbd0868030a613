"""Learner lists laid out as schools and their software lay them out, generated here (no file is copied in).

Each ``ListCase`` is one layout: the file's bytes, and what importing it must give — how many rows are
learners, which are refused (row → the column of the error) and which are let in with a warning (row → the
field warned about), written out by hand beside the rows that cause them. ``test_import_corpus.py`` imports
every case through the real services and checks exactly that.

The people are fictional; their ID numbers follow the rule of brief §6.3 (Quảng Trị 045, Hà Nội 001; 4th digit
2 for a boy born in the 2000s, 3 for a girl; then the year's last two digits).
"""

import datetime as dt
from dataclasses import dataclass, field

from . import files

D = dt.date


def id_for(sex: str, born: dt.date, serial: int, *, place: str = "045") -> str:
    return f"{place}{2 if sex == 'Nam' else 3}{born.year % 100:02d}{serial:06d}"


@dataclass
class ListCase:
    name: str
    kind: str  # the file's extension
    data: bytes
    learners: int  # learner rows the importer must find
    valid: int  # rows that must be saved
    errors: dict[int, str]  # row → the header label of the column the error names
    warnings: dict[int, str] = field(default_factory=dict)  # row → the field warned about
    guardians: int = 0  # guardians recorded once saved


def thcs_graduates(kind: str) -> ListCase:
    """A lower-secondary school's list of graduates: the layout that imported nothing before (issue 9).

    A title block, a header on two rows with "Liên hệ" over "SĐT phụ huynh" and "Nơi ở hiện nay", the
    parent's phone and no parent's name, signatures under the table.
    """
    people = [
        ("Nguyễn Văn An", D(2011, 3, 14), "Nam", "0912 101 001", "Thôn Tân Hiệp"),
        ("Trần Thị Bình", D(2011, 7, 2), "Nữ", "0912101002", "Khu phố 3"),
        ("Lê Văn Cường", D(2011, 11, 30), "Nam", "", "Thôn An Mỹ"),  # no phone: no guardian, no warning
        ("Hồ Thị Dung", D(2011, 1, 9), "Nữ", "0912 101 004", "Thôn Phước Tích"),
    ]
    rows = [
        ["UBND XÃ CAM LỘ", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TRƯỜNG THCS CAM LỘ", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH HỌC SINH TỐT NGHIỆP THCS NĂM HỌC 2025-2026"],
        [],
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân", "Liên hệ", None],
        [None, None, None, None, None, "SĐT phụ huynh", "Nơi ở hiện nay"],
    ]
    for n, (name, born, sex, phone, place) in enumerate(people, start=1):
        rows.append([n, name.upper(), born, sex, id_for(sex, born, 100 + n), phone, place])
    rows += [
        # Row 12: An again, typed a second time (the same ID number).
        [5, "Nguyễn Văn An", D(2011, 3, 14), "Nam", id_for("Nam", D(2011, 3, 14), 101), "0912 101 001", None],
        # Row 13: a birth date in the future (2031).
        [6, "Phan Văn Em", "05/06/2031", "Nam", None, "0912101006", "Thôn Tân Hiệp"],
        # Row 14: a boy whose ID number says girl (4th digit 3).
        [7, "Võ Văn Giang", D(2011, 4, 4), "Nam", id_for("Nữ", D(2011, 4, 4), 107), "0912 101 007", None],
        [],
        [None, None, None, None, "Cam Lộ, ngày 30 tháng 5 năm 2026"],
        [None, "Người lập danh sách", None, None, "HIỆU TRƯỞNG"],
        [None, "Nguyễn Thị Thu", None, None, "Trần Văn Hải"],
    ]
    merges = ["A1:D1", "A4:G4", "F6:G6", *[f"{c}6:{c}7" for c in "ABCDE"]]
    data = {"xlsx": lambda: files.xlsx_bytes(rows, merges=merges), "ods": lambda: files.ods_bytes(rows)}[kind]()
    return ListCase(
        name=f"thcs-graduates-{kind}",
        kind=kind,
        data=data,
        learners=7,
        valid=4,
        errors={12: "Số định danh cá nhân", 13: "Ngày sinh", 14: "Số định danh cá nhân"},
        # Rows 8, 9, 11: a parent's phone, no parent's name — kept, "name to fill in". Row 10 has no phone.
        warnings={8: "guardian_name", 9: "guardian_name", 11: "guardian_name"},
        guardians=3,
    )


def management_system_export() -> ListCase:
    """A class list exported from a school management system (xls): codes, both parents, an address."""
    header = ["Mã học sinh", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Mã định danh", "Họ tên cha",
              "SĐT cha", "Họ tên mẹ", "SĐT mẹ", "Địa chỉ thường trú"]  # fmt: skip
    rows = [
        ["Lớp: 9A2 — Năm học 2025-2026"],
        header,
        ["4520110001", "Nguyễn Văn Hùng", "14/03/2011", "Nam", "Kinh", id_for("Nam", D(2011, 3, 14), 201),
         "Nguyễn Văn Hải", "0905 201 001", "Lê Thị Hoa", "0905 201 002", "Phường Đông Hà"],
        # Both parents and no phone for the mother: both kept, no warning (a name is enough).
        ["4520110002", "Trần Thị Lan", "02/07/2011", "Nữ", "Kinh", id_for("Nữ", D(2011, 7, 2), 202),
         "Trần Văn Long", "0905201003", "Phạm Thị Mai", None, "Phường Đông Hà"],
        # The father's "phone" is a landline typed short: kept without it, with a warning.
        ["4520110003", "Hồ Văn Minh", "30/11/2011", "Nam", "Vân Kiều", id_for("Nam", D(2011, 11, 30), 203),
         "Hồ Văn Nam", "053 852", None, None, "Xã Hướng Hóa"],
        # A wrong code of the ethnic group: refused, the column named.
        ["4520110004", "Lê Thị Nga", "09/01/2011", "Nữ", "Kinh tế", id_for("Nữ", D(2011, 1, 9), 204),
         None, None, "Lê Thị Oanh", "0905201004", "Phường Đông Hà"],
        # An ID number with 11 digits that is not this person's once a 0 is put in front: too short.
        ["4520110005", "Phạm Văn Phúc", "21/08/2011", "Nam", "Kinh", "45311000205",
         None, None, None, None, "Phường Đông Hà"],
    ]  # fmt: skip
    return ListCase(
        name="management-system-xls",
        kind="xls",
        data=files.xls_bytes(rows),
        learners=5,
        valid=3,
        errors={6: "Dân tộc", 7: "Mã định danh"},
        warnings={5: "father_phone"},
        guardians=5,  # Hải, Hoa, Long, Mai, Nam
    )


def split_name_semicolon_csv() -> ListCase:
    """A list exported as CSV with semicolons: the name in two columns, girls ticked in a "Nữ" column."""
    rows = [
        ["STT", "Mã HS", "Họ đệm", "Tên", "Ngày sinh", "Nữ", "Dân tộc", "Số CCCD", "Điện thoại"],
        [1, "HS001", "Nguyễn Thị", "Quỳnh", "05/09/2010", "x", "Kinh", id_for("Nữ", D(2010, 9, 5), 301), "0987654301"],
        [2, "HS002", "Đặng Văn", "Sơn", "12/12/2010", "", "Kinh", id_for("Nam", D(2010, 12, 12), 302), ""],
        # Excel dropped the leading 0 of the ID number and the CSV kept the loss: restored, saved.
        [3, "HS003", "Bùi Thị", "Tâm", "1/2/2010", "x", "Kinh", id_for("Nữ", D(2010, 2, 1), 303)[1:], "987654303"],
        # The same code as row 3 (and the same learner): refused.
        [4, "HS002", "Đặng Văn", "Sơn", "12/12/2010", "", "Kinh", None, None],
        # Only the year of birth: refused.
        [5, "HS005", "Lý Văn", "Tài", "2010", "", "Kinh", None, None],
    ]  # fmt: skip
    return ListCase(
        name="split-name-semicolon-csv",
        kind="csv",
        data=files.csv_bytes(rows, delimiter=";"),
        learners=5,
        valid=3,
        errors={5: "Mã HS", 6: "Ngày sinh"},
    )


def hand_typed_cp1258_csv() -> ListCase:
    """Typed by hand in old software and saved as Windows-1258: dates under "Nam" and "Nữ", a footer."""
    rows = [
        ["DANH SÁCH ĐĂNG KÝ HỌC NGHỀ MAY CÔNG NGHIỆP"],
        ["TT", "Họ và tên", "Ngày sinh Nam", "Ngày sinh Nữ", "Nơi ở", "SĐT"],
        [1, "Trương Thị Uyên", "", "3/4/2008", "Thôn Hà Xá", "0911 000 401"],
        [2, "Mai Văn Vũ", "17/10/2007", "", "Thôn Hà Xá", "0911 000 402"],
        [3, "Châu Thị Xuân", "", "30/02/2008", "Khu phố 1", ""],  # no such day: refused
        [4, "Đoàn Thị Yến", "12/12/2007", "12/12/2007", "Khu phố 2", ""],  # a date under both: refused
        [],
        ["Tổng cộng: 4 người"],
    ]
    return ListCase(
        name="hand-typed-cp1258-csv",
        kind="csv",
        data=files.csv_bytes(rows, encoding="cp1258"),
        learners=4,
        valid=2,
        errors={5: "Ngày sinh Nữ", 6: "Ngày sinh Nữ"},
    )


def hand_typed_xlsx() -> ListCase:
    """Typed in Excel by the center's own staff: capitals, a sex spelled several ways, guardian names only."""
    rows = [
        ["Họ tên", "Năm sinh", "Phái", "Họ tên phụ huynh", "Ghi chú"],
        ["ĐINH VĂN ÂN", D(2009, 6, 1), "nam", "Đinh Văn Ba", "học lại lớp 10"],
        ["lương thị bé", "15.08.2009", "NỮ", "Lương Văn Cả", None],
        ["Kha Văn Chí", "2009-02-28", "Trai", None, "chưa nộp hồ sơ"],
        ["Ông Thị Diệu", "28/02/2009", "không rõ", "Ông Văn Đức", None],  # a sex the importer cannot read
    ]
    return ListCase(
        name="hand-typed-xlsx",
        kind="xlsx",
        data=files.xlsx_bytes(rows),
        learners=4,
        valid=3,
        errors={5: "Phái"},
        guardians=2,
    )


def guardian_group_ods() -> ListCase:
    """An OpenDocument list with a "Phụ huynh" group over "Họ tên" and "SĐT": siblings share a parent."""
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Phụ huynh", None],
        [None, None, None, "Họ tên", "SĐT"],
        ["Nguyễn Văn Khải", "04/04/2010", "Nam", None, "0909 000 501"],  # the phone only: unnamed, warned
        ["Nguyễn Thị Khánh", "06/06/2012", "Nữ", "Nguyễn Văn Lâm", "0909 000 501"],  # …the same family, named
        ["Trần Văn Lực", "07/07/2010", "Nam", "Trần Văn Mạnh", "0909 000 503"],
        ["Trần Văn Lực", "07/07/2010", "Nam", "Trần Văn Mạnh", "0909 000 503"],  # listed twice: refused
        ["Phạm Thị Mơ", "08/08/2010", "Nữ", "Phạm Văn Nghĩa", "0909 000 503"],  # Mạnh's number: kept without it
    ]
    return ListCase(
        name="guardian-group-ods",
        kind="ods",
        data=files.ods_bytes(rows),
        learners=5,
        valid=4,
        errors={6: "Họ và tên"},
        warnings={3: "guardian_name", 7: "guardian_phone"},
        guardians=3,  # Lâm (named from row 4), Mạnh, Nghĩa
    )


def no_guardian_columns_xls() -> ListCase:
    """The smallest list a school sends: name, date, sex, nothing about parents (xls)."""
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính"],
        ["Quách Văn Phong", D(2010, 1, 1), "Nam"],
        ["Quách Thị Quyên", D(2010, 1, 2), "Nữ"],
        ["", D(2010, 1, 3), "Nữ"],  # no name, but a date and a sex: a learner row, refused
    ]
    return ListCase(
        name="no-guardian-columns-xls",
        kind="xls",
        data=files.xls_bytes(rows),
        learners=3,
        valid=2,
        errors={4: "Họ và tên"},
    )


def cases() -> list[ListCase]:
    return [
        thcs_graduates("xlsx"),
        thcs_graduates("ods"),
        management_system_export(),
        split_name_semicolon_csv(),
        hand_typed_cp1258_csv(),
        hand_typed_xlsx(),
        guardian_group_ods(),
        no_guardian_columns_xls(),
    ]
