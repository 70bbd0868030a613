"""Importing learner lists: read and check every row (the preview), then create the new learners at once.

The same functions run inline for a small file and in a task (people/tasks.py) for a large one.

Phase 1, ``import_job_parse``: the file is read and every row checked; the rows that passed are kept in a
JSON file beside the job (ID numbers already encrypted: the uploaded file, which holds them in clear, is
deleted), with the counts and row errors for the preview.
Phase 2, ``import_job_commit``: the kept rows are matched again against the center as it is now, and the
new learners are written in one transaction.

The commit writes learners in bulk, so it repeats exactly what ``services.learner_create`` does to one:

- each row is checked by ``learner_data_errors`` (the form's rules, which also normalise the phone number)
  with the same place codes, plus the field lengths that ``full_clean`` would check;
- the ID number is checked by ``id_number_check`` (inside ``learner_data_errors``), then goes through
  ``id_number_digest`` and ``crypto.encrypt``, the steps of ``services._set_id_number``, whose "another
  learner has this number" check is done for all rows at once (``_match_one``);
- the name gets ``normalize_name`` and ``search_key``, as ``Learner.save()`` gives it;
- the row is written with the values Django's field adapters give (``_insert``);
- one audit row summarises the import instead of one row per learner.
``tests/test_import_services.py`` compares a learner created here with one from ``learner_create``.
"""

import datetime as dt
import gc
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, models, router, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.academics.models import Enrollment, SchoolClass
from lotrinh.academics.services import enrollment_create
from lotrinh.core import crypto
from lotrinh.core.audit import audit_record
from lotrinh.core.errors import ApplicationError
from lotrinh.core.formats import group_thousands
from lotrinh.core.models import AuditEvent, Center, User
from lotrinh.core.text import normalize_name, search_key
from lotrinh.core.validators import id_length_message, normalize_personal_id

from . import selectors
from .importing import headers, parse, reader
from .importing.messages import CELL_PROBLEMS, FIELD_LABELS, FILE_PROBLEMS, MISSING_COLUMNS
from .models import Ethnicity, Guardian, ImportJob, Learner, LearnerGuardian
from .services import guardian_data_errors, id_number_digest, id_place_codes, learner_data_errors

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_INLINE_ROWS = 2000
STORED_ERRORS = 5000  # a file full of mistakes keeps its first errors (and warnings); the counts stay exact
SAMPLE_ROWS = 10
PROGRESS_EVERY = 1000  # rows between two looks at the clock
PROGRESS_SECONDS = 0.5  # the page polls every second
INSERT_BATCH = 5000
RELATIONSHIPS = {
    "father": LearnerGuardian.Relationship.FATHER,
    "mother": LearnerGuardian.Relationship.MOTHER,
    "guardian": LearnerGuardian.Relationship.OTHER,
}
# Ethnic groups as lists write them: "Vân Kiều" for Bru-Vân Kiều, "Mông" for HMông, "Pa Kô" (part of Tà Ôi)…
ETHNICITY_ALIASES = {
    "vankieu": "bruvankieu", "bru": "bruvankieu", "mong": "hmong", "meo": "hmong", "khmer": "khome",
    "paco": "taoi", "pako": "taoi", "katu": "cotu", "jrai": "giarai", "sedang": "xodang",
}  # fmt: skip
_LENGTHS = {
    n: Learner._meta.get_field(n).max_length for n in ("full_name", "code", "street_address", "previous_school")
}
GUARDIAN_NAME_LENGTH = Guardian._meta.get_field("full_name").max_length


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """A 50,000-row list becomes a million small objects, none of them in a reference cycle; CPython's cycle
    collector would walk them all again and again (a third of the import's time). Refcounting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def max_bytes() -> int:
    return getattr(settings, "LOTRINH_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    """A sheet with more rows than this is refused before its cells are read."""
    return getattr(settings, "LOTRINH_IMPORT_MAX_ROWS", reader.DEFAULT_MAX_ROWS)


def inline_rows() -> int:
    """Files with more learner rows than this are read and saved by a background task."""
    return getattr(settings, "LOTRINH_IMPORT_INLINE_ROWS", DEFAULT_INLINE_ROWS)


# --- Reading the file --------------------------------------------------------------------------------


@dataclass
class OpenedFile:
    kind: str
    sheet: str
    rows: list[list[Any]]
    layout: headers.Layout

    def learner_rows(self) -> int:
        return sum(1 for _ in parse.learner_row_indexes(self.rows, self.layout))


def _too_large() -> ApplicationError:
    size = max(1, round(max_bytes() / 1024 / 1024))
    return ApplicationError(str(FILE_PROBLEMS["too_large"]) % {"size": size}, field="file")


def import_file_open(data: bytes) -> OpenedFile:
    """The first sheet of ``data`` with a recognisable header; ApplicationError(field="file") otherwise."""
    if len(data) > max_bytes():
        raise _too_large()
    try:
        kind, sheets = reader.read_sheets(data, max_rows=max_rows())
    except reader.ReadError as error:
        message = str(FILE_PROBLEMS[error.code])
        if error.params:
            message %= {k: group_thousands(v) if isinstance(v, int) else v for k, v in error.params.items()}
        raise ApplicationError(message, field="file") from error
    for sheet in sheets:
        layout = headers.detect_layout(sheet.rows)
        if layout is None:
            continue
        missing = layout.missing()
        if missing:
            found = ", ".join(c.label for c in layout.columns if c.field and c.field != headers.ORDINAL)
            raise ApplicationError(
                _("The sheet “%(sheet)s” has no column for the %(missing)s. Columns found: %(found)s.")
                % {
                    "sheet": sheet.name,
                    "missing": ", ".join(str(MISSING_COLUMNS[m]) for m in missing),
                    "found": found,
                },
                field="file",
            )
        return OpenedFile(kind=kind, sheet=sheet.name, rows=sheet.rows, layout=layout)
    raise ApplicationError(str(FILE_PROBLEMS["no_header"]) % {"rows": headers.SCAN_ROWS}, field="file")


# --- Checking every row ------------------------------------------------------------------------------


@dataclass
class CheckedRow:
    """A row that passed every check: what learner_create would be given, and the ID number already encrypted."""

    number: int
    code: str
    full_name: str  # normalize_name()d
    date_of_birth: str  # ISO
    sex: str
    ethnicity_id: str | None
    phone: str  # normalised by learner_data_errors, as in learner_create
    street_address: str
    previous_school: str
    name_key: str  # search_key(full_name), as Learner.save() sets name_search
    id_encrypted: str = ""
    id_digest: str = ""
    id_is_legacy: bool = False
    id_tail: str = ""  # the last three digits, for the masked number on the preview
    guardians: list[list[str]] = field(default_factory=list)  # [relationship, full name, phone]

    FIELDS: ClassVar[tuple[str, ...]] = (
        "code", "full_name", "date_of_birth", "sex", "ethnicity_id", "phone", "street_address", "previous_school",
    )  # fmt: skip

    def to_json(self) -> list[Any]:
        """A list, not a dict: 50,000 rows are kept and read back in a fraction of a second."""
        return list(self.__dict__.values())

    @classmethod
    def from_json(cls, data: list[Any]) -> "CheckedRow":
        return cls(*data)

    @property
    def id_masked(self) -> str:
        return "•" * (6 if self.id_is_legacy else 9) + self.id_tail if self.id_tail else ""


@dataclass
class Findings:
    """What is wrong with the rows of a file: errors keep a row out, warnings let it in and say what to check.

    Each finding is ``{"row", "column", "label", "field", "message"}``; the counts are of rows, and stay exact
    when a file full of mistakes keeps only its first STORED_ERRORS findings of each kind.
    """

    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    refused: set[int] = field(default_factory=set)  # the numbers of the rows with an error
    warned: set[int] = field(default_factory=set)  # … and of the rows let in with a warning

    @property
    def error_rows(self) -> int:
        return len(self.refused)

    def add_row(self, row: "_RowProblems") -> None:
        if row.errors:
            self.refused.add(row.number)
            self.errors.extend(row.errors[: max(0, STORED_ERRORS - len(self.errors))])
        elif row.warnings:  # a row left out is corrected and imported again: its errors are what matter
            self.warned.add(row.number)
            self.warnings.extend(row.warnings[: max(0, STORED_ERRORS - len(self.warnings))])


@dataclass
class Outcome:
    """What the preview and the result show: the errors of both phases, and the warnings of the new rows."""

    errors: list[dict[str, Any]]
    errors_total: int
    warnings: list[dict[str, Any]]
    warning_rows: int

    @classmethod
    def of(cls, checked: "CheckedFile", matched: "Matched") -> "Outcome":
        # A learner already in the center is not created again, so nothing of their row needs checking.
        new = {item.number for item in matched.new}
        warnings = [w for w in checked.warnings + matched.warnings if w["row"] in new]
        return cls(
            errors=(checked.errors + matched.errors)[:STORED_ERRORS],
            errors_total=len(checked.errors) + len(matched.errors),
            warnings=warnings[:STORED_ERRORS],
            warning_rows=len((checked.warned | matched.warned) & new),
        )


@dataclass
class CheckedFile(Findings):
    """Phase 1's result: what can be saved, and what is wrong with the rest, row by row."""

    total: int = 0
    rows: list[CheckedRow] = field(default_factory=list)
    layout: dict[str, Any] = field(default_factory=dict)


@dataclass
class Matched(Findings):
    """The checked rows matched against the center: new learners, learners it already has, conflicts."""

    new: list[CheckedRow] = field(default_factory=list)
    existing: list[tuple[int, int]] = field(default_factory=list)  # (row number, learner id)
    sample: list[dict[str, Any]] = field(default_factory=list)


class _RowProblems:
    """The errors and warnings of one row, each named by its column as the file labels it.

    A rule about a field the file has no column for names what it wanted: "Họ và tên phụ huynh — không có
    cột này trong tệp".
    """

    def __init__(self, number: int, layout: headers.Layout | None, sources: dict[str, str]) -> None:
        self.number, self.layout, self.sources = number, layout, sources
        self.errors: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.fields: set[str] = set()

    def _finding(self, column_field: str, message: str) -> dict[str, Any]:
        column = self.layout.column(column_field) if column_field and self.layout else None
        if column:
            label = column.label
        elif column_field in FIELD_LABELS:
            label = _("%(field)s — not a column of this file") % {"field": FIELD_LABELS[column_field]}
        else:
            label = ""
        return {
            "row": self.number,
            "column": column.letter if column else "",
            "label": label,
            "field": column_field,
            "message": message,
        }

    def add(self, column_field: str, message: str, *, learner_field: str = "") -> None:
        self.fields.add(learner_field or column_field)
        self.errors.append(self._finding(column_field, message))

    def add_learner(self, learner_field: str, message: str) -> None:
        self.add(self.sources.get(learner_field, learner_field), message, learner_field=learner_field)

    def warn(self, column_field: str, message: str) -> None:
        self.warnings.append(self._finding(column_field, message))


class _Checker:
    """Checks rows one by one with the form's rules; reference data is read once per file."""

    def __init__(self, layout: headers.Layout, today: dt.date) -> None:
        self.layout, self.today = layout, today
        self.place_codes = id_place_codes(today)
        self.ethnicities: dict[str, str] = {}
        for code, name in Ethnicity.objects.values_list("code", "name"):
            self.ethnicities[_ethnicity_key(name)] = code
        for alias, target in ETHNICITY_ALIASES.items():
            if target in self.ethnicities:
                self.ethnicities.setdefault(alias, self.ethnicities[target])
        self._ethnicity_cache: dict[str, str | None] = {}

    def ethnicity(self, written: str) -> str | None:
        if written not in self._ethnicity_cache:
            self._ethnicity_cache[written] = self.ethnicities.get(_ethnicity_key(written))
        return self._ethnicity_cache[written]

    def check(self, row: parse.ParsedRow) -> tuple[_RowProblems, CheckedRow | None]:
        errors = _RowProblems(row.number, self.layout, row.sources)
        for problem in row.problems:
            learner_field = {"dob_male": "date_of_birth", "dob_female": "date_of_birth"}.get(
                problem.field, problem.field
            )
            if problem.field in (headers.SEX, headers.MALE_MARK, headers.FEMALE_MARK):
                learner_field = "sex"
            errors.add(problem.field, str(CELL_PROBLEMS[problem.code]) % problem.params, learner_field=learner_field)
            if problem.code == "dob_both":
                errors.fields.add("sex")  # the sex is unknown because of it: one message says both
        values = row.values
        data = {
            "full_name": values["full_name"],
            "date_of_birth": values["date_of_birth"],
            "sex": values["sex"],
            "phone": values["phone"],
            "id_number": values["id_number"],
        }
        # The form's rules; a cell already reported (an unreadable date) is not reported twice.
        found = learner_data_errors(data, today=self.today, place_codes=self.place_codes)
        if row.id_written_digits and "id_number" in found:
            # Zeros were put back on a short number, and the result is not this person's: it was short.
            found["id_number"] = [id_length_message(row.id_written_digits)]
        for name, messages in found.items():
            if name not in errors.fields:
                for message in messages:
                    errors.add_learner(name, message)
        for name, limit in _LENGTHS.items():
            if len(values[name]) > limit:
                errors.add_learner(name, str(CELL_PROBLEMS["too_long"]) % {"max": limit})
        ethnicity_id = None
        if values["ethnicity"]:
            ethnicity_id = self.ethnicity(values["ethnicity"])
            if ethnicity_id is None:
                message = str(CELL_PROBLEMS["ethnicity_unknown"]) % {"value": values["ethnicity"]}
                errors.add_learner("ethnicity", message)
        guardians = _guardians_kept(row.guardians, errors)
        if errors.errors:
            return errors, None
        # learner_data_errors has run id_number_check on it and found nothing: its digits are these.
        digits = normalize_personal_id(values["id_number"])
        full_name = normalize_name(values["full_name"])
        return errors, CheckedRow(
            number=row.number,
            code=values["code"],
            full_name=full_name,
            date_of_birth=values["date_of_birth"].isoformat(),
            sex=values["sex"],
            ethnicity_id=ethnicity_id,
            phone=data["phone"],
            street_address=values["street_address"],
            previous_school=values["previous_school"],
            name_key=search_key(full_name),
            id_encrypted=crypto.encrypt(digits),
            id_digest=id_number_digest(digits) if digits else "",
            id_is_legacy=len(digits) == 9,
            id_tail=digits[-3:],
            guardians=guardians,
        )


def _guardians_kept(guardians: list[parse.GuardianRow], problems: _RowProblems) -> list[list[str]]:
    """The row's guardians as they can be kept: [relationship, full name, phone].

    A learner is never refused for a guardian's details. A phone without a name is kept (the guardian stays
    unnamed until staff fill the name in); a phone that is not a mobile number, or a name too long, is left
    out; each with a warning that says what to check.
    """
    kept, phones = [], set()
    for guardian in guardians:
        name_field, phone_field = f"{guardian.relationship}_name", f"{guardian.relationship}_phone"
        data = {"full_name": guardian.full_name, "phone": guardian.phone}
        found = guardian_data_errors(data)
        if "phone" in found:
            problems.warn(
                phone_field,
                _("%(problem)s The number “%(phone)s” is not kept.")
                % {"problem": found["phone"][0], "phone": guardian.phone},
            )
            data["phone"] = ""
        if len(data["full_name"]) > GUARDIAN_NAME_LENGTH:
            problems.warn(name_field, str(CELL_PROBLEMS["too_long"]) % {"max": GUARDIAN_NAME_LENGTH})
            data["full_name"] = ""
        if data["phone"] in phones:
            data["phone"] = ""  # father and mother share the family's phone: the first keeps it
        if not data["full_name"]:
            if not data["phone"]:
                continue  # nothing of this guardian is left to keep
            problems.warn(
                name_field,
                _("No name for the guardian: the phone number %(phone)s is kept; add the name on the learner's page.")
                % {"phone": data["phone"]},
            )
        phones.add(data["phone"])
        kept.append([guardian.relationship, data["full_name"], data["phone"]])
    return kept


def _ethnicity_key(name: str) -> str:
    return "".join(ch for ch in search_key(name) if ch.isalnum())


def import_check(opened: OpenedFile, *, today: dt.date, progress: Callable[[int], None] | None = None) -> CheckedFile:
    """Phase 1: every row of the file checked against the form's rules and the rest of the file."""
    layout = opened.layout
    checker = _Checker(layout, today)
    result = CheckedFile(layout=_layout_summary(opened))
    checked: list[tuple[_RowProblems, CheckedRow | None]] = []
    for count, row in enumerate(parse.parse_rows(opened.rows, layout, today=today), start=1):
        checked.append(checker.check(row))
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    result.total = len(checked)
    repeated = parse.duplicates(
        (
            item.number,
            parse.Identity(item.id_digest or None, item.code, (item.name_key, item.date_of_birth)),
        )
        for _, item in checked
        if item is not None
    )
    for errors, item in checked:
        if item is not None and item.number in repeated:
            earlier, kind = repeated[item.number]
            learner_field = {"id_number": "id_number", "code": "code"}.get(kind, "full_name")
            errors.add_learner(learner_field, str(CELL_PROBLEMS[f"duplicate_{kind}"]) % {"row": earlier})
        result.add_row(errors)
        if not errors.errors:
            result.rows.append(item)
    return result


def _layout_summary(opened: OpenedFile) -> dict[str, Any]:
    layout = opened.layout
    return {
        "kind": opened.kind,
        "sheet": opened.sheet,
        "header_row": layout.header_row + 1,
        "header_rows": layout.header_rows,
        "columns": [{"letter": c.letter, "label": c.label, "field": c.field or ""} for c in layout.columns if c.label],
    }


@dataclass
class _Center:
    """The center's learners and guardians as the matching needs them: three queries, whatever the size."""

    by_digest: dict[str, tuple]
    by_code: dict[str, tuple]
    by_name_dob: dict[tuple, tuple]
    guardian_by_phone: dict[str, tuple[str, str]]  # phone → (name key, full name)

    @classmethod
    def load(cls) -> "_Center":
        by_digest, by_code, by_name_dob = {}, {}, {}
        fields = ("pk", "code", "full_name", "name_search", "date_of_birth", "id_number_digest")
        for row in Learner.objects.order_by("pk").values_list(*fields):
            _pk, code, _name, name_key, born, digest = row
            if digest:
                by_digest.setdefault(digest, row)
            by_code.setdefault(code, row)
            by_name_dob.setdefault((name_key, born.isoformat()), row)
        guardians: dict[str, tuple[str, str]] = {}
        phones = Guardian.objects.exclude(phone="").order_by("pk").values_list("phone", "name_search", "full_name")
        for phone, key, name in phones:
            guardians.setdefault(phone, (key, name))
        return cls(by_digest=by_digest, by_code=by_code, by_name_dob=by_name_dob, guardian_by_phone=guardians)


def _match_one(item: CheckedRow, center: _Center, errors: _RowProblems) -> int | None:
    """The learner of the center this row already is (by ID number, else code, else name and date of birth)."""
    born = item.date_of_birth
    if item.id_digest and item.id_digest in center.by_digest:
        pk, code, name, other_key, _born, _digest = center.by_digest[item.id_digest]
        if other_key != item.name_key:
            errors.add_learner("id_number", str(CELL_PROBLEMS["id_taken"]) % {"name": name, "code": code})
            return None
        return pk
    code = item.code
    if code and code in center.by_code:
        pk, code, name, other_key, other_born, _digest = center.by_code[code]
        if (other_key, other_born.isoformat()) != (item.name_key, born):
            born_text = other_born.strftime("%d/%m/%Y")
            errors.add_learner(
                "code", str(CELL_PROBLEMS["code_taken"]) % {"code": code, "name": name, "born": born_text}
            )
            return None
        return pk
    match = center.by_name_dob.get((item.name_key, born))
    if match is not None:
        digest = match[5]
        if item.id_digest and digest and digest != item.id_digest:
            return None  # the same name and birthday, but another person's ID number: a namesake
        return match[0]
    return None


def _guardian_conflicts(
    item: CheckedRow, center: _Center, seen: dict[str, tuple[str, str, int]], problems: _RowProblems
) -> None:
    """A guardian's phone that already belongs to another named person (in the center or earlier in the file).

    The phone stays with its first owner and this guardian is kept without it, with a warning. A guardian
    without a name is not a conflict: the learner is linked to whoever has the phone (a brother's parent).
    """
    for guardian in item.guardians:
        relationship, full_name, phone = guardian
        key = search_key(full_name)
        if not (phone and key):
            continue
        column = f"{relationship}_phone"
        owner = center.guardian_by_phone.get(phone)
        earlier = seen.get(phone)
        if owner and owner[0] and owner[0] != key:
            message = _("%(name)s, a guardian in the center, already has the phone number %(phone)s") % {
                "name": owner[1],
                "phone": phone,
            }
        elif earlier and earlier[0] != key:
            message = _("Row %(row)s gives the phone number %(phone)s to %(name)s") % {
                "row": earlier[2],
                "name": earlier[1],
                "phone": phone,
            }
        else:
            seen.setdefault(phone, (key, full_name, item.number))
            continue
        problems.warn(
            column,
            _("%(conflict)s: %(guardian)s is kept without it; check the number.")
            % {
                "conflict": message,
                "guardian": full_name,
            },
        )
        guardian[2] = ""


# The columns of the fields the match step can find wrong (their layout field has the same name).
_SOURCES: dict[str, str] = {"id_number": "id_number", "code": "code"}


def import_match(
    checked: CheckedFile, *, layout: headers.Layout | None, progress: Callable[[int], None] | None = None
) -> Matched:
    """Phase 1 and 2: the checked rows against the center as it is now."""
    center = _Center.load()
    result = Matched()
    phones: dict[str, tuple[str, str, int]] = {}
    for count, item in enumerate(checked.rows, start=1):
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        errors = _RowProblems(item.number, layout, _SOURCES)
        existing = _match_one(item, center, errors)
        if existing is None and not errors.errors:
            _guardian_conflicts(item, center, phones, errors)
        result.add_row(errors)
        if errors.errors:
            continue
        if existing is None:
            result.new.append(item)
        else:
            result.existing.append((item.number, existing))
        if len(result.sample) < SAMPLE_ROWS:
            result.sample.append(_sample(item, existing=existing is not None))
    return result


def _sample(item: CheckedRow, *, existing: bool) -> dict[str, Any]:
    return {
        "row": item.number,
        "code": item.code,
        "full_name": item.full_name,
        "date_of_birth": item.date_of_birth,
        "sex": item.sex,
        "phone": item.phone,
        "ethnicity": item.ethnicity_id or "",
        "id_number": item.id_masked,
        "guardians": ", ".join(name or phone for _relationship, name, phone in item.guardians),
        "existing": existing,
    }


# --- Keeping the checked rows between the two phases ---------------------------------------------------


def _rows_save(checked: CheckedFile) -> str:
    content = {
        "total": checked.total,
        "refused": sorted(checked.refused),
        "errors": checked.errors,
        "warned": sorted(checked.warned),
        "warnings": checked.warnings,
        "layout": checked.layout,
        "rows": [row.to_json() for row in checked.rows],
    }
    name = f"imports/{uuid.uuid4().hex}.checked.json"
    return default_storage.save(name, ContentFile(json.dumps(content, separators=(",", ":")).encode()))


def _rows_load(name: str) -> CheckedFile:
    with default_storage.open(name, "rb") as handle:
        content = json.loads(handle.read())
    return CheckedFile(
        total=content["total"],
        rows=[CheckedRow.from_json(row) for row in content["rows"]],
        errors=content["errors"],
        refused=set(content["refused"]),
        warnings=content["warnings"],
        warned=set(content["warned"]),
        layout=content["layout"],
    )


def _kept_layout(summary: dict[str, Any]) -> headers.Layout:
    """Enough of the layout to name a column in an error found while saving."""
    columns = tuple(
        headers.HeaderColumn(index=_column_index(c["letter"]), label=c["label"], field=c["field"] or None)
        for c in summary.get("columns", [])
    )
    return headers.Layout(header_row=summary.get("header_row", 1) - 1, header_rows=1, columns=columns)


def _column_index(letter: str) -> int:
    index = 0
    for ch in letter:
        index = index * 26 + ord(ch) - 64
    return index - 1


# --- The import job ----------------------------------------------------------------------------------


def _progress_writer(job: ImportJob) -> Callable[[int], None]:
    """Writes processed_rows for the progress bar, at most every PROGRESS_SECONDS (each write is a commit)."""
    last = [0.0]

    def write(count: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_SECONDS:
            last[0] = now
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=count)

    return write


def _fail(job: ImportJob, message: str) -> None:
    """The job failed: say why, and keep no file with personal data (the user uploads the list again)."""
    stored = [job.file.name if job.file else "", job.header_map.get("rows_file", "")]
    job.status = ImportJob.Status.FAILED
    job.errors = [{"row": None, "column": "", "label": "", "field": "", "message": message}]
    job.finished_at = timezone.now()
    job.file = ""
    job.header_map = {k: v for k, v in job.header_map.items() if k != "rows_file"}
    job.save(update_fields=["status", "errors", "finished_at", "file", "header_map"])
    _delete_later(*stored)


def _delete_later(*names: str) -> None:
    """Delete stored files once the transaction has committed (never a file a rolled-back job still needs)."""
    names = tuple(n for n in names if n)
    if names:
        transaction.on_commit(lambda: [default_storage.delete(n) for n in names])


@transaction.atomic
def import_job_create(
    *, center: Center, actor: User, upload: File, school_class: SchoolClass | None = None
) -> ImportJob:
    """Store an uploaded list and read it: a small one is checked at once, a large one by a task.

    A file that is too large, not a spreadsheet, empty, or without a recognisable header is refused with a
    message and nothing is stored.
    """
    if upload.size is not None and upload.size > max_bytes():
        raise _too_large()
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    with _cycle_collector_paused():
        opened = import_file_open(data)
        total = opened.learner_rows()
    if total == 0:
        raise ApplicationError(_("The list has a header but no learner under it."), field="file")
    job = ImportJob(
        center=center,
        original_name=(upload.name or "danh-sach").rsplit("/", 1)[-1][:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        total_rows=total,
        school_class=school_class,
        created_by=actor,
    )
    if total <= inline_rows():
        job.save()
        return import_job_parse(job=job, opened=opened)
    # Kept for the task that reads it, under a random name: the file name must not say whose data it holds.
    job.file.save(f"{uuid.uuid4().hex}.{opened.kind}", ContentFile(data), save=False)
    job.save()
    from .tasks import import_job_parse_task

    transaction.on_commit(lambda: import_job_parse_task.enqueue(job_id=job.pk, center_id=center.pk))
    return job


def import_job_parse(*, job: ImportJob, opened: OpenedFile | None = None) -> ImportJob:
    """Phase 1: check every row of the uploaded file and keep the preview: counts, row errors, the header found."""
    large = job.total_rows > inline_rows()
    progress = _progress_writer(job) if large else None
    try:
        with _cycle_collector_paused():
            if opened is None:
                with job.file.open("rb") as handle:
                    opened = import_file_open(handle.read())
            checked = import_check(opened, today=timezone.localdate(), progress=progress)
            matched = import_match(checked, layout=opened.layout)
            rows_file = _rows_save(checked)
    except ApplicationError as error:
        _fail(job, error.message)
        return job
    except Exception:
        _fail(job, _("The file could not be read. Upload it again."))
        raise
    upload_name = job.file.name if job.file else ""
    outcome = Outcome.of(checked, matched)
    job.status = ImportJob.Status.PREVIEW
    job.total_rows = job.processed_rows = checked.total
    job.valid_rows = checked.total - checked.error_rows - matched.error_rows
    job.existing_count = len(matched.existing)
    job.errors, job.warnings, job.warning_rows = outcome.errors, outcome.warnings, outcome.warning_rows
    job.header_map = {
        **checked.layout,
        "rows_file": rows_file,
        "new_rows": len(matched.new),
        "errors_total": outcome.errors_total,
        "sample": matched.sample,
    }
    # The checked rows hold the ID numbers encrypted; the upload, which holds them in clear, is not kept.
    job.file = ""
    job.save(
        update_fields=[
            "status",
            "total_rows",
            "processed_rows",
            "valid_rows",
            "existing_count",
            "errors",
            "warnings",
            "warning_rows",
            "header_map",
            "file",
        ]
    )
    _delete_later(upload_name)
    return job


def import_job_commit_start(*, job: ImportJob, actor: User) -> ImportJob:
    """Save the previewed list: at once when it is small, by a task (with a progress bar) when it is large."""
    large = job.total_rows > inline_rows()
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.PREVIEW:
            raise ApplicationError(
                _("This list is not waiting to be saved (it is “%(status)s”).") % {"status": job.get_status_display()}
            )
        if not job.valid_rows:
            raise ApplicationError(_("No row of this list can be saved: correct the file and upload it again."))
        job.status = ImportJob.Status.COMMITTING
        job.processed_rows = 0
        job.save(update_fields=["status", "processed_rows"])
        if large:
            from .tasks import import_job_commit_task

            transaction.on_commit(
                lambda: import_job_commit_task.enqueue(job_id=job.pk, center_id=job.center_id, actor_id=actor.pk)
            )
    # Outside the transaction above, so that a failed save still leaves the job marked as failed.
    return job if large else import_job_commit(job=job, actor=actor)


def import_job_commit(*, job: ImportJob, actor: User | None) -> ImportJob:
    """Phase 2: create the new learners (and guardians, and enrollments) in one transaction, all or nothing.

    The checked rows are matched again against the center as it is now; rows with errors and learners
    already in the center are left out, so saving the same file twice creates nothing the second time.
    """
    if job.status != ImportJob.Status.COMMITTING:
        raise ApplicationError(_("Start saving from the preview."))
    today = timezone.localdate()
    large = job.total_rows > inline_rows()
    try:
        rows_file = job.header_map["rows_file"]
        with _cycle_collector_paused():
            checked = _rows_load(rows_file)
            matched = import_match(
                checked, layout=_kept_layout(checked.layout), progress=_progress_writer(job) if large else None
            )
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update(of=("self",))
                .select_related("school_class", "center")
                .get(pk=job.pk)
            )
            with _cycle_collector_paused():
                created = _create(matched, job=job, actor=actor, today=today)
            job.status = ImportJob.Status.DONE
            job.total_rows = job.processed_rows = checked.total
            job.valid_rows = checked.total - checked.error_rows - matched.error_rows
            job.created_count = created["learners"]
            job.existing_count = len(matched.existing)
            outcome = Outcome.of(checked, matched)
            job.errors, job.warnings, job.warning_rows = outcome.errors, outcome.warnings, outcome.warning_rows
            job.header_map = {
                **checked.layout,
                "new_rows": len(matched.new),
                "errors_total": outcome.errors_total,
                "sample": matched.sample,
                "enrolled": created["enrolled"],
                "guardians": created["guardians"],
            }
            job.finished_at = timezone.now()
            job.save()
            audit_record(
                actor=actor,
                center=job.center,
                action=AuditEvent.Action.CREATE,
                obj=job,
                changes={
                    "file": [None, job.original_name],
                    "learners_created": [None, created["learners"]],
                    "learner_ids": [None, _ranges(created["learner_ids"])],
                    "already_in_center": [None, len(matched.existing)],
                    "guardians_created": [None, created["guardians"]],
                    "enrolled": [None, created["enrolled"]],
                },
            )
            _delete_later(rows_file)
    except Exception as error:
        message = error.message if isinstance(error, ApplicationError) else ""
        job.refresh_from_db()
        _fail(job, message or _("Saving failed and nothing was saved. Upload the file again."))
        raise
    return job


def import_job_abandon(*, job: ImportJob) -> ImportJob:
    """The task reading or saving the list was given up after its worker died: say so, instead of "saving" for
    ever. Saving is one transaction, so a cut-off save left nothing behind."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status == ImportJob.Status.PARSING:
            _fail(job, _("Reading the file stopped part-way. Upload the file again."))
        elif job.status == ImportJob.Status.COMMITTING:
            _fail(job, _("Saving stopped part-way and nothing was saved. Upload the file again."))
    return job


def import_previews_expire(*, older_than: dt.timedelta) -> int:
    """Close the imports left unsaved for too long, and delete their files: checked rows hold personal data.

    A preview nobody saved, or a file whose reading never finished (a worker that died), is marked failed with
    a message that says why; the user uploads the list again. Returns how many were closed.
    """
    unsaved = [ImportJob.Status.PREVIEW, ImportJob.Status.PARSING]
    stale = ImportJob.objects.filter(status__in=unsaved, created_at__lt=timezone.now() - older_than)
    message = _("This preview was not saved within %(days)s days and was closed. Upload the file again.") % {
        "days": max(older_than.days, 1)
    }
    closed = 0
    for pk in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update(of=("self",)).filter(pk=pk, status__in=unsaved).first()
            if job is None:  # saved or closed meanwhile
                continue
            _fail(job, message)
            closed += 1
    return closed


def _ranges(ids: list[int]) -> str:
    """[1, 2, 3, 7] → '1-3, 7': the learners of one import are inserted in blocks, so their ids fit on a line."""
    parts: list[str] = []
    ids = sorted(ids)
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[i - 1] + 1:
            parts.append(str(ids[start]) if start == i - 1 else f"{ids[start]}-{ids[i - 1]}")
            start = i
    return ", ".join(parts)


def _codes(count: int, *, taken: set[str], today: dt.date) -> Iterator[str]:
    """The next ``count`` codes of the center's sequence HV<yy><nnnnn>, skipping codes the file brings."""
    first = selectors.learner_code_suggestion(today)
    prefix, number = first[:4], int(first[4:])
    made = 0
    while made < count:
        code = f"{prefix}{number:05d}"
        number += 1
        if code not in taken:
            made += 1
            yield code


def _create(matched: Matched, *, job: ImportJob, actor: User | None, today: dt.date) -> dict[str, Any]:
    center = job.center
    codes = _codes(len(matched.new), taken={i.code for i in matched.new}, today=today)
    values = []
    for item in matched.new:
        row = {name: getattr(item, name) for name in CheckedRow.FIELDS}
        row.update(
            center_id=center.pk,
            code=item.code or next(codes),
            date_of_birth=dt.date.fromisoformat(item.date_of_birth),
            # What Learner.save() and services._set_id_number() set (the name is already normalize_name()d).
            name_search=item.name_key,
            id_number_encrypted=item.id_encrypted,
            id_number_digest=item.id_digest,
            id_number_is_legacy=item.id_is_legacy,
        )
        values.append(row)
    stamp = _insert(Learner, values)
    ids = dict(Learner.objects.filter(created_at=stamp).values_list("code", "pk")) if values else {}
    learner_ids = [ids[v["code"]] for v in values]

    guardians, links = _guardians(matched, learner_ids, center)
    Guardian.objects.bulk_create(guardians, batch_size=1000)
    LearnerGuardian.objects.bulk_create(links, batch_size=1000)

    enrolled = 0
    school_class = job.school_class
    if school_class is not None:
        already = set(Enrollment.objects.filter(school_class=school_class).values_list("learner_id", flat=True))
        wanted = [*learner_ids, *(pk for _, pk in matched.existing)]
        for learner in Learner.objects.filter(pk__in=wanted).exclude(pk__in=already).order_by("pk"):
            enrollment_create(learner=learner, school_class=school_class, enrolled_on=today, actor=actor)
            enrolled += 1
    given = {item.number: row["code"] for item, row in zip(matched.new, values, strict=True)}
    for shown in matched.sample:  # the preview's first rows show the codes they were given
        shown["code"] = shown["code"] or given.get(shown["row"], "")
    return {"learners": len(values), "learner_ids": learner_ids, "guardians": len(guardians), "enrolled": enrolled}


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> dt.datetime:
    """INSERT ``rows`` with the values Django's field adapters give, without bulk_create's per-object dispatch.

    At 25 columns bulk_create spends most of its time preparing values one field of one object at a time;
    here each field gets one converter, and a field a row does not give gets its default once (or the time
    of the insert, for auto_now fields). Returns that time, which finds the new rows again.
    """
    stamp = timezone.now()
    if not rows:
        return stamp
    connection = connections[router.db_for_write(model)]
    plan: list[tuple[str | None, Callable[[Any], Any] | None, Any]] = []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for model_field in fields:
        if model_field.attname in rows[0]:
            plan.append((model_field.attname, _converter(model_field, connection), None))
        else:
            timed = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
            value = stamp if timed else model_field.get_default()
            plan.append((None, None, model_field.get_db_prep_save(value, connection)))
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column, as bulk_create sends them on PostgreSQL (its planner handles them best).
            arrays = ", ".join("(%s)::{}[]".format(f.db_type(connection).split("(")[0]) for f in fields)
            sql = f"INSERT INTO {table} ({columns}) SELECT * FROM UNNEST({arrays})"
            for start in range(0, len(rows), INSERT_BATCH):
                chunk = rows[start : start + INSERT_BATCH]
                cursor.execute(
                    sql,
                    [
                        [constant] * len(chunk)
                        if name is None
                        else ([convert(row[name]) for row in chunk] if convert else [row[name] for row in chunk])
                        for name, convert, constant in plan
                    ],
                )
            return stamp
        # Elsewhere several rows per statement, within the database's limit on parameters.
        batch = max(1, min(INSERT_BATCH, (connection.features.max_query_params or 65535) // len(fields)))
        one_row = "({})".format(", ".join(["%s"] * len(fields)))
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [
                constant if name is None else (convert(row[name]) if convert else row[name])
                for row in chunk
                for name, convert, constant in plan
            ]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([one_row] * len(chunk))}", params)
    return stamp


def _converter(model_field: models.Field, connection) -> Callable[[Any], Any] | None:
    """None when the Python value is already what the database takes (text, booleans, keys)."""
    if isinstance(model_field, models.CharField | models.TextField | models.BooleanField | models.ForeignKey):
        return None
    if type(model_field) is models.DateField:
        return connection.ops.adapt_datefield_value
    return lambda value: model_field.get_db_prep_save(value, connection)


def _guardians(
    matched: Matched, learner_ids: list[int], center: Center
) -> tuple[list[Guardian], list[LearnerGuardian]]:
    """One guardian per phone number: brothers and sisters share theirs, in the file and in the center."""
    phones = {phone for item in matched.new for _, _, phone in item.guardians if phone}
    by_phone: dict[str, Guardian] = {g.phone: g for g in Guardian.objects.filter(phone__in=phones).order_by("-pk")}
    guardians, links = [], []
    for item, learner_id in zip(matched.new, learner_ids, strict=True):
        for position, (relationship, full_name, phone) in enumerate(item.guardians):
            guardian = by_phone.get(phone) if phone else None
            if guardian is not None and guardian.pk is None and not guardian.full_name and full_name:
                guardian.full_name = normalize_name(full_name)  # a sibling's row names the parent
                guardian.name_search = search_key(guardian.full_name)
            if guardian is None:
                name = normalize_name(full_name)
                guardian = Guardian(center=center, full_name=name, name_search=search_key(name), phone=phone)
                guardians.append(guardian)
                if phone:
                    by_phone[phone] = guardian
            links.append(
                LearnerGuardian(
                    center=center,
                    learner_id=learner_id,
                    guardian=guardian,
                    relationship=RELATIONSHIPS[relationship],
                    is_primary_contact=position == 0,
                )
            )
    return guardians, links


# --- Reads for the import pages ----------------------------------------------------------------------


def import_job_list(limit: int = 30) -> QuerySet:
    """The center's latest imports, newest first."""
    return ImportJob.objects.select_related("created_by", "school_class").order_by("-created_at", "-id")[:limit]


def import_job_same_file(job: ImportJob) -> ImportJob | None:
    """An earlier import of exactly the same file that was saved, to warn before saving it again."""
    return (
        ImportJob.objects.filter(
            file_sha256=job.file_sha256, status=ImportJob.Status.DONE, created_at__lt=job.created_at
        )
        .exclude(pk=job.pk)
        .select_related("created_by")
        .order_by("-created_at")
        .first()
    )
