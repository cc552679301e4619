"""Two PostgreSQL roles: the owner, which runs ``migrate`` and owns every table, and the
application role, which the running app logs in as. The application role may read and write the
domain tables but only INSERT and SELECT the audit trail: it cannot UPDATE, DELETE or TRUNCATE
it, nor ALTER it to switch its triggers off, because that needs ownership.

``grant_app_role`` is what ``migrate`` runs at its end when ``WIJKKOMPAS_DB_APP_ROLE`` names
the role (``post_migrate``, connected in ``apps.py``), so new tables are granted on every deploy."""

from __future__ import annotations

from django.conf import settings
from django.db import connections

from wijkkompas.accounts import db_triggers

AUDIT_PRIVILEGES = "SELECT, INSERT"


def grant_app_role(connection, role: str) -> None:
    """Give ``role`` what the running application needs in the current schema (run as owner)."""
    quote = connection.ops.quote_name
    name, table = quote(role), quote(db_triggers.TABLE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {name}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {name}",
        f"REVOKE ALL ON {table} FROM {name}",
        f"GRANT {AUDIT_PRIVILEGES} ON {table} TO {name}",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def grant_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """``post_migrate`` receiver: grant the configured application role, on PostgreSQL."""
    connection = connections[using]
    if settings.DB_APP_ROLE and connection.vendor == "postgresql":
        grant_app_role(connection, settings.DB_APP_ROLE)
