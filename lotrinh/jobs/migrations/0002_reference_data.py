"""Wage bands of the graduate survey and the mentor's evaluation rubric (reference data, versioned)."""

import datetime as dt

from django.db import migrations

BANDS_FROM = dt.date(2024, 7, 1)
BANDS_CITATION = (
    "Bands of the center's graduate tracer survey, set above the regional minimum wage of "
    "NĐ 74/2024/NĐ-CP (from 01/07/2024)"
)
BANDS = [
    # code, name, from (VND), below (VND)
    ("duoi-5tr", "Dưới 5 triệu đồng", None, 5_000_000),
    ("5-7tr", "Từ 5 đến dưới 7 triệu đồng", 5_000_000, 7_000_000),
    ("7-10tr", "Từ 7 đến dưới 10 triệu đồng", 7_000_000, 10_000_000),
    ("tren-10tr", "Từ 10 triệu đồng trở lên", 10_000_000, None),
]
RUBRIC = {
    "code": "thuc-tap-doanh-nghiep",
    "name": "Phiếu đánh giá thực tập tại doanh nghiệp (5 tiêu chí, thang 1–5)",
    "valid_from": dt.date(2025, 1, 1),
    "citation": "Mẫu phiếu đánh giá thực tập của trung tâm, phiên bản 1 (không phải mẫu do Bộ ban hành)",
    "criteria": [
        {"code": "skills", "label": "Kỹ năng nghề"},
        {"code": "discipline", "label": "Chấp hành kỷ luật, nội quy"},
        {"code": "safety", "label": "An toàn lao động"},
        {"code": "teamwork", "label": "Làm việc nhóm"},
        {"code": "attitude", "label": "Thái độ, tinh thần học hỏi"},
    ],
}


def load(apps, schema_editor):
    """Idempotent: adds what is missing, changes nothing that exists."""
    WageBand = apps.get_model("jobs", "WageBand")
    EvaluationRubric = apps.get_model("jobs", "EvaluationRubric")
    for position, (code, name, low, high) in enumerate(BANDS):
        WageBand.objects.get_or_create(
            code=code,
            valid_from=BANDS_FROM,
            defaults={"name": name, "min_vnd": low, "max_vnd": high, "position": position, "citation": BANDS_CITATION},
        )
    EvaluationRubric.objects.get_or_create(
        code=RUBRIC["code"],
        valid_from=RUBRIC["valid_from"],
        defaults={"name": RUBRIC["name"], "criteria": RUBRIC["criteria"], "citation": RUBRIC["citation"]},
    )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
