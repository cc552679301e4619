"""Map geometry for the fictional demo municipalities Voorbeeldstad (GM9901) and Buurgemeente
(GM9902), generated deterministically so the demo map looks like a map.

How it is built, in a local plane in metres (x east, y north, origin = the middle of the
Binnenstad):

1. Hand-placed control points give the two municipalities' combined outline (a river on the
   west), the shared border, the singel around the old centre, a main road to the north-east
   and the railway to the south-east, and the village blob of Buurgemeente. Overlays cut these
   into wijken, and each wijk into its buurten by Voronoi cells of hand-placed seeds (the seed
   spacing sets the size: small buurten in the centre, large ones at the edge).
2. All buurt boundaries are noded into one line network, so every shared edge exists once.
   That network is densified and bent by a smooth deformation (a sum of sines with fixed,
   seeded phases; its gradient stays well below 1, so it is one-to-one and keeps the topology),
   turning straight Voronoi edges into curved streets, canals and rail lines.
3. The bent network is projected to WGS84 (equirectangular around the origin; the demo only
   needs to look right), rounded to 6 decimals and polygonised again. Each face is one buurt,
   a wijk is the union of its buurten and a municipality the union of its wijken, so the
   buurten of a wijk tile it exactly.

The place (near 4.75 E, 51.90 N, in Zuid-Holland like the demo says) is invented; the codes are
the demo's own 99xx codes, which CBS never issues.
"""

from __future__ import annotations

import json
import math
import random
from functools import cache

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Polygon, box, mapping
from shapely.geometry.polygon import orient
from shapely.ops import polygonize

LON0, LAT0 = 4.75, 51.90
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(LAT0))
GRID = 0.01  # metres: precision of the overlays in the plane
STEP = 50.0  # metres: longest segment after densifying, before bending
DECIMALS = 6

# The combined outline of both municipalities, clockwise from the north-west; the west side is
# the river bank.
OUTLINE = [
    (-1500, 2700), (-1000, 2200), (-800, 1700), (-1000, 1100), (-900, 600), (-700, 150),
    (-800, -400), (-1150, -1000), (-1400, -1600), (-1250, -2300), (-900, -2800), (-650, -3100),
    (300, -3200), (1100, -3050), (1700, -3350), (2600, -3150), (3400, -3450), (4300, -3300),
    (5100, -3050), (5800, -3650), (6900, -3700), (7400, -3350), (8400, -3350), (9100, -3800),
    (10000, -3600), (10700, -3000), (11100, -2300), (11300, -1400), (10900, -700), (11000, 100),
    (11700, 700), (11600, 1500), (11200, 2100), (10600, 2400), (10100, 3000), (9300, 2800),
    (8600, 2450), (7800, 2700), (7100, 3250), (6200, 3100), (5400, 2750), (4700, 3000),
    (3900, 3300), (3100, 3050), (2300, 2850), (1600, 3150), (900, 3400), (200, 3150),
    (-600, 3050),
]  # fmt: skip
# The border between Voorbeeldstad (west) and Buurgemeente (east), north to south.
BORDER = [(4200, 5000), (4400, 2000), (4100, 800), (4600, -500), (4300, -1800), (4500, -5000)]
# The singel around the old centre (the wijk Centrum); it reaches over the river bank.
SINGEL = [
    (-1200, 300), (-650, 850), (0, 900), (600, 650), (880, 50), (700, -550), (100, -850),
    (-500, -700), (-1200, -250),
]  # fmt: skip
FAR = 50_000.0
# From the centre outwards: the main road north-east, the railway south-east, the harbour west.
ROAD_NE = [(0, 0), (750, 800), (1700, 1450), (3000, 1950), (FAR, FAR * 0.4)]
RAIL_SE = [(0, 0), (850, -450), (2200, -1300), (4000, -2300), (FAR, -FAR * 0.5)]
HARBOUR_W = [(0, 0), (-FAR, 0)]
# The village of Buurgemeente (the wijk Dorp); the rest of that municipality is Buitengebied.
DORP = [
    (6700, -300), (6800, 200), (7000, 600), (7500, 900), (7900, 1000), (8300, 750), (8750, 300),
    (8600, -300), (8450, -800), (7900, -1250), (7300, -1150), (6950, -800),
]  # fmt: skip

# Wijk code → buurt seeds, in the demo's buurt order (BU…01, BU…02, BU…03).
SEEDS: dict[str, list[tuple[float, float]]] = {
    "WK990101": [(-200, -150), (-350, 550), (500, -250)],  # Binnenstad, Havenkwartier, Station
    "WK990102": [(2000, 2600), (500, 1400), (-700, 2300)],  # Nieuwland, De Flats, De Haven
    "WK990103": [(1500, 300), (3200, 1000), (3300, -900)],  # Parkwijk, Molenbuurt, Tuindorp
    "WK990104": [(2000, -2700), (-700, -2000), (300, -1200)],  # Zuidrand, Buitenhof, Kerkebuurt
    "WK990201": [(7200, 0), (8100, 500), (8000, -700)],  # Dorpskern, Lindenhof, Achterveld
    "WK990202": [(6100, 2400), (6600, -3000), (10550, 300)],  # Polder, Veldzicht, Heuvelrand
}


def _warp_terms() -> list[tuple[float, float, float, float, int]]:
    """(amplitude m, wavenumber x, wavenumber y, phase, axis) of the bending sines."""
    rng = random.Random(9901)
    terms = []
    for amplitude, wavelength in ((120, 5200), (70, 3300), (45, 2100), (22, 1300), (9, 800)):
        for axis in (0, 1):
            angle = rng.uniform(0, math.pi)
            k = 2 * math.pi / wavelength
            terms.append(
                (amplitude, k * math.cos(angle), k * math.sin(angle), rng.uniform(0, 6.3), axis)
            )
    return terms


TERMS = _warp_terms()


def _to_wgs84(xy: np.ndarray) -> np.ndarray:
    """Bend the plane (see the module docstring), then project and round to degrees."""
    out = xy.astype(float).copy()
    for amplitude, kx, ky, phase, axis in TERMS:
        out[:, axis] += amplitude * np.sin(kx * xy[:, 0] + ky * xy[:, 1] + phase)
    lon = LON0 + out[:, 0] / M_PER_DEG_LON
    lat = LAT0 + out[:, 1] / M_PER_DEG_LAT
    return np.round(np.column_stack([lon, lat]), DECIMALS)


def _sectors() -> dict[str, Polygon]:
    """The plane cut by the three radial lines into the Noord, Oost and Zuid sectors."""
    frame = box(-FAR / 2, -FAR / 2, FAR / 2, FAR / 2)
    lines = shapely.unary_union(
        [frame.exterior, LineString(ROAD_NE), LineString(RAIL_SE), LineString(HARBOUR_W)]
    )
    faces = list(polygonize(lines.geoms))
    probes = {"WK990102": (0, 5000), "WK990103": (5000, 0), "WK990104": (0, -5000)}
    return {wk: next(f for f in faces if f.contains(shapely.Point(p))) for wk, p in probes.items()}


def _plane_buurten() -> dict[str, tuple[str, Polygon]]:
    """Buurt code → (wijk code, polygon in the plane), before bending."""

    def cut(a, b, op):
        return getattr(shapely, op)(a, b, grid_size=GRID)

    outline = Polygon(OUTLINE)
    west = Polygon([*BORDER, (-FAR, -FAR / 10), (-FAR, FAR / 10)])
    municipalities = {
        "GM9901": cut(outline, west, "intersection"),
        "GM9902": cut(outline, west, "difference"),
    }
    singel, dorp = Polygon(SINGEL), Polygon(DORP)
    wijken = {"WK990101": cut(municipalities["GM9901"], singel, "intersection")}
    rest = cut(municipalities["GM9901"], singel, "difference")
    for wk, sector in _sectors().items():
        wijken[wk] = cut(rest, sector, "intersection")
    wijken["WK990201"] = cut(municipalities["GM9902"], dorp, "intersection")
    wijken["WK990202"] = cut(municipalities["GM9902"], dorp, "difference")
    buurten: dict[str, tuple[str, Polygon]] = {}
    for wk, seeds in SEEDS.items():
        cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=box(-FAR, -FAR, FAR, FAR))
        for i, seed in enumerate(seeds):
            cell = next(c for c in cells.geoms if c.contains(shapely.Point(seed)))
            part = cut(wijken[wk], cell, "intersection")
            if part.geom_type != "Polygon":
                raise ValueError(f"demo buurt {i + 1} of {wk} falls apart: move its seed")
            buurten[f"BU{wk[2:]}{i + 1:02d}"] = (wk, part)
    return buurten


def _tiled(buurten: dict[str, tuple[str, Polygon]]) -> dict[str, tuple[str, Polygon]]:
    """The buurten made an exact tiling: separate overlays may disagree by a grid step along a
    shared edge, so the plane is cut at every edge and each face goes to the buurt that holds
    most of it (a sliver joins one neighbour instead of overlapping both)."""
    network = shapely.unary_union([p.boundary for _, p in buurten.values()], grid_size=GRID)
    faces: dict[str, list[Polygon]] = {code: [] for code in buurten}
    for face in polygonize(network.geoms):
        faces[max(buurten, key=lambda code: buurten[code][1].intersection(face).area)].append(face)
    tiled = {}
    for code, (wk, _) in buurten.items():
        merged = shapely.unary_union(faces[code])
        if merged.geom_type != "Polygon":
            raise ValueError(f"demo buurt {code} falls apart")
        tiled[code] = (wk, merged)
    return tiled


def demo_geometry() -> dict[str, dict]:
    """Area code → GeoJSON geometry (WGS84) for every gemeente, wijk and buurt of the demo (a
    fresh copy: the map is generated once per process)."""
    return json.loads(_generated())


@cache
def _generated() -> str:
    return json.dumps(build())


def build() -> dict[str, dict]:
    """Generate the demo map (deterministic; about 0.1 s)."""
    plane = _tiled(_plane_buurten())
    network = shapely.unary_union([p.boundary for _, p in plane.values()])
    bent = shapely.transform(shapely.segmentize(network, STEP), _to_wgs84)
    faces = list(polygonize(shapely.unary_union(bent, grid_size=10**-DECIMALS).geoms))
    if len(faces) != len(plane):
        raise ValueError(f"demo map: {len(faces)} faces for {len(plane)} buurten")
    shapes: dict[str, Polygon] = {}
    for code, (_, polygon) in plane.items():
        inside = shapely.transform(polygon.representative_point(), _to_wgs84)
        shapes[code] = next(f for f in faces if f.contains(inside))
    wijken: dict[str, list] = {}
    for code, (wk, _) in plane.items():
        wijken.setdefault(wk, []).append(shapes[code])
    for wk, parts in wijken.items():
        shapes[wk] = shapely.unary_union(parts)
    for gm in ("GM9901", "GM9902"):
        wks = [s for wk, s in shapes.items() if wk.startswith("WK" + gm[2:])]
        shapes[gm] = shapely.unary_union(wks)
    return {code: _geojson(shape) for code, shape in shapes.items()}


def _geojson(shape) -> dict:
    """GeoJSON with lists and exterior rings counter-clockwise (RFC 7946)."""
    if shape.geom_type == "Polygon":
        shape = orient(shape)
    else:
        shape = shapely.MultiPolygon([orient(p) for p in shape.geoms])

    def lists(c):
        return [lists(x) for x in c] if isinstance(c[0], tuple | list) else list(c)

    geo = mapping(shape)
    return {"type": geo["type"], "coordinates": lists(geo["coordinates"])}
