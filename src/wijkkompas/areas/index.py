"""The vulnerability index (kwetsbaarheidsindex): an open, weighted composite of standardised
indicators per area — never per person (DESIGN.md §3).

Method, per profile, figure year and comparison set:
1. take the areas of the profile's level in the comparison set (own municipality, own province,
   municipality class, or the whole country) in the area division of that year, leaving out
   water-only areas (``Area.is_water``); the province comes from the imported list
   (``MunicipalityProvince``), the Kerncijfers carry none;
2. one query fetches every value needed; counts marked "per 1.000 inwoners" are divided by the
   area's population; areas below the minimum population are left out (and get no score);
3. each indicator is standardised within the set: z-score (x − mean) / sd (population sd), or
   percentile rank (average rank of ties / n); "higher is better" indicators are mirrored first;
4. index = Σ wᵢ·sᵢ / Σ wᵢ over the indicators the area has a value for (at least half of the total
   weight must be present); contributionᵢ = wᵢ·sᵢ / Σ wᵢ, so the contributions add up to the index.
Everything is vectorised numpy over the fetched arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from wijkkompas.areas import store
from wijkkompas.areas.catalogue import PROVINCES
from wijkkompas.areas.models import (
    Area,
    FigureBlock,
    IndexComponent,
    IndexProfile,
    Indicator,
    MunicipalityProvince,
)

COMPARISONS = {
    "gemeente": "Eigen gemeente",
    "provincie": "Eigen provincie",
    "klasse": "Gemeenteklasse (G4/G40/overig)",
    "land": "Heel Nederland",
}
MIN_WEIGHT_SHARE = 0.5


class ComparisonUnavailable(ValueError):
    """The comparison set cannot be formed (e.g. the municipality's province is not known); the
    message says so in Dutch and how to fix it."""


def province_of(municipality_code: str) -> str | None:
    """The CBS province code (``PV28``) of a municipality, or None when not imported."""
    return (
        MunicipalityProvince.objects.filter(municipality_code=municipality_code)
        .values_list("province_code", flat=True)
        .first()
    )


def province_name(province_code: str | None) -> str:
    return PROVINCES.get(province_code or "", "")


def province_municipalities(municipality_code: str) -> list[str]:
    """The codes of every municipality in the province of ``municipality_code``; raises
    ``ComparisonUnavailable`` when that province is not known."""
    province = province_of(municipality_code)
    if province is None:
        raise ComparisonUnavailable(
            f"De provincie van gemeente {municipality_code} is niet bekend: importeer een "
            "provincie-indeling met wijkkompas areas import provinces BESTAND."
        )
    return sorted(
        MunicipalityProvince.objects.filter(province_code=province).values_list(
            "municipality_code", flat=True
        )
    )


def min_population() -> int:
    return int(getattr(settings, "AREAS_MIN_POPULATION", 50))


def population_indicator_id() -> int | None:
    return (
        Indicator.objects.filter(code__startswith="AantalInwoners")
        .order_by("code")
        .values_list("id", flat=True)
        .first()
    )


def division_year(year: int, level: str = "buurt") -> int | None:
    """The area division that applies to figures of ``year``: that year's, else the latest earlier one."""
    years = sorted(
        Area.objects.filter(level=level).values_list("year", flat=True).distinct().order_by()
    )
    if not years:
        return None
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


@dataclass
class IndexResult:
    profile: IndexProfile
    components: list[IndexComponent]
    year: int
    comparison: str
    area_ids: np.ndarray
    population: np.ndarray
    values: np.ndarray  # n × k, after per-1000 conversion, NaN = missing
    standardised: np.ndarray  # n × k
    contributions: np.ndarray  # n × k
    scores: np.ndarray  # n, NaN = no score (too small or too little data)
    small: np.ndarray  # n, bool: below the minimum population
    areas: QuerySet  # the comparison set, for the labels below (fetched only when asked for)

    @cached_property
    def _labels(self) -> list[tuple[str, str, str]]:
        return list(self.areas.order_by("id").values_list("code", "name", "municipality_code"))

    @property
    def codes(self) -> list[str]:
        return [label[0] for label in self._labels]

    @property
    def names(self) -> list[str]:
        return [label[1] for label in self._labels]

    @property
    def municipality_codes(self) -> list[str]:
        return [label[2] for label in self._labels]

    def rank_order(self) -> np.ndarray:
        """Area positions from most to least vulnerable; areas without score last."""
        key = np.where(np.isnan(self.scores), -np.inf, self.scores)
        return np.argsort(-key, kind="stable")

    def row(self, area_id: int) -> int | None:
        pos = np.searchsorted(self.area_ids, area_id)
        return int(pos) if pos < len(self.area_ids) and self.area_ids[pos] == area_id else None


def _percentile_rank(column: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Average rank of ties divided by n, as pandas ``rank(pct=True)``; NaN outside ``mask``."""
    out = np.full(column.shape, np.nan)
    values = column[mask]
    if values.size == 0:
        return out
    _uniq, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    upper = np.cumsum(counts)
    average = upper - (counts - 1) / 2.0
    out[mask] = average[inverse] / values.size
    return out


def standardise(values: np.ndarray, eligible: np.ndarray, method: str) -> np.ndarray:
    """Column-wise z-score or percentile rank over the eligible, non-missing cells."""
    out = np.full(values.shape, np.nan)
    for j in range(values.shape[1]):
        col = values[:, j]
        mask = eligible & ~np.isnan(col)
        if not mask.any():
            continue
        if method == IndexProfile.Standardisation.PERCENTILE:
            out[:, j] = _percentile_rank(col, mask)
        else:
            sample = col[mask]
            mean = sample.mean()
            sd = sample.std()
            out[mask, j] = (sample - mean) / sd if sd > 0 else 0.0
    return out


def combine(standardised: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(scores, contributions): the weighted mean over present indicators, and each term of it."""
    present = ~np.isnan(standardised)
    w = np.where(present, weights[None, :], 0.0)
    w_sum = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        contributions = np.where(present, standardised * weights[None, :], 0.0) / w_sum[:, None]
        scores = contributions.sum(axis=1)
    enough = w_sum >= MIN_WEIGHT_SHARE * weights.sum()
    scores = np.where(enough, scores, np.nan)
    contributions = np.where(enough[:, None] & present, contributions, np.nan)
    return scores, contributions


def fetch_matrix(
    area_ids: np.ndarray,
    indicator_ids: list[int],
    *,
    year: int,
    area_year: int,
    level: str,
    municipality_code: str = "",
    municipality_class: str = "",
    municipality_codes: list[str] | None = None,
) -> np.ndarray:
    """One query: the yearly figures of ``year`` as a matrix (``area_ids`` × ``indicator_ids``,
    NaN = none) for the areas of one division and level, optionally one municipality, one
    municipality class or a list of municipalities (a province)."""
    blocks, area = FigureBlock._meta.db_table, Area._meta.db_table
    layouts = store.layouts_with(indicator_ids)
    if not layouts or municipality_codes == []:
        return np.full((area_ids.size, len(indicator_ids)), np.nan)
    where = ["a.year = %s", "a.level = %s", "b.period = %s"]
    params: list = [area_year, level, str(year)]
    if municipality_code:
        where.append("a.municipality_code = %s")
        params.append(municipality_code)
    if municipality_class:
        where.append("a.municipality_class = %s")
        params.append(municipality_class)
    if municipality_codes is not None:
        where.append(f"a.municipality_code IN ({','.join(['%s'] * len(municipality_codes))})")
        params.extend(municipality_codes)
    where.append(f"b.layout_id IN ({','.join(['%s'] * len(layouts))})")
    params.extend(layouts)
    sql = (
        "SELECT b.area_id, b.layout_id, b.figures "  # noqa: S608 - fixed names
        f"FROM {blocks} b JOIN {area} a ON a.id = b.area_id WHERE {' AND '.join(where)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return store.wide(cursor.fetchall(), area_ids, indicator_ids)


def compute(
    profile: IndexProfile,
    *,
    year: int,
    comparison: str = "gemeente",
    municipality_code: str = "",
    components: list[IndexComponent] | None = None,
) -> IndexResult:
    """The index of every area of the comparison set (see the module docstring for the method).
    Raises ``ComparisonUnavailable`` (a ValueError) for "provincie" when the municipality's
    province is not known."""
    if comparison not in COMPARISONS:
        raise ValueError(f"onbekende vergelijkingsgroep: {comparison}")
    components = (
        components
        if components is not None
        else list(profile.components.select_related("indicator"))
    )
    level = profile.level
    area_year = division_year(year, level) or year
    filters: dict = {"year": area_year, "level": level, "is_water": False}  # water: no index
    klass = ""
    province: list[str] | None = None
    if comparison == "gemeente":
        filters["municipality_code"] = municipality_code
    elif comparison == "provincie":
        province = province_municipalities(municipality_code)
        filters["municipality_code__in"] = province
    elif comparison == "klasse":
        klass = (
            Area.objects.filter(code=municipality_code, year=area_year)
            .values_list("municipality_class", flat=True)
            .first()
            or "overig"
        )
        filters["municipality_class"] = klass
    areas = Area.objects.filter(**filters)
    area_sql, area_params = areas.order_by("id").values_list("id").query.sql_with_params()
    with connection.cursor() as cursor:  # a whole country's buurten: no ORM iteration
        cursor.execute(area_sql, area_params)
        area_ids = np.array([r[0] for r in cursor.fetchall()], dtype=np.int64)
    k = len(components)
    pop_id = population_indicator_id()
    ind_ids = [c.indicator_id for c in components]
    fetch_ids = [*ind_ids, pop_id] if pop_id else ind_ids
    matrix = fetch_matrix(
        area_ids,
        fetch_ids,
        year=year,
        area_year=area_year,
        level=level,
        municipality_code=municipality_code if comparison == "gemeente" else "",
        municipality_class=klass,
        municipality_codes=province,
    )
    values = matrix[:, :k].copy()
    population = matrix[:, k] if pop_id else np.full(area_ids.size, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        for j, c in enumerate(components):
            if c.per_1000_inhabitants:
                values[:, j] = np.where(population > 0, values[:, j] / population * 1000.0, np.nan)
    small = ~np.isnan(population) & (population < min_population())
    signs = np.array(
        [-1.0 if c.direction == Indicator.Direction.HIGHER_BETTER else 1.0 for c in components]
    )
    standardised = standardise(values * signs[None, :], ~small, profile.standardisation)
    weights = np.array([c.weight for c in components], dtype=np.float64)
    scores, contributions = combine(standardised, weights)
    scores[small] = np.nan
    contributions[small] = np.nan
    return IndexResult(
        profile=profile,
        components=components,
        year=year,
        comparison=comparison,
        area_ids=area_ids,
        population=population,
        values=values,
        standardised=standardised,
        contributions=contributions,
        scores=scores,
        small=small,
        areas=areas,
    )
