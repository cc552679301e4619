"""CBS *Kerncijfers wijken en buurten* (85984NED for 2024, 85618NED for 2023, …).

The file form is the CSV CBS publishes: one row per region (Land, Gemeente, Wijk, Buurt), columns
``ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;Codering_3;IndelingswijzigingWijkenEnBuurten_4;
AantalInwoners_5;…``, semicolon separated, quoted, space-padded, Dutch decimal comma or decimal
point, CBS markers for missing and secret figures. The table form fetches the same through CBS
OData with ``cbsodata`` (network needed). Each column keeps its CBS key as indicator code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from wijkkompas.areas.catalogue import (
    KERNCIJFERS_TABLES,
    Entry,
    base_key,
    cbs_entry,
    is_descriptive,
)
from wijkkompas.areas.importers.common import (
    MARKERS,
    OK,
    SKIP,
    ErrorCollector,
    ensure_areas,
    ensure_indicators,
    parse_value,
    read_rows,
    replace_observations,
)
from wijkkompas.areas.models import Indicator, level_of

SOORT_REGIO = {"land": "land", "gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}


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
    rows: Iterator[list[str]],
    *,
    filename: str,
    year: int | None,
    table: str = "",
    meta: dict[str, Entry] | None = None,
) -> dict[str, int]:
    """Validate and write one Kerncijfers table. Must run inside a transaction: on any error it
    raises ``ImportRefused`` after which the caller's transaction rolls back."""
    errors = ErrorCollector(filename)
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
    name_col = _column(header, "WijkenEnBuurten")
    gm_name_col = _column(header, "Gemeentenaam")
    kind_col = _column(header, "SoortRegio")
    value_cols = [i for i, key in enumerate(header) if not is_descriptive(key)]
    width = len(header)

    data: list[tuple[int, str, list[str]]] = []
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            errors.add(line, "", f"de rij heeft {len(row)} kolommen, de kopregel {width}")
            continue
        code = row[code_col].strip()
        level = level_of(code)
        if level is None:
            errors.add(
                line,
                header[code_col],
                f"'{code}' is geen CBS-gebiedscode (NL00, GM0000, WK000000 of BU00000000)",
            )
            continue
        if kind_col is not None:
            soort = row[kind_col].strip().lower()
            if soort and SOORT_REGIO.get(soort) != level:
                errors.add(
                    line,
                    header[kind_col],
                    f"soort regio '{row[kind_col].strip()}' past niet bij code {code}",
                )
                continue
        if code in seen:
            errors.add(line, header[code_col], f"code {code} staat ook al in rij {seen[code]}")
            continue
        seen[code] = line
        name = row[name_col].strip() if name_col is not None else ""
        if (not name or name == code) and level == "gemeente" and gm_name_col is not None:
            name = row[gm_name_col].strip()
        names[code] = "" if name == code else name
        data.append((line, code, row))
    errors.raise_if_any()

    period = str(year)
    entries = {header[i]: (meta or {}).get(header[i]) or cbs_entry(header[i]) for i in value_cols}
    indicator_ids = ensure_indicators(
        entries, source=Indicator.Source.CBS, source_detail=table or "Kerncijfers wijken en buurten"
    )
    area_ids = ensure_areas(names, year)
    col_ids = [(i, indicator_ids[header[i]], header[i]) for i in value_cols]

    def values() -> Iterator[tuple]:
        for line, code, row in data:
            area_id = area_ids[code]
            for i, ind_id, key in col_ids:
                text = row[i]
                try:
                    v = float(text)
                    if v - v:
                        raise ValueError(text)
                    yield area_id, ind_id, period, year, v, OK
                    continue
                except ValueError:
                    pass
                t = text.strip()
                if "," in t:  # Dutch decimal comma (and maybe thousands dots)
                    try:
                        v = float(
                            t.replace(",", ".")
                            if "." not in t
                            else t.replace(".", "").replace(",", ".")
                        )
                        yield area_id, ind_id, period, year, v, OK
                        continue
                    except ValueError:
                        pass
                marker = MARKERS.get(t)
                if marker is SKIP:
                    continue
                try:
                    parsed = marker if marker is not None else parse_value(text)
                except ValueError:
                    errors.add(
                        line, key, f"'{text.strip()}' is geen getal en geen CBS-teken (. x ? -)"
                    )
                    continue
                yield area_id, ind_id, period, year, parsed[0], parsed[1]

    written = replace_observations(
        values(),
        area_ids=[area_ids[c] for _, c, _ in data],
        indicator_ids=[i for _, i, _ in col_ids],
        periods=[period],
    )
    errors.raise_if_any()
    return {
        "rows": len(data),
        "areas": len(data),
        "observations": written,
        "indicators": len(col_ids),
    }


def import_file(path: Path, *, year: int | None = None) -> dict[str, int]:
    header, rows = read_rows(path)
    return import_rows(
        header,
        rows,
        filename=path.name,
        year=year or year_from_name(path.name),
        table=year_from_table_label(path.name),
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
