"""The counseling report for a learner's family: A4 PDF (fpdf2, DejaVu Sans so Vietnamese renders).

Built from ``selectors.learner_guidance()``; nothing here queries the database.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from fpdf import FPDF

from lotrinh.core.formats import vn_date

from . import recommending
from .selectors import LearnerGuidance

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
PDF_TYPE = "application/pdf"
GREEN = (227, 243, 236)
BAR = (47, 133, 90)


class _ReportPdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=7)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="R")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_fill_color(*GREEN)
    pdf.cell(0, 7, text, fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 9.5)


def family_report_pdf(data: LearnerGuidance, *, center_name: str, day, counselor: str) -> bytes:
    """The center and the date, the learner, the interest scores, the ranked pathways with their reasons, the
    support estimate with citations, a box for the counselor's note, and the advisory disclaimer."""
    learner = data.learner
    pdf = _ReportPdf(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(_("Career guidance report for the family of %(name)s") % {"name": learner.full_name})
    pdf.set_author(center_name)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.footer_text = f"{learner.full_name} · {_('Printed on')} {vn_date(day)}"
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 5, center_name.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 5, f"{_('Date')}: {vn_date(day)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 8, _("CAREER GUIDANCE REPORT FOR THE FAMILY"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(80)
    pdf.multi_cell(0, 5, _(recommending.ADVISORY), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)

    _heading(pdf, _("The learner"))
    for label, value in (
        (_("Full name"), learner.full_name),
        (_("Date of birth"), vn_date(learner.date_of_birth)),
        (_("Learner code"), learner.code),
        (_("Class"), data.class_name or "—"),
        (_("Previous school"), data.school or "—"),
    ):
        pdf.set_font("DejaVu", "", 9.5)
        pdf.cell(40, 6, f"{label}:")
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("Interests (RIASEC)"))
    if data.scores:
        pdf.cell(0, 6, f"{_('Holland code')}: {data.code_with_ties or data.code}", new_x="LMARGIN", new_y="NEXT")
        left = pdf.l_margin
        for letter, name, score, width in data.score_rows:
            y = pdf.get_y()
            pdf.set_xy(left, y)
            pdf.cell(48, 6, f"{name} ({letter})")
            pdf.set_fill_color(235, 238, 242)
            pdf.rect(left + 50, y + 1.2, 100, 3.6, style="F")
            pdf.set_fill_color(*BAR)
            pdf.rect(left + 50, y + 1.2, width, 3.6, style="F")
            pdf.set_xy(left + 153, y)
            pdf.cell(0, 6, f"{score}/{data.max_score}", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, 5, _("No interest test result yet."), new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("Suggested pathways"))
    if not data.recommendations:
        pdf.multi_cell(0, 5, _("No trade in the catalogue to suggest yet."), new_x="LMARGIN", new_y="NEXT")
    for number, rec in enumerate(data.recommendations, start=1):
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, f"{number}. {rec.trade_name} — {rec.score}/100", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        pdf.set_text_color(60)
        pdf.multi_cell(0, 5, rec.pathway, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        for reason in rec.reasons:
            if reason.kind == "support":
                continue
            mark = "?" if reason.missing else "•"
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 4.8, f"{mark} {reason.text}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    _heading(pdf, _("Support the learner may get"))
    for rec in data.recommendations:
        texts = [r.text for r in rec.reasons if r.kind == "support"] or ["—"]
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.multi_cell(0, 5, rec.trade_name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for text in texts:
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 4.8, f"• {text}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7.5)
    pdf.set_text_color(90)
    pdf.multi_cell(
        0,
        4,
        _("Estimates only: the body that approves the support decides, on the documents the family hands in."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0)

    _heading(pdf, _("Counselor's note"))
    top = pdf.get_y()
    pdf.rect(pdf.l_margin, top, pdf.epw, 32)
    pdf.set_xy(pdf.l_margin + 2, top + 2)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(110)
    pdf.cell(0, 4, _("Counselor: %(name)s") % {"name": counselor})
    pdf.set_text_color(0)
    pdf.set_y(top + 34)

    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(
        0,
        4,
        _(
            "This report is advice for the learner and the family to consider. It decides nothing: the learner "
            "and the family choose. Interest results are for exploration, not for selection."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    half = pdf.epw / 2
    pdf.cell(half, 5, _("Learner and family"), align="C")
    pdf.cell(half, 5, _("Counselor"), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
