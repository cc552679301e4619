"""The taxonomy (data/taxonomy.json) in the Field and Theme tables."""

from django.db import migrations

from wijkkompas.plans import taxonomy


def forwards(apps, schema_editor):
    taxonomy.load(apps.get_model("plans", "Field"), apps.get_model("plans", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
