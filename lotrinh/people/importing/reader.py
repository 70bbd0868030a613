"""Bytes → sheets of cell values: xlsx, xls and ods through python-calamine, csv through the csv module (pure).

The format is recognised from the content, never from the file name: a PNG renamed ``.xlsx`` is refused.
Excel dates arrive as ``datetime.date``/``datetime.datetime``; text files arrive as strings.

Hostile files are refused before they are parsed, in bounded memory: a zip (xlsx, ods) whose members declare
more than MAX_UNPACKED_BYTES, or compress suspiciously well, is a decompression bomb; the declared sizes are
then proved by inflating each member in chunks (a member holding more than it declares fails its CRC), since
calamine would inflate whatever the stream holds. A sheet of more than ``max_rows`` rows is refused from its
height, before its cells become Python objects, and a CSV stops being read at the first row over the limit.
"""

import csv
import io
import itertools
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

XLSX, XLS, ODS, CSV = "xlsx", "xls", "ods", "csv"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_DELIMITERS = (";", ",", "\t")  # Vietnamese Excel writes ';' (the comma is the decimal separator)
# Tried in this order; cp1258 is the Vietnamese Windows code page, windows-1252 the last resort.
_ENCODINGS = ("utf-8-sig", "cp1258", "windows-1252")


# A learner list's sheet is a few MB of XML; this is far above any honest one and keeps calamine's memory small.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Sheet XML compresses 5–30 times; only padding built to unpack into gigabytes compresses like this.
MAX_RATIO = 200
_RATIO_FROM_BYTES = 1024 * 1024  # small members (styles, a one-row sheet) may compress better
MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024
DEFAULT_MAX_ROWS = 100_000  # twice the 50,000 rows of bench/bench_import.py; a million-row sheet is refused


class ReadError(Exception):
    """The file cannot be read as a learner list; ``code`` says why (see importing/messages.py), ``params``
    fill the message's placeholders."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


def sniff(data: bytes) -> str:
    """The spreadsheet format of ``data``, by its content; ReadError('empty'/'encrypted'/'not_spreadsheet')."""
    if not data.strip():
        raise ReadError("empty")
    if data.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
                    return ODS
                if "xl/workbook.xml" in names:
                    return XLSX
        except zipfile.BadZipFile as error:
            raise ReadError("unreadable") from error
        raise ReadError("not_spreadsheet")  # a Word document, a zip of photos…
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ReadError("encrypted")  # a password-protected xlsx is an OLE2 container
        return XLS
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return CSV  # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated
    head = data[:65536]
    if b"\x00" in head or any(byte < 9 or 13 < byte < 32 for byte in head if byte != 27):
        raise ReadError("not_spreadsheet")  # binary: an image, a PDF…
    return CSV


def check_archive(data: bytes) -> None:
    """Refuse a zip that would unpack into more than MAX_UNPACKED_BYTES, without trusting what it declares."""
    too_large = ReadError("unpacks_too_large", size=MAX_UNPACKED_BYTES // (1024 * 1024))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise too_large
            for member in members:
                if member.file_size > _RATIO_FROM_BYTES and member.file_size > MAX_RATIO * max(1, member.compress_size):
                    raise too_large
            for member in members:
                # zipfile stops at the declared size and checks the CRC there: a member that holds more fails.
                with archive.open(member) as stream:
                    while stream.read(_CHUNK):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as error:
        raise ReadError("unreadable") from error


def _too_many_rows(max_rows: int) -> ReadError:
    return ReadError("too_many_rows", max=max_rows)


def decode_text(data: bytes) -> str:
    """A text file's content: UTF-8 (with or without BOM), UTF-16 with BOM, cp1258, then windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unicodedata.normalize("NFC", data.decode("utf-16"))
    for encoding in _ENCODINGS:
        try:
            # cp1258 writes Vietnamese tones as combining marks: NFC puts them back on their letters.
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ReadError("unreadable")


def sniff_delimiter(text: str) -> str:
    """';', ',' or tab: the one that splits most lines into the same number of fields (title rows aside)."""
    lines = [line for line in text[: 256 * 1024].splitlines()[:60] if line.strip()]  # not a million lines
    best, best_score = ",", -1
    for delimiter in _DELIMITERS:
        counts = [len(fields) for fields in csv.reader(lines, delimiter=delimiter)]
        wide = [n for n in counts if n > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = wide.count(mode) * 1000 + mode
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, max_rows: int) -> list[Sheet]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    rows = [list(row) for row in itertools.islice(reader, max_rows + 1)]
    if len(rows) > max_rows:
        raise _too_many_rows(max_rows)
    return [Sheet(name="CSV", rows=rows)]


def _read_calamine(data: bytes, max_rows: int) -> list[Sheet]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as error:
        raise ReadError("encrypted") from error
    except (CalamineError, ValueError, OSError) as error:
        raise ReadError("unreadable") from error
    with workbook:
        # Visible sheets first: a hidden sheet usually holds the drop-down lists.
        metadata = sorted(workbook.sheets_metadata, key=lambda m: m.visible != SheetVisibleEnum.Visible)
        sheets = []
        for meta in metadata:
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                # The last row calamine found among the cells themselves (not the dimension tag, which may lie),
                # checked before the cells become Python objects.
                if sheet.end is not None and sheet.end[0] + 1 > max_rows:
                    raise _too_many_rows(max_rows)
                rows = sheet.to_python(skip_empty_area=False)
            except (CalamineError, ValueError) as error:
                raise ReadError("unreadable") from error
            sheets.append(Sheet(name=meta.name, rows=rows))
    return sheets


def read_sheets(data: bytes, *, max_rows: int = DEFAULT_MAX_ROWS) -> tuple[str, list[Sheet]]:
    """The format and every sheet of the file, rows as lists of cell values (row 0 is the sheet's row 1).

    ReadError('too_many_rows') above ``max_rows`` rows in a sheet, ReadError('unpacks_too_large') for a bomb."""
    kind = sniff(data)
    if kind in (XLSX, ODS):
        check_archive(data)
    sheets = _read_csv(data, max_rows) if kind == CSV else _read_calamine(data, max_rows)
    if not any(any(v not in (None, "") for v in row) for sheet in sheets for row in sheet.rows):
        raise ReadError("empty")
    return kind, sheets
