"""A learner's transcript as files: XLSX (openpyxl) and PDF (fpdf2, A4, DejaVu Sans so diacritics render).

Both are built from ``selectors.transcript()``; nothing here queries the database.
"""

import io
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from lotrinh.core.exporting import xlsx_sheet_guard
from lotrinh.core.formats import vn_date

from .selectors import TERM_LABELS, Transcript, average_text, score_text

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
PDF_TYPE = "application/pdf"


def _headers() -> list[str]:
    headers = [_("Subject")]
    for term in (1, 2):
        label = TERM_LABELS[term]
        headers += [
            f"{label}: {_('Regular')}",
            f"{label}: {_('Mid-term')}",
            f"{label}: {_('End-of-term')}",
            f"{label}: {_('Average')}",
        ]
    headers.append(_("Year average"))
    return headers


def _subject_row(line) -> list:
    """Cells of one subject for the spreadsheet: regular marks joined as text, the others as numbers."""
    row = [line.subject]
    for term in (1, 2):
        t = line.terms[term]
        missing = "" if t.is_empty else _("not enough scores")
        average = t.result.average if t.result.average is not None else missing
        row += [
            t.regular_text,
            t.midterm if t.midterm is not None else "",
            t.final if t.final is not None else "",
            average,
        ]
    row.append(line.year.average if line.year.average is not None else "")
    return row


def _title(transcript: Transcript) -> str:
    return _("Transcript of %(name)s") % {"name": transcript.learner.full_name}


# --- XLSX ----------------------------------------------------------------------------------------------------


def transcript_xlsx(transcript: Transcript, *, center_name: str) -> bytes:
    """One sheet: the center and the learner on top, then a table of subjects and a table of modules per class."""
    learner = transcript.learner
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Transcript")[:31]
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="E3F3EC")
    thin = Side(style="thin", color="B8C2CC")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet.append([center_name])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([_title(transcript)])
    sheet["A2"].font = Font(bold=True, size=14)
    sheet.append([_("Full name"), learner.full_name])
    sheet.append([_("Date of birth"), vn_date(learner.date_of_birth)])
    sheet.append([_("Learner code"), learner.code])
    sheet.append([_("Printed on"), vn_date(timezone.localdate())])
    for row in range(3, 7):
        sheet.cell(row=row, column=1).font = bold

    headers = _headers()
    for record in transcript.classes:
        sheet.append([])
        school_class = record.school_class
        sheet.append([f"{_('Class')} {school_class.name} · {school_class.school_year} · {school_class.program.name}"])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        if record.grading_rule is not None and record.subjects:
            rule = record.grading_rule
            rule_text = _("Averages computed by: %(rule)s (%(citation)s)")
            sheet.append([rule_text % {"rule": rule.name, "citation": rule.citation}])
            sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True, size=9)
        if record.subjects:
            sheet.append(headers)
            for cell in sheet[sheet.max_row]:
                cell.font, cell.fill, cell.border = bold, head_fill, border
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            for line in record.subjects:
                values = [float(v) if isinstance(v, Decimal) else v for v in _subject_row(line)]
                sheet.append(values)
                for cell in sheet[sheet.max_row]:
                    cell.border = border
                    if isinstance(cell.value, float):
                        cell.number_format = "0.0"
        if record.modules:
            sheet.append([_("Module"), _("Hours"), _("Score"), _("Result"), _("Assessed on")])
            for cell in sheet[sheet.max_row]:
                cell.font, cell.fill, cell.border = bold, head_fill, border
            for result in record.modules:
                sheet.append(
                    [
                        result.module,
                        result.hours,
                        float(result.value),
                        _("Passed") if result.passed else _("Not passed"),
                        result.assessed_on,
                    ]
                )
                row = sheet[sheet.max_row]
                for cell in row:
                    cell.border = border
                row[2].number_format = "0.0"
                row[4].number_format = "DD/MM/YYYY"
        if not record.subjects and not record.modules:
            sheet.append([_("No scores yet.")])

    sheet.column_dimensions["A"].width = 34
    for index in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 13
    xlsx_sheet_guard(sheet)  # a name or subject typed as "=..." stays text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF -----------------------------------------------------------------------------------------------------


class _TranscriptPdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=7)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="R")


def transcript_pdf(transcript: Transcript, *, center_name: str) -> bytes:
    """A4 portrait: the center's name, the title, the learner's name and date of birth, then a table per class."""
    learner = transcript.learner
    pdf = _TranscriptPdf(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(_title(transcript))
    pdf.set_author(center_name)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.footer_text = f"{learner.full_name} · {_('Printed on')} {vn_date(timezone.localdate())}"
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 5, center_name.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 8, _("LEARNING TRANSCRIPT"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 10)
    for label, value in (
        (_("Full name"), learner.full_name),
        (_("Date of birth"), vn_date(learner.date_of_birth)),
        (_("Learner code"), learner.code),
    ):
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(35, 6, f"{label}:")
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")

    head = FontFace(emphasis="BOLD", fill_color=(227, 243, 236))
    term_headers = [_("Regular"), _("Mid"), _("Final"), _("Avg.")]
    for record in transcript.classes:
        school_class = record.school_class
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(
            0,
            6,
            f"{_('Class')} {school_class.name} · {school_class.school_year} · {school_class.program.name}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if record.grading_rule is not None and record.subjects:
            pdf.set_font("DejaVu", "", 7)
            pdf.set_text_color(90)
            pdf.multi_cell(
                0, 4, f"{record.grading_rule.name} — {record.grading_rule.citation}", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.set_text_color(0)
        pdf.set_font("DejaVu", "", 8)
        if record.subjects:
            widths = (38, 22, 11, 11, 12, 22, 11, 11, 12, 16)
            with pdf.table(
                col_widths=widths, text_align="CENTER", headings_style=head, line_height=5, num_heading_rows=2
            ) as table:
                top = table.row()
                top.cell(_("Subject"), rowspan=2, align="LEFT")
                for term in (1, 2):
                    top.cell(str(TERM_LABELS[term]), colspan=4)
                top.cell(_("Year"), rowspan=2)
                second = table.row()
                for _term in (1, 2):
                    for text in term_headers:
                        second.cell(text)
                for line in record.subjects:
                    row = table.row()
                    row.cell(line.subject, align="LEFT")
                    for term in (1, 2):
                        t = line.terms[term]
                        row.cell(t.regular_text)
                        row.cell(score_text(t.midterm))
                        row.cell(score_text(t.final))
                        row.cell(average_text(t.result.average) or "—")
                    row.cell(average_text(line.year.average) or "—")
            pdf.set_font("DejaVu", "", 7)
            pdf.set_text_color(90)
            pdf.cell(0, 4, _("—: not enough scores for an average yet."), new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0)
            pdf.set_font("DejaVu", "", 8)
        if record.modules:
            pdf.ln(2)
            with pdf.table(
                col_widths=(80, 20, 20, 30, 30), text_align="CENTER", headings_style=head, line_height=5
            ) as table:
                top = table.row()
                for text in (_("Module"), _("Hours"), _("Score"), _("Result"), _("Assessed on")):
                    top.cell(text)
                for result in record.modules:
                    row = table.row()
                    row.cell(result.module, align="LEFT")
                    row.cell(str(result.hours))
                    row.cell(score_text(result.value))
                    row.cell(_("Passed") if result.passed else _("Not passed"))
                    row.cell(vn_date(result.assessed_on))
        if not record.subjects and not record.modules:
            pdf.cell(0, 6, _("No scores yet."), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
