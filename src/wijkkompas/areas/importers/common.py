"""Shared importer machinery: reading CBS-style files, CBS value markers, refusing bad input with
file/row/column, creating each year's area division, and writing figures (through ``areas.store``) atomically."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.catalogue import Entry, municipality_classes
from wijkkompas.areas.models import (
    LEVEL_BY_PREFIX,
    Area,
    Indicator,
    municipality_code,
    parent_code,
)
from wijkkompas.core.bulk import insert_rows, next_ids

MAX_ERRORS = 20
OK, GEHEIM, ONBEKEND, VOORLOPIG = "ok", "geheim", "onbekend", "voorlopig"
# CBS's statistical symbols: "." figure missing, "x" secret, "?" unreliable/unknown, "-" nihil (zero),
# empty: cannot occur. "." and empty (and R's NA) are stored as *no* observation.
SKIP = object()
MARKERS = {
    ".": SKIP,
    "": SKIP,
    "NA": SKIP,  # R's "no value", in a StatLine download re-saved by R
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

    @property
    def where(self) -> str:
        """The place in Dutch ("rij 12, kolom X" or "kopregel"), as every refusal names it."""
        place = f"rij {self.row}" if self.row else "kopregel"
        return f"{place}, kolom {self.column}" if self.column else place


class ImportRefused(Exception):
    """Bad input: nothing was written. ``errors`` name file, row (line in the file, the header is
    line 1) and column of the first problems (at most ``KEPT_ERRORS``); ``total`` counts them all."""

    def __init__(self, filename: str, errors: list[ImportError_], total: int | None = None):
        self.filename = filename
        self.errors = errors
        self.total = len(errors) if total is None else total
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [f"Import geweigerd: {self.filename} bevat fouten; er is niets opgeslagen."]
        for e in self.errors[:MAX_ERRORS]:
            lines.append(f"- {self.filename}, {e.where}: {e.message}")
        shown = min(len(self.errors), MAX_ERRORS)
        if self.total > shown:
            lines.append(f"… en nog {self.total - shown} fouten ({self.total} in totaal).")
        return "\n".join(lines)


# A refusal keeps this many problems with their row and column (enough for any screen or log);
# beyond it, problems are only counted, so a file that is wrong in every cell costs no memory.
KEPT_ERRORS = 1000


class ErrorCollector:
    """The problems found in one file: the first ``KEPT_ERRORS`` in full, all of them counted."""

    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[ImportError_] = []
        self.total = 0

    def __bool__(self) -> bool:
        return self.total > 0

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.errors) < KEPT_ERRORS:
            self.errors.append(ImportError_(row, column, message))

    def absorb(self, other: ErrorCollector) -> None:
        """Take over the problems another collector found (a worker's part of the same file)."""
        room = KEPT_ERRORS - len(self.errors)
        self.errors.extend(other.errors[: max(room, 0)])
        self.total += other.total

    def has_width(self, line: int, row: list[str], width: int) -> bool:
        """Whether ``row`` has the header's ``width``; if not, the row is refused."""
        if len(row) == width:
            return True
        self.add(line, "", f"de rij heeft {len(row)} kolommen, de kopregel {width}")
        return False

    def raise_if_any(self) -> None:
        if self.total:
            raise ImportRefused(self.filename, sorted(self.errors, key=_position), self.total)


def _position(error: ImportError_) -> tuple[int, str]:
    return error.row, error.column


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
        return value, VOORLOPIG
    if "," in s:
        return float(s.replace(".", "").replace(",", ".")), OK
    raise ValueError(s)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def utf8(raw: bytes) -> bytes:
    """The file as UTF-8 without BOM. CBS downloads are UTF-8 (often with BOM); older ones
    Windows-1252; Excel's "Unicode text" is UTF-16 with a BOM."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16").encode("utf-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252").encode("utf-8")
    return raw


def decode(raw: bytes) -> str:
    return utf8(raw).decode("utf-8")


def delimiter_of(first_line: str) -> str:
    """CBS files are separated by ";"; a file separated by commas (R, pandas) or tabs (Excel's
    "Unicode text") is recognised too."""
    return max((";", ",", "\t"), key=first_line.count)


def read_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """Header and data rows of a CBS file: semicolon CSV (quoted or not; a comma-separated file is
    recognised too) or the Excel form (.xlsx, first sheet, header on the first row)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook  # heavy (~0.8 s): only for an .xlsx file

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
    reader = csv.reader(io.StringIO(text), delimiter=delimiter_of(first))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return [], iter(())
    return header, reader


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


@transaction.atomic
def ensure_areas(names: dict[str, str], year: int) -> dict[str, int]:
    """Area ids of ``year``'s division by code, creating missing areas (and their parents) and
    linking each new area to its predecessor with the same code in an earlier year.

    A national division has ~18,000 areas, so this reads whole divisions with one plain query
    each (no IN-lists of thousands of codes), gives the new areas their ids up front and inserts
    every level in one batch with ``core.bulk.insert_rows``."""
    wijken = {parent_code(c) for c in names if c.startswith("BU")}
    gemeenten = {municipality_code(c) for c in (*names, *wijken) if c.startswith(("BU", "WK"))}
    wanted = names.keys() | wijken | gemeenten
    table = Area._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code, id, name FROM {table} WHERE year = %s", [year])  # noqa: S608
        existing = {code: (pk, name) for code, pk, name in cursor.fetchall() if code in wanted}
    ids: dict[str, int] = {code: pk for code, (pk, _) in existing.items()}
    renamed = [
        Area(id=pk, name=names[code])
        for code, (pk, name) in existing.items()
        if names.get(code) and names[code] != name
    ]
    if renamed:
        Area.objects.bulk_update(renamed, ["name"], batch_size=500)
    missing = wanted - existing.keys()
    if not missing:
        return ids
    earlier: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code, id, name FROM {table} WHERE year < %s ORDER BY year",  # noqa: S608
            [year],
        )
        for code, pk, name in cursor.fetchall():
            if code in missing:
                earlier[code] = (pk, name)  # the latest year wins
    classes = {**_tenant_classes(), **municipality_classes()}
    p10 = p10_codes()
    # Parents first, so a parent's id is known when its children are listed; within a level by
    # code (every code here is valid, so its prefix gives its level).
    by_prefix: dict[str, list[str]] = {prefix: [] for prefix in LEVEL_BY_PREFIX}
    for code in missing:
        by_prefix[code[:2]].append(code)
    for codes in by_prefix.values():
        codes.sort()
    new = [code for codes in by_prefix.values() for code in codes]
    ids.update(zip(new, next_ids(table, len(new)), strict=True))
    rows = []
    for prefix, codes in by_prefix.items():
        level = LEVEL_BY_PREFIX[prefix]
        for code in codes:
            gm = municipality_code(code) or ""
            parent = parent_code(code) or ""
            before = earlier.get(code)
            rows.append(
                (
                    ids[code],
                    code,
                    year,
                    level,
                    (names.get(code) or (before[1] if before else "") or code)[:200],
                    ids.get(parent),
                    gm,
                    classes.get(gm, "overig"),
                    gm in p10,
                    before[0] if before else None,
                )
            )
    insert_rows(
        table,
        (
            "id",
            "code",
            "year",
            "level",
            "name",
            "parent_id",
            "municipality_code",
            "municipality_class",
            "is_p10",
            "predecessor_id",
        ),
        rows,
    )
    return ids


def _tenant_classes() -> dict[str, str]:
    """A tenant's own class for codes outside the shipped G4/G40 list (e.g. a demo municipality)."""
    return dict(Tenant.objects.exclude(cbs_code="").values_list("cbs_code", "municipality_class"))


def p10_codes() -> set[str]:
    """The CBS codes of the municipalities whose tenant is flagged P10."""
    return set(
        Tenant.objects.filter(is_p10=True).exclude(cbs_code="").values_list("cbs_code", flat=True)
    )
