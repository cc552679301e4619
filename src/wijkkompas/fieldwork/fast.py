"""The quick path for a clean CSV address list: polars reads the file and every column is checked
at once. It only ever answers for a file in which every cell is plainly valid (whole house
numbers, postcodes like ``1234 AB``, numeric coordinates inside the Netherlands, lengths within
the limits); for anything else it answers ``None`` and ``importer.read`` reads the file row by row,
naming each problem. So both paths give the same rows for a clean file, and errors stay exact."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import polars as pl

from wijkkompas.areas.importers.common import decode, delimiter_of
from wijkkompas.fieldwork import geo
from wijkkompas.fieldwork.importer import (
    COLUMNS,
    MAX_ROWS,
    REQUIRED,
    Row,
    column_positions,
)

LIMITS = {"street": 120, "place": 80, "branch": 120, "cluster": 120, "addition": 12}
PATTERNS = {
    "number": r"^[1-9][0-9]{0,8}$",
    "bag_id": r"^(?:[0-9]{16})?$",
    "kvk_number": r"^(?:[0-9]{8})?$",
}
# A blank line in the middle would shift row numbers between the two readers: row by row then.
BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def _coordinate(column: pl.Expr) -> pl.Expr:
    """A decimal comma is read as a point when it is the only separator (as ``importer``)."""
    comma = (column.str.count_matches(",", literal=True) == 1) & ~column.str.contains(
        ".", literal=True
    )
    text = pl.when(comma).then(column.str.replace(",", ".", literal=True)).otherwise(column)
    return text.cast(pl.Float64, strict=False)


def read_clean(path: Path) -> list[Row] | None:
    """Every row of a clean CSV file, or ``None`` when any cell needs the row-by-row reader."""
    try:
        text = decode(path.read_bytes())
    except Exception:  # the row-by-row reader words the refusal
        return None
    first = text.split("\n", 1)[0]
    if BLANK_LINE.search(text.strip("\r\n")) or not first.strip():
        return None
    separator = delimiter_of(first)
    header = next(csv.reader([first], delimiter=separator))
    positions = column_positions([h.strip() for h in header])
    has_rd = "x" in positions and "y" in positions
    has_wgs = "lat" in positions and "lon" in positions
    if any(c not in positions for c in REQUIRED) or not (has_rd or has_wgs):
        return None
    try:
        frame = pl.read_csv(
            text.encode("utf-8"),
            separator=separator,
            infer_schema=False,
            empty_string_is_null=False,
            quote_char='"',
        )
    except Exception:  # ragged rows, stray quotes: the row-by-row reader says where
        return None
    if frame.width != len(header) or not 0 < frame.height <= MAX_ROWS:
        return None
    names = frame.columns
    raw = frame.select(pl.col(names[i]).str.strip_chars().alias(c) for c, i in positions.items())
    raw = raw.with_row_index("line", offset=2)
    keys = [c for c in positions]
    raw = raw.filter(pl.any_horizontal(pl.col(c) != "" for c in keys))
    cells = raw.select(
        "line",
        *(pl.when(pl.col(c) == ".").then(pl.lit("")).otherwise(pl.col(c)).alias(c) for c in keys),
    )
    cells = cells.with_columns(
        pl.lit("").alias(c) for c in COLUMNS if c not in positions
    ).with_columns(pl.col("postcode").str.replace_all(" ", "", literal=True).str.to_uppercase())
    use_rd = has_rd and bool((cells["x"] != "").all())
    if has_rd and not use_rd and bool((cells["x"] != "").any()):
        return None  # RD on some rows, WGS84 on others
    first_axis, second_axis = ("x", "y") if use_rd else ("lon", "lat")
    cells = cells.with_columns(
        _coordinate(pl.col(first_axis)).alias("_a"), _coordinate(pl.col(second_axis)).alias("_b")
    )
    ok = pl.all_horizontal(
        *(pl.col(c) != "" for c in REQUIRED),
        *(pl.col(c).str.contains(p) for c, p in PATTERNS.items()),
        *(pl.col(c).str.len_chars() <= n for c, n in LIMITS.items()),
        pl.col("postcode").str.contains(r"^[1-9][0-9]{3}[A-Z]{2}$"),
        pl.col("_a").is_not_null(),
        pl.col("_b").is_not_null(),
    )
    if not bool(cells.select(ok.all()).item()):
        return None
    a, b = cells["_a"].to_numpy(), cells["_b"].to_numpy()
    lon, lat = a.copy(), b.copy()
    rd = (np.abs(a) > geo.RD_LIMIT) | (np.abs(b) > geo.RD_LIMIT)
    if rd.any():
        lon[rd], lat[rd] = geo.rd_many(a[rd], b[rd])
    if not ((lon >= 3.0) & (lon <= 7.5) & (lat >= 50.5) & (lat <= 53.8)).all():
        return None
    # Python's round() is exact but slow; a coordinate read with at most 7 decimals is already
    # its own rounding, so only transformed or longer coordinates are rounded.
    long = cells.select(
        pl.any_horizontal(
            pl.col(c).str.contains(r"[.,][0-9]{8}") for c in (first_axis, second_axis)
        ).any()
    ).item()
    lons, lats = lon.tolist(), lat.tolist()
    if rd.any() or long:
        lons, lats = [round(v, 7) for v in lons], [round(v, 7) for v in lats]
    column = {c: cells[c].to_list() for c in COLUMNS if c not in ("x", "y", "lat", "lon")}
    return [
        Row(line, street, int(number), addition, postcode, place, bag, kvk, branch, cluster,
            x, y)
        for line, street, number, addition, postcode, place, bag, kvk, branch, cluster, x, y
        in zip(
            cells["line"].to_list(), column["street"], column["number"], column["addition"],
            column["postcode"], column["place"], column["bag_id"], column["kvk_number"],
            column["branch"], column["cluster"], lons, lats, strict=True,
        )
    ]  # fmt: skip
