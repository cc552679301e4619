"""Bulk writes for the few places that write tens of thousands of rows at once (a national area
division, a national CBS file): COPY on PostgreSQL, the driver's executemany elsewhere, never
per-row ORM objects. Runs in the caller's transaction."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table``; both names come
    from model metadata, never from input. On SQLite rows of plain JSON values go in as one
    ``json_each`` statement: no binding per row, and the GIL is free while SQLite works."""
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
        payload = _json_rows(rows) if connection.vendor == "sqlite" else None
        if payload is not None:
            picks = ", ".join(f"json_extract(j.value, '$[{i}]')" for i in range(len(columns)))
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {picks} FROM json_each(%s) AS j",  # noqa: S608 - fixed names
                [payload],
            )
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders})",  # noqa: S608 - fixed names
            rows,
        )


def _json_rows(rows: Sequence[tuple]) -> str | None:
    """The rows as a JSON array of arrays, or None when a value has no exact JSON form (bytes,
    NaN, a date…)."""
    try:
        return json.dumps(rows, allow_nan=False)
    except (TypeError, ValueError):
        return None


def _on_conflict(columns: Sequence[str], key: Sequence[str]) -> str:
    """``ON CONFLICT (key) DO UPDATE`` of every other column (SQLite and PostgreSQL alike)."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"


def upsert_slices(
    table: str,
    *,
    keys: tuple[str, Sequence[int]],
    constants: dict[str, object],
    slices: dict[str, tuple[bytes, int]],
    conflict: Sequence[str],
) -> None:
    """Upsert one row per key: row i has ``keys[1][i]`` in column ``keys[0]``, the
    ``constants``, and in each column of ``slices`` (buffer, size) the i-th ``size`` bytes of the
    buffer; a row whose ``conflict`` columns match a stored row (a unique constraint on exactly
    those columns must exist) overwrites that row's other columns.

    On SQLite a single statement does it all (``json_each`` over the keys, ``substr`` over the
    buffers): no Python work per row, the GIL stays free while SQLite works, so a worker thread
    can parse the next part meanwhile, and a row that did not change is not rewritten. On
    PostgreSQL the rows are COPYed into a temporary table and upserted from there at once."""
    key_column, key_values = keys
    if not key_values:
        return
    columns = [key_column, *constants, *slices]
    names = ", ".join(columns)
    upsert = _on_conflict(columns, conflict)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cut = [
                [buffer[i * size : (i + 1) * size] for i in range(len(key_values))]
                for buffer, size in slices.values()
            ]
            staging = f"_upsert_{table}"
            cursor.execute(
                f"CREATE TEMP TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608 - fixed names
            )
            with cursor.cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
                for i, key in enumerate(key_values):
                    copy.write_row((key, *constants.values(), *(c[i] for c in cut)))
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} {upsert}"  # noqa: S608 - fixed names
            )
            cursor.execute(f"DROP TABLE {staging}")
            return
        picks = ", ".join(
            [
                "j.value",
                *(["%s"] * len(constants)),
                *(["substr(%s, j.key * %s + 1, %s)"] * len(slices)),
            ]
        )
        params: list[object] = [*constants.values()]
        for buffer, size in slices.values():
            params += [buffer, size, size]
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {picks} FROM json_each(%s) AS j WHERE true {upsert}",  # noqa: S608 - fixed names
            [*params, json.dumps(list(key_values))],
        )


def next_ids(table: str, count: int) -> list[int]:
    """``count`` fresh primary keys for ``table``, so that rows referring to each other (an area
    and its parent) can be inserted in one batch. Must run inside a transaction: on SQLite the
    write lock taken at its start keeps the ids free; on PostgreSQL they come from the table's
    own sequence."""
    if count <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("next_ids must run inside a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608 - fixed names
            f"coalesce((SELECT max(id) FROM {table}), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one bulk job. A national import allocates
    hundreds of thousands of short-lived, non-cyclic objects (rows, tuples, strings), which
    reference counting frees; meanwhile each allocation burst would trigger collector passes over
    the whole heap, one of which can cost as much as writing the figures. Collection resumes
    afterwards (nothing is lost, cyclic garbage waits a moment)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
