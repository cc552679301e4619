"""Police registered crime per wijk and buurt (CBS/politie open data 47018NED yearly, 47022NED
monthly): ``ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1`` with crime
type codes such as ``1.1.1``, area codes such as ``BU03630000`` and periods such as ``2023JJ00`` or
``2023MM04``. Each crime type keeps its CBS code as indicator code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from wijkkompas.areas import store
from wijkkompas.areas.catalogue import Entry, base_key, crime_entry
from wijkkompas.areas.importers.common import (
    SKIP,
    ErrorCollector,
    ensure_areas,
    ensure_indicators,
    parse_value,
    read_rows,
)
from wijkkompas.areas.models import Area, Indicator, level_of, not_a_code

CRIME_CODE = re.compile(r"^\d+(\.\d+)*$")
PERIOD = re.compile(r"^(\d{4})(JJ00|MM(\d\d)|KW0([1-4]))$")
DIMENSIONS = ("ID", "SoortMisdrijf", "WijkenEnBuurten", "Perioden")
PRIMARY = "GeregistreerdeMisdrijven"


def parse_period(key: str) -> tuple[str, int] | None:
    """``2023JJ00`` → ("2023", 2023); ``2023MM04`` → ("2023-04", 2023); ``2023KW02`` → ("2023-K2", 2023)."""
    m = PERIOD.match(key)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        if not 1 <= int(m.group(3)) <= 12:
            return None
        return f"{year}-{m.group(3)}", year
    if m.group(4):
        return f"{year}-K{m.group(4)}", year
    return str(year), year


def _resolve_areas(codes_by_year: dict[str, int]) -> dict[str, int]:
    """Each code to the area of the division of its period's year, else the latest earlier
    division holding that code, else a new area in that year's division (named later by a CBS or
    geometry import)."""
    years: dict[str, dict[int, int]] = {}
    for code, year, pk in Area.objects.filter(code__in=list(codes_by_year)).values_list(
        "code", "year", "id"
    ):
        years.setdefault(code, {})[year] = pk
    found: dict[str, tuple[int, int]] = {}
    for code, available in years.items():
        target = codes_by_year[code]
        earlier = [y for y in available if y <= target]
        year = max(earlier) if earlier else min(available)
        found[code] = (year, available[year])
    ids = {code: pk for code, (_, pk) in found.items()}
    missing: dict[int, dict[str, str]] = {}
    for code, year in codes_by_year.items():
        if code not in ids:
            missing.setdefault(year, {})[code] = ""
    for year, names in missing.items():
        created = ensure_areas(names, year)
        ids.update({c: created[c] for c in names})
    return ids


def import_rows(
    header: list[str],
    rows: Iterator[list[str]],
    *,
    filename: str,
    table: str = "",
    titles: dict[str, str] | None = None,
) -> dict[str, int]:
    errors = ErrorCollector(filename)
    cols = {base_key(h): i for i, h in enumerate(header)}
    for dim in ("SoortMisdrijf", "WijkenEnBuurten", "Perioden"):
        if dim not in cols:
            errors.add(0, dim, "verplichte kolom ontbreekt")
    measures = [(i, h) for i, h in enumerate(header) if base_key(h) not in DIMENSIONS]
    if not measures:
        errors.add(0, "GeregistreerdeMisdrijven_1", "geen kolom met aantallen gevonden")
    errors.raise_if_any()
    c_kind, c_area, c_period = cols["SoortMisdrijf"], cols["WijkenEnBuurten"], cols["Perioden"]
    primary = next((h for _, h in measures if base_key(h) == PRIMARY), measures[0][1])
    width = len(header)

    cells: list[tuple[int, str, str, str, int, int, str, str]] = []
    entries: dict[str, Entry] = {}
    area_year: dict[str, int] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if not errors.has_width(line, row, width):
            continue
        crime = row[c_kind].strip()
        code = row[c_area].strip()
        period_key = row[c_period].strip()
        if not CRIME_CODE.match(crime):
            errors.add(
                line,
                header[c_kind],
                f"'{crime}' is geen CBS-code van een soort misdrijf (bijv. 1.1.1)",
            )
            continue
        if level_of(code) is None:
            errors.add(
                line,
                header[c_area],
                not_a_code(code),
            )
            continue
        period = parse_period(period_key)
        if period is None:
            errors.add(
                line,
                header[c_period],
                f"'{period_key}' is geen CBS-periode (bijv. 2023JJ00 of 2023MM04)",
            )
            continue
        key = (crime, code, period[0])
        if key in seen:
            errors.add(line, "", f"{crime} / {code} / {period_key} staat ook al in rij {seen[key]}")
            continue
        seen[key] = line
        area_year[code] = max(area_year.get(code, 0), period[1])
        for i, measure in measures:
            indicator = crime if measure == primary else f"{crime} {base_key(measure)}"
            if indicator not in entries:
                entry = crime_entry(crime, (titles or {}).get(crime))
                if measure != primary:
                    entry = Entry(
                        f"{entry.name} ({base_key(measure)})",
                        "",
                        "verhouding",
                        entry.direction,
                        entry.theme,
                        entry.definition,
                    )
                entries[indicator] = entry
            cells.append((line, code, indicator, period[0], period[1], i, row[i], measure))
    errors.raise_if_any()

    indicator_ids = ensure_indicators(
        entries,
        source=Indicator.Source.POLITIE,
        source_detail=table or "Politie / CBS geregistreerde misdrijven",
    )
    area_ids = _resolve_areas(area_year)

    def values() -> Iterator[tuple]:
        for line, code, indicator, period, year, _i, text, measure in cells:
            try:
                parsed = parse_value(text)
            except ValueError:
                errors.add(
                    line, measure, f"'{text.strip()}' is geen getal en geen CBS-teken (. x ? -)"
                )
                continue
            if parsed is SKIP:
                continue
            value, status = parsed
            if value is not None and value < 0:
                errors.add(
                    line, measure, f"een aantal misdrijven kan niet negatief zijn ({text.strip()})"
                )
                continue
            yield area_ids[code], indicator_ids[indicator], period, year, value, status

    written = store.write_cells(
        values(),
        replacing=(
            sorted({area_ids[c] for c in area_year}),
            sorted(indicator_ids.values()),
            sorted({c[3] for c in cells}),
        ),
    )
    errors.raise_if_any()
    return {
        "rows": len(seen),
        "areas": len(area_year),
        "observations": written,
        "indicators": len(entries),
    }


def import_file(path: Path) -> dict[str, int]:
    header, rows = read_rows(path)
    label = next(
        (f"CBS {t}" for t in ("47018NED", "47022NED") if t.lower() in path.name.lower()), ""
    )
    return import_rows(header, rows, filename=path.name, table=label)


def import_table(table_id: str) -> dict[str, int]:  # pragma: no cover - network
    """Fetch the police table from CBS's third-party catalogue (dataderden.cbs.nl). ``cbsodata``
    returns dimension titles; the keys are mapped back from the dimension metadata."""
    import cbsodata

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
