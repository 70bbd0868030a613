"""One exporter shape for every list: columns over rows from a selector, written to XLSX by one writer.

A list view exports itself in three lines (see people/import_views.learner_export):

    columns = [Column(_("Code"), lambda x: x.code, 12), Column(_("Date of birth"), lambda x: x.date_of_birth)]
    return xlsx_response(filename="hoc-vien", title=_("Learners"), columns=columns, rows=selector_rows)

Rows are streamed into a write-only workbook: memory stays flat, 50,000 rows take seconds. A list of people
goes out through ``personal_data_xlsx_response``, which writes the export to the audit log first.
"""

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import unquote_plus

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .audit import audit_export

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 18


# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (or becomes one when
# someone edits it): "=HYPERLINK(...)" typed as a learner's name must never run on the director's machine.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xlsx_text_guard(cell: Cell) -> Cell:
    """Keep a text cell text: stored as a string (openpyxl makes "=..." a formula) with Excel's quote prefix
    (the leading apostrophe), so no spreadsheet evaluates it, even after an edit. Numbers are left alone:
    only str values are guarded, so -5 stays a number. Every XLSX writer passes its cells through here."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_sheet_guard(sheet: Worksheet) -> None:
    """``xlsx_text_guard`` over every cell of a normal (not write-only) sheet, once it is filled."""
    for row in sheet.iter_rows():
        for cell in row:
            xlsx_text_guard(cell)


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if value is None:
        return ""
    if isinstance(value, str | int | float | dt.date | bool):
        return value
    return str(value)


def write_xlsx(*, title: str, columns: list[Column], rows: Iterable[Any]) -> bytes:
    """A one-sheet workbook: a bold title row, a header row (frozen, with filters), then one row per item.

    Dates are real dates shown dd/mm/yyyy; text that looks like a formula stays text (``xlsx_text_guard``).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_SHEET_TITLE_FORBIDDEN.sub("-", str(title))[:31] or "Sheet")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A3"
    title_cell = xlsx_text_guard(WriteOnlyCell(sheet, value=str(title)))
    title_cell.font = Font(bold=True, size=13)
    sheet.append([title_cell])
    headers = []
    for column in columns:
        cell = xlsx_text_guard(WriteOnlyCell(sheet, value=str(column.header)))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        headers.append(cell)
    sheet.append(headers)
    count = 0
    for row in rows:
        values = []
        for column in columns:
            value = _cell_value(column.value(row))
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY HH:MM" if isinstance(value, dt.datetime) else "DD/MM/YYYY"
                value = cell
            elif isinstance(value, str) and value.startswith(FORMULA_START):
                value = xlsx_text_guard(WriteOnlyCell(sheet, value=value))
            values.append(value)  # plain values elsewhere: a styled cell per value would triple the time
        sheet.append(values)
        count += 1
    if columns:
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{count + 2}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, title: str, columns: list[Column], rows: Iterable[Any]) -> HttpResponse:
    response = HttpResponse(write_xlsx(title=title, columns=columns, rows=rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "export"}.xlsx"'
    return response


def personal_data_xlsx_response(
    request: HttpRequest, *, filename: str, title: str, columns: list[Column], rows: Iterable[Any]
) -> HttpResponse:
    """As ``xlsx_response``, for a list of people: who took the file, and with which filters, goes to the audit log."""
    query = request.GET.copy()
    query.pop("xuat", None)
    filters = unquote_plus(query.urlencode())  # readable in the log: "q=hằng", not "q=h%E1%BA%B1ng"
    audit_export(actor=request.user, center=request.center, title=str(title), query=filters)
    return xlsx_response(filename=filename, title=title, columns=columns, rows=rows)
