"""Reads for the wijkbeeld: every figure leaves through ``present()`` so suppression holds in
views, exports and the API alike (DESIGN.md §3): counts under the threshold become "<5", and every
figure of an area under the minimum population is withheld."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import numpy as np
from django.db.models import Q, QuerySet

from wijkkompas.accounts import policy
from wijkkompas.areas import index as area_index
from wijkkompas.areas import store
from wijkkompas.areas.catalogue import base_key
from wijkkompas.areas.charts import fmt
from wijkkompas.areas.models import (
    Area,
    BlockLayout,
    FigureBlock,
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


def indicators_visible_to(user) -> QuerySet:
    return policy.visible(user, "list", "indicator", Indicator.objects.all())


def profiles_visible_to(user) -> QuerySet:
    """National example profiles and the user's own municipality's profiles."""
    qs = policy.visible(user, "list", "index_profile", IndexProfile.objects.all())
    tenant_id = getattr(user, "tenant_id", None)
    return (
        qs.filter(Q(tenant__isnull=True) | Q(tenant_id=tenant_id))
        if tenant_id
        else qs.filter(tenant__isnull=True)
    )


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


def available_years() -> list[int]:
    return sorted(year_sources())


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
        if result is not None:
            pos = result.row(a.id)
            score = None if pos is None else result.scores[pos]
            row["score"] = present(
                None if score is None or np.isnan(score) else float(score),
                is_count=False,
                small_area=small,
                decimals=2,
            )
            row["contributions"] = [
                present(
                    None
                    if pos is None or np.isnan(result.contributions[pos, j])
                    else float(result.contributions[pos, j]),
                    is_count=False,
                    small_area=small,
                    decimals=2,
                )
                for j in range(len(result.components))
            ]
        if colour_indicator is not None:
            v, s = colour_values.get(a.id, (None, "ok"))
            row["colour"] = present(
                v, is_count=colour_indicator.is_count, small_area=small, status=s
            )
        rows.append(row)
    if result is not None:
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
        if ind.is_count and current.value is not None and pop_now:
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


def observations_for_api(area: Area) -> list[dict]:
    pops = {}
    pop_id = area_index.population_indicator_id()
    obs = observations(FigureBlock.objects.filter(area__code=area.code))
    obs.sort(key=lambda o: (o.indicator.code, o.period))
    for o in obs:
        if o.indicator.id == pop_id and o.value is not None:
            pops[o.year] = o.value
    items = []
    for o in obs:
        pop = population_in(pops, o.year)
        f = present(
            o.value, is_count=o.indicator.is_count, small_area=is_small(pop), status=o.status
        )
        items.append(
            {
                "indicator": o.indicator.code,
                "period": o.period,
                "value": f.value,
                "suppressed": f.suppressed,
                "status": o.status,
            }
        )
    return items


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
