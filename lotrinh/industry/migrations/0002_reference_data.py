"""VSIC 2018 industry codes (QĐ 27/2018/QĐ-TTg) and the industrial parks of Quảng Trị: see industry/reference.py."""

from django.db import migrations


def load(apps, schema_editor):
    from lotrinh.industry.reference import load as load_reference

    load_reference(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("industry", "0001_initial"),
        ("core", "0002_load_places"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
