"""The campaign's coverage on the wijkbeeld map: each buurt of the list coloured by the share of
its addresses visited (fixed classes, so colours mean the same in every campaign), with the
counts in its tooltip — exact for the team, published (suppressed) counts for everyone else.
Per buurt only: the map never marks single addresses, so it cannot be read as a ranking."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from wijkkompas.areas import maps
from wijkkompas.areas.charts import NO_DATA, PALETTE
from wijkkompas.areas.models import Area, Level
from wijkkompas.fieldwork.selectors import Coverage, CoverageRow

# upper bounds (inclusive) of the share visited per class, with their Dutch legend text
CLASSES = (
    (0.0, "nog niets bezocht"),
    (0.25, "tot en met 25% bezocht"),
    (0.5, "26–50% bezocht"),
    (0.75, "51–75% bezocht"),
    (1.0, "meer dan 75% bezocht"),
)


def class_of(share: float | None) -> int | None:
    if share is None:
        return None
    return next(i for i, (bound, _) in enumerate(CLASSES) if share <= bound + 1e-9)


def _text(row: CoverageRow, exact: bool) -> str:
    c = row.cells
    if exact:
        return (
            f"{c['attempted']} van {c['total']} bezocht ({row.share}); gesprek {c['gesprek']}, "
            f"niemand thuis {c['niemand_thuis']}, geen medewerking {c['geen_medewerking']}, "
            f"open {c['open']}"
        )
    return f"bezocht {row.share} van de lijst (ongeveer {c['total']} adressen)"


def _parent(codes: list[str]) -> tuple[Area, int] | None:
    """The wijk that holds all the list's buurten, else their municipality (latest year)."""
    buurten = Area.objects.filter(code__in=codes, level=Level.BUURT, geometry__isnull=False)
    year = buurten.aggregate(y=Max("year"))["y"]
    if year is None:
        return None
    wijken = set(buurten.filter(year=year).values_list("parent_id", flat=True))
    if len(wijken) == 1 and None not in wijken:
        return Area.objects.get(pk=wijken.pop()), year
    municipality = buurten.filter(year=year).values_list("municipality_code", flat=True).first()
    parent = Area.objects.filter(code=municipality, year=year, level=Level.GEMEENTE).first()
    return (parent, year) if parent else None


def coverage_map(coverage: Coverage) -> dict[str, Any] | None:
    """What ``areas/_map.html`` needs (``map``), the colour and text per buurt code
    (``values``, for ``json_script``) and the legend; ``None`` without buurt geometry."""
    rows = [r for r in coverage.buurten if r.key]
    found = _parent([r.key for r in rows])
    if not rows or found is None:
        return None
    parent, year = found
    level = Level.BUURT
    values: dict[str, dict[str, str]] = {}
    counts = [0] * len(CLASSES)
    hidden = 0
    for row in rows:
        klass = class_of(row.share_value)
        if klass is None:
            hidden += 1
        else:
            counts[klass] += 1
        values[row.key] = {
            "text": _text(row, coverage.exact),
            "colour": NO_DATA if klass is None else PALETTE[klass],
        }
    legend = [
        {"colour": PALETTE[i], "text": text, "count": counts[i]}
        for i, (_, text) in enumerate(CLASSES)
    ]
    legend.append(
        {"colour": NO_DATA, "text": "geen adressen op de lijst of afgeschermd", "count": hidden}
    )
    page = maps.page_map(
        parent=parent, level=level, year=year, label="Kaart: bezocht per buurt in deze campagne"
    )
    return {"map": page, "values": values, "legend": legend}
