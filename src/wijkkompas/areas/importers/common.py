"""Shared importer machinery: reading CBS-style files, CBS value markers, refusing bad input with
file/row/column, creating each year's area division, and writing observations atomically."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from wijkkompas.areas.catalogue import Entry, municipality_classes
from wijkkompas.areas.models import (
    Area,
    Indicator,
    Level,
    Observation,
    level_of,
    municipality_code,
    parent_code,
)

MAX_ERRORS = 20
OK, GEHEIM, ONBEKEND = (
    Observation.Status.OK.value,
    Observation.Status.GEHEIM.value,
    Observation.Status.ONBEKEND.value,
)
# CBS's statistical symbols: "." figure missing, "x" secret, "?" unreliable/unknown, "-" nihil (zero),
# empty: cannot occur. "." and empty are stored as *no* observation.
SKIP = object()
MARKERS = {
    ".": SKIP,
    "": SKIP,
    "x": (None, GEHEIM),
    "X": (None, GEHEIM),
    "?": (None, ONBEKEND),
    "-": (0.0, OK),
    "–": (0.0, OK),
}


@dataclass
class ImportError_:
    row: int
    column: str
    message: str


class ImportRefused(Exception):
    """Bad input: nothing was written. ``errors`` name file, row (line in the file, the header is
    line 1) and column of each problem."""

    def __init__(self, filename: str, errors: list[ImportError_]):
        self.filename = filename
        self.errors = errors
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [f"Import geweigerd: {self.filename} bevat fouten; er is niets opgeslagen."]
        for e in self.errors[:MAX_ERRORS]:
            where = f"rij {e.row}" if e.row else "kopregel"
            col = f", kolom {e.column}" if e.column else ""
            lines.append(f"- {self.filename}, {where}{col}: {e.message}")
        if len(self.errors) > MAX_ERRORS:
            lines.append(f"… en nog {len(self.errors) - MAX_ERRORS} fouten.")
        return "\n".join(lines)


class ErrorCollector:
    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[ImportError_] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.errors.append(ImportError_(row, column, message))
        if len(self.errors) > 200:
            self.raise_if_any()

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRefused(self.filename, self.errors)


def parse_value(text: str) -> object:
    """A CBS cell → ``SKIP`` or ``(value, status)``; raises ValueError for anything else.

    Numbers come as ``12``, ``12.5`` (OData typed data) or ``12,5`` / ``1.234,5`` (Dutch CSV). A
    dot without a comma is a decimal point: CBS files never use thousands separators.
    """
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if value - value != 0:  # nan / inf
            raise ValueError(text)
        return value, OK
    s = text.strip()
    marker = MARKERS.get(s)
    if marker is not None:
        return marker
    if s.endswith("*"):  # provisional figure
        value, _ = parse_value(s.rstrip("*"))
        return value, Observation.Status.VOORLOPIG.value
    if "," in s:
        return float(s.replace(".", "").replace(",", ".")), OK
    raise ValueError(s)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def decode(raw: bytes) -> str:
    """CBS downloads are UTF-8 (often with BOM); older ones Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def read_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """Header and data rows of a CBS file: semicolon CSV (quoted or not; a comma-separated file is
    recognised too) or the Excel form (.xlsx, first sheet, header on the first row)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows)]

        def cells() -> Iterator[list[str]]:
            for row in rows:
                yield [
                    "." if c is None else (str(c) if not isinstance(c, float) else repr(c))
                    for c in row
                ]

        return header, cells()
    text = decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return [], iter(())
    return header, reader


@dataclass
class AreaSpec:
    code: str
    name: str = ""


@dataclass
class Parsed:
    """The outcome of parsing, before anything is written."""

    areas: dict[str, str] = field(default_factory=dict)  # code → name ("" = unknown)
    indicators: dict[str, Entry] = field(default_factory=dict)  # code → catalogue entry
    # (area code, indicator code, period, year, value, status)
    values: list[tuple[str, str, str, int, float | None, str]] = field(default_factory=list)
    rows: int = 0
    division_year: int | None = None


def ensure_indicators(
    entries: dict[str, Entry], *, source: str, source_detail: str
) -> dict[str, int]:
    """Indicator ids by code, creating unknown ones from the catalogue (existing ones keep the
    names and directions an editor may have set)."""
    existing = dict(Indicator.objects.filter(code__in=list(entries)).values_list("code", "id"))
    new = [
        Indicator(
            code=code,
            name=e.name[:250],
            unit=e.unit,
            kind=e.kind,
            direction=e.direction,
            theme=e.theme,
            definition=e.definition,
            source=source,
            source_detail=source_detail,
        )
        for code, e in entries.items()
        if code not in existing
    ]
    if new:
        Indicator.objects.bulk_create(new)
        existing = dict(Indicator.objects.filter(code__in=list(entries)).values_list("code", "id"))
    return existing


def ensure_areas(names: dict[str, str], year: int) -> dict[str, int]:
    """Area ids of ``year``'s division by code, creating missing areas (and their parents) and
    linking each new area to its predecessor with the same code in an earlier year."""
    wanted = set(names)
    for code in list(wanted):
        p = parent_code(code)
        while p:
            wanted.add(p)
            p = parent_code(p)
    existing = {a.code: a for a in Area.objects.filter(year=year, code__in=wanted)}
    classes = {**_tenant_classes(), **municipality_classes()}
    p10 = _p10_codes()
    ids: dict[str, int] = {code: a.id for code, a in existing.items()}
    renamed = []
    for code, area in existing.items():
        name = names.get(code)
        if name and name != area.name:
            area.name = name
            renamed.append(area)
    if renamed:
        Area.objects.bulk_update(renamed, ["name"], batch_size=500)
    missing = wanted - set(existing)
    if missing:
        predecessors = {}
        for code, pk in (
            Area.objects.filter(code__in=missing, year__lt=year)
            .order_by("year")
            .values_list("code", "id")
        ):
            predecessors[code] = pk  # the last (latest) year wins
        earlier_names = dict(
            Area.objects.filter(code__in=missing, year__lt=year)
            .order_by("year")
            .values_list("code", "name")
        )
        table = Area._meta.db_table
        sql = (
            f"INSERT INTO {table} (code, year, level, name, parent_id, municipality_code, "  # noqa: S608 - fixed names
            "municipality_class, is_p10, predecessor_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        )
        for level in (Level.LAND, Level.GEMEENTE, Level.WIJK, Level.BUURT):
            batch = []
            for code in sorted(c for c in missing if level_of(c) == level):
                gm = municipality_code(code) or ""
                batch.append(
                    (
                        code,
                        year,
                        level.value,
                        (names.get(code) or earlier_names.get(code) or code)[:200],
                        ids.get(parent_code(code) or ""),
                        gm,
                        classes.get(gm, "overig"),
                        gm in p10,
                        predecessors.get(code),
                    )
                )
            if batch:
                # a national division has ~17,000 areas: plain executemany, not ORM objects
                with connection.cursor() as cursor:
                    cursor.executemany(sql, batch)
                ids.update(Area.objects.filter(year=year, level=level).values_list("code", "id"))
    return ids


def _tenant_classes() -> dict[str, str]:
    """A tenant's own class for codes outside the shipped G4/G40 list (e.g. a demo municipality)."""
    from wijkkompas.accounts.models import Tenant

    return dict(Tenant.objects.exclude(cbs_code="").values_list("cbs_code", "municipality_class"))


def _p10_codes() -> set[str]:
    from wijkkompas.accounts.models import Tenant

    return set(
        Tenant.objects.filter(is_p10=True).exclude(cbs_code="").values_list("cbs_code", flat=True)
    )


def replace_observations(
    rows: Iterable[tuple[int, int, str, int, float | None, str]],
    *,
    area_ids: list[int],
    indicator_ids: list[int],
    periods: list[str],
) -> int:
    """Replace the observations of these areas × indicators × periods by ``rows`` (so a figure
    that became "." disappears on re-import). Runs inside the caller's transaction."""
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        ind_ph = ",".join(["%s"] * len(indicator_ids))
        per_ph = ",".join(["%s"] * len(periods))
        chunk = 500
        for start in range(0, len(area_ids), chunk):
            part = area_ids[start : start + chunk]
            cursor.execute(
                f"DELETE FROM {table} WHERE period IN ({per_ph}) AND indicator_id IN ({ind_ph}) "  # noqa: S608
                f"AND area_id IN ({','.join(['%s'] * len(part))})",
                [*periods, *indicator_ids, *part],
            )
    return bulk_insert(rows)


def bulk_insert(rows: Iterable[tuple[int, int, str, int, float | None, str]]) -> int:
    """The fastest insert each database offers, in the caller's transaction: COPY on PostgreSQL,
    the driver's executemany on SQLite (no per-row ORM work on a national file's ~2M cells)."""
    table = Observation._meta.db_table
    columns = "(area_id, indicator_id, period, year, value, status)"
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        n = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                n += 1
        return n
    if connection.vendor == "sqlite":
        # Streamed from the parser's generator (no list of ~2M tuples), with a page cache big
        # enough to hold the indexes being filled (SQLite's 2 MB default makes a national file
        # thrash); the connection's own setting is restored afterwards.
        raw = connection.connection
        previous = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute("PRAGMA cache_size = -262144")
        try:
            cursor = raw.executemany(
                f"INSERT INTO {table} {columns} VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608 - fixed names
                rows,
            )
        finally:
            raw.execute(f"PRAGMA cache_size = {int(previous)}")
        return max(cursor.rowcount, 0)
    rows = list(rows)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
            rows,
        )
    return len(rows)


def resolve_values(
    parsed: Parsed, area_ids: dict[str, int], indicator_ids: dict[str, int]
) -> list[tuple]:
    return [
        (area_ids[a], indicator_ids[i], period, year, value, status)
        for a, i, period, year, value, status in parsed.values
    ]


def upsert_observations(rows: list[tuple[int, int, str, int, float | None, str]]) -> int:
    """Replace exactly the (area, indicator, period) cells in ``rows`` (local figures)."""
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {table} WHERE area_id = %s AND indicator_id = %s AND period = %s",  # noqa: S608
            [(r[0], r[1], r[2]) for r in rows],
        )
    return bulk_insert(rows)
