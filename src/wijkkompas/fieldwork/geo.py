"""Placing addresses in their CBS buurt: point in polygon over the wijkbeeld's buurt geometry
(GeoJSON, WGS84, as ``areas`` stores it) with a shapely STRtree; RD New coordinates are
transformed with pyproj first. Reads areas' models, writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import shapely
from django.db.models import Max, TextField
from django.db.models.functions import Cast
from pyproj import Transformer

from wijkkompas.areas.models import Area, Level

# A Dutch RD New coordinate is metres (x 0..300 km, y 300..625 km); WGS84 degrees are small.
RD_LIMIT = 1000.0


@cache
def _rd_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(longitude, latitude) of a point given as RD New (x, y) or already as (lon, lat)."""
    if abs(x) > RD_LIMIT or abs(y) > RD_LIMIT:
        lon, lat = _rd_to_wgs84().transform(x, y)
        return float(lon), float(lat)
    return x, y


def is_rd(x: float, y: float) -> bool:
    return abs(x) > RD_LIMIT or abs(y) > RD_LIMIT


def rd_many(xs: Sequence[float], ys: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _rd_to_wgs84().transform(np.asarray(xs, float), np.asarray(ys, float))
    return np.asarray(lon), np.asarray(lat)


class BuurtIndex:
    """The buurten of one municipality in the latest division with geometry, in an STRtree."""

    def __init__(self, municipality_code: str) -> None:
        buurten = Area.objects.filter(
            level=Level.BUURT, municipality_code=municipality_code, geometry__isnull=False
        )
        year = buurten.aggregate(y=Max("year"))["y"]
        # the stored GeoJSON text straight into shapely (as areas.maps does): no JSON decoding
        rows = (
            list(
                buurten.filter(year=year)
                .annotate(text=Cast("geometry", output_field=TextField()))
                .values_list("code", "text")
            )
            if year
            else []
        )
        self.year = year
        self.codes = [code for code, _ in rows]
        self.polygons = list(shapely.from_geojson([text for _, text in rows])) if rows else []
        self.tree = shapely.STRtree(self.polygons) if self.polygons else None

    def place(self, lons: Sequence[float], lats: Sequence[float]) -> list[str]:
        """The buurt code of every point ("" outside every buurt), in the order given."""
        out = [""] * len(lons)
        if self.tree is None or not len(lons):
            return out
        points = shapely.points(np.asarray(lons, float), np.asarray(lats, float))
        hits = self.tree.query(points, predicate="intersects")  # a point on a border counts
        for point_index, polygon_index in zip(hits[0], hits[1], strict=True):
            if not out[point_index]:
                out[point_index] = self.codes[polygon_index]
        return out
