"""The taxonomy again (data/taxonomy.json, loaded idempotently by 0002's function): ondermijning
now links to the Kennisbank theme "Weerbaar buitengebied (ondermijningsrisico's)"."""

from importlib import import_module

from django.db import migrations

forwards = import_module("wijkkompas.plans.migrations.0002_taxonomy").forwards


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_taxonomy")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
