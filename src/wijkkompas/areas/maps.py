"""GeoJSON for the interactive map: the wijken or buurten of one municipality (or the buurten of
one wijk) as a FeatureCollection, simplified for a zoom level and with rounded coordinates.

Why simplify on the server: a municipality's own buurt map is drawn to the metre (Amsterdam's 518
buurten are 1.2 MB of coordinates), while a map at zoom 12 cannot show anything under ~15 m. Each
geometry is simplified with a tolerance of half a screen pixel at the asked zoom
(``shapely.simplify(…, preserve_topology=True)``: no polygon collapses or self-intersects) and its
coordinates are rounded to the decimals that zoom can show. Neighbours are simplified separately,
so shared edges may part by at most half a pixel, which the 1 px outline hides.

Why cache on content: simplifying costs tens of milliseconds per municipality; the answer only
changes when a geometry, name or code changes. The cache key is a hash of exactly what the answer
is made of (read from the database as stored text), so an import of new geometry needs no
invalidation and an unchanged one is answered from the cache.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import numpy as np
import shapely
from django.conf import settings
from django.core.cache import cache
from django.db.models import F, QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import reverse

from wijkkompas.areas.models import Area, Level

# Detail steps: below MIN_DETAIL every zoom gets MIN_DETAIL's geometry, above MAX_DETAIL the
# simplification is under 1 m and every zoom shares MAX_DETAIL's.
MIN_ZOOM, MAX_ZOOM = 0, 22
MIN_DETAIL, MAX_DETAIL = 8, 16
DEFAULT_ZOOM = 12
CACHE_SECONDS = 24 * 3600
_CACHE_FORMAT = 1  # bump when the output's shape changes


@dataclass(frozen=True)
class MapData:
    """One answer: the GeoJSON bytes and a tag that changes whenever they would."""

    content: bytes
    etag: str
    features: int


def background_attribution(url: str) -> str:
    """The credit line shown with a background map (none without one)."""
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    if host.endswith("pdok.nl"):
        return "Achtergrondkaart: BRT-Achtergrondkaart © Kadaster (PDOK)"
    if "openstreetmap" in host:
        return "Achtergrondkaart © OpenStreetMap-bijdragers"
    return f"Achtergrondkaart: {host}"


def page_map(
    *, parent: Area, level: str, year: int, label: str, focus: str = ""
) -> dict[str, str | int]:
    """What the map script needs on a page (as data-attributes: the CSP allows no inline
    script): the GeoJSON and area URLs, the focused area, when labels show, the background."""
    return {
        "geojson_url": reverse("api:area_map", args=[parent.code])
        + "?"
        + urlencode({"level": level, "year": year}),
        "area_url": reverse("areas:area", args=["CODE"]) + f"?jaar={year}",
        "label": label,
        "focus": focus,
        "level": level,
        "label_zoom": 12 if level == Level.WIJK else 14,
        "background_url": settings.BACKGROUND_MAP_URL,
        "background_attribution": background_attribution(settings.BACKGROUND_MAP_URL),
    }


def area_page_map(area: Area, year: int) -> dict[str, str | int] | None:
    """The small map of an area page: a buurt among the buurten of its municipality (the view
    fits its wijk), a wijk among the wijken, a municipality with its wijken."""
    if area.level == Level.GEMEENTE:
        parent, level, focus = area, Level.WIJK, ""
    elif area.level in (Level.WIJK, Level.BUURT) and area.geometry is not None:
        parent = Area.objects.filter(code=area.municipality_code, year=area.year).first()
        level, focus = area.level, area.code
    else:
        return None
    if parent is None:
        return None
    kind = area.get_level_display().lower()
    return page_map(
        parent=parent,
        level=level,
        year=year,
        focus=focus,
        label=f"Kaart: {kind} {area.name} en omgeving"
        if focus
        else f"Kaart van de wijken van {area.name}",
    )


def detail_zoom(zoom: int) -> int:
    return min(MAX_DETAIL, max(MIN_DETAIL, zoom))


def pixel_degrees(zoom: int) -> float:
    """Degrees of longitude one pixel spans at ``zoom`` (Web Mercator, 256 px tiles)."""
    return 360.0 / (256 * 2**zoom)


def tolerance(zoom: int, latitude: float) -> float:
    """Half a pixel at ``zoom``, in degrees of latitude (the smaller of the two at this
    latitude, so the error stays under half a pixel both ways)."""
    return 0.5 * pixel_degrees(zoom) * math.cos(math.radians(latitude))


def decimals(zoom: int) -> int:
    """Decimals of a degree that keep rounding under half a pixel (4 at zoom 12, 6 at most)."""
    return min(6, max(3, math.ceil(-math.log10(pixel_degrees(zoom) / 2))))


def map_rows(areas: QuerySet, *, parent: Area, level: str) -> QuerySet:
    """The areas of ``level`` inside ``parent`` (a municipality, or a wijk for buurten), with their
    geometry as stored text (no JSON decoding unless the cache misses)."""
    qs = areas.filter(year=parent.year, level=level, geometry__isnull=False)
    if parent.level == Level.GEMEENTE:
        qs = qs.filter(municipality_code=parent.code)
    else:
        qs = qs.filter(parent_id=parent.pk)
    fields = ["code", "name", "level", "parent_code", "is_water", "geometry_text"]
    return (
        qs.annotate(
            geometry_text=Cast("geometry", output_field=TextField()), parent_code=F("parent__code")
        )
        .order_by("code")
        .values(*fields)
    )


def _digest(rows: list[dict], zoom: int) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_CACHE_FORMAT}:{zoom}".encode())
    for r in rows:
        h.update(
            "\x1f".join(
                [r["code"], r["name"], r["level"], r["parent_code"] or "", str(r["is_water"])]
            ).encode()
        )
        h.update(b"\x1e")
        h.update(r["geometry_text"].encode())
    return h.hexdigest()


def _coordinates(geom, places: int):
    """The GeoJSON coordinates of a (Multi)Polygon, rounded (shortest float repr in the JSON)."""

    def ring(r) -> list:
        return np.round(np.asarray(r.coords), places).tolist()

    def polygon(p) -> list:
        return [ring(p.exterior), *(ring(i) for i in p.interiors)]

    if geom.geom_type == "Polygon":
        return "Polygon", polygon(geom)
    return "MultiPolygon", [polygon(p) for p in geom.geoms]


def _simplify(geoms: np.ndarray, tol: float) -> np.ndarray:
    try:
        return shapely.simplify(geoms, tol, preserve_topology=True)
    except shapely.errors.GEOSException:
        # an invalid stored ring (self-intersection) can stop GEOS: repair those, then simplify
        return shapely.simplify(shapely.make_valid(geoms), tol, preserve_topology=True)


def build(rows: list[dict], *, zoom: int) -> tuple[bytes, int]:
    """The FeatureCollection of these rows at this detail zoom, as UTF-8 JSON bytes."""
    geoms = shapely.from_geojson([r["geometry_text"] for r in rows], on_invalid="ignore")
    bounds = shapely.total_bounds(geoms) if len(rows) else np.full(4, np.nan)
    latitude = 52.0 if np.isnan(bounds[1]) else (bounds[1] + bounds[3]) / 2
    simplified = _simplify(geoms, tolerance(zoom, latitude))
    points = shapely.point_on_surface(simplified)
    places = decimals(zoom)
    features = []
    for r, geom, point in zip(rows, simplified, points, strict=True):
        if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue  # stored geometry the reader cannot use: the table still lists the area
        kind, coordinates = _coordinates(geom, places)
        properties = {
            "code": r["code"],
            "name": r["name"],
            "level": r["level"],
            "parent": r["parent_code"],
            "is_water": r["is_water"],
            "label_point": [round(point.x, places), round(point.y, places)],
        }
        features.append(
            {
                "type": "Feature",
                "id": r["code"],
                "properties": properties,
                "geometry": {"type": kind, "coordinates": coordinates},
            }
        )
    collection: dict = {"type": "FeatureCollection", "features": features}
    if features:
        collection["bbox"] = [round(float(b), places) for b in shapely.total_bounds(simplified)]
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    return text.encode(), len(features)


def geojson(areas: QuerySet, *, parent: Area, level: str, zoom: int) -> MapData:
    """The map of ``level`` inside ``parent`` for ``zoom``, from the cache when nothing changed."""
    step = detail_zoom(zoom)
    rows = list(map_rows(areas, parent=parent, level=level))
    etag = _digest(rows, step)
    key = f"areas:map:{etag}"
    cached = cache.get(key)
    if cached is not None:
        content, count = cached
    else:
        content, count = build(rows, zoom=step)
        cache.set(key, (content, count), CACHE_SECONDS)
    return MapData(content, etag, count)
