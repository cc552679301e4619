"""Reads for the wijkbeeld: every figure leaves through ``present()`` so suppression holds in
views, exports and the API alike (DESIGN.md §3): counts under the threshold become "<5", and every
figure of an area under the minimum population is withheld."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from wijkkompas.accounts import policy
from wijkkompas.areas import index as area_index
from wijkkompas.areas import store
from wijkkompas.areas.catalogue import base_key
from wijkkompas.areas.charts import fmt
from wijkkompas.areas.models import (
    Area,
    BlockLayout,
    FigureBlock,
    IndexComponent,
    IndexProfile,
    Indicator,
    Level,
)
from wijkkompas.core import suppression

SMALL_AREA_TEXT = "afgeschermd"


@dataclass(frozen=True)
class Figure:
    value: float | None  # None when missing or suppressed
    text: str
    suppressed: bool
    status: str = "ok"


@dataclass(frozen=True)
class Observation:
    """One stored figure with its indicator (decoded from the figure store)."""

    indicator: Indicator
    area_id: int
    period: str
    year: int
    value: float | None
    status: str


def observations(blocks: QuerySet) -> list[Observation]:
    """The figures of these ``FigureBlock`` rows with their indicators, ordered by indicator
    source and code, then period."""
    cells = list(store.read(blocks))
    indicators = Indicator.objects.in_bulk({c.indicator_id for c in cells})
    out = [
        Observation(indicators[c.indicator_id], c.area_id, c.period, c.year, c.value, c.status)
        for c in cells
        if c.indicator_id in indicators
    ]
    out.sort(key=lambda o: (o.indicator.source, o.indicator.code, o.period))
    return out


def present(
    value: float | None,
    *,
    is_count: bool,
    small_area: bool = False,
    status: str = "ok",
    decimals: int = 1,
) -> Figure:
    """The one place that decides what of a stored value may be shown."""
    if small_area:
        return Figure(None, SMALL_AREA_TEXT, True, status)
    if status == "geheim":
        return Figure(None, "geheim (CBS)", False, status)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Figure(None, "–", False, status)
    if is_count and suppression.is_suppressed(value):
        return Figure(
            None,
            suppression.display(int(value) if float(value).is_integer() else value),
            True,
            status,
        )
    return Figure(value, fmt(value, decimals), False, status)


def areas_visible_to(user) -> QuerySet:
    return policy.visible(user, "list", "area", Area.objects.all())


def _api_fields(queryset: QuerySet) -> QuerySet:
    """What the API shows of an area (parent code, whether there is geometry), without loading
    the geometry."""
    return queryset.defer("geometry").annotate(
        parent_code=F("parent__code"), has_geometry=Q(geometry__isnull=False)
    )


def areas_for_api(user) -> QuerySet:
    return _api_fields(areas_visible_to(user))


def _division_for(code: str, year: int | None) -> int | None:
    """The division of ``code`` that applies to figures of ``year``: that year's, else the latest
    earlier one, else the earliest; the latest when ``year`` is None."""
    years = list(Area.objects.filter(code=code).values_list("year", flat=True))
    if not years:
        return None
    earlier = [y for y in years if year is None or y <= year]
    return max(earlier) if earlier else min(years)


def get_area(user, code: str, *, year: int | None = None, queryset: QuerySet | None = None) -> Area:
    """The area ``code`` in the division that applies to ``year`` (the latest when None), for
    viewing: 404 when there is none or the user may not see it."""
    division = _division_for(code, year)
    if division is None:
        raise Http404
    if queryset is None:
        queryset = Area.objects.select_related("parent", "parent__parent")
    return policy.get_object_or_404(user, "view", "area", queryset, code=code, year=division)


def get_area_for_api(user, code: str) -> Area:
    """The latest division of ``code``, with the API's fields (see ``_api_fields``)."""
    return get_area(user, code, queryset=_api_fields(Area.objects.all()))


def get_map_parent(user, code: str, *, year: int | None, level: str) -> Area:
    """The municipality or wijk whose wijken or buurten a map shows: in the ``level`` division
    of ``year`` (without a year, this area's latest division); 404 when it is not in it."""
    division = (
        area_index.division_year(year, level) if year is not None else _division_for(code, None)
    )
    return policy.get_object_or_404(user, "view", "area", Area, code=code, year=division)


def indicators_visible_to(user) -> QuerySet:
    return policy.visible(user, "list", "indicator", Indicator.objects.all())


def get_indicator(user, code: str) -> Indicator:
    return policy.get_object_or_404(user, "view", "indicator", Indicator, code=code)


_COMPONENTS = Prefetch("components", queryset=IndexComponent.objects.select_related("indicator"))


def _own_or_national(user, queryset: QuerySet) -> QuerySet:
    tenant_id = getattr(user, "tenant_id", None)
    return (
        queryset.filter(Q(tenant__isnull=True) | Q(tenant_id=tenant_id))
        if tenant_id
        else queryset.filter(tenant__isnull=True)
    )


def profiles_visible_to(user, *, with_components: bool = False) -> QuerySet:
    """National example profiles and the user's own municipality's profiles (optionally with
    their components and those's indicators prefetched)."""
    qs = policy.visible(user, "list", "index_profile", IndexProfile.objects.all())
    return _own_or_national(user, qs.prefetch_related(_COMPONENTS) if with_components else qs)


def get_profile(user, pk: int) -> IndexProfile:
    """A national or the user's own municipality's profile with its components, for viewing
    (404 otherwise)."""
    queryset = _own_or_national(user, IndexProfile.objects.prefetch_related(_COMPONENTS))
    return policy.get_object_or_404(user, "view", "index_profile", queryset, pk=pk)


def default_municipality(user) -> str:
    tenant = getattr(user, "tenant", None)
    if tenant is not None and tenant.cbs_code:
        return tenant.cbs_code
    return (
        Area.objects.filter(level=Level.GEMEENTE)
        .order_by("-year", "code")
        .values_list("code", flat=True)
        .first()
        or ""
    )


LOCAL_ONLY_TEXT = "alleen lokale tellingen"


def year_sources() -> dict[int, set[str]]:
    """Per year with yearly figures, the sources of its figures (cbs, politie, lokaal), read from
    the column layouts of its blocks."""
    pairs = set(
        FigureBlock.objects.filter(period__regex=r"^\d{4}$")
        .order_by()
        .values_list("year", "layout_id")
        .distinct()
    )
    layouts = dict(
        BlockLayout.objects.filter(id__in={layout for _, layout in pairs}).values_list(
            "id", "indicator_ids"
        )
    )
    source_of = dict(Indicator.objects.values_list("id", "source"))
    out: dict[int, set[str]] = {}
    for year, layout in pairs:
        out.setdefault(year, set()).update(
            source_of[i] for i in layouts.get(layout, []) if i in source_of
        )
    return out


@dataclass(frozen=True)
class Years:
    """The years with figures, the one a page opens on, and the years that hold only local
    counts (e.g. this year's signal counts before CBS has published the year)."""

    all: list[int]
    default: int | None
    local_only: frozenset[int]

    def choices(self) -> list[tuple[int, str]]:
        return [
            (y, f"{y} ({LOCAL_ONLY_TEXT})" if y in self.local_only else str(y)) for y in self.all
        ]


def years() -> Years:
    """A page opens on the latest year with CBS figures (the index needs them); only when there
    are none, on the latest year with any figures."""
    sources = year_sources()
    ordered = sorted(sources)
    with_cbs = [y for y in ordered if Indicator.Source.CBS in sources[y]]
    local_only = frozenset(
        y for y in ordered if sources[y] and sources[y] <= {Indicator.Source.LOKAAL}
    )
    default = with_cbs[-1] if with_cbs else (ordered[-1] if ordered else None)
    return Years(ordered, default, local_only)


def municipalities(year: int) -> list[tuple[str, str]]:
    div = area_index.division_year(year, Level.GEMEENTE) or year
    return list(
        Area.objects.filter(level=Level.GEMEENTE, year=div)
        .order_by("name")
        .values_list("code", "name")
    )


def population_in(pops: dict[int, float], year: int) -> float | None:
    """The population of ``year``, else the latest earlier year, else the earliest later year (an
    area that is tiny now was tiny a year before)."""
    if year in pops:
        return pops[year]
    earlier = [y for y in pops if y <= year]
    if earlier:
        return pops[max(earlier)]
    return pops[min(pops)] if pops else None


def populations(area_ids: list[int], year: int) -> dict[int, float]:
    """Inhabitants per area for ``year`` (by the rule of ``population_in``)."""
    pop_id = area_index.population_indicator_id()
    if pop_id is None or not area_ids:
        return {}
    by_area: dict[int, dict[int, float]] = {}
    cells = store.read(
        FigureBlock.objects.filter(area_id__in=area_ids, period__regex=r"^\d{4}$"),
        indicator_ids=[pop_id],
    )
    for cell in cells:
        if cell.value is not None:
            by_area.setdefault(cell.area_id, {})[cell.year] = cell.value
    return {k: population_in(v, year) for k, v in by_area.items()}


def is_small(population: float | None) -> bool:
    return population is not None and population < area_index.min_population()


def comparison_values(
    indicator_ids: list[int], *, year: int, municipality_code: str, municipality_class: str
) -> dict[int, dict[str, float | None]]:
    """Per indicator the municipality, province (only when the municipality's province is known),
    class and country figure. Counts compare per 1.000 inhabitants; rates as they are (province,
    class and country: unweighted mean over municipalities, or the CBS national row when
    present)."""
    pop_id = area_index.population_indicator_id()
    div = area_index.division_year(year, Level.GEMEENTE) or year
    gm_rows = list(
        Area.objects.filter(year=div, level__in=[Level.GEMEENTE, Level.LAND]).values_list(
            "id", "code", "municipality_class"
        )
    )
    gm_areas = {pk: klass for pk, _code, klass in gm_rows}
    gm_codes = {pk: code for pk, code, _klass in gm_rows}
    try:
        province = set(area_index.province_municipalities(municipality_code))
    except area_index.ComparisonUnavailable:
        province = None
    land_ids = set(Area.objects.filter(year=div, level=Level.LAND).values_list("id", flat=True))
    gm_id = (
        Area.objects.filter(year=div, code=municipality_code).values_list("id", flat=True).first()
    )
    wanted = [*indicator_ids, pop_id] if pop_id else indicator_ids
    values: dict[int, dict[int, float]] = {}
    cells = store.read(
        FigureBlock.objects.filter(area_id__in=list(gm_areas), period=str(year)),
        indicator_ids=wanted,
    )
    for cell in cells:
        if cell.value is not None:
            values.setdefault(cell.indicator_id, {})[cell.area_id] = cell.value
    pops = values.get(pop_id, {}) if pop_id else {}
    kinds = dict(Indicator.objects.filter(id__in=indicator_ids).values_list("id", "kind"))
    out: dict[int, dict[str, float | None]] = {}
    for ind_id in indicator_ids:
        by_area = values.get(ind_id, {})
        count = kinds.get(ind_id) == Indicator.Kind.COUNT
        if count and ind_id == pop_id:
            # Compared per 1.000 inhabitants the population is 1.000 everywhere: nothing to show.
            out[ind_id] = {"gemeente": None, "klasse": None, "land": None}
            if province is not None:
                out[ind_id]["provincie"] = None
            continue

        def figure(ids: list[int], by_area=by_area, count=count) -> float | None:
            ids = [i for i in ids if i in by_area]
            if not ids:
                return None
            if count:
                p = sum(pops.get(i, 0) for i in ids)
                return sum(by_area[i] for i in ids) / p * 1000 if p else None
            return statistics.fmean(by_area[i] for i in ids)

        gms = [i for i in gm_areas if i not in land_ids]
        national = [i for i in land_ids if i in by_area]
        out[ind_id] = {
            "gemeente": figure([gm_id]) if gm_id else None,
            "klasse": figure([i for i in gms if gm_areas[i] == municipality_class]),
            "land": figure(national) if national else figure(gms),
        }
        if province is not None:
            out[ind_id]["provincie"] = figure([i for i in gms if gm_codes[i] in province])
    return out


def area_page(user, area: Area, *, year: int) -> dict:
    """All indicators of one area: per year, a trend, and the comparison figures (a province
    column only when the municipality's province is known: ``province`` names it)."""
    obs = observations(FigureBlock.objects.filter(area__code=area.code, period__regex=r"^\d{4}$"))
    years = sorted({o.year for o in obs}) or [year]
    pops = {}
    pop_id = area_index.population_indicator_id()
    for o in obs:
        if o.indicator.id == pop_id and o.value is not None:
            pops[o.year] = o.value
    small_by_year = {y: is_small(population_in(pops, y)) for y in years}
    # CBS renumbers some column keys between years (GemiddeldInkomenPerInwoner_66 → _78): one
    # row per concept, so the trend runs across those years; the newest key names the row.
    indicators: dict[tuple[str, str], dict] = {}
    for o in obs:
        key = (
            ("cbs", base_key(o.indicator.code))
            if o.indicator.source == Indicator.Source.CBS
            else ("", o.indicator.code)
        )
        entry = indicators.setdefault(key, {"indicator": o.indicator, "by_year": {}, "ids": {}})
        entry["ids"][o.year] = o.indicator.id
        if o.year >= max(entry["ids"]):
            entry["indicator"] = o.indicator
        entry["by_year"][o.year] = present(
            o.value,
            is_count=o.indicator.is_count,
            small_area=small_by_year.get(o.year, False),
            status=o.status,
        )
    pop_now = population_in(pops, year)
    comps = comparison_values(
        sorted({i for e in indicators.values() for i in e["ids"].values()}),
        year=year,
        municipality_code=area.municipality_code,
        municipality_class=area.municipality_class,
    )
    rows = []
    for entry in indicators.values():
        ind = entry["indicator"]
        ind_id = entry["ids"].get(year, ind.id)
        current = entry["by_year"].get(year) or present(None, is_count=ind.is_count)
        per_1000 = None
        # The population per 1.000 inhabitants is always 1.000: no figure for that row.
        population = pop_id in (ind_id, ind.id)
        if ind.is_count and current.value is not None and pop_now and not population:
            per_1000 = present(current.value / pop_now * 1000, is_count=False)
        c = comps.get(ind_id, {})
        rows.append(
            {
                "indicator": ind,
                "current": current,
                "per_1000": per_1000,
                "series": [(y, entry["by_year"].get(y)) for y in years],
                "trend": [
                    (y, (entry["by_year"].get(y) or present(None, is_count=False)).value)
                    for y in years
                ],
                "gemeente": present(c.get("gemeente"), is_count=False),
                "provincie": present(c.get("provincie"), is_count=False),
                "klasse": present(c.get("klasse"), is_count=False),
                "land": present(c.get("land"), is_count=False),
            }
        )
    province = area_index.province_name(area_index.province_of(area.municipality_code))
    return {
        "rows": rows,
        "years": years,
        "small": small_by_year.get(year, False),
        "province": province,
    }


class _Formatted(Sequence):
    """``items`` with ``build`` applied on access: a paged API formats only its page."""

    def __init__(self, items: list, build: Callable[[Any], dict]):
        self._items, self._build = items, build

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._build(item) for item in self._items[index]]
        return self._build(self._items[index])


def observations_for_api(area: Area) -> Sequence[dict]:
    """Every figure of an area (all its divisions' codes alike), by indicator code and period,
    suppression applied. The figures are packed per area and period, so the whole area is
    decoded (one query); only the asked page is put through ``present``."""
    pop_id = area_index.population_indicator_id()
    obs = observations(FigureBlock.objects.filter(area__code=area.code))
    obs.sort(key=lambda o: (o.indicator.code, o.period))
    pops = {o.year: o.value for o in obs if o.indicator.id == pop_id and o.value is not None}

    def build(o: Observation) -> dict:
        f = present(
            o.value,
            is_count=o.indicator.is_count,
            small_area=is_small(population_in(pops, o.year)),
            status=o.status,
        )
        return {
            "indicator": o.indicator.code,
            "period": o.period,
            "value": f.value,
            "suppressed": f.suppressed,
            "status": o.status,
        }

    return _Formatted(obs, build)


def distribution(
    indicator: Indicator, *, year: int, level: str, municipality_code: str = ""
) -> dict:
    """Values of one indicator over areas (country or one municipality), suppression applied:
    withheld values are left out of the statistics' extremes and counted separately."""
    div = area_index.division_year(year, level) or year
    blocks = FigureBlock.objects.filter(period=str(year), area__year=div, area__level=level)
    if municipality_code:
        blocks = blocks.filter(area__municipality_code=municipality_code)
    cells = list(store.read(blocks, indicator_ids=[indicator.id]))
    names = Area.objects.in_bulk([c.area_id for c in cells])
    rows = [
        (c.area_id, names[c.area_id].code, names[c.area_id].name, c.value, c.status) for c in cells
    ]
    pops = populations([r[0] for r in rows], year)
    shown, table, withheld = [], [], 0
    for area_id, code, name, value, status in rows:
        f = present(
            value,
            is_count=indicator.is_count,
            small_area=is_small(pops.get(area_id)),
            status=status,
        )
        table.append({"code": code, "name": name, "figure": f})
        if f.value is not None:
            shown.append(f.value)
        elif f.suppressed:
            withheld += 1
    stats = {}
    if shown:
        q = np.percentile(shown, [25, 50, 75])
        stats = {
            "n": len(shown),
            "min": min(shown),
            "p25": float(q[0]),
            "median": float(q[1]),
            "p75": float(q[2]),
            "max": max(shown),
            "mean": statistics.fmean(shown),
        }
    table.sort(key=lambda r: (r["figure"].value is None, -(r["figure"].value or 0)))
    return {"values": shown, "table": table, "stats": stats, "withheld": withheld}
