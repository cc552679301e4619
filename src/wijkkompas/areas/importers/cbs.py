"""CBS *Kerncijfers wijken en buurten* (85984NED for 2024, 85618NED for 2023, …).

The file form is the CSV CBS publishes: one row per region (Land, Gemeente, Wijk, Buurt), columns
``ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;Codering_3;IndelingswijzigingWijkenEnBuurten_4;
AantalInwoners_5;…``, semicolon separated, quoted, space-padded, Dutch decimal comma or decimal
point, CBS markers for missing and secret figures. The table form fetches the same through CBS
OData with ``cbsodata`` (network needed). Each column keeps its CBS key as indicator code.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import polars as pl

from wijkkompas.areas import store
from wijkkompas.areas.catalogue import (
    KERNCIJFERS_TABLES,
    Entry,
    base_key,
    cbs_entry,
    is_descriptive,
)
from wijkkompas.areas.importers.common import (
    MARKERS,
    SKIP,
    ErrorCollector,
    delimiter_of,
    ensure_areas,
    ensure_indicators,
    parse_value,
    read_rows,
    utf8,
)
from wijkkompas.areas.models import (
    AREA_CODE_PATTERN,
    LEVEL_BY_PREFIX,
    Indicator,
    level_of,
    not_a_code,
)


def year_from_name(name: str) -> int | None:
    """The figure year from a table id (85984NED → 2024) or a year in the file name."""
    for table, year in KERNCIJFERS_TABLES.items():
        if table.lower() in name.lower():
            return year
    m = re.search(r"(20\d\d)", name)
    return int(m.group(1)) if m else None


def _column(header: list[str], base: str) -> int | None:
    for i, key in enumerate(header):
        if base_key(key) == base:
            return i
    return None


def import_rows(
    header: list[str],
    rows: Iterable[list[str]],
    *,
    filename: str,
    year: int | None,
    table: str = "",
    meta: dict[str, Entry] | None = None,
) -> dict[str, int]:
    """Import rows of strings (the Excel and OData forms, and any CSV the fast reader declines):
    every row must have the header's width; then as ``import_frame``."""
    errors = ErrorCollector(filename)
    width = len(header)
    kept: list[list[str]] = []
    for line, row in enumerate(rows, start=2):
        blank = len(row) <= 1 and not "".join(row).strip()
        if not blank and not errors.has_width(line, row, width):
            row = []
        kept.append(row if len(row) == width else [""] * width)
    errors.raise_if_any()
    names = [f"c{i}" for i in range(width)]
    frame = pl.DataFrame(
        {n: [r[i] for r in kept] for i, n in enumerate(names)},
        schema=dict.fromkeys(names, pl.String),
    )
    return import_frame(header, frame, filename=filename, year=year, table=table, meta=meta)


def _strings(
    data: bytes, delimiter: str, columns: list[int], *, blanks_as_null: bool = False
) -> pl.DataFrame:
    """These columns of CSV rows (no header) as strings, named ``c<column>``; with
    ``blanks_as_null`` the cells "." and "" (no figure) are null instead."""
    frame = pl.read_csv(
        data,
        has_header=False,
        separator=delimiter,
        infer_schema=False,
        columns=columns,
        null_values=["."] if blanks_as_null else None,
        empty_string_is_null=blanks_as_null,
        raise_if_empty=False,
    )
    return frame.rename({f"column_{i}": f"c{i}" for i in columns}, strict=False)


class CsvPart(NamedTuple):
    """Data rows ``start … stop`` (0-based) of a regular CSV file, as the bytes of those lines."""

    start: int
    stop: int
    data: bytes
    delimiter: str

    def strings(self, columns: list[int]) -> pl.DataFrame:
        return _strings(self.data, self.delimiter, columns)


@dataclass(frozen=True)
class CsvText:
    """A regular CBS CSV file (every line as wide as the header) as UTF-8 bytes; the data rows
    start at byte ``body``."""

    header: list[str]
    data: bytes
    delimiter: str
    body: int

    def strings(self, columns: list[int]) -> pl.DataFrame:
        """These columns of all data rows as strings; frame row i is file line i + 2."""
        return _strings(self.data[self.body :], self.delimiter, columns)

    def parts(self, n: int) -> list[CsvPart]:
        """The data rows in ``n`` parts of about equal size, cut at line ends."""
        out: list[CsvPart] = []
        lo, row, size = self.body, 0, len(self.data) - self.body
        for k in range(1, n + 1):
            hi = len(self.data) if k == n else self.data.find(b"\n", self.body + size * k // n)
            hi = len(self.data) if hi < 0 else hi + 1
            if hi <= lo:
                continue
            rows = self.data.count(b"\n", lo, hi) + (0 if self.data[hi - 1 : hi] == b"\n" else 1)
            out.append(CsvPart(row, row + rows, self.data[lo:hi], self.delimiter))
            lo, row = hi, row + rows
        return out


def read_csv_text(path: Path) -> tuple[list[str], CsvText | None]:
    """The header and, when the file is regular, the file as ``CsvText``.

    None when the file holds a different number of separators than every line having the
    header's width (a short or long row, a blank line, or a separator inside quotes): then the
    caller reads it with the csv module, which names the row that is wrong."""
    raw = utf8(path.read_bytes())
    first = raw.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    delimiter = delimiter_of(first)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if not header or raw.count(delimiter.encode()) != (len(header) - 1) * lines:
        return header, None
    return header, CsvText(header, raw, delimiter, body=raw.find(b"\n") + 1 or len(raw))


# Rows are parsed and written in this many parts, by this many worker threads, so writing one
# part overlaps parsing the next (measured with benchmarks/import_cbs.py on two cores).
PARTS = 4
WORKERS = 2
# The CBS markers that stand for a figure or a status (x ? -), as lookup arrays.
_MARKER_CELLS = [(text, m) for text, m in MARKERS.items() if m is not SKIP]
_MARKER_INDEX = {text: k for k, (text, _) in enumerate(_MARKER_CELLS)}
_MARKER_VALUES = np.array([np.nan if v is None else v for _, (v, _) in _MARKER_CELLS])
_MARKER_STATUSES = np.array(
    [store.STATUS_CODES[status] for _, (_, status) in _MARKER_CELLS], dtype=np.uint8
)
# Above this share of cells that are neither a plain number nor a marker (a file that pads its
# figures with spaces, say), a part is parsed again the careful way instead of cell by cell.
_ODD_SHARE = 0.01


def parse_columns(
    frame: pl.DataFrame,
    columns: list[int],
    header: list[str],
    errors: ErrorCollector,
    first_line: int,
    *,
    original: Callable[[], pl.DataFrame] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(values, statuses) of the value columns ``c<i>`` of ``frame``, each (rows × columns); frame
    row r is file line ``first_line + r``.

    The careful way (``original`` None): cells are trimmed, a decimal comma becomes a point,
    and the numbers are cast in one vectorised step. The fast reader hands over cells whose
    decimal commas were already swapped for points in the file's bytes, untrimmed, "." and ""
    read as null, with the ``original`` cells for the rare cell that needs a closer look.

    "." and empty cells are no figure; the markers x ? - are recognised vectorised; the few
    other cells (provisional "12*", "1.234,5", a padded cell, or text) go through
    ``parse_value`` one by one, and a cell that is no figure is refused with row and column."""
    n = frame.height
    if not columns or n == 0:
        return np.empty((n, 0)), np.empty((n, 0), dtype=np.uint8)
    names = [f"c{i}" for i in columns]
    if original is None:
        frame = frame.select(pl.col(c).str.strip_chars() for c in names)
        cells = [pl.col(c).str.replace(",", ".", literal=True) for c in names]
        blank = [(pl.col(c) == ".") | (pl.col(c) == "") for c in names]
    else:
        cells = [pl.col(c) for c in names]
        blank = [pl.col(c).is_null() for c in names]
    values = frame.select(c.cast(pl.Float64, strict=False) for c in cells).to_numpy(order="c")
    empty = frame.select(blank).to_numpy()
    statuses = np.where(np.isfinite(values), store.OK, store.NONE).astype(np.uint8)
    odd = ~np.isfinite(values) & ~empty
    rows, cols = _cells_by_column(odd)
    texts: list[str] = []
    if rows.size:
        texts = _gather(frame, names, rows, cols)
        marker = np.fromiter((_MARKER_INDEX.get(t, -1) for t in texts), np.int64, len(texts))
        known = marker >= 0
        values[rows[known], cols[known]] = _MARKER_VALUES[marker[known]]
        statuses[rows[known], cols[known]] = _MARKER_STATUSES[marker[known]]
        texts = [t for t, k in zip(texts, known.tolist(), strict=True) if not k]
        rows, cols = rows[~known], cols[~known]
    if rows.size and original is not None:
        if rows.size > _ODD_SHARE * values.size:
            return parse_columns(original(), columns, header, errors, first_line)
        texts = _gather(original(), names, rows, cols)
    for r, j, text in zip(rows.tolist(), cols.tolist(), texts, strict=True):
        try:
            parsed = parse_value(text)
        except ValueError:
            errors.add(
                first_line + r,
                header[columns[j]],
                f"'{text.strip()}' is geen getal en geen CBS-teken (. x ? -)",
            )
            continue
        if parsed is SKIP:  # a padded "."
            values[r, j], statuses[r, j] = np.nan, store.NONE
            continue
        value, status = parsed
        values[r, j] = np.nan if value is None else value
        statuses[r, j] = store.STATUS_CODES[status]
    values[(statuses != store.OK) & (statuses != store.VOORLOPIG)] = np.nan
    return values, statuses


def _cells_by_column(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of the true cells of ``mask``, column by column."""
    cols, rows = np.nonzero(mask.T)
    return rows, cols


def _gather(frame: pl.DataFrame, names: list[str], rows: np.ndarray, cols: np.ndarray) -> list:
    """The texts of cells (``rows``/``cols`` as from ``_cells_by_column``), in that order."""
    starts = np.searchsorted(cols, np.unique(cols))
    groups = np.split(rows, starts[1:])
    picked = frame.select(
        pl.col(names[j]).gather(g).implode().alias(str(k))
        for k, (j, g) in enumerate(zip(np.unique(cols).tolist(), groups, strict=True))
    ).row(0)
    return [text for column in picked for text in column]


class _Part(NamedTuple):
    """Rows ``start … stop`` of the table, parsed and packed (``errors``: what was refused)."""

    start: int
    stop: int
    packed: store.Packed
    errors: ErrorCollector


def _parse_csv_part(
    part: CsvPart, columns: list[int], indicator_ids: list[int], header: list[str], filename: str
) -> _Part:
    """Worker: one part of a regular CSV file, straight from its bytes. With ";" between the
    cells, a "," can only be a decimal comma, so it becomes a point in the bytes (one fast
    pass) and polars casts the cells without a per-cell replace."""
    data = part.data.replace(b",", b".") if part.delimiter == ";" else part.data
    return _parse_frame_part(
        _strings(data, part.delimiter, columns, blanks_as_null=True),
        part.start,
        columns,
        indicator_ids,
        header,
        filename,
        original=lambda: part.strings(columns),
    )


def _parse_frame_part(
    frame: pl.DataFrame,
    start: int,
    columns: list[int],
    indicator_ids: list[int],
    header: list[str],
    filename: str,
    original: Callable[[], pl.DataFrame] | None = None,
) -> _Part:
    """Worker: rows ``start …`` of the table as strings (see ``parse_columns`` for
    ``original``), parsed and packed."""
    errors = ErrorCollector(filename)
    values, statuses = parse_columns(frame, columns, header, errors, start + 2, original=original)
    packed = store.pack(indicator_ids, values, statuses)
    return _Part(start, start + frame.height, packed, errors)


def _check_header(header: list[str], year: int | None, errors: ErrorCollector) -> int:
    """The column of the area code; refuses a header without one, a file without a year, and
    empty column names."""
    code_col = _column(header, "Codering")
    if code_col is None:
        code_col = _column(header, "WijkenEnBuurten")
    if code_col is None:
        errors.add(
            0, "Codering_3", "de kolom met de gebiedscode (Codering_… of WijkenEnBuurten) ontbreekt"
        )
    if year is None:
        errors.add(
            0,
            "",
            "het jaar van de cijfers is onbekend: geef --year op (of een tabelnummer zoals 85984NED in de bestandsnaam)",
        )
    for i, key in enumerate(header):
        if not key:
            errors.add(0, f"kolom {i + 1}", "kolomkop is leeg")
    errors.raise_if_any()
    return code_col


def _regions(
    header: list[str], frame: pl.DataFrame, code_col: int, errors: ErrorCollector
) -> tuple[list[str | None], dict[str, str]]:
    """The area code of every row (None for a row without any descriptive cell) and the names
    by code, from the descriptive columns in ``frame``; refuses unknown codes, a region kind
    that does not fit its code, and a code that occurs twice.

    A national file has ~18,000 rows, so a file without any of those problems is checked and
    named in a few vectorised steps; otherwise ``_regions_row_by_row`` finds and names them."""
    code = pl.col(f"c{code_col}").str.strip_chars()
    prefix = code.str.slice(0, 2)
    kind_col = _column(header, "SoortRegio")
    checks = [
        code.str.contains(AREA_CODE_PATTERN).all().alias("codes"),
        code.is_duplicated().any().not_().alias("unique"),
    ]
    if kind_col is not None:
        kind = pl.col(f"c{kind_col}").str.strip_chars().str.to_lowercase()
        expected = prefix.replace_strict(LEVEL_BY_PREFIX, default=None)
        checks.append(((kind == "") | (kind == expected)).all().alias("kinds"))
    if not all(frame.select(checks).row(0)):
        return _regions_row_by_row(header, frame, code_col, errors)
    name_col, gm_col = _column(header, "WijkenEnBuurten"), _column(header, "Gemeentenaam")
    name = pl.lit("") if name_col is None else pl.col(f"c{name_col}").str.strip_chars()
    if gm_col is not None:  # a gemeente without its own title takes the municipality name
        gm_name = pl.col(f"c{gm_col}").str.strip_chars()
        name = (
            pl.when((prefix == "GM") & ((name == "") | (name == code)))
            .then(gm_name)
            .otherwise(name)
        )
    name = pl.when(name == code).then(pl.lit("")).otherwise(name)
    result = frame.select(code.alias("code"), name.alias("name"))
    codes = result["code"].to_list()
    return codes, dict(zip(codes, result["name"].to_list(), strict=True))


def _regions_row_by_row(
    header: list[str], frame: pl.DataFrame, code_col: int, errors: ErrorCollector
) -> tuple[list[str | None], dict[str, str]]:
    """``_regions`` one row at a time, naming each row that is wrong."""

    def column(base: str) -> tuple[int | None, list[str] | None]:
        i = _column(header, base)
        return i, (None if i is None else frame[f"c{i}"].to_list())

    _, area_names = column("WijkenEnBuurten")
    _, gm_names = column("Gemeentenaam")
    kind_col, kinds = column("SoortRegio")
    codes: list[str | None] = []
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for r, raw_code in enumerate(frame[f"c{code_col}"].to_list()):
        line = r + 2
        code = raw_code.strip()
        codes.append(None)
        if not code and not any(frame.row(r)):
            continue  # a blank line (its figures, if any, are refused when written)
        level = level_of(code)
        if level is None:
            errors.add(
                line,
                header[code_col],
                not_a_code(code),
            )
            continue
        if kinds is not None:
            soort = kinds[r].strip().lower()
            if soort and soort != level:  # SoortRegio names the level
                errors.add(
                    line,
                    header[kind_col],
                    f"soort regio '{kinds[r].strip()}' past niet bij code {code}",
                )
                continue
        if code in seen:
            errors.add(line, header[code_col], f"code {code} staat ook al in rij {seen[code]}")
            continue
        seen[code] = line
        name = area_names[r].strip() if area_names is not None else ""
        if (not name or name == code) and level == "gemeente" and gm_names is not None:
            name = gm_names[r].strip()
        names[code] = "" if name == code else name
        codes[r] = code
    errors.raise_if_any()
    return codes, names


def _indicator_ids(
    header: list[str], value_cols: list[int], table: str, meta: dict[str, Entry] | None
) -> list[int]:
    entries = {header[i]: (meta or {}).get(header[i]) or cbs_entry(header[i]) for i in value_cols}
    ids = ensure_indicators(
        entries,
        source=Indicator.Source.CBS,
        source_detail=table or "Kerncijfers wijken en buurten",
    )
    return [ids[header[i]] for i in value_cols]


def _write(
    parts: list[Future[_Part]],
    codes: list[str | None],
    names: dict[str, str],
    year: int,
    indicator_ids: list[int],
    filename: str,
) -> int:
    """Create the year's areas and write each part as soon as it is parsed (replacing the
    figures it covers). Once a part has errors nothing more is written; the errors of every part
    are gathered and the import is refused (the caller's transaction rolls back)."""
    area_ids = ensure_areas(names, year)
    row_ids = [None if code is None else area_ids[code] for code in codes]
    errors = ErrorCollector(filename)
    written = 0
    for future in parts:
        part = future.result()
        errors.absorb(part.errors)
        ids = row_ids[part.start : part.stop]
        for r in part.packed.rows.tolist():
            if ids[r] is None:
                errors.add(part.start + r + 2, "", "de rij heeft cijfers maar geen gebiedscode")
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


def import_frame(
    header: list[str],
    frame: pl.DataFrame,
    *,
    filename: str,
    year: int | None,
    table: str = "",
    meta: dict[str, Entry] | None = None,
) -> dict[str, int]:
    """Validate and write one Kerncijfers table given as strings (``frame``: columns
    ``c0…cN``, row i is file line i + 2). Must run inside a transaction: on any error it raises
    ``ImportRefused`` after which the caller's transaction rolls back."""
    code_col = _check_header(header, year, ErrorCollector(filename))
    value_cols = [i for i, key in enumerate(header) if not is_descriptive(key)]
    codes, names = _regions(
        header,
        frame.select(f"c{i}" for i in range(len(header)) if i not in set(value_cols)),
        code_col,
        ErrorCollector(filename),
    )
    indicator_ids = _indicator_ids(header, value_cols, table, meta)
    step = max(1, -(-frame.height // PARTS))
    with _workers() as pool:
        parts = [
            pool.submit(
                _parse_frame_part,
                frame[a : a + step],
                a,
                value_cols,
                indicator_ids,
                header,
                filename,
            )
            for a in range(0, frame.height, step)
        ]
        written = _write(parts, codes, names, year, indicator_ids, filename)
    return _counts(codes, written, len(value_cols))


def import_csv(
    header: list[str], text: CsvText, *, filename: str, year: int | None, table: str = ""
) -> dict[str, int]:
    """As ``import_frame`` for a regular CSV file, faster: workers parse the value columns
    part by part straight from the bytes (polars, mostly outside the GIL) while this thread
    validates the descriptive columns, creates the year's areas and writes each part as soon as
    it is packed."""
    code_col = _check_header(header, year, ErrorCollector(filename))
    value_cols = [i for i, key in enumerate(header) if not is_descriptive(key)]
    indicator_ids = _indicator_ids(header, value_cols, table, None)
    # The descriptive columns are read before the workers start: the areas they name are the
    # first thing this thread must write, and that write is the longest step of a first import.
    descriptive = text.strings([i for i in range(len(header)) if i not in set(value_cols)])
    with _workers() as pool:
        parts = [
            pool.submit(_parse_csv_part, part, value_cols, indicator_ids, header, filename)
            for part in text.parts(PARTS)
        ]
        codes, names = _regions(header, descriptive, code_col, ErrorCollector(filename))
        written = _write(parts, codes, names, year, indicator_ids, filename)
    return _counts(codes, written, len(value_cols))


def import_file(path: Path, *, year: int | None = None) -> dict[str, int]:
    """A Kerncijfers file: CSV through the vectorised reader (the csv module when a line is
    irregular), Excel through openpyxl."""
    year = year or year_from_name(path.name)
    table = year_from_table_label(path.name)
    if path.suffix.lower() != ".xlsx":
        header, text = read_csv_text(path)
        if text is not None:
            return import_csv(header, text, filename=path.name, year=year, table=table)
    header, rows = read_rows(path)
    return import_rows(header, rows, filename=path.name, year=year, table=table)


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
    import cbsodata

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
    return import_rows(
        header,
        iter(rows),
        filename=f"CBS-tabel {table_id}",
        year=year or KERNCIJFERS_TABLES.get(table_id),
        table=f"CBS {table_id}",
        meta=meta,
    )
