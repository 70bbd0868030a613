"""Each data row of a learner list → clean values and the problems of its cells (pure, no Django).

Problems are codes with parameters (``Problem("date_of_birth", "date_invalid", {"value": "31/02/2009"})``);
importing/messages.py turns them into Vietnamese. The rules every learner must follow (a date of birth not in
the future, a phone number that is Vietnamese, an ID number that matches the person) are not repeated here:
the service runs ``learner_data_errors`` on the values, as the form does.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .headers import (
    DATE_OF_BIRTH,
    DOB_FEMALE,
    DOB_MALE,
    FEMALE_MARK,
    FULL_NAME,
    GIVEN_NAME,
    LAST_MIDDLE,
    MALE_MARK,
    ORDINAL,
    RELATIONSHIPS,
    SEX,
    Layout,
    header_key,
)

MALE, FEMALE = "male", "female"
# The learner fields a row fills; each is "" (or None for the date) when the file has no value.
LEARNER_VALUES = (
    "code",
    "full_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "id_number",
    "phone",
    "street_address",
    "previous_school",
)
_SEX_WORDS = {
    "nam": MALE, "trai": MALE, "m": MALE, "male": MALE, "nam gioi": MALE, "gioi tinh nam": MALE,
    "nu": FEMALE, "gai": FEMALE, "f": FEMALE, "female": FEMALE, "nu gioi": FEMALE, "gioi tinh nu": FEMALE,
}  # fmt: skip
_MARKS = {"x", "v", "1", "co", "c", "yes", "y", "true", "nam", "nu", "ok"}
_MARK_SYMBOLS = {"✓", "✔", "√", "•", "+", "*"}
_DMY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_YMD = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_WORDS_DATE = re.compile(r"^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+]?\d+$")
_PHONE_SEPARATORS = re.compile(r"\s*[/,;]\s*|\s+-\s+|\s+(?:hoặc|hoac|or)\s+", re.IGNORECASE)
_FOOTER = re.compile(
    r"^(tong cong|tong so|nguoi lap|lap bieu|xac nhan|giam doc|pho giam doc|hieu truong|thu truong|ky ten|"
    r"ghi chu|danh sach (nay|co|gom))\b|^(cong|tong)( \d.*)?$|\bngay\b.*\bthang\b.*\bnam\b"
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_GUARDIAN_COLUMNS = [(r, f"{r}_name", f"{r}_phone") for r in RELATIONSHIPS]
_NUMBERING = re.compile(r"\(?\d{1,2}\)?")


@dataclass
class Problem:
    """What is wrong with one cell; ``field`` is the column's field in the layout (e.g. 'dob_female')."""

    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class GuardianRow:
    relationship: str  # father, mother, guardian
    full_name: str
    phone: str


@dataclass
class ParsedRow:
    number: int  # the row number the spreadsheet shows (1-based)
    values: dict[str, Any]
    guardians: list[GuardianRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Which column each learner field came from (its layout field), to name it in an error message.
    sources: dict[str, str] = field(default_factory=dict)
    # The digits of the ID number as the file wrote them, when leading zeros were put back (else 0).
    id_written_digits: int = 0


def text(value: Any) -> str:
    """A cell as text: NFC, single spaces; 912345678.0 → '912345678'."""
    if type(value) is str:  # the common case first: most cells are text
        return " ".join(unicodedata.normalize("NFC", value).split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y") if not isinstance(value, dt.datetime) else value.strftime("%d/%m/%Y %H:%M")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def full_name(value: str) -> str:
    """'NGUYỄN  THỊ HẰNG' → 'Nguyễn Thị Hằng' (lists often write names in capitals); other names as written."""
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if len(name) > 1 and name.isupper():
        name = name.title()
    return name


def _make_date(year: int, month: int, day: int) -> tuple[dt.date | None, str | None]:
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, "date_impossible"


def parse_date(value: Any, *, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A date cell, read day first: (date, None), (None, problem code) or (None, None) when empty.

    Accepts real Excel dates, Excel serial numbers, 'dd/mm/yyyy', 'd/m/yy' (a two-digit year is in the past
    century when it would otherwise be in the future), 'yyyy-mm-dd' and 'ngày 5 tháng 9 năm 2009'.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1900 <= value <= today.year and float(value).is_integer():
            return None, "year_only"
        if 1 <= value < 2_958_466:  # an Excel serial number in a cell not formatted as a date
            return _EXCEL_EPOCH + dt.timedelta(days=int(value)), None
        return None, "date_invalid"
    raw = text(value)
    if re.fullmatch(r"\d{4}", raw):
        return None, "year_only"
    if match := _DMY.match(raw):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= today.year % 100 else 1900
        return _make_date(year, month, day)
    if match := _YMD.match(raw):
        year, month, day = (int(g) for g in match.groups())
        return _make_date(year, month, day)
    if match := _WORDS_DATE.match(header_key(raw)):
        day, month, year = (int(g) for g in match.groups())
        return _make_date(year, month, day)
    return None, "date_invalid"


@lru_cache(maxsize=1024)
def _short_key(raw: str) -> str:
    """header_key for the few words a sex or tick column holds, worked out once per spelling."""
    return header_key(raw)


def parse_sex(value: Any) -> str | None:
    return _SEX_WORDS.get(_short_key(text(value)))


def is_mark(value: Any) -> bool:
    """A ticked cell: 'x', 'X', '✓', '1', 'có'…"""
    raw = text(value)
    return bool(raw) and (raw in _MARK_SYMBOLS or _short_key(raw) in _MARKS)


def _restore_zeros(digits: str) -> str:
    """Excel drops the leading zeros of a number cell ('045203001234' → 45203001234), and a CSV export keeps
    the loss: an ID number of 10–11 digits, or 7–8 for an old card, gets its zeros back (no valid number has
    those lengths, so nothing valid is changed). A number that starts with 0 lost none: it is left short."""
    if digits.startswith("0"):
        return digits
    if len(digits) in (10, 11):
        return digits.zfill(12)
    if len(digits) in (7, 8):
        return digits.zfill(9)
    return digits


def parse_id_number(value: Any) -> tuple[str, str | None]:
    """The ID number as typed, its lost leading zeros restored; a problem code when Excel mangled it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return text(value), "id_not_text"
        return _restore_zeros(str(int(value))), None
    raw = text(value).lstrip("'")
    if _SCIENTIFIC.match(raw):
        return raw, "id_not_text"  # '4,52032E+10': Excel showed a long number in scientific notation
    return (_restore_zeros(raw) if raw.isdigit() else raw), None


def _written_digits(value: Any) -> str:
    """The digits an ID number cell holds as written, before any zero is put back ('' if not only digits)."""
    raw = str(int(value)) if isinstance(value, int | float) and not isinstance(value, bool) else text(value)
    raw = raw.lstrip("'")
    return raw if raw.isdigit() else ""


def parse_phone(value: Any) -> str:
    """The first phone number of the cell; a number cell lost its leading zero (912345678 → 0912345678)."""
    if value is None or value == "":
        return ""
    raw = str(int(value)) if isinstance(value, int | float) and not isinstance(value, bool) else text(value)
    raw = raw.lstrip("'")
    if _PHONE_SEPARATORS.search(raw):
        parts = [p for p in _PHONE_SEPARATORS.split(raw) if p.strip()]
        raw = parts[0] if parts else ""
    phone = raw.strip()
    if phone.isdigit() and len(phone) == 9 and phone[0] in "35789":
        phone = "0" + phone
    return phone


def _is_numbering_row(filled: list[Any]) -> bool:
    """The '(1) (2) (3)…' row some forms put under the header (``filled``: the row's non-empty cells)."""
    return len(filled) >= 3 and all(_NUMBERING.fullmatch(text(v)) for v in filled)


def _is_footer(filled: list[Any]) -> bool:
    """'Tổng cộng: 45 học viên', 'Đông Hà, ngày 5 tháng 9 năm 2026', 'Người lập biểu': the table has ended."""
    if not filled or len(filled) > 3 or not isinstance(filled[0], str):
        return False
    return bool(_FOOTER.search(header_key(filled[0])))


def learner_row_indexes(rows: Sequence[Sequence[Any]], layout: Layout) -> Iterator[int]:
    """The indexes of the learner rows below the header, until the footer; blank and numbering rows skipped."""
    counted = [c.index for c in layout.columns if c.field and c.field != ORDINAL]
    name_columns = {c.index for c in layout.columns if c.field in (FULL_NAME, LAST_MIDDLE, GIVEN_NAME)}
    first_name = min(name_columns) if name_columns else None
    for position in range(layout.data_start, len(rows)):
        cells = rows[position]
        width = len(cells)
        filled = [v for v in cells if v is not None and v != ""]
        if len(filled) <= 3 and _is_footer(filled):
            return
        in_columns = [i for i in counted if i < width and cells[i] is not None and cells[i] != ""]
        if not in_columns or (len(in_columns) == 1 and in_columns[0] not in name_columns):
            continue
        name = cells[first_name] if first_name is not None and first_name < width else None
        if not (type(name) is str and any(ch.isalpha() for ch in name)) and _is_numbering_row(filled):
            continue
        yield position


def parse_rows(rows: Sequence[Sequence[Any]], layout: Layout, *, today: dt.date) -> Iterator[ParsedRow]:
    """Every learner row of the table, parsed."""
    index = {c.field: c.index for c in layout.columns if c.field}
    for position in learner_row_indexes(rows, layout):
        yield parse_row(rows[position], index, number=position + 1, today=today)


def parse_row(cells: Sequence[Any], index: dict[str, int], *, number: int, today: dt.date) -> ParsedRow:
    """One learner row; ``index`` maps each layout field to its column."""
    row = ParsedRow(number=number, values=dict.fromkeys(LEARNER_VALUES, ""))
    values, sources, problems = row.values, row.sources, row.problems

    def cell(name: str) -> Any:
        position = index.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    # Name: one column, or family-and-middle names and the given name in two.
    if FULL_NAME in index:
        values["full_name"], sources["full_name"] = full_name(text(cell(FULL_NAME))), FULL_NAME
    else:
        parts = [text(cell(f)) for f in (LAST_MIDDLE, GIVEN_NAME)]
        values["full_name"] = full_name(" ".join(p for p in parts if p))
        sources["full_name"] = LAST_MIDDLE if LAST_MIDDLE in index else GIVEN_NAME

    # Date of birth, in its own column or in the column of the learner's sex.
    values["date_of_birth"] = None
    sex_from_date = ""
    date_columns = [f for f in (DATE_OF_BIRTH, DOB_MALE, DOB_FEMALE) if f in index]
    dated = [f for f in date_columns if cell(f) not in (None, "")]
    sources["date_of_birth"] = dated[0] if dated else (date_columns[0] if date_columns else "")
    if DATE_OF_BIRTH not in dated and len(dated) > 1:
        problems.append(Problem(DOB_FEMALE, "dob_both"))
    elif dated:
        source = dated[0]
        born, problem = parse_date(cell(source), today=today)
        values["date_of_birth"] = born
        if problem:
            problems.append(Problem(source, problem, {"value": text(cell(source))}))
        if source != DATE_OF_BIRTH:
            sex_from_date = MALE if source == DOB_MALE else FEMALE

    # Sex: a "Giới tính" column, the column the date was written in, or ticks in "Nam" / "Nữ" columns.
    has_female, has_male = FEMALE_MARK in index, MALE_MARK in index
    if cell(SEX) not in (None, ""):
        sources["sex"] = SEX
        values["sex"] = parse_sex(cell(SEX)) or ""
        if not values["sex"]:
            problems.append(Problem(SEX, "sex_unknown", {"value": text(cell(SEX))}))
    elif sex_from_date:
        values["sex"], sources["sex"] = sex_from_date, sources["date_of_birth"]
    elif has_female or has_male:
        female, male = has_female and is_mark(cell(FEMALE_MARK)), has_male and is_mark(cell(MALE_MARK))
        sources["sex"] = FEMALE_MARK if has_female else MALE_MARK
        if female and male:
            problems.append(Problem(sources["sex"], "sex_both"))
        elif female or male:
            values["sex"] = FEMALE if female else MALE
        elif has_female != has_male:
            values["sex"] = MALE if has_female else FEMALE  # a lone "Nữ" column: no tick means male
    else:
        sources["sex"] = SEX if SEX in index else sources["date_of_birth"]

    if "id_number" in index:
        values["id_number"], problem = parse_id_number(cell("id_number"))
        sources["id_number"] = "id_number"
        if problem:
            problems.append(Problem("id_number", problem, {"value": values["id_number"]}))
        elif (written := _written_digits(cell("id_number"))) and len(written) != len(values["id_number"]):
            row.id_written_digits = len(written)
    if "phone" in index:
        values["phone"], sources["phone"] = parse_phone(cell("phone")), "phone"
    for name in ("code", "ethnicity", "street_address", "previous_school"):
        if name in index:
            values[name], sources[name] = text(cell(name)), name

    for relationship, name_field, phone_field in _GUARDIAN_COLUMNS:
        if name_field not in index and phone_field not in index:
            continue
        guardian_name = text(cell(name_field))
        guardian_phone = parse_phone(cell(phone_field))
        if guardian_name or guardian_phone:
            row.guardians.append(GuardianRow(relationship, full_name(guardian_name), guardian_phone))
    return row


@dataclass(frozen=True)
class Identity:
    """What tells one learner from another in a list, strongest first."""

    id_number: Hashable | None  # the ID number's digest
    code: str
    name_dob: Hashable  # (name without diacritics, date of birth)


def duplicates(rows: Iterable[tuple[int, Identity]]) -> dict[int, tuple[int, str]]:
    """For each row that repeats an earlier one, (the earlier row's number, what they share).

    The same ID number or the same code is the same learner. The same name and date of birth is too, unless
    both rows carry an ID number (then they differ, and the two are namesakes born on the same day).
    """
    by_id: dict[Hashable, int] = {}
    by_code: dict[str, int] = {}
    by_name: dict[Hashable, list[tuple[int, bool]]] = {}
    repeated: dict[int, tuple[int, str]] = {}
    for number, identity in rows:
        if identity.id_number and identity.id_number in by_id:
            repeated[number] = (by_id[identity.id_number], "id_number")
        elif identity.code and identity.code in by_code:
            repeated[number] = (by_code[identity.code], "code")
        else:
            for earlier, earlier_has_id in by_name.get(identity.name_dob, []):
                if not (identity.id_number and earlier_has_id):
                    repeated[number] = (earlier, "name_dob")
                    break
        if identity.id_number:
            by_id.setdefault(identity.id_number, number)
        if identity.code:
            by_code.setdefault(identity.code, number)
        by_name.setdefault(identity.name_dob, []).append((number, bool(identity.id_number)))
    return repeated
