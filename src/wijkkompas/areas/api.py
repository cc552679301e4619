"""Wijkbeeld API: areas, indicators, observations (suppressed values are null + suppressed true),
index scores with each indicator's contribution, and map GeoJSON (``areas.maps``). Needs a login
(session or bearer token)."""

from typing import Literal

from django.http import HttpResponse
from ninja import Field, Path, Query, Schema
from ninja.errors import HttpError

from wijkkompas.areas import index as area_index
from wijkkompas.areas import maps, scores, selectors
from wijkkompas.areas.models import Level, level_of, not_a_code
from wijkkompas.core.api_support import ApiRouter

router = ApiRouter(tags=["wijkbeeld"])


class AreaOut(Schema):
    """Read from ``selectors.areas_for_api`` rows (``parent_code`` and ``has_geometry`` annotated)."""

    code: str
    name: str
    level: str
    year: int = Field(description="jaar van de gebiedsindeling")
    parent: str | None = Field(validation_alias="parent_code")
    municipality_code: str
    municipality_class: str
    is_p10: bool
    has_geometry: bool


class AreaFilter(Schema):
    year: int | None = Field(None, description="jaar van de gebiedsindeling (standaard: alle)")
    level: str | None = Field(None, description="land, gemeente, wijk of buurt")
    municipality: str | None = Field(None, description="gemeentecode, bijv. GM0606")


@router.paged(
    "/areas", AreaOut, summary="Gebieden (gemeenten, wijken, buurten) per jaar van indeling"
)
def list_areas(request, filters: Query[AreaFilter]):
    qs = selectors.areas_for_api(request.user)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.municipality:
        qs = qs.filter(municipality_code=filters.municipality)
    return qs.order_by("year", "code")


class ObservationOut(Schema):
    indicator: str
    period: str
    value: float | None = Field(description="null als het cijfer ontbreekt of is afgeschermd")
    suppressed: bool
    status: str


@router.get(
    "/areas/{code}", response=AreaOut, summary="Eén gebied (laatste indeling met deze code)"
)
def get_area(request, code: str):
    return selectors.get_area_for_api(request.user, code)


@router.paged(
    "/areas/{code}/observations", ObservationOut, summary="Alle waarnemingen van een gebied"
)
def list_area_observations(request, code: str):
    return selectors.observations_for_api(selectors.get_area_for_api(request.user, code))


class MapQuery(Schema):
    level: Literal["wijk", "buurt"] = Field(
        "buurt", description="wijk of buurt (binnen een gemeente), buurt (binnen een wijk)"
    )
    year: int | None = Field(
        None,
        description="jaar van de cijfers; de kaart volgt de gebiedsindeling van dat jaar "
        "(standaard: het laatste jaar met CBS-cijfers)",
    )
    zoom: int = Field(
        maps.DEFAULT_ZOOM,
        ge=maps.MIN_ZOOM,
        le=maps.MAX_ZOOM,
        description=f"zoomniveau ({maps.MIN_ZOOM}–{maps.MAX_ZOOM}): hoe ver de vormen worden "
        "vereenvoudigd en afgerond",
    )


_MAP_LEVELS = {Level.GEMEENTE: (Level.WIJK, Level.BUURT), Level.WIJK: (Level.BUURT,)}
# A map is drawn inside a gemeente or a wijk (a buurt has nothing inside it).
MAP_CODE_PATTERN = "^(?:GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2})$"


@router.get(
    "/areas/{code}/map",
    summary="Kaart (GeoJSON, WGS84) van de wijken of buurten in een gemeente of wijk",
    openapi_extra={
        "responses": {
            "200": {
                "description": "FeatureCollection; per gebied code, name, level, parent, "
                "is_water en label_point",
                "content": {"application/geo+json": {}},
            }
        }
    },
)
def area_map(
    request,
    q: Query[MapQuery],
    code: str = Path(..., pattern=MAP_CODE_PATTERN, description="gemeente- of wijkcode"),
):
    if level_of(code) is None:
        raise HttpError(422, not_a_code(code))
    if not maps.MIN_ZOOM <= q.zoom <= maps.MAX_ZOOM:
        raise HttpError(
            422, f"Zoomniveau {q.zoom} kan niet: kies {maps.MIN_ZOOM} tot en met {maps.MAX_ZOOM}."
        )
    parent_level = level_of(code)
    if q.level not in _MAP_LEVELS.get(parent_level, ()):
        allowed = " of ".join(_MAP_LEVELS.get(parent_level, ()))
        raise HttpError(
            422,
            f"Niveau '{q.level}' kan niet binnen {code}: kies {allowed}."
            if allowed
            else f"Binnen {code} ({parent_level}) liggen geen wijken of buurten; "
            "kies een gemeente- of wijkcode.",
        )
    parent = selectors.get_map_parent(
        request.user, code, year=q.year or selectors.years().default, level=q.level
    )
    data = maps.geojson(
        selectors.areas_visible_to(request.user), parent=parent, level=q.level, zoom=q.zoom
    )
    etag = f'"{data.etag}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(data.content, content_type="application/geo+json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    source: str
    source_detail: str
    direction: str
    kind: str


@router.paged("/indicators", IndicatorOut, summary="De indicatorencatalogus")
def list_indicators(request):
    return selectors.indicators_visible_to(request.user).order_by("code")


class ComponentOut(Schema):
    indicator: str = Field(validation_alias="indicator.code")
    name: str = Field(validation_alias="indicator.name")
    weight: float
    direction: str
    per_1000_inhabitants: bool


class ProfileOut(Schema):
    """Read from ``selectors.profiles_visible_to`` / ``get_profile`` (components prefetched)."""

    id: int
    name: str
    description: str
    is_example: bool
    standardisation: str
    level: str
    components: list[ComponentOut]


@router.get(
    "/index-profiles",
    response=list[ProfileOut],
    summary="Indexprofielen (landelijke voorbeelden en die van uw gemeente)",
)
def list_index_profiles(request):
    return selectors.profiles_visible_to(request.user, with_components=True)


class ContributionOut(Schema):
    indicator: str
    contribution: float | None


class ScoreOut(Schema):
    code: str
    name: str
    municipality_code: str
    rank: int | None
    score: float | None = Field(
        description="null als het gebied te klein is of te weinig cijfers heeft"
    )
    suppressed: bool
    contributions: list[ContributionOut]


class ScoresOut(Schema):
    profile: ProfileOut
    year: int
    comparison: str
    results: list[ScoreOut]
    count: int


class ScoreQuery(Schema):
    comparison: Literal[tuple(area_index.COMPARISONS)] = Field(
        "gemeente", description="gemeente, provincie, klasse of land"
    )
    year: int | None = Field(None, description="jaar van de cijfers (standaard: het laatste)")
    municipality: str | None = Field(
        None,
        pattern="^GM[0-9]{4}$",
        description="gemeentecode (GM0363); standaard die van uw organisatie",
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@router.get(
    "/index-profiles/{profile_id}/scores",
    response=ScoresOut,
    summary="Indexscores met de bijdrage per indicator",
)
def index_profile_scores(request, profile_id: int, q: Query[ScoreQuery]):
    profile = selectors.get_profile(request.user, profile_id)
    if q.comparison not in area_index.COMPARISONS:
        raise HttpError(
            422,
            f"Onbekende vergelijkingsgroep '{q.comparison}'; kies gemeente, provincie, klasse of land.",
        )
    year = q.year or selectors.years().default
    if year is None:
        raise HttpError(404, "Er zijn nog geen cijfers geïmporteerd.")
    gm = q.municipality or selectors.default_municipality(request.user)
    try:
        result = area_index.compute(
            profile, year=year, comparison=q.comparison, municipality_code=gm
        )
    except area_index.ComparisonUnavailable as exc:
        raise HttpError(422, str(exc)) from exc
    codes, names, municipalities = result.codes, result.names, result.municipality_codes
    out = [
        {
            "code": codes[b.pos],
            "name": names[b.pos],
            "municipality_code": municipalities[b.pos],
            "rank": b.rank,
            "score": _rounded(b.score.value),
            "suppressed": b.suppressed,
            "contributions": [
                {"indicator": c.indicator.code, "contribution": _rounded(f.value)}
                for c, f in zip(result.components, b.contributions, strict=True)
            ],
        }
        for b in scores.Breakdowns(result).ranked()
    ]
    return {
        "profile": profile,
        "year": year,
        "comparison": q.comparison,
        "results": out,
        "count": len(out),
    }
