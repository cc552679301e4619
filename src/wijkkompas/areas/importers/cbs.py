"""CBS *Kerncijfers wijken en buurten* (85984NED for 2024, 85618NED for 2023, …).

One row per region (Land, Gemeente, Wijk, Buurt) with its code, name and kind, and one column per
figure. ``kwb_forms`` recognises the form the file came in (OData keys, StatLine label headers in
the current and the older layout, re-saved by Excel/R/pandas, .xlsx) and gives every column its
key; this module validates the regions and parses and writes the figures. The table form fetches
the same through CBS OData with ``cbsodata`` (network needed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import polars as pl

from wijkkompas.areas import store
from wijkkompas.areas.catalogue import KERNCIJFERS_TABLES, Entry, cbs_entry, is_descriptive
from wijkkompas.areas.importers.cells import (
    CsvPart,
    CsvText,
    _strings,
    parse_columns,
    rows_frame,
)
from wijkkompas.areas.importers.common import ErrorCollector, ensure_areas, ensure_indicators
from wijkkompas.areas.importers.kwb_forms import ROW_NUMBER, KwbTable, read_table, table_from_rows
from wijkkompas.areas.models import (
    AREA_CODE_PATTERN,
    LEVEL_BY_PREFIX,
    Indicator,
    level_of,
    not_a_code,
)


def year_from_name(name: str) -> int | None:
    """The figure year from a table id (85984NED → 2024) or a year in the file name or title."""
    for table, year in KERNCIJFERS_TABLES.items():
        if table.lower() in name.lower():
            return year
    m = re.search(r"(20\d\d)", name)
    return int(m.group(1)) if m else None


def _column(keys: list[str], base: str) -> int | None:
    return keys.index(base) if base in keys else None


# Rows are parsed and written in this many parts, by this many worker threads, so writing one
# part overlaps parsing the next (measured with benchmarks/import_cbs.py on two cores).
PARTS = 4
WORKERS = 2


class _Part(NamedTuple):
    """Rows ``start … stop`` of the table, parsed and packed (``errors``: what was refused)."""

    start: int
    stop: int
    packed: store.Packed
    errors: ErrorCollector


class _Columns(NamedTuple):
    """What the parsing threads need to know of the table: the file's headers (for messages),
    the value columns, their indicator ids, and the file line of the first data row."""

    headers: list[str]
    values: list[int]
    indicator_ids: list[int]
    first_line: int
    filename: str


def _parse_csv_part(part: CsvPart, spec: _Columns) -> _Part:
    """Worker: one part of a regular CSV file, straight from its bytes. With ";" between the
    cells, a "," can only be a decimal comma, so it becomes a point in the bytes (one fast
    pass) and polars casts the cells without a per-cell replace."""
    data = part.data.replace(b",", b".") if part.delimiter == ";" else part.data
    return _parse_frame_part(
        _strings(data, part.delimiter, spec.values, blanks_as_null=True),
        part.start,
        spec,
        original=lambda: part.strings(spec.values),
    )


def _parse_frame_part(frame: pl.DataFrame, start: int, spec: _Columns, original=None) -> _Part:
    """Worker: rows ``start …`` of the table as strings (see ``parse_columns`` for
    ``original``), parsed and packed."""
    errors = ErrorCollector(spec.filename)
    values, statuses = parse_columns(
        frame, spec.values, spec.headers, errors, start + spec.first_line, original=original
    )
    packed = store.pack(spec.indicator_ids, values, statuses)
    return _Part(start, start + frame.height, packed, errors)


def _check_header(table: KwbTable, year: int | None, errors: ErrorCollector) -> int:
    """The column of the area code; refuses a table without one (saying what to download), a
    file without a year, and empty column names."""
    keys = table.keys
    code_col = _column(keys, "Codering")
    if code_col is None and table.form == "odata":
        code_col = _column(keys, "WijkenEnBuurten")  # the TypedDataSet: the key is the code
    if code_col is None:
        errors.add(
            0,
            "",
            "er is geen kolom met gebiedscodes (Codering). Namen alleen zijn niet eenduidig "
            "(veel gemeenten hebben een wijk 'Centrum'). Download de tabel opnieuw en kies in "
            "StatLine bij 'Onderwerpen' onder 'Regioaanduiding' ook 'Codering'; de kolom heet "
            "dan 'Regioaanduiding/Codering (code)'.",
        )
    if not any(c.is_figure for c in table.columns):
        errors.add(0, "", "het bestand heeft geen kolommen met cijfers")
    if year is None:
        errors.add(
            0,
            "",
            "het jaar van de cijfers is onbekend: geef --year op (of een tabelnummer zoals 85984NED in de bestandsnaam)",
        )
    for i, column in enumerate(table.columns):
        if not column.header and column.key != ROW_NUMBER:
            errors.add(0, f"kolom {i + 1}", "kolomkop is leeg")
    errors.raise_if_any()
    return code_col


def _regions(
    table: KwbTable, frame: pl.DataFrame, code_col: int, errors: ErrorCollector
) -> tuple[list[str | None], dict[str, str]]:
    """The area code of every row (None for a row without any descriptive cell) and the names
    by code, from the descriptive columns in ``frame``; refuses unknown codes, a region kind
    that does not fit its code, and a code that occurs twice.

    A national file has ~18,000 rows, so a file without any of those problems is checked and
    named in a few vectorised steps; otherwise ``_regions_row_by_row`` finds and names them."""
    keys = table.keys
    code = pl.col(f"c{code_col}").str.strip_chars()
    prefix = code.str.slice(0, 2)
    kind_col = _column(keys, "SoortRegio")
    blank_row = pl.all_horizontal(pl.col(c).str.strip_chars() == "" for c in frame.columns)
    checks = [
        (code.str.contains(AREA_CODE_PATTERN) | blank_row).all().alias("codes"),
        code.filter(~blank_row).is_duplicated().any().not_().alias("unique"),
    ]
    if kind_col is not None:
        kind = pl.col(f"c{kind_col}").str.strip_chars().str.to_lowercase()
        expected = prefix.replace_strict(LEVEL_BY_PREFIX, default=None)
        checks.append(((kind == "") | (kind == expected)).all().alias("kinds"))
    if not all(frame.select(checks).row(0)):
        return _regions_row_by_row(table, frame, code_col, errors)
    name_col, gm_col = _column(keys, "WijkenEnBuurten"), _column(keys, "Gemeentenaam")
    name = pl.lit("") if name_col is None else pl.col(f"c{name_col}").str.strip_chars()
    if gm_col is not None:  # a gemeente without its own title takes the municipality name
        gm_name = pl.col(f"c{gm_col}").str.strip_chars()
        name = (
            pl.when((prefix == "GM") & ((name == "") | (name == code)))
            .then(gm_name)
            .otherwise(name)
        )
    name = pl.when(name == code).then(pl.lit("")).otherwise(name)
    result = frame.select(
        pl.when(blank_row).then(None).otherwise(code).alias("code"), name.alias("name")
    )
    codes = result["code"].to_list()
    names = {c: n for c, n in zip(codes, result["name"].to_list(), strict=True) if c}
    return codes, names


def _regions_row_by_row(
    table: KwbTable, frame: pl.DataFrame, code_col: int, errors: ErrorCollector
) -> tuple[list[str | None], dict[str, str]]:
    """``_regions`` one row at a time, naming each row that is wrong."""
    keys, headers = table.keys, table.headers

    def column(base: str) -> tuple[int | None, list[str] | None]:
        i = _column(keys, base)
        return i, (None if i is None else frame[f"c{i}"].to_list())

    _, area_names = column("WijkenEnBuurten")
    _, gm_names = column("Gemeentenaam")
    kind_col, kinds = column("SoortRegio")
    codes: list[str | None] = []
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for r, raw_code in enumerate(frame[f"c{code_col}"].to_list()):
        line = r + table.first_line
        code = raw_code.strip()
        codes.append(None)
        if not code and not "".join(frame.row(r)).strip():
            continue  # a blank line (its figures, if any, are refused when written)
        level = level_of(code)
        if level is None:
            errors.add(line, headers[code_col], not_a_code(code))
            continue
        if kinds is not None:
            soort = kinds[r].strip().lower()
            if soort and soort != level:  # SoortRegio names the level
                errors.add(
                    line,
                    headers[kind_col],
                    f"soort regio '{kinds[r].strip()}' past niet bij code {code}",
                )
                continue
        if code in seen:
            errors.add(line, headers[code_col], f"code {code} staat ook al in rij {seen[code]}")
            continue
        seen[code] = line
        name = area_names[r].strip() if area_names is not None else ""
        if (not name or name == code) and level == "gemeente" and gm_names is not None:
            name = gm_names[r].strip()
        names[code] = "" if name == code else name
        codes[r] = code
    errors.raise_if_any()
    return codes, names


def _spec(table: KwbTable, filename: str, source_detail: str) -> _Columns:
    """The value columns of the table and their indicators (created when new)."""
    values = [i for i, c in enumerate(table.columns) if c.is_figure]
    entries = {table.columns[i].key: table.columns[i].entry for i in values}
    ids = ensure_indicators(entries, source=Indicator.Source.CBS, source_detail=source_detail)
    return _Columns(
        table.headers,
        values,
        [ids[table.columns[i].key] for i in values],
        table.first_line,
        filename,
    )


def _write(
    parts: list[Future[_Part]],
    codes: list[str | None],
    names: dict[str, str],
    year: int,
    spec: _Columns,
) -> int:
    """Create the year's areas and write each part as soon as it is parsed (replacing the
    figures it covers). Once a part has errors nothing more is written; the errors of every part
    are gathered and the import is refused (the caller's transaction rolls back)."""
    area_ids = ensure_areas(names, year)
    row_ids = [None if code is None else area_ids[code] for code in codes]
    errors = ErrorCollector(spec.filename)
    written = 0
    for future in parts:
        part = future.result()
        errors.absorb(part.errors)
        ids = row_ids[part.start : part.stop]
        for r in part.packed.rows.tolist():
            if ids[r] is None:
                errors.add(
                    part.start + r + spec.first_line,
                    "",
                    "de rij heeft cijfers maar geen gebiedscode",
                )
        if not errors:
            written += store.write_packed(ids, part.packed, period=str(year), year=year)
    errors.raise_if_any()
    return written


@contextmanager
def _workers() -> Iterator[ThreadPoolExecutor]:
    """The parsing threads of one import; on the way out, also on a refusal, parts not yet
    started are dropped."""
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def _counts(codes: list[str | None], written: int, columns: int) -> dict[str, int]:
    areas = sum(code is not None for code in codes)
    return {"rows": areas, "areas": areas, "observations": written, "indicators": columns}


def _descriptive(table: KwbTable) -> list[int]:
    return [i for i, c in enumerate(table.columns) if not c.is_figure]


def import_table_rows(
    table: KwbTable, *, filename: str, year: int | None, source_detail: str
) -> dict[str, int]:
    """Validate and write one Kerncijfers table. Must run inside a transaction: on any error it
    raises ``ImportRefused`` after which the caller's transaction rolls back.

    A regular CSV file (``table.data``) is parsed part by part straight from its bytes by worker
    threads (polars, mostly outside the GIL) while this thread validates the descriptive
    columns, creates the year's areas and writes each part as soon as it is packed; other files
    go through the same steps from their rows as strings."""
    code_col = _check_header(table, year, ErrorCollector(filename))
    spec = _spec(table, filename, source_detail)
    if table.data is not None:
        text = CsvText(table.headers, table.data, table.delimiter, body=0)
        # The descriptive columns are read before the workers start: the areas they name are
        # the first thing this thread must write, and that write is the longest step of a first
        # import.
        descriptive = text.strings(_descriptive(table))
        with _workers() as pool:
            parts = [pool.submit(_parse_csv_part, part, spec) for part in text.parts(PARTS)]
            codes, names = _regions(table, descriptive, code_col, ErrorCollector(filename))
            written = _write(parts, codes, names, year, spec)
        return _counts(codes, written, len(spec.values))
    frame = rows_frame(
        table.rows or [], len(table.columns), table.first_line, ErrorCollector(filename)
    )
    codes, names = _regions(
        table,
        frame.select(f"c{i}" for i in _descriptive(table)),
        code_col,
        ErrorCollector(filename),
    )
    step = max(1, -(-frame.height // PARTS))
    with _workers() as pool:
        parts = [
            pool.submit(_parse_frame_part, frame[a : a + step], a, spec)
            for a in range(0, frame.height, step)
        ]
        written = _write(parts, codes, names, year, spec)
    return _counts(codes, written, len(spec.values))


def import_file(path: Path, *, year: int | None = None) -> dict[str, int]:
    """A Kerncijfers file in any of the forms ``kwb_forms`` recognises."""
    table = read_table(path)
    year = year or year_from_name(path.name) or year_from_name(table.title)
    return import_table_rows(
        table, filename=path.name, year=year, source_detail=year_from_table_label(path.name)
    )


def year_from_table_label(name: str) -> str:
    for table in KERNCIJFERS_TABLES:
        if table.lower() in name.lower():
            return f"CBS {table}"
    return "CBS Kerncijfers wijken en buurten"


def fetch_table(
    table_id: str,
) -> tuple[list[str], list[list[str]], dict[str, Entry]]:  # pragma: no cover - network
    """Fetch a Kerncijfers table through CBS OData (``cbsodata``) into the file form: the region
    titles stay in WijkenEnBuurten, the codes come from Codering_…; names and units from the
    table's DataProperties."""
    import cbsodata  # network client, only for a live --table import

    props = cbsodata.get_meta(table_id, "DataProperties")
    meta: dict[str, Entry] = {}
    for p in props:
        if p.get("Type") != "Topic" or is_descriptive(p["Key"]):
            continue
        known = cbs_entry(p["Key"])
        unit = (p.get("Unit") or known.unit or "").strip()
        kind = "aantal" if unit.lower() == "aantal" else ("verhouding" if unit else known.kind)
        meta[p["Key"]] = Entry(
            name=(p.get("Title") or known.name).strip(),
            unit=unit,
            kind=kind,
            direction=known.direction,
            theme=known.theme,
            definition=(p.get("Description") or known.definition or "").strip(),
        )
    records = cbsodata.get_data(table_id)
    if not records:
        return [], [], meta
    header = list(records[0].keys())
    rows = [["." if r.get(k) is None else str(r.get(k)) for k in header] for r in records]
    return header, rows, meta


def import_table(
    table_id: str, *, year: int | None = None
) -> dict[str, int]:  # pragma: no cover - network
    header, rows, meta = fetch_table(table_id)
    table = table_from_rows(header, rows)
    for i, column in enumerate(table.columns):
        if column.is_figure and column.header in meta:
            table.columns[i] = replace(column, entry=meta[column.header])
    return import_table_rows(
        table,
        filename=f"CBS-tabel {table_id}",
        year=year or KERNCIJFERS_TABLES.get(table_id),
        source_detail=f"CBS {table_id}",
    )
