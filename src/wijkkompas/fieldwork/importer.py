"""Reading an address list (CSV with ``;``, ``,`` or tab, or XLSX): columns recognised by their
Dutch or English names, every bad cell named by row and column in Dutch. Pure parsing: the
service (``services.addresses``) places, de-duplicates and writes.

Two paths, one result: a clean CSV is checked column by column with polars (``read_clean``,
~20× quicker on 10,000 rows); anything that path does not recognise as plainly valid goes
through the row-by-row reader below, which names every problem by row and column."""

from __future__ import annotations

import csv
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from wijkkompas.areas.importers.common import decode, delimiter_of, read_rows
from wijkkompas.fieldwork import geo

# column key -> recognised header names (lower case, without spaces, dashes or underscores)
COLUMNS: dict[str, tuple[str, ...]] = {
    "street": ("straat", "straatnaam", "openbareruimte", "street"),
    "number": ("huisnummer", "nummer", "nr", "number", "housenumber"),
    "addition": (
        "toevoeging",
        "huisnummertoevoeging",
        "huisletter",
        "addition",
    ),
    "postcode": ("postcode", "zipcode", "postalcode"),
    "place": ("plaats", "woonplaats", "place", "city"),
    "bag_id": ("bagid", "bag", "nummeraanduiding", "nummeraanduidingid", "adresseerbaarobjectid"),
    "kvk_number": ("kvk", "kvknummer", "kvknr"),
    "branch": ("branche", "branch", "sbi", "sector"),
    "cluster": ("cluster", "blok", "trappenhuis", "portiek"),
    "x": ("x", "rdx", "xcoordinaat", "xrd"),
    "y": ("y", "rdy", "ycoordinaat", "yrd"),
    "lat": ("lat", "latitude", "breedtegraad", "wgs84lat"),
    "lon": ("lon", "lng", "longitude", "lengtegraad", "wgs84lon"),
}
REQUIRED = ("street", "number", "postcode", "place")
LABELS = {
    "street": "straat",
    "number": "huisnummer",
    "addition": "toevoeging",
    "postcode": "postcode",
    "place": "plaats",
    "bag_id": "BAG-id",
    "kvk_number": "KvK-nummer",
    "branch": "branche",
    "cluster": "cluster",
    "x": "x",
    "y": "y",
    "lat": "breedtegraad",
    "lon": "lengtegraad",
}
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
MAX_ROWS = 50_000
MAX_ERRORS = 50


class ImportRefused(Exception):
    """The file cannot be imported; ``errors`` are Dutch lines naming row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(slots=True)
class Row:
    line: int
    street: str
    number: int
    addition: str
    postcode: str
    place: str
    bag_id: str
    kvk_number: str
    branch: str
    cluster: str
    longitude: float
    latitude: float

    @property
    def normalised(self) -> str:
        return normalise(self.postcode, self.number, self.addition)


def _key(header: str) -> str:
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[\s_\-.()]", "", text)


def column_positions(header: list[str]) -> dict[str, int]:
    """Column key -> index of the first header cell that names it."""
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        k = _key(title)
        for column, names in COLUMNS.items():
            if k in names and column not in positions:
                positions[column] = i
    return positions


def normalise(postcode: str, number: int, addition: str) -> str:
    """One address, written one way: postcode without space in capitals, number, addition in
    lower case without separators (``1234 ab``, 12, ``-A`` → ``1234AB|12|a``)."""
    addition = _NOT_ALNUM.sub("", addition.lower()) if addition else ""
    return f"{postcode.replace(' ', '').upper()}|{number}|{addition}"


_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def _number(text: str) -> float:
    return (
        float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text else float(text)
    )


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    value = (cells[index] or "").strip()
    return "" if value == "." else value


def read(path: Path, *, filename: str | None = None) -> list[Row]:
    """All rows of the file, or ``ImportRefused`` with every problem (row 1 is the header)."""
    if path.suffix.lower() != ".xlsx":
        clean = read_clean(path)
        if clean is not None:
            return clean
    return read_row_by_row(path, filename=filename)


def read_row_by_row(path: Path, *, filename: str | None = None) -> list[Row]:
    """``read`` one row at a time: the reader that names every bad cell."""
    name = filename or path.name
    try:
        header, rows = read_rows(path)
    except Exception as exc:  # any unreadable file is a Dutch refusal, not a 500
        raise ImportRefused([f"{name}: het bestand kan niet gelezen worden ({exc})."]) from exc
    positions = column_positions(header)
    missing = [LABELS[c] for c in REQUIRED if c not in positions]
    if missing:
        raise ImportRefused(
            [f"{name}: de kolom(men) {', '.join(missing)} ontbreken in de kopregel."]
        )
    has_rd = "x" in positions and "y" in positions
    has_wgs = "lat" in positions and "lon" in positions
    if not (has_rd or has_wgs):
        raise ImportRefused(
            [f"{name}: geen coördinaten; geef kolommen x en y (RD) of breedtegraad en lengtegraad."]
        )
    errors: list[str] = []
    out: list[Row] = []
    for line, cells in enumerate(rows, start=2):
        if not any((c or "").strip() for c in cells):
            continue
        if len(out) >= MAX_ROWS:
            errors.append(f"{name}: meer dan {MAX_ROWS} adressen; splits het bestand.")
            break
        row, problems = _row(name, line, cells, positions, has_rd)
        errors.extend(problems)
        if row is not None:
            out.append(row)
        if len(errors) >= MAX_ERRORS:
            errors.append(f"{name}: meer dan {MAX_ERRORS} fouten; de rest is niet gecontroleerd.")
            break
    if errors:
        raise ImportRefused(errors)
    if not out:
        raise ImportRefused([f"{name}: het bestand bevat geen adressen."])
    return out


def _row(
    name: str, line: int, cells: list[str], positions: dict[str, int], has_rd: bool
) -> tuple[Row | None, list[str]]:
    values = {c: _cell(cells, positions.get(c)) for c in COLUMNS}
    problems: list[str] = []

    def bad(column: str, message: str) -> None:
        problems.append(f"{name}, rij {line}, kolom {LABELS[column]}: {message}")

    for column in REQUIRED:
        if not values[column]:
            bad(column, "is leeg.")
    number = 0
    if values["number"]:
        try:
            number = int(float(values["number"]))
            if number <= 0 or number != float(values["number"]):
                raise ValueError
        except ValueError:
            bad("number", f"{values['number']!r} is geen huisnummer (een heel getal groter dan 0).")
    postcode = values["postcode"].replace(" ", "").upper()
    if values["postcode"] and not POSTCODE.match(postcode):
        bad("postcode", f"{values['postcode']!r} is geen postcode (zoals 1234 AB).")
    if len(values["addition"]) > 12:
        bad("addition", "is langer dan 12 tekens.")
    if values["bag_id"] and not re.fullmatch(r"[0-9]{16}", values["bag_id"]):
        bad("bag_id", f"{values['bag_id']!r} is geen BAG-id (16 cijfers).")
    if values["kvk_number"] and not re.fullmatch(r"[0-9]{8}", values["kvk_number"]):
        bad("kvk_number", f"{values['kvk_number']!r} is geen KvK-nummer (8 cijfers).")
    for column, limit in (("street", 120), ("place", 80), ("branch", 120), ("cluster", 120)):
        if len(values[column]) > limit:
            bad(column, f"is langer dan {limit} tekens.")
    lon = lat = 0.0
    pair = ("x", "y") if has_rd and values["x"] else ("lon", "lat")
    try:
        first, second = _number(values[pair[0]]), _number(values[pair[1]])
    except ValueError:
        empty = [c for c in pair if not values[c]]
        for column in empty or pair:
            bad(column, "is leeg." if empty else f"{values[column]!r} is geen getal.")
    else:
        lon, lat = geo.to_wgs84(first, second)
        if not (3.0 <= lon <= 7.5 and 50.5 <= lat <= 53.8):
            bad(pair[0], "de coördinaten liggen niet in Nederland.")
    if problems:
        return None, problems
    return (
        Row(
            line=line,
            street=values["street"],
            number=number,
            addition=values["addition"],
            postcode=postcode,
            place=values["place"],
            bag_id=values["bag_id"],
            kvk_number=values["kvk_number"],
            branch=values["branch"],
            cluster=values["cluster"],
            longitude=round(lon, 7),
            latitude=round(lat, 7),
        ),
        [],
    )


def read_upload(upload, *, filename: str) -> list[Row]:
    """An uploaded file (Django ``UploadedFile`` or bytes) through a temporary file, so the
    CSV and XLSX readers see a path with the right suffix."""
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    data = upload if isinstance(upload, bytes) else upload.read()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        return read(Path(handle.name), filename=filename)


# --- the quick path for a clean CSV ------------------------------------------------------
# Polars reads the file and every column is checked at once. It only ever answers for a file in
# which every cell is plainly valid (whole house numbers, postcodes like ``1234 AB``, numeric
# coordinates inside the Netherlands, lengths within the limits); for anything else it answers
# ``None`` and ``read`` goes row by row, naming each problem. So both paths give the same rows for
# a clean file, and errors stay exact.

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
