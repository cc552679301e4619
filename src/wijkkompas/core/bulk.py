"""Bulk inserts for the few places that write tens of thousands of rows at once (a national area
division, a national CBS file): COPY on PostgreSQL, the driver's executemany elsewhere, never
per-row ORM objects. Runs in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table``; both names come
    from model metadata, never from input."""
    if not rows:
        return
    names = ", ".join(columns)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders})",  # noqa: S608 - fixed names
            rows,
        )
