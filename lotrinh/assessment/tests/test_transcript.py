"""A learner's transcript: the page, XLSX and PDF opened for real, access, fixed queries."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lotrinh.assessment import services
from lotrinh.assessment.services import ModuleEntry, ScoreEntry
from lotrinh.conftest import client_for
from lotrinh.factories import EnrollmentFactory

from .conftest import make_class
from .pdftext import extract_builtin, extract_pdftotext, pdf_text


def url(center, learner, suffix="/") -> str:
    return f"/c/{center.slug}/hoc-vien/{learner.pk}/hoc-ba{suffix}"


@pytest.fixture
def hang(bob_class, vocational_class, bob):
    """Nguyễn Thị Hằng, born 12/05/2009: Toán in 10A1 for both terms, and a module in SC-ĐDD-K1."""
    learner = bob_class.learners[0]
    EnrollmentFactory(center=bob_class.center, learner=learner, school_class=vocational_class)
    for term, marks in {1: ("8", "7", "9", "6,5"), 2: ("9", "8", "8,5", None)}.items():
        regular, midterm, final, regular_2 = marks
        entries = [
            ScoreEntry(learner.pk, "regular-1", regular),
            ScoreEntry(learner.pk, "midterm", midterm),
            ScoreEntry(learner.pk, "final", final),
        ]
        if regular_2:
            entries.append(ScoreEntry(learner.pk, "regular-2", regular_2))
        services.scores_save(school_class=bob_class, subject="Toán", term=term, entries=entries, actor=bob)
    services.scores_save(
        school_class=bob_class, subject="Ngữ văn", term=1, entries=[ScoreEntry(learner.pk, "regular-1", "5")], actor=bob
    )
    services.module_results_save(
        school_class=vocational_class,
        module="Lắp đặt điện chiếu sáng",
        hours=60,
        assessed_on=dt.date(2026, 11, 2),
        entries=[ModuleEntry(learner.pk, "7,5")],
        actor=bob,
    )
    return learner


def test_it_shows_scores_averages_and_module_results(center_a, alice, hang):
    response = client_for(alice).get(url(center_a, hang))
    assert response.status_code == 200
    transcript = response.context["transcript"]
    record = next(r for r in transcript.classes if r.school_class.name == "10A1")
    toan = next(line for line in record.subjects if line.subject == "Toán")
    # term 1: (8 + 6.5 + 2×7 + 3×9) / 7 = 55.5 / 7 = 7.93 → 7.9; term 2: (9 + 16 + 25.5) / 6 = 8.42 → 8.4
    assert toan.terms[1].result.average == Decimal("7.9")
    assert toan.terms[2].result.average == Decimal("8.4")
    assert toan.year.average == Decimal("8.2")  # (7.9 + 2 × 8.4) / 3 = 8.23
    van = next(line for line in record.subjects if line.subject == "Ngữ văn")
    assert van.terms[1].result.average is None and van.year.average is None
    content = response.content.decode()
    assert "Nguyễn Thị Hằng" in content and "12/05/2009" in content
    assert "8,2" in content and "Lắp đặt điện chiếu sáng" in content
    assert 'class="gs-incomplete"' in content


def test_it_keeps_a_name_that_looks_like_a_formula_as_text_in_the_xlsx(center_a, alice, hang):
    hostile = '=HYPERLINK("http://x","y")'
    type(hang).objects.filter(pk=hang.pk).update(full_name=hostile)
    response = client_for(alice).get(url(center_a, hang, ".xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == hostile]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_it_exports_the_transcript_to_xlsx(center_a, alice, hang):
    response = client_for(alice).get(url(center_a, hang, ".xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Nguyễn Thị Hằng" in values
    assert "12/05/2009" in values
    assert "Trung tâm GDNN-GDTX Đông Hà" in values
    assert 8.2 in values and 7.9 in values  # the year and term-1 averages, as numbers
    assert "Lắp đặt điện chiếu sáng" in values
    assert any(str(value).startswith("Điểm trung bình tính theo: ") for value in values)


def test_it_exports_the_transcript_to_a_pdf_with_diacritics(center_a, alice, hang):
    response = client_for(alice).get(url(center_a, hang, ".pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.28 841.89]" in response.content  # A4 portrait
    text = pdf_text(response.content)
    assert "Nguyễn Thị Hằng" in text
    assert "12/05/2009" in text
    assert "Trung tâm GDNN-GDTX Đông Hà".upper() in text
    assert "Lắp đặt điện chiếu sáng" in text
    assert "8,2" in text


def test_it_reads_pdf_text_the_same_way_with_pdftotext_when_installed(center_a, alice, hang):
    data = client_for(alice).get(url(center_a, hang, ".pdf")).content
    builtin = extract_builtin(data)
    assert "Nguyễn Thị Hằng" in builtin
    external = extract_pdftotext(data)
    if external is None:
        pytest.skip("pdftotext is not installed; the built-in reader was used")
    assert "Nguyễn Thị Hằng" in external


def test_it_hides_the_transcript_from_another_center(center_a, charlie, hang):
    for suffix in ("/", ".xlsx", ".pdf"):
        assert client_for(charlie).get(url(center_a, hang, suffix)).status_code == 404


def test_it_refuses_the_transcript_to_a_role_without_grades(center_a, an, hang):
    for suffix in ("/", ".xlsx", ".pdf"):
        assert client_for(an).get(url(center_a, hang, suffix)).status_code == 403


def test_it_refuses_a_teacher_the_transcript_of_a_learner_outside_their_classes(center_a, bob, hang, other_class):
    assert client_for(bob).get(url(center_a, hang)).status_code == 200
    stranger = other_class.learners[0]
    for suffix in ("/", ".xlsx", ".pdf"):
        assert client_for(bob).get(url(center_a, stranger, suffix)).status_code == 403


def test_it_answers_404_for_an_unknown_learner(center_a, alice):
    assert client_for(alice).get(f"/c/{center_a.slug}/hoc-vien/999999/hoc-ba/").status_code == 404


def test_it_runs_the_transcript_in_a_fixed_number_of_queries(
    in_center_a, alice, bob, hang, django_assert_max_num_queries
):
    client = client_for(alice)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url(in_center_a, hang)).status_code == 200
    for n in range(4):  # four more classes, each with three subjects and a module
        school_class, _ = make_class(
            in_center_a, name=f"11B{n}", teacher=bob, learners=0, subjects=("Toán", "Lý", "Hóa")
        )
        EnrollmentFactory(center=in_center_a, learner=hang, school_class=school_class)
        for subject in ("Toán", "Lý", "Hóa"):
            services.scores_save(
                school_class=school_class,
                subject=subject,
                term=1,
                entries=[ScoreEntry(hang.pk, c, "7") for c in ("regular-1", "regular-2", "midterm", "final")],
                actor=bob,
            )
        services.module_results_save(
            school_class=school_class,
            module=f"Mô-đun {n}",
            hours=30,
            assessed_on=dt.date(2026, 10, 1),
            entries=[ModuleEntry(hang.pk, "8")],
            actor=bob,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url(in_center_a, hang))
    assert len(response.context["transcript"].classes) == 6
