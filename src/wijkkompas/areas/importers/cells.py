"""Reading the figure cells of CBS tables fast: a regular CSV file straight from its bytes
(``CsvText``, cut into parts at line ends for parallel parsing) and the vectorised parse of value
columns with CBS's markers (``parse_columns``). Shared by the Kerncijfers and police importers."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import polars as pl

from wijkkompas.areas import store
from wijkkompas.areas.importers.common import (
    MARKERS,
    SKIP,
    ErrorCollector,
    delimiter_of,
    parse_value,
    utf8,
)


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
        null_values=[".", "NA"] if blanks_as_null else None,
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


def rows_frame(
    rows: Iterable[list[str]], width: int, first_line: int, errors: ErrorCollector
) -> pl.DataFrame:
    """Rows of strings as a frame ``c0…cN`` aligned with the file's lines (a blank line stays,
    as an empty row; row i is file line ``first_line + i``); a row of another width than the
    header is refused."""
    kept: list[list[str]] = []
    for line, row in enumerate(rows, start=first_line):
        blank = not "".join(row).strip()
        if not blank and not errors.has_width(line, row, width):
            row = []
        kept.append(row if len(row) == width else [""] * width)
    errors.raise_if_any()
    names = [f"c{i}" for i in range(width)]
    return pl.DataFrame(
        {n: [r[i] for r in kept] for i, n in enumerate(names)},
        schema=dict.fromkeys(names, pl.String),
    )


def csv_header(raw: bytes) -> tuple[list[str], str, bool]:
    """The first line of a CSV file (UTF-8 bytes) as cells, the delimiter, and whether the file
    is regular: as many separators as every line having the header's width. An irregular file (a
    short or long row, a blank or title line, a separator inside quotes) is read with the csv
    module instead, which names the row that is wrong."""
    first = raw.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    delimiter = delimiter_of(first)
    header = next(csv.reader([first], delimiter=delimiter), [])
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    regular = bool(header) and raw.count(delimiter.encode()) == (len(header) - 1) * lines
    return header, delimiter, regular


def read_csv_text(path: Path) -> tuple[list[str], CsvText | None]:
    """The header and, when the file is regular (``csv_header``), the file as ``CsvText``."""
    raw = utf8(path.read_bytes())
    cells, delimiter, regular = csv_header(raw)
    header = [h.strip() for h in cells]
    if not regular:
        return header, None
    return header, CsvText(header, raw, delimiter, body=raw.find(b"\n") + 1 or len(raw))


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
