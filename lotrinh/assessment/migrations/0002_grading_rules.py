import datetime as dt

from django.db import migrations


def load(apps, schema_editor):
    GradingRule = apps.get_model("assessment", "GradingRule")
    GradingRule.objects.update_or_create(
        code="gdtx-thpt", valid_from=dt.date(2021, 9, 1),
        defaults={
            "name": "Điểm trung bình môn GDTX THPT (ĐGtx ×1, ĐGgk ×2, ĐGck ×3; HK1 ×1, HK2 ×2)",
            "weights": {"regular": 1, "midterm": 2, "final": 3},
            "term_weights": {"1": 1, "2": 2},
            "pass_mark": "5.0",
            # [M] The weights follow TT 22/2021/TT-BGDĐT for general education; whether GDTX uses the same
            # formula must be confirmed: the rule is data, editable in the back office.
            "citation": "TT 22/2021/TT-BGDĐT, Điều 9 (áp dụng cho GDTX: cần xác nhận)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
