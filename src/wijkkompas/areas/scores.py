"""Reads of the kwetsbaarheidsindex: the one breakdown of an area's score — its place in the
comparison set, the score and each indicator's contribution, and for the area page the value and
standardised value behind each contribution — with its suppression rule. The area page, the
municipality overview and the API all read the index through ``Breakdowns``.

The suppression rule (DESIGN.md §3): an area under the minimum population shows no score and no
contributions ("afgeschermd"); a per-1.000-inhabitants value is withheld when the count it stands
for (rate × population) would be a suppressed small number.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from wijkkompas.areas import index as area_index
from wijkkompas.areas import store
from wijkkompas.areas.models import Area, FigureBlock, IndexComponent, IndexProfile, Indicator
from wijkkompas.areas.selectors import Figure, areas_visible_to, is_small, populations, present


def _float(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@dataclass(frozen=True)
class Part:
    """One indicator's share in an area's index (area page)."""

    component: IndexComponent
    value: Figure  # the figure the index used (per 1.000 inhabitants when the component says so)
    standardised: Figure
    contribution: float | None


@dataclass(frozen=True)
class Breakdown:
    """One area's index. ``rank`` is its place among the ``of`` areas with a score in the
    comparison set (1 = most vulnerable), None without a score; ``parts`` only when asked for
    (``detail=True``)."""

    pos: int | None
    rank: int | None
    of: int
    score: Figure
    contributions: list[Figure]
    suppressed: bool
    parts: list[Part]


class Breakdowns:
    """The breakdowns of one computed index (ranks computed once for all areas)."""

    def __init__(self, result: area_index.IndexResult):
        self.result = result
        self.order = result.rank_order()
        scored = ~np.isnan(result.scores)
        self.of = int(scored.sum())
        ranks = np.empty(len(self.order), dtype=np.int64)
        ranks[self.order] = np.arange(1, len(self.order) + 1)
        self._ranks = np.where(scored, ranks, 0)

    def _figure(self, value: float | None, small: bool) -> Figure:
        return present(value, is_count=False, small_area=small, decimals=2)

    def at(self, pos: int | None, *, small: bool | None = None, detail: bool = False) -> Breakdown:
        """The breakdown at position ``pos`` of the result (None: an area outside the comparison
        set, e.g. water). ``small`` defaults to the index's own minimum-population test."""
        r = self.result
        k = len(r.components)
        if pos is None:
            small = bool(small)
            none = self._figure(None, small)
            return Breakdown(None, None, self.of, none, [none] * k, small, [])
        small = bool(r.small[pos]) if small is None else small
        contributions = [_float(r.contributions[pos, j]) for j in range(k)]
        rank = int(self._ranks[pos]) or None
        parts = []
        if detail:
            for j, c in enumerate(r.components):
                raw = _float(r.values[pos, j])
                value = present(raw, is_count=False, small_area=small)
                if c.per_1000_inhabitants and raw is not None:
                    count = present(raw * float(r.population[pos]) / 1000, is_count=True)
                    value = count if count.suppressed else value
                standardised = _float(r.standardised[pos, j])
                parts.append(
                    Part(
                        c,
                        value,
                        present(standardised, is_count=False, small_area=small, decimals=2),
                        None if small else contributions[j],
                    )
                )
        return Breakdown(
            pos,
            None if small else rank,
            self.of,
            self._figure(_float(r.scores[pos]), small),
            [self._figure(v, small) for v in contributions],
            small,
            parts,
        )

    def of_area(
        self, area_id: int, *, small: bool | None = None, detail: bool = False
    ) -> Breakdown:
        return self.at(self.result.row(area_id), small=small, detail=detail)

    def ranked(self) -> Iterator[Breakdown]:
        """Every area of the comparison set, most vulnerable first, areas without score last."""
        for pos in self.order:
            yield self.at(int(pos))


def area_breakdown(
    area: Area, profile: IndexProfile | None, *, year: int, comparison: str, small: bool
) -> tuple[Breakdown | None, str]:
    """The index breakdown of one area for its page, or None (no profile at the area's level,
    an area under the minimum population, no score); with the Dutch reason as second value when
    the comparison set cannot be formed."""
    if profile is None or profile.level != area.level or small:
        return None, ""
    try:
        result = area_index.compute(
            profile, year=year, comparison=comparison, municipality_code=area.municipality_code
        )
    except area_index.ComparisonUnavailable as exc:
        return None, str(exc)
    breakdown = Breakdowns(result).of_area(area.id, detail=True)
    return (breakdown if breakdown.score.value is not None else None), ""


def overview(
    user,
    *,
    municipality_code: str,
    year: int,
    level: str,
    profile: IndexProfile | None,
    comparison: str,
    colour: str,
) -> dict:
    """The ranked table and map of one municipality's wijken or buurten."""
    div = area_index.division_year(year, level) or year
    # the map reads geometry from the API (areas.maps); here only whether there is any
    areas = list(
        areas_visible_to(user)
        .filter(year=div, level=level, municipality_code=municipality_code)
        .defer("geometry")
        .annotate(has_geometry=Q(geometry__isnull=False))
        .order_by("code")
    )
    pops = populations([a.id for a in areas], year)
    result = None
    if profile is not None and level == profile.level:
        result = area_index.compute(
            profile, year=year, comparison=comparison, municipality_code=municipality_code
        )
    breakdowns = Breakdowns(result) if result is not None else None
    colour_indicator = None
    colour_values: dict[int, tuple[float | None, str]] = {}
    if colour and colour != "index":
        colour_indicator = Indicator.objects.filter(code=colour).first()
        if colour_indicator is not None:
            cells = store.read(
                FigureBlock.objects.filter(period=str(year), area__in=areas),
                indicator_ids=[colour_indicator.id],
            )
            colour_values = {c.area_id: (c.value, c.status) for c in cells}
    rows = []
    for a in areas:
        pop = pops.get(a.id)
        small = is_small(pop)
        row = {
            "area": a,
            "population": present(pop, is_count=True, small_area=small),
            "small": small,
        }
        if breakdowns is not None:
            b = breakdowns.of_area(a.id, small=small)
            row["score"], row["contributions"] = b.score, b.contributions
        if colour_indicator is not None:
            v, s = colour_values.get(a.id, (None, "ok"))
            row["colour"] = present(
                v, is_count=colour_indicator.is_count, small_area=small, status=s
            )
        rows.append(row)
    if result is not None:
        # ranked within the municipality's table, by the score as shown
        rows.sort(
            key=lambda r: (r["score"].value is None, -(r["score"].value or 0), r["area"].code)
        )
        for i, r in enumerate(rows, start=1):
            r["rank"] = i if r["score"].value is not None else None
    return {
        "rows": rows,
        "result": result,
        "colour_indicator": colour_indicator,
        "division_year": div,
    }
