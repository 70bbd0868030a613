"""Every XLSX the learner pages write keeps formula-looking text as text (core.exporting.xlsx_text_guard)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from openpyxl import load_workbook

from lotrinh.conftest import client_for
from lotrinh.factories import LearnerFactory
from lotrinh.people.models import ImportJob
from lotrinh.people.tests import files

HOSTILE = '=HYPERLINK("http://x","y")'


def assert_text_cell(data: bytes, value: str) -> None:
    """The cell holding ``value`` is a string with Excel's quote prefix, and the file has no formula at all."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    cells = [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row if cell.value == value]
    assert cells, f"{value!r} is not in the file"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_it_exports_a_learner_named_like_a_formula_as_text(center_a, alice):
    with scope(center=center_a):
        LearnerFactory(center=center_a, full_name=HOSTILE, street_address="@SUM(1+1)")
    response = client_for(alice).get(f"/c/{center_a.slug}/hoc-vien/xuat-excel/")
    assert response.status_code == 200
    assert_text_cell(response.content, HOSTILE)
    assert_text_cell(response.content, "@SUM(1+1)")


def test_it_exports_import_findings_that_look_like_formulas_as_text(center_a, officer):
    client = client_for(officer)
    upload = SimpleUploadedFile("danh-sach.xlsx", files.messy_xlsx())
    client.post(f"/c/{center_a.slug}/hoc-vien/nhap/tai-len/", {"file": upload})
    with scope(center=center_a):
        job = ImportJob.objects.get()
        job.errors = [{"row": 3, "column": "B", "label": HOSTILE, "message": "-1+cmd|' /C calc'!A0"}]
        job.save(update_fields=["errors"])
    response = client.get(f"/c/{center_a.slug}/hoc-vien/nhap/{job.pk}/loi.xlsx")
    assert response.status_code == 200
    assert_text_cell(response.content, HOSTILE)
    assert_text_cell(response.content, "-1+cmd|' /C calc'!A0")
