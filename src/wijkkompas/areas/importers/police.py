"""Police registered crime per wijk and buurt (CBS/politie open data 47018NED yearly, 47022NED
monthly). Each crime type keeps its CBS code as indicator code (``1.1.1``).

Two file forms are read (CSV with ``;`` or ``,``, or Excel):

- the TypedDataSet (OData, also as written by pandas):
  ``ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1[;Gemeentenaam_2;SoortRegio_3]``
  with space-padded keys: crime codes ``0.0.0``/``1.1.1``, area codes ``BU03630000`` or
  ``BU0363AA01``, periods ``2023JJ00`` / ``2023MM04`` / ``2023KW02``;
- StatLine's CSV download with labels: ``"Soort misdrijf";"Wijken en buurten";"Perioden";
  "Geregistreerde misdrijven (aantal)"`` with crime labels (``Totaal misdrijven``, ``1.1.1
  Diefstal/inbraak woning``) and periods ``2023`` / ``2023 april`` / ``2023 1e kwartaal`` (a
  trailing ``*``: provisional figures). Its "Wijken en buurten" holds names, which are not unique
  (many a buurt is called "Centrum"), so such a file needs the region codes: either in that
  column or in a "Regioaanduiding/Codering (code)" column.

Descriptive columns (Gemeentenaam, SoortRegio, Codering, …) are never indicators: a municipality
name names a new area, and SoortRegio must fit the level of the row's code.

A national yearly file has ~650,000 rows, so the rows are checked and pivoted with polars and
numpy (per distinct crime type, code and period, never per row in Python unless a row is wrong)
and written as one matrix per period through ``areas.store``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import polars as pl
from django.db import connection

from wijkkompas.areas import store
from wijkkompas.areas.catalogue import CRIME_TYPES, DESCRIPTIVE_BASES, Entry, base_key, crime_entry
from wijkkompas.areas.importers.cells import read_csv_text, rows_frame
from wijkkompas.areas.importers.common import (
    SKIP,
    ErrorCollector,
    ensure_areas,
    ensure_indicators,
    parse_value,
    read_rows,
)
from wijkkompas.areas.models import (
    LEVEL_BY_PREFIX,
    Area,
    Indicator,
    level_of,
    municipality_code,
    not_a_code,
)

CRIME_CODE = re.compile(r"^\d+(\.\d+)*$")
_CRIME_LABEL = re.compile(r"^(\d+(?:\.\d+)+)\s+(\S.*)$")  # "1.1.1 Diefstal/inbraak woning"
_CRIME_BY_NAME = {name.casefold(): code for code, name in CRIME_TYPES.items()}
PERIOD = re.compile(r"^(\d{4})(JJ00|MM(\d\d)|KW0([1-4]))$")
_MONTH_NAMES = (
    "januari februari maart april mei juni juli augustus september oktober november december"
)
MONTHS = {name: k for k, name in enumerate(_MONTH_NAMES.split(), start=1)}
_PERIOD_LABEL = re.compile(
    r"^(\d{4})(?:\s+(?:(?P<month>[a-z]+)|(?P<quarter>[1-4])e\s+kwartaal))?$", re.IGNORECASE
)
PRIMARY = "geregistreerdemisdrijven"
# Columns by role, under their normalised name (see ``_normalised``).
_DIMENSIONS = {"soortmisdrijf": "SoortMisdrijf", "wijkenenbuurten": "WijkenEnBuurten"}
_DIMENSIONS["perioden"] = "Perioden"
_DESCRIPTIVE = {b.lower() for b in DESCRIPTIVE_BASES} | {"regios", "regio"}


def parse_period(key: str) -> tuple[str, int] | None:
    """A period key or label → (stored period, year): ``2023JJ00`` / ``2023`` → ("2023", 2023);
    ``2023MM04`` / ``2023 april`` → ("2023-04", 2023); ``2023KW02`` / ``2023 2e kwartaal`` →
    ("2023-K2", 2023). A trailing ``*`` (provisional) is ignored here."""
    key = key.strip().rstrip("*").strip()
    m = PERIOD.match(key)
    if m:
        year = int(m.group(1))
        if m.group(3):
            if not 1 <= int(m.group(3)) <= 12:
                return None
            return f"{year}-{m.group(3)}", year
        if m.group(4):
            return f"{year}-K{m.group(4)}", year
        return str(year), year
    m = _PERIOD_LABEL.match(key)
    if not m:
        return None
    year = int(m.group(1))
    if m.group("month"):
        month = MONTHS.get(m.group("month").lower())
        return None if month is None else (f"{year}-{month:02d}", year)
    if m.group("quarter"):
        return f"{year}-K{m.group('quarter')}", year
    return str(year), year


def crime_code(text: str) -> tuple[str, str] | None:
    """A SoortMisdrijf cell → (CBS code, label or ""): ``1.1.1``, ``1.1.1 Diefstal/inbraak
    woning`` or a catalogue label such as ``Totaal misdrijven``; None if it is none of these."""
    text = text.strip()
    if CRIME_CODE.match(text):
        return text, ""
    m = _CRIME_LABEL.match(text)
    if m:
        return m.group(1), m.group(2).strip()
    code = _CRIME_BY_NAME.get(text.casefold())
    return (code, text) if code else None


def _normalised(key: str) -> str:
    """A column key or StatLine label → a comparable name: ``GeregistreerdeMisdrijven_1`` and
    ``Geregistreerde misdrijven (aantal)`` → ``geregistreerdemisdrijven``;
    ``Regioaanduiding/Soort regio (omschrijving)`` and ``SoortRegio_3`` → ``soortregio``."""
    s = re.sub(r"\s*\([^()]*\)\s*$", "", key.strip())
    s = base_key(s.rsplit("/", 1)[-1])
    return re.sub(r"[\s_'\-]", "", s).lower()


class _Columns:
    """The roles of a file's columns, found from the header (or refused there)."""

    def __init__(self, header: list[str], errors: ErrorCollector):
        self.header = header
        roles: dict[str, int] = {}
        self.measures: list[int] = []
        for i, key in enumerate(header):
            name = _normalised(key)
            if not key.strip():
                errors.add(0, f"kolom {i + 1}", "kolomkop is leeg")
            elif name in _DIMENSIONS or name in _DESCRIPTIVE:
                if name in roles:
                    errors.add(0, key, f"de kolom staat twee keer in het bestand ({i + 1})")
                roles.setdefault(name, i)
            else:
                self.measures.append(i)
        for name, key in _DIMENSIONS.items():
            if name not in roles:
                errors.add(0, key, "verplichte kolom ontbreekt")
        if not self.measures:
            errors.add(0, "GeregistreerdeMisdrijven_1", "geen kolom met aantallen gevonden")
        errors.raise_if_any()
        self.crime, self.region = roles["soortmisdrijf"], roles["wijkenenbuurten"]
        self.period = roles["perioden"]
        self.coding = roles.get("codering")
        self.kind = roles.get("soortregio")
        self.municipality = roles.get("gemeentenaam")
        self.primary = next(
            (i for i in self.measures if _normalised(header[i]) in (PRIMARY, "totaal" + PRIMARY)),
            self.measures[0],
        )

    def indicator(self, crime: str, measure: int) -> str:
        return crime if measure == self.primary else f"{crime} {base_key(self.header[measure])}"


def _lookup(column: pl.Series, parse) -> tuple[pl.Series, list]:
    """``parse`` applied once per distinct cell of ``column``: for each cell the index of its
    result in the returned list (null where ``parse`` gave None). Cells with the same result's
    first element (``1.1.1`` and ``1.1.1 Diefstal/inbraak woning``) share one index."""
    results: list = []
    position: dict = {}
    index: dict[str, int] = {}
    for text in column.unique().sort().to_list():
        found = parse(text)
        if found is not None:
            if found[0] not in position:
                position[found[0]] = len(results)
                results.append(found)
            index[text] = position[found[0]]
    return column.replace_strict(index, default=None, return_dtype=pl.Int64), results


def import_frame(
    header: list[str],
    frame: pl.DataFrame,
    *,
    filename: str,
    table: str = "",
    titles: dict[str, str] | None = None,
) -> dict[str, int]:
    """Validate and write a police table given as strings (``frame``: columns ``c0…cN``, row i
    is file line i + 2). Refuses, before anything is written, every bad cell with its row and
    column; must run inside a transaction."""
    errors = ErrorCollector(filename)
    cols = _Columns(header, errors)
    frame = frame.with_columns(pl.all().fill_null(""))
    keys, crimes, periods = _keys(frame, cols)
    problems = _key_problems(keys, cols)
    valid = keys.filter(pl.col("ok"))
    first = valid.select(pl.col("line").min().over("ci", "code", "pi"))["line"]
    twice = first != valid["line"]
    if twice.any():
        for row, line in zip(
            valid.filter(twice).iter_rows(named=True), first.filter(twice).to_list(), strict=True
        ):
            where = f"{row['crime']} / {row['code']} / {row['period']}"
            problems.append((row["line"], "", f"{where} staat ook al in rij {line}"))
    values, statuses = _figures(frame, cols.measures, header, problems)
    negative = np.argwhere(values < 0)
    for r, j in negative.tolist():
        problems.append(
            (
                r + 2,
                header[cols.measures[j]],
                f"een aantal misdrijven kan niet negatief zijn ({values[r, j]:g})",
            )
        )
    for line, column, message in sorted(problems):
        errors.add(line, column, message)
    errors.raise_if_any()
    provisional = keys["provisional"].to_numpy()
    statuses[provisional[:, None] & (statuses == store.OK)] = store.VOORLOPIG
    return _write(cols, valid, crimes, periods, values, statuses, table=table, titles=titles)


def _keys(frame: pl.DataFrame, cols: _Columns) -> tuple[pl.DataFrame, list, list]:
    """One row per file row: its line, the trimmed key cells, the crime type (``ci``) and period
    (``pi``) indexes into the returned lists, the area ``code`` (WijkenEnBuurten, or for a
    StatLine file with names there the Codering column) and its ``level``, and flags. Crime
    types, periods and codes are parsed once per distinct cell, not per row."""

    def cell(i: int | None) -> pl.Expr:
        return pl.lit("") if i is None else pl.col(f"c{i}").str.strip_chars()

    keys = frame.select(
        pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("line"),
        cell(cols.crime).alias("crime"),
        cell(cols.region).alias("region"),
        cell(cols.period).alias("period"),
        cell(cols.coding).alias("coding"),
        cell(cols.kind).alias("kind"),
        cell(cols.municipality).alias("gm"),
        pl.all_horizontal(cell(i) == "" for i in cols.measures).alias("blank"),
    )
    # A blank line (kept by the csv reader as a row of empty cells) is skipped, not refused.
    empty = [pl.col(k) == "" for k in ("crime", "region", "period", "coding")]
    keys = keys.with_columns(pl.all_horizontal(pl.col("blank"), *empty).alias("blank"))
    crime_index, crimes = _lookup(keys["crime"], crime_code)
    period_index, periods = _lookup(keys["period"], parse_period)
    keys = keys.with_columns(
        crime_index.alias("ci"),
        period_index.alias("pi"),
        _is_code(keys["region"]).alias("region_is_code"),
        _is_code(keys["coding"]).alias("coding_is_code"),
        pl.col("period").str.ends_with("*").alias("provisional"),
    )
    code = pl.when(pl.col("region_is_code")).then(pl.col("region")).otherwise(pl.col("coding"))
    keys = keys.with_columns(code.alias("code"))
    level = pl.col("code").str.slice(0, 2).replace_strict(LEVEL_BY_PREFIX, default=None)
    keys = keys.with_columns(
        pl.when(pl.col("region_is_code") | pl.col("coding_is_code")).then(level).alias("level")
    )
    kind = pl.col("kind").str.to_lowercase()
    fits = (kind == "") | (kind == pl.col("level"))
    ok = pl.col("ci").is_not_null() & pl.col("pi").is_not_null() & pl.col("level").is_not_null()
    return keys.with_columns((~pl.col("blank") & ok & fits).alias("ok")), crimes, periods


def _is_code(column: pl.Series) -> pl.Series:
    """Whether each cell is a CBS area code (checked once per distinct cell)."""
    known = {text: level_of(text) is not None for text in column.unique().to_list()}
    return column.replace_strict(known, default=False, return_dtype=pl.Boolean)


def _key_problems(keys: pl.DataFrame, cols: _Columns) -> list[tuple[int, str, str]]:
    """(line, column, message) for every bad key cell of a non-blank row."""
    header = cols.header
    problems: list[tuple[int, str, str]] = []

    def refuse(mask: pl.Expr, column: int | None, message) -> None:
        for row in keys.filter(mask & ~pl.col("blank")).iter_rows(named=True):
            problems.append((row["line"], header[column], message(row)))

    region, coding = pl.col("region_is_code"), pl.col("coding_is_code")
    refuse(
        pl.col("ci").is_null(),
        cols.crime,
        lambda r: (
            f"'{r['crime']}' is geen soort misdrijf (een CBS-code zoals 1.1.1 of een "
            "naam zoals 'Totaal misdrijven')"
        ),
    )
    refuse(
        pl.col("pi").is_null(),
        cols.period,
        lambda r: f"'{r['period']}' is geen periode (bijv. 2023JJ00, 2023MM04, 2023 of 2023 april)",
    )
    if cols.coding is None:
        refuse(~region, cols.region, lambda r: not_a_code(r["region"]) + _NAMES_HINT)
    else:
        # A name in Wijken en buurten (StatLine labels) takes its code from Codering.
        refuse(
            region & (pl.col("coding") != "") & (pl.col("region") != pl.col("coding")),
            cols.coding,
            lambda r: f"code '{r['coding']}' past niet bij {r['region']} in Wijken en buurten",
        )
        refuse(~region & (pl.col("coding") == ""), cols.region, lambda r: not_a_code(r["region"]))
        refuse(
            ~region & (pl.col("coding") != "") & ~coding,
            cols.coding,
            lambda r: not_a_code(r["coding"]),
        )
    if cols.kind is not None:
        kind = pl.col("kind").str.to_lowercase()
        refuse(
            pl.col("level").is_not_null() & (kind != "") & (kind != pl.col("level")),
            cols.kind,
            lambda r: f"soort regio '{r['kind']}' past niet bij code {r['code']} ({r['level']})",
        )
    return problems


_NAMES_HINT = (
    "; een bestand met gebiedsnamen is niet eenduidig (veel buurten heten 'Centrum'): download "
    "het met de gebiedscodes of met de kolom Regioaanduiding/Codering"
)


def _figures(
    frame: pl.DataFrame, measures: list[int], header: list[str], problems: list
) -> tuple[np.ndarray, np.ndarray]:
    """(values, statuses) of the measure columns, each (rows × measures). Plain numbers are
    cast in one vectorised step; every other cell (a CBS marker x ? -, a provisional 12*, a
    Dutch 1.234,5) is parsed once per distinct text; a cell that is no figure is refused."""
    names = [f"c{i}" for i in measures]
    text = frame.select(pl.col(c).str.strip_chars() for c in names)
    values = text.select(
        pl.col(c).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False) for c in names
    ).to_numpy(order="c")
    values = values.reshape(frame.height, len(names))
    statuses = np.where(np.isfinite(values), store.OK, store.NONE).astype(np.uint8)
    blank = text.select(pl.col(c).is_in(["", "."]) for c in names).to_numpy()
    blank = blank.reshape(frame.height, len(names))
    parsed: dict[str, object] = {}
    for r, j, cell in _odd_cells(text, ~np.isfinite(values) & ~blank):
        if cell not in parsed:
            try:
                parsed[cell] = parse_value(cell)
            except ValueError:
                parsed[cell] = None
        found = parsed[cell]
        if found is None:
            problems.append(
                (r + 2, header[measures[j]], f"'{cell}' is geen getal en geen CBS-teken (. x ? -)")
            )
        elif found is not SKIP:
            value, status = found
            values[r, j] = np.nan if value is None else value
            statuses[r, j] = store.STATUS_CODES[status]
    values[(statuses != store.OK) & (statuses != store.VOORLOPIG)] = np.nan
    return values, statuses


def _odd_cells(text: pl.DataFrame, mask: np.ndarray) -> Iterable[tuple[int, int, str]]:
    """(row, column, text) of the cells of ``mask``, gathered column by column."""
    for j, name in enumerate(text.columns):
        rows = np.flatnonzero(mask[:, j])
        if rows.size:
            yield from (
                (r, j, t)
                for r, t in zip(rows.tolist(), text[name].gather(rows).to_list(), strict=True)
            )


def _read_csv(path: Path) -> tuple[list[str], pl.DataFrame | None]:
    """The header and, when every line is as wide as the header, the data rows as strings
    (``c0…cN``, row i is line i + 2) read by polars in one go. None for an irregular file (a
    blank, short or long line, a separator inside quotes): the csv module then names the row."""
    header, text = read_csv_text(path)
    if text is None:
        return header, None
    if not text.data[text.body :].strip():
        return header, pl.DataFrame(schema={f"c{i}": pl.String for i in range(len(header))})
    return header, text.strings(list(range(len(header))))


def _write(
    cols: _Columns,
    valid: pl.DataFrame,
    crimes: list[tuple[str, str]],
    periods: list[tuple[str, int]],
    values: np.ndarray,
    statuses: np.ndarray,
    *,
    table: str,
    titles: dict[str, str] | None,
) -> dict[str, int]:
    """Create the indicators and areas and write one area × indicator matrix per period; each
    replaces the figures of the file's areas × indicators in that period."""
    crime_list = crimes
    measures = cols.measures
    entries: dict[str, Entry] = {}
    used = sorted(set(valid["ci"].unique().to_list()))
    for ci in used:
        code, label = crime_list[ci]
        for m in measures:
            entry = crime_entry(code, (titles or {}).get(code) or label or None)
            if m != cols.primary:
                name = base_key(cols.header[m])
                entry = Entry(
                    f"{entry.name} ({name})",
                    "",
                    "verhouding",
                    entry.direction,
                    entry.theme,
                    entry.definition,
                )
            entries.setdefault(cols.indicator(code, m), entry)
    indicator_ids = ensure_indicators(
        entries,
        source=Indicator.Source.POLITIE,
        source_detail=table or "Politie / CBS geregistreerde misdrijven",
    )
    # One matrix column per (crime type, measure).
    column_of = {ci: k for k, ci in enumerate(used)}
    ids = [indicator_ids[cols.indicator(crime_list[ci][0], m)] for ci in used for m in measures]
    period_list = periods
    year_of = np.array([y for _, y in period_list], dtype=np.int64)
    codes = valid["code"].unique(maintain_order=True).to_list()
    row_of = {c: k for k, c in enumerate(codes)}
    area_row = valid["code"].replace_strict(row_of, return_dtype=pl.Int64).to_numpy()
    crime_col = valid["ci"].replace_strict(column_of, return_dtype=pl.Int64).to_numpy()
    period_ix = valid["pi"].to_numpy()
    lines = valid["line"].to_numpy() - 2
    latest = np.full(len(codes), 0, dtype=np.int64)
    np.maximum.at(latest, area_row, year_of[period_ix])
    area_ids = _resolve_areas(dict(zip(codes, latest.tolist(), strict=True)), _names(valid))
    row_ids = [area_ids[c] for c in codes]
    width = len(measures)
    written = 0
    for p in np.unique(period_ix).tolist():
        at = np.flatnonzero(period_ix == p)
        matrix = np.full((len(codes), len(ids)), np.nan)
        status = np.zeros((len(codes), len(ids)), dtype=np.uint8)
        for m in range(width):
            col = crime_col[at] * width + m
            matrix[area_row[at], col] = values[lines[at], m]
            status[area_row[at], col] = statuses[lines[at], m]
        period, year = period_list[p]
        written += store.write_matrix(
            row_ids, period=period, year=year, indicator_ids=ids, values=matrix, statuses=status
        )
    return {
        "rows": valid.height,
        "areas": len(codes),
        "observations": written,
        "indicators": len(entries),
    }


def _names(valid: pl.DataFrame) -> dict[str, str]:
    """Names for areas a police import may create: a region label of a StatLine file (its code
    from the Codering column) and the municipality name (Gemeentenaam) of each row's gemeente."""
    names: dict[str, str] = {}
    labelled = valid.filter((pl.col("region") != pl.col("code")) & (pl.col("region") != ""))
    for code, name in labelled.select("code", "region").unique("code").iter_rows():
        names[code] = name
    municipalities = valid.filter(
        (pl.col("gm") != "") & pl.col("code").str.starts_with("NL").not_()
    ).select((pl.lit("GM") + pl.col("code").str.slice(2, 4)).alias("gm_code"), "gm")
    for code, name in municipalities.unique("gm_code").iter_rows():
        names.setdefault(code, name)
    return names


def _resolve_areas(codes_by_year: dict[str, int], names: dict[str, str]) -> dict[str, int]:
    """Each code to the area of the division of its latest period's year, else the latest
    earlier division holding that code, else the earliest later one, else a new area in that
    year's division (named from ``names`` if the file has a name, otherwise later by a CBS or
    geometry import). An existing area that only carries its code as name gets the file's name.

    A national file holds ~18,000 codes, so the existing areas are read in one plain query
    (no IN-list of thousands of codes)."""
    years: dict[str, dict[int, int]] = {}
    placeholders: list[Area] = []
    existing_in: dict[int, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code, year, id, name FROM {Area._meta.db_table}")  # noqa: S608
        for code, year, pk, name in cursor.fetchall():
            existing_in.setdefault(year, set()).add(code)
            if code in codes_by_year:
                years.setdefault(code, {})[year] = pk
            if names.get(code) and name in ("", code):
                placeholders.append(Area(id=pk, name=names[code][:200]))
    if placeholders:
        Area.objects.bulk_update(placeholders, ["name"], batch_size=500)
    ids: dict[str, int] = {}
    missing: dict[int, dict[str, str]] = {}
    for code, target in codes_by_year.items():
        available = years.get(code)
        if available:
            earlier = [y for y in available if y <= target]
            ids[code] = available[max(earlier) if earlier else min(available)]
        else:
            missing.setdefault(target, {})[code] = names.get(code, "")
    for year, new in missing.items():
        present = existing_in.get(year, set())
        parents = {municipality_code(c) for c in new if c[:2] in ("WK", "BU")}
        named = {gm: names[gm] for gm in parents - present - new.keys() if names.get(gm)}
        created = ensure_areas({**named, **new}, year)
        ids.update({c: created[c] for c in new})
    return ids


def import_rows(
    header: list[str],
    rows: Iterable[list[str]],
    *,
    filename: str,
    table: str = "",
    titles: dict[str, str] | None = None,
) -> dict[str, int]:
    """Rows of strings (Excel, an irregular CSV, the OData records); then as ``import_frame``."""
    frame = rows_frame(rows, len(header), 2, ErrorCollector(filename))
    return import_frame(header, frame, filename=filename, table=table, titles=titles)


def import_file(path: Path) -> dict[str, int]:
    """A police file: a regular CSV straight into polars, otherwise (a blank or short line, a
    separator inside quotes, Excel) through the csv module / openpyxl."""
    label = next(
        (f"CBS {t}" for t in ("47018NED", "47022NED") if t.lower() in path.name.lower()), ""
    )
    if path.suffix.lower() != ".xlsx":
        header, frame = _read_csv(path)
        if frame is not None:
            return import_frame(header, frame, filename=path.name, table=label)
    header, rows = read_rows(path)
    return import_rows(header, rows, filename=path.name, table=label)


def import_table(table_id: str) -> dict[str, int]:  # pragma: no cover - network
    """Fetch the police table from CBS's third-party catalogue (dataderden.cbs.nl). ``cbsodata``
    returns dimension titles; the keys are mapped back from the dimension metadata."""
    import cbsodata  # network client, only for a live --table import

    catalog = "dataderden.cbs.nl"
    key_of: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    for dim in ("SoortMisdrijf", "WijkenEnBuurten", "Perioden"):
        meta = cbsodata.get_meta(table_id, dim, catalog_url=catalog)
        key_of[dim] = {m["Title"]: m["Key"].strip() for m in meta}
        if dim == "SoortMisdrijf":
            titles = {m["Key"].strip(): m["Title"].strip() for m in meta}
    records = cbsodata.get_data(table_id, catalog_url=catalog)
    if not records:
        return {"rows": 0, "areas": 0, "observations": 0, "indicators": 0}
    header = list(records[0].keys())
    rows = []
    for r in records:
        row = []
        for k in header:
            v = r.get(k)
            if k in key_of and v is not None:
                v = key_of[k].get(v, v)
            row.append("." if v is None else str(v))
        rows.append(row)
    return import_rows(
        header, iter(rows), filename=f"CBS-tabel {table_id}", table=f"CBS {table_id}", titles=titles
    )
