"""Database triggers that make the audit trail append-only (UPDATE and DELETE are refused by the
database itself, whatever the application does). Used by migration 0002 and by ``flush``."""

TABLE = "accounts_auditevent"
MESSAGE = "audit trail is append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
]

POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
]


def _statements(vendor: str, create: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    raise NotImplementedError(f"No append-only trigger for database vendor {vendor!r}.")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, create=True):
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, create=False):
            cursor.execute(sql)
