from django.db import migrations


def load(apps, schema_editor):
    from lotrinh.core.places import places_sync

    places_sync(apps.get_model("core", "Province"), apps.get_model("core", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
