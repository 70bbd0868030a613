"""Finding the header row of a learner list, whatever the school called its columns (pure, no Django).

Schools put title rows above the table ("SỞ GD&ĐT …", "DANH SÁCH HỌC VIÊN LỚP 10A1"), merge header cells
over two rows ("Ngày sinh" over "Nam" | "Nữ", "Phụ huynh" over "Họ tên" | "SĐT"), and spell the same column
many ways, with or without diacritics. Each of the first rows, and each pair of rows, is scored by how many
learner fields its labels name; the best wins.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

# The learner fields a column can hold, and the ways a list writes some of them.
FULL_NAME = "full_name"
LAST_MIDDLE = "last_middle"  # "Họ đệm" | "Tên" in two columns
GIVEN_NAME = "given_name"
DATE_OF_BIRTH = "date_of_birth"
DOB_MALE = "dob_male"  # "Ngày sinh" over "Nam" | "Nữ": the date is written in the column of the sex
DOB_FEMALE = "dob_female"
SEX = "sex"
MALE_MARK = "male_mark"  # a "Nam" column ticked with x
FEMALE_MARK = "female_mark"  # a "Nữ" column ticked with x: empty means male
ORDINAL = "ordinal"  # STT: recognised, never imported

NAME_FIELDS = {FULL_NAME, LAST_MIDDLE, GIVEN_NAME}
DATE_FIELDS = {DATE_OF_BIRTH, DOB_MALE, DOB_FEMALE}
SEX_FIELDS = {SEX, MALE_MARK, FEMALE_MARK, DOB_MALE, DOB_FEMALE}
RELATIONSHIPS = ("father", "mother", "guardian")
GUARDIAN_FIELDS = {f"{r}_{k}" for r in RELATIONSHIPS for k in ("name", "phone")}

# Written as schools write them; compared without diacritics, case or punctuation (see header_key).
SYNONYMS: dict[str, tuple[str, ...]] = {
    ORDINAL: ("STT", "TT", "Số TT", "Số thứ tự", "Thứ tự", "No", "Số"),
    "code": (
        "Mã HV", "Mã học viên", "Mã số HV", "Mã số học viên", "MSHV", "Mã HS", "Mã học sinh", "Mã số học sinh",
        "MSHS", "Mã số", "Mã", "Mã người học", "Learner code", "Code",
    ),
    FULL_NAME: (
        "Họ và tên", "Họ tên", "Họ, tên", "Họ và tên học viên", "HỌ VÀ TÊN HỌC VIÊN", "Ho ten", "Họ tên HV",
        "Họ và tên học sinh", "Tên học viên", "Tên học sinh", "Học viên", "Họ và tên người học",
        "Họ và tên thí sinh", "Họ tên đầy đủ", "Full name", "Name",
    ),
    LAST_MIDDLE: ("Họ đệm", "Họ và đệm", "Họ và tên đệm", "Họ lót", "Họ và chữ lót", "Họ"),
    GIVEN_NAME: ("Tên", "Tên gọi"),
    DATE_OF_BIRTH: (
        "Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Ngày/tháng/năm sinh", "Sinh ngày", "NS",
        "Ngày sinh (dd/mm/yyyy)", "Năm sinh", "Ngày tháng sinh", "Date of birth", "DOB", "Birth date",
    ),
    SEX: ("Giới tính", "Giới", "Phái", "Nam/Nữ", "Nam, Nữ", "Nam - Nữ", "Nữ/Nam", "GT", "Sex", "Gender"),
    MALE_MARK: ("Nam",),
    FEMALE_MARK: ("Nữ", "Nu"),
    "id_number": (
        "Số CCCD", "CCCD", "Số định danh", "Số định danh cá nhân", "Mã định danh", "Mã định danh cá nhân",
        "Định danh cá nhân", "ĐDCN", "Số ĐDCN", "CMND/CCCD", "CCCD/CMND", "Số CMND/CCCD", "Số CCCD/CMND", "CMND",
        "Số CMND", "Căn cước", "Căn cước công dân", "Số căn cước", "Số căn cước công dân", "Số CC", "Số CMT",
        "CMND/CCCD/Mã định danh", "Số CCCD/Mã định danh", "ID number", "Personal ID number",
    ),
    "phone": (
        "SĐT", "Số ĐT", "ĐT", "Điện thoại", "Số điện thoại", "Điện thoại di động", "Di động", "Số di động",
        "ĐTDĐ", "SĐT liên hệ", "ĐT liên hệ", "Điện thoại liên hệ", "Phone", "Phone number", "Mobile",
    ),
    "ethnicity": ("Dân tộc", "Ethnic group", "Ethnicity"),
    "previous_school": (
        "Trường THCS", "Trường cũ", "Trường", "Trường THPT", "Trường đã học", "Trường THCS đã học",
        "Học sinh trường", "Tốt nghiệp THCS trường", "Tốt nghiệp trường", "Tốt nghiệp THCS tại trường",
        "Nơi học cũ", "Nơi học trước", "Previous school",
    ),
    "street_address": (
        "Địa chỉ", "Chỗ ở", "Chỗ ở hiện nay", "Chỗ ở hiện tại", "Nơi ở", "Nơi ở hiện nay", "Nơi ở hiện tại",
        "Địa chỉ thường trú", "Thường trú", "Hộ khẩu", "Hộ khẩu thường trú", "Địa chỉ liên hệ", "Nơi cư trú",
        "Địa chỉ cư trú", "Street address", "Address",
    ),
}  # fmt: skip

# Words a school adds after a label without changing it: "Họ và tên học viên", "Số điện thoại liên hệ".
_FILLERS = ("cua hoc vien", "cua hoc sinh", "hoc vien", "hoc sinh", "nguoi hoc", "thi sinh", "hv", "hs", "day du")
_FATHER = re.compile(r"\b(cha|bo|father)\b")
_MOTHER = re.compile(r"\b(me|mother)\b")
_OTHER = re.compile(r"\b(phu huynh|ph|giam ho|nguoi giam ho|dai dien|nguoi dai dien|guardian|parent|parents)\b")
_PHONE_WORD = re.compile(r"\b(sdt|dt|dtdd|dien thoai|di dong|phone|mobile)\b")
_NAME_WORD = re.compile(r"\b(ten|name)\b")
_GROUP_FILLER = re.compile(r"\b(thong tin|cua|hoac|va|ho|nguoi|s)\b")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_DIGITS4 = re.compile(r"\d{4}")
MAX_COLUMNS = 60
SCAN_ROWS = 30


def header_key(value: Any) -> str:
    """Lower case, no diacritics, đ→d, words of letters and digits: 'Số ĐT (Cha/Mẹ)' → 'so dt cha me'."""
    text = unicodedata.normalize("NFD", str(value if value is not None else "").lower().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(re.findall(r"[a-z0-9]+", text))


_TABLE: dict[str, str] = {}
for _field, _labels in SYNONYMS.items():
    for _label in _labels:
        _TABLE.setdefault(header_key(_label), _field)


def _guardian_field(key: str) -> str | None:
    """'ho ten cha' → 'father_name', 'sdt phu huynh' → 'guardian_phone', 'phu huynh' → 'group_guardian'.

    None when the label does not speak of a guardian; '' when it does but of something not imported.
    """
    father, mother, other = _FATHER.search(key), _MOTHER.search(key), _OTHER.search(key)
    if not (father or mother or other):
        return None
    relationship = "guardian" if other or (father and mother) else ("father" if father else "mother")
    if _PHONE_WORD.search(key):
        return f"{relationship}_phone"
    if _NAME_WORD.search(key):
        return f"{relationship}_name"
    rest = _GROUP_FILLER.sub(" ", _OTHER.sub(" ", _MOTHER.sub(" ", _FATHER.sub(" ", key))))
    return f"group_{relationship}" if not rest.strip() else ""


def _match_key(key: str) -> str | None:
    if key in _TABLE:
        return _TABLE[key]
    # "Ngày sinh Nam" | "Ngày sinh Nữ" in one row: the two-row "Ngày sinh" over "Nam" | "Nữ", flattened.
    head, _space, sex = key.rpartition(" ")
    if sex in ("nam", "nu") and _TABLE.get(head) == DATE_OF_BIRTH:
        return DOB_MALE if sex == "nam" else DOB_FEMALE
    guardian = _guardian_field(key)
    if guardian is not None:
        return guardian or None
    while True:
        for filler in _FILLERS:
            if key.endswith(" " + filler):
                key = key[: -len(filler) - 1]
                break
        else:
            return None
        if key in _TABLE:
            return _TABLE[key]


def match_header(label: Any) -> str | None:
    """The field a header label names (or ``group_<relationship>`` for a guardian group), else None."""
    text = str(label if label is not None else "")
    for candidate in (text, _PARENTHESES.sub(" ", text)):
        key = header_key(candidate)
        if key:
            found = _match_key(key)
            if found:
                return found
    return None


def column_letter(index: int) -> str:
    """0 → 'A', 27 → 'AB', as the spreadsheet names its columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class HeaderColumn:
    index: int
    label: str  # as written in the file
    field: str | None

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class Layout:
    """Where the table is: the header's first row (0-based), its height, and what each column holds."""

    header_row: int
    header_rows: int
    columns: tuple[HeaderColumn, ...]

    @property
    def data_start(self) -> int:
        return self.header_row + self.header_rows

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}

    def column(self, field: str) -> HeaderColumn | None:
        return next((c for c in self.columns if c.field == field), None)

    def missing(self) -> list[str]:
        """The kinds of column a learner cannot do without: 'name', 'date_of_birth', 'sex'."""
        fields = self.fields
        missing = []
        if not fields & {FULL_NAME, GIVEN_NAME}:
            missing.append("name")
        if not fields & DATE_FIELDS:
            missing.append("date_of_birth")
        if not fields & SEX_FIELDS:
            missing.append("sex")
        return missing


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _cells(row: Sequence[Any]) -> list[str]:
    return [_text(v) for v in list(row)[:MAX_COLUMNS]]


def _single(row: Sequence[Any]) -> list[HeaderColumn]:
    columns = []
    for index, label in enumerate(_cells(row)):
        field = match_header(label) if label else None
        if field and field.startswith("group_"):
            field = field.removeprefix("group_") + "_name"  # a "Phụ huynh" column holds the guardian's name
        columns.append(HeaderColumn(index, unicodedata.normalize("NFC", label), field))
    return columns


def _combine(parent: str | None, child: str | None) -> str | None:
    """The field of a column under a merged parent cell."""
    if child is None:
        return None
    if parent and parent.startswith("group_"):
        relationship = parent.removeprefix("group_")
        if child in (FULL_NAME, GIVEN_NAME):
            return f"{relationship}_name"
        if child == "phone":
            return f"{relationship}_phone"
        return None
    if parent in DATE_FIELDS and child in (MALE_MARK, FEMALE_MARK):
        return DOB_MALE if child == MALE_MARK else DOB_FEMALE
    if child.startswith("group_"):
        return child.removeprefix("group_") + "_name"
    return child


def _pair(top: Sequence[Any], bottom: Sequence[Any]) -> list[HeaderColumn]:
    parents, children = _cells(top), _cells(bottom)
    width = max(len(parents), len(children))
    parents += [""] * (width - len(parents))
    children += [""] * (width - len(children))
    columns = []
    carried = ""
    for index in range(width):
        parent, child = parents[index], children[index]
        if parent:
            carried = parent if child else ""
        elif child and carried:
            parent = carried  # the right part of a merged cell is empty: it belongs to the cell on its left
        if not child:
            field = match_header(parent) if parent else None
            if field and field.startswith("group_"):
                field = field.removeprefix("group_") + "_name"
            label = parent
        else:
            field = _combine(match_header(parent) if parent else None, match_header(child))
            label = f"{parent} ({child})" if parent else child
        columns.append(HeaderColumn(index, unicodedata.normalize("NFC", label), field))
    return columns


def _dedupe(columns: list[HeaderColumn]) -> list[HeaderColumn]:
    """The first column wins when two name the same field (a second 'SĐT' is not imported)."""
    seen: set[str] = set()
    result = []
    for column in columns:
        if column.field in seen:
            column = replace(column, field=None)
        elif column.field:
            seen.add(column.field)
        result.append(column)
    return result


def _score(columns: list[HeaderColumn]) -> int:
    fields = {c.field for c in columns if c.field and c.field != ORDINAL}
    if not fields & NAME_FIELDS or len(fields) < 2:
        return 0
    return len(fields)


def _could_be_header(row: Sequence[Any]) -> bool:
    """A second header row holds short labels: no dates, numbers, or text with four digits in a row."""
    has_text = False
    for value in list(row)[:MAX_COLUMNS]:
        if value in (None, ""):
            continue
        if isinstance(value, dt.date | dt.time | dt.timedelta | int | float) and not isinstance(value, bool):
            return False
        if _DIGITS4.search(str(value)):
            return False
        has_text = True
    return has_text


def _split_name(columns: list[HeaderColumn], rows: Sequence[Sequence[Any]], start: int) -> list[HeaderColumn]:
    """'Họ và tên' merged over two columns ('Nguyễn Thị' | 'Hằng'): the left holds the family and middle names."""
    name = next((c for c in columns if c.field == FULL_NAME), None)
    if name is None or name.index + 1 >= len(columns):
        return columns
    right = columns[name.index + 1]
    if right.label or right.field:
        return columns
    filled = both = 0
    for row in rows[start : start + 30]:
        cells = list(row)
        left_value = cells[name.index] if name.index < len(cells) else ""
        right_value = cells[name.index + 1] if name.index + 1 < len(cells) else ""
        if isinstance(left_value, str) and left_value.strip():
            filled += 1
            if isinstance(right_value, str) and right_value.strip() and not any(ch.isdigit() for ch in right_value):
                both += 1
    if not filled or both < 0.8 * filled:
        return columns
    columns = list(columns)
    columns[name.index] = replace(name, field=LAST_MIDDLE)
    columns[right.index] = replace(right, label=name.label, field=GIVEN_NAME)
    return columns


def detect_layout(rows: Sequence[Sequence[Any]], *, scan: int = SCAN_ROWS) -> Layout | None:
    """The header of the table among the first ``scan`` rows, or None when no row names learner columns.

    A pair of rows (a merged header) is chosen only when it names more fields than either row alone, so a
    title row above a one-row header, or the first data row below it, never passes for a second header row.
    """
    limit = min(len(rows), scan)
    singles = [_dedupe(_single(rows[r])) for r in range(limit)]
    scores = [_score(c) for c in singles]
    best: tuple[int, int, int, list[HeaderColumn]] | None = None  # (score, row, height, columns)
    for r in range(limit):
        if scores[r] and (best is None or scores[r] > best[0]):
            best = (scores[r], r, 1, singles[r])
        if r + 1 < len(rows) and _could_be_header(rows[r + 1]):
            pair = _dedupe(_pair(rows[r], rows[r + 1]))
            score = _score(pair)
            above = max(scores[r], scores[r + 1] if r + 1 < limit else 0)
            if score > above and (best is None or score > best[0]):
                best = (score, r, 2, pair)
    if best is None:
        return None
    _, row, height, columns = best
    columns = _split_name(columns, rows, row + height)
    return Layout(header_row=row, header_rows=height, columns=tuple(columns))
