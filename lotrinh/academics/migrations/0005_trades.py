import datetime as dt

from django.db import migrations

# Trades commonly taught at GDNN-GDTX centers (domain brief §8). National codes are left empty and
# unverified until someone checks them against the current list of trades.
TRADES = [
    ("Điện dân dụng", "so_cap"), ("Điện công nghiệp", "trung_cap"), ("Sửa chữa xe máy", "so_cap"),
    ("Công nghệ ô tô", "trung_cap"), ("May thời trang", "so_cap"), ("May công nghiệp", "so_cap"),
    ("Kỹ thuật chế biến món ăn", "so_cap"), ("Tin học ứng dụng", "trung_cap"), ("Hàn", "so_cap"),
    ("Kỹ thuật máy lạnh và điều hòa không khí", "so_cap"), ("Chăn nuôi thú y", "short_course"),
    ("Nuôi trồng thủy sản", "short_course"), ("Trồng trọt và bảo vệ thực vật", "short_course"),
    ("Chăm sóc sắc đẹp", "so_cap"),
]


def load(apps, schema_editor):
    Trade = apps.get_model("academics", "Trade")
    for name, level in TRADES:
        Trade.objects.update_or_create(
            name=name, level=level, valid_from=dt.date(2016, 7, 1),
            defaults={"citation": "Danh mục nghề của trung tâm; mã nghề quốc gia chưa đối chiếu"},
        )


class Migration(migrations.Migration):
    dependencies = [("academics", "0004_classsession_kind_schoolclass_ends_on_and_more")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
