from django.db import migrations

# Program lines a center runs (domain brief §1.2). Reference data: editable in the back office.
PROGRAM_TYPES = [
    ("gdtx-thcs", "GDTX cấp THCS", False),
    ("gdtx-thpt", "GDTX cấp THPT (lớp 10–12)", False),
    ("chin-cong", "Mô hình 9+ (văn hóa THPT song song trung cấp)", True),
    ("so-cap", "Sơ cấp nghề", True),
    ("duoi-3-thang", "Đào tạo dưới 3 tháng", True),
    ("lien-ket-trung-cap", "Liên kết đào tạo trung cấp", True),
    ("tin-hoc-ngoai-ngu", "Lớp tin học, ngoại ngữ cấp chứng chỉ", False),
    ("hoc-tap-cong-dong", "Chuyên đề học tập cộng đồng", False),
]


def load(apps, schema_editor):
    ProgramType = apps.get_model("academics", "ProgramType")
    for code, name, vocational in PROGRAM_TYPES:
        ProgramType.objects.update_or_create(code=code, defaults={"name": name, "is_vocational": vocational})


class Migration(migrations.Migration):
    dependencies = [("academics", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
