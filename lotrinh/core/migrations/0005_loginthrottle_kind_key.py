from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_auditevent_export"),
    ]

    operations = [
        migrations.RenameField(model_name="loginthrottle", old_name="username_key", new_name="key"),
        migrations.AlterField(model_name="loginthrottle", name="key", field=models.CharField(max_length=150)),
        migrations.AddField(
            model_name="loginthrottle",
            name="kind",
            field=models.CharField(
                choices=[("username", "Username"), ("address", "Address")], default="username", max_length=10
            ),
        ),
        migrations.AddConstraint(
            model_name="loginthrottle",
            constraint=models.UniqueConstraint(fields=("kind", "key"), name="core_loginthrottle_kind_key"),
        ),
    ]
