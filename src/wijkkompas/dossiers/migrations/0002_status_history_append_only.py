"""The status history of a dossier is append-only: the database refuses UPDATE on its rows.
(DELETE stays possible so that removing a whole dossier, or flushing a test database, works.)"""

from django.db import migrations

TABLE = "dossiers_sourcestatuschange"
MESSAGE = "status history is append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;"]
POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
]


def _run(schema_editor, sqlite, postgres):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite, "postgresql": postgres}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"No append-only trigger for database vendor {vendor!r}.")
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(apps, schema_editor):
    _run(schema_editor, SQLITE_CREATE, POSTGRES_CREATE)


def remove(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
