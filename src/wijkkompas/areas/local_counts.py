"""Counts per buurt that other modules push into the wijkbeeld as local indicators.

Areas defines the row (``LocalCount``) and the way in (``record_local_counts``); a module that has
counts (signals) builds the rows itself and registers a ``push`` under its name, so the CLI
``wijkkompas areas import signals`` can ask for it without areas importing that module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from wijkkompas.accounts import policy
from wijkkompas.areas.importers import local
from wijkkompas.areas.models import Area, Level, level_of, municipality_code
from wijkkompas.areas.services import record_import

# The local importer's columns, in the order ``_cells`` fills them.
_COLUMNS = [
    "gebiedscode",
    "periode",
    "indicator",
    "waarde",
    "naam",
    "eenheid",
    "soort",
    "richting",
    "definitie",
]


@dataclass(frozen=True)
class LocalCount:
    """One figure for one area and period. The value is what may be published: a module's own
    counts come through ``core.suppression.rounded_count`` (rounded down to fives).
    ``value=None`` means suppressed (a small number that must not leave its module): the row
    travels as "." and the local importer stores nothing for it, never a zero."""

    area_code: str
    period: str
    indicator: str
    value: int | None
    name: str
    unit: str = "aantal"
    kind: str = "aantal"
    direction: str = "hoger_slechter"
    definition: str = ""


def _cells(row: LocalCount) -> list[str]:
    return [
        row.area_code,
        row.period,
        row.indicator,
        "." if row.value is None else str(row.value),
        row.name,
        row.unit,
        row.kind,
        row.direction,
        row.definition,
    ]


def record_local_counts(
    *, actor: Any, rows: Sequence[LocalCount], source_label: str
) -> dict[str, int]:
    """Import ``rows`` through the local-indicator importer in one transaction, recorded as a
    ``local`` import named ``source_label``. Raises ``ImportRefused`` (nothing written) when a row
    does not fit, e.g. an area code the wijkbeeld does not know."""
    policy.require(actor, "import", "area_data")
    with transaction.atomic():
        counts = local.import_rows(
            _COLUMNS,
            (_cells(r) for r in rows),
            filename=source_label,
            source_detail=source_label,
        )
        record_import(actor, "local", source_label, "", counts)
    return counts


def buurt_codes(codes: Iterable[str], year: int) -> list[str]:
    """Every buurt, in the division of ``year`` (the latest division up to that year, else the
    first one the wijkbeeld has), of the municipalities that ``codes`` name or lie in, with the
    buurt codes among ``codes`` themselves: the fixed list a module pushes its counts for, so
    that which buurten get a row tells nothing about where the signals were."""
    codes = set(codes)
    result = {c for c in codes if level_of(c) == Level.BUURT}
    for gm in sorted({m for m in map(municipality_code, codes) if m}):
        buurten = Area.objects.filter(level=Level.BUURT, municipality_code=gm)
        years = sorted(set(buurten.values_list("year", flat=True)))
        if years:
            division = max((y for y in years if y <= year), default=years[0])
            result.update(buurten.filter(year=division).values_list("code", flat=True))
    return sorted(result)


_SOURCES: dict[str, Callable[..., dict[str, int]]] = {}


def register_count_source(name: str, push: Callable[..., dict[str, int]]) -> None:
    """Register a module's ``push(actor=, tenant=, year=) -> counts`` under ``name`` (call it from
    that module's ``AppConfig.ready()``); registering the same name again replaces it."""
    _SOURCES[name] = push


def count_source(name: str) -> Callable[..., dict[str, int]]:
    """The ``push`` registered under ``name``; ``KeyError`` when that module is not installed."""
    return _SOURCES[name]
