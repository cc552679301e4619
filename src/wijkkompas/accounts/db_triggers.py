"""Database triggers that make the audit trail append-only, whatever the application (or someone
with a database prompt) does: UPDATE, DELETE and, on PostgreSQL, TRUNCATE are refused; an INSERT
that would replace an existing row (SQLite's ``REPLACE INTO`` / ``INSERT OR REPLACE``, which
deletes without firing the delete trigger) or that carries no chain hash is refused too.

The base set came with migration 0002, the chain guards with 0004 (they name its columns);
``flush`` lifts and restores both."""

TABLE = "accounts_auditevent"
MESSAGE = "audit trail is append-only"

SQLITE_BASE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_CHAIN = [
    # BEFORE INSERT triggers run before the conflict resolution that would delete the old row.
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_replace BEFORE INSERT ON {TABLE} "  # noqa: S608
    f"WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_chained BEFORE INSERT ON {TABLE} "
    f"WHEN NEW.chain_hash IS NULL OR NEW.prev_hash IS NULL OR NEW.chain_stripe IS NULL "
    f"BEGIN SELECT RAISE(ABORT, 'audit rows must be chained'); END;",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_{name};"
    for name in ("no_update", "no_delete", "no_replace", "chained")
]

POSTGRES_BASE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();",
]
POSTGRES_CHAIN = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse();",
    f"DROP TRIGGER IF EXISTS {TABLE}_chained ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_chained BEFORE INSERT ON {TABLE} FOR EACH ROW "
    f"WHEN (NEW.chain_hash IS NULL OR NEW.prev_hash IS NULL OR NEW.chain_stripe IS NULL) "
    f"EXECUTE FUNCTION {TABLE}_refuse();",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_chained ON {TABLE};",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
]


def _statements(vendor: str, *, create: bool, chain: bool) -> list[str]:
    if vendor == "sqlite":
        return (SQLITE_BASE + (SQLITE_CHAIN if chain else [])) if create else SQLITE_DROP
    if vendor == "postgresql":
        return (POSTGRES_BASE + (POSTGRES_CHAIN if chain else [])) if create else POSTGRES_DROP
    raise NotImplementedError(f"No append-only trigger for database vendor {vendor!r}.")


def install(connection, *, chain: bool = True) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, create=True, chain=chain):
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, create=False, chain=True):
            cursor.execute(sql)
