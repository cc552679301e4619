from django.db import migrations


def install(apps, schema_editor):
    from wijkkompas.accounts import db_triggers

    db_triggers.install(schema_editor.connection, chain=False)


def remove(apps, schema_editor):
    from wijkkompas.accounts import db_triggers

    db_triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
