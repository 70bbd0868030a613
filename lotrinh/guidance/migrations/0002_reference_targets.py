"""The national streaming targets of QĐ 522/QĐ-TTg (14/5/2018), idempotent (the browser tests call ``load``)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

CITATION = (
    "Quyết định 522/QĐ-TTg ngày 14/5/2018 của Thủ tướng Chính phủ phê duyệt Đề án “Giáo dục hướng nghiệp và "
    "định hướng phân luồng học sinh trong giáo dục phổ thông giai đoạn 2018–2025”"
)
TARGETS = [
    # code, from, to, ĐBKK, minimum percent of THCS graduates continuing in sơ cấp / trung cấp training
    ("qd522-2020", 2018, 2020, False, "30"),
    ("qd522-2020-dbkk", 2018, 2020, True, "25"),
    ("qd522-2025", 2021, 2025, False, "40"),
    ("qd522-2025-dbkk", 2021, 2025, True, "30"),
]


def load(apps, schema_editor):
    Target = apps.get_model("guidance", "ReferenceStreamingTarget")
    for code, first, last, dbkk, percent in TARGETS:
        Target.objects.update_or_create(
            code=code,
            defaults={
                "group": "vet",
                "from_year": first,
                "to_year": last,
                "for_disadvantaged_areas": dbkk,
                "min_percent": Decimal(percent),
                "citation": CITATION,
                "effective_from": dt.date(2018, 5, 14),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
