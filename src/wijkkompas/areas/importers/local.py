"""Any local indicator as a simple CSV: ``gebiedscode;periode;indicator;waarde`` and, for an
indicator not yet in the catalogue, ``naam;eenheid;soort;richting;definitie`` — meldingen, school
dropout, youth-care figures, or signal counts the signals module pushes (``local_counts.record_local_counts``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from wijkkompas.areas import store
from wijkkompas.areas.catalogue import COUNT, NEUTRAL, RATE, Entry
from wijkkompas.areas.importers.common import (
    SKIP,
    ErrorCollector,
    ensure_indicators,
    parse_value,
    read_rows,
)
from wijkkompas.areas.models import Area, Indicator, level_of, not_a_code

ALIASES = {
    "gebiedscode": "gebiedscode",
    "area_code": "gebiedscode",
    "code": "gebiedscode",
    "periode": "periode",
    "period": "periode",
    "jaar": "periode",
    "indicator": "indicator",
    "waarde": "waarde",
    "value": "waarde",
    "naam": "naam",
    "name": "naam",
    "eenheid": "eenheid",
    "unit": "eenheid",
    "soort": "soort",
    "kind": "soort",
    "richting": "richting",
    "direction": "richting",
    "definitie": "definitie",
    "definition": "definitie",
}
REQUIRED = ("gebiedscode", "periode", "indicator", "waarde")
PERIOD = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2]))?$")
INDICATOR_CODE = re.compile(r"^[A-Za-z0-9_.\-:]{1,80}$")
DIRECTIONS = {d.value for d in Indicator.Direction}


def import_rows(
    header: list[str],
    rows: Iterable[list[str]],
    *,
    filename: str,
    source_detail: str = "Lokale registratie",
) -> dict[str, int]:
    errors = ErrorCollector(filename)
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        key = ALIASES.get(h.strip().lower())
        if key:
            cols[key] = i
    for req in REQUIRED:
        if req not in cols:
            errors.add(
                0,
                req,
                "verplichte kolom ontbreekt (verwacht: gebiedscode;periode;indicator;waarde)",
            )
    errors.raise_if_any()
    known = {i.code: i for i in Indicator.objects.all().only("code", "kind")}
    width = len(header)

    def cell(row: list[str], key: str) -> str:
        return row[cols[key]].strip() if key in cols else ""

    parsed: list[tuple[int, str, str, str, int, float | None, str]] = []
    entries: dict[str, Entry] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if not errors.has_width(line, row, width):
            continue
        code, period, indicator, text = (cell(row, k) for k in REQUIRED)
        if level_of(code) is None:
            errors.add(line, header[cols["gebiedscode"]], not_a_code(code))
            continue
        m = PERIOD.match(period)
        if not m:
            errors.add(
                line, header[cols["periode"]], f"'{period}' is geen periode (JJJJ of JJJJ-MM)"
            )
            continue
        if not INDICATOR_CODE.match(indicator):
            errors.add(
                line, header[cols["indicator"]], f"'{indicator}' is geen geldige indicatorcode"
            )
            continue
        if indicator not in known and indicator not in entries:
            name = cell(row, "naam")
            if not name:
                errors.add(
                    line,
                    "naam",
                    f"indicator '{indicator}' staat niet in de catalogus; geef een naam op om hem aan te maken",
                )
                continue
            kind = cell(row, "soort") or COUNT
            if kind not in (COUNT, RATE):
                errors.add(line, "soort", f"'{kind}' is geen soort (aantal of verhouding)")
                continue
            direction = cell(row, "richting") or NEUTRAL
            if direction not in DIRECTIONS:
                errors.add(
                    line,
                    "richting",
                    f"'{direction}' is geen richting ({', '.join(sorted(DIRECTIONS))})",
                )
                continue
            entries[indicator] = Entry(
                name, cell(row, "eenheid"), kind, direction, "Lokaal", cell(row, "definitie")
            )
        try:
            value = parse_value(text)
        except ValueError:
            errors.add(line, header[cols["waarde"]], f"'{text}' is geen getal")
            continue
        key = (code, indicator, period)
        if key in seen:
            errors.add(line, "", f"{code} / {indicator} / {period} staat ook al in rij {seen[key]}")
            continue
        seen[key] = line
        if value is SKIP:
            continue
        parsed.append((line, code, indicator, period, int(m.group(1)), value[0], value[1]))
    errors.raise_if_any()

    codes = {p[1] for p in parsed}
    divisions: dict[str, dict[int, int]] = {}
    for code, year, pk in Area.objects.filter(code__in=codes).values_list("code", "year", "id"):
        divisions.setdefault(code, {})[year] = pk

    def area_for(code: str, year: int) -> int | None:
        available = divisions.get(code)
        if not available:
            return None
        earlier = [y for y in available if y <= year]
        return available[max(earlier) if earlier else min(available)]

    for line, code, *_ in parsed:
        if code not in divisions:
            errors.add(
                line,
                header[cols["gebiedscode"]],
                f"gebied {code} is onbekend; importeer eerst de gebiedsindeling (cbs of geometry)",
            )
    errors.raise_if_any()
    ids = ensure_indicators(
        {**{k: Entry(k, "", COUNT) for k in {p[2] for p in parsed} if k in known}, **entries},
        source=Indicator.Source.LOKAAL,
        source_detail=source_detail,
    )
    values: Iterator[tuple] = (
        (area_for(code, year), ids[indicator], period, year, value, status)
        for _, code, indicator, period, year, value, status in parsed
    )
    rows_out = list(values)
    written = store.write_cells(rows_out)
    return {
        "rows": len(seen),
        "areas": len(codes),
        "observations": written,
        "indicators": len({p[2] for p in parsed}),
    }


def import_file(path: Path) -> dict[str, int]:
    header, rows = read_rows(path)
    return import_rows(header, rows, filename=path.name)
