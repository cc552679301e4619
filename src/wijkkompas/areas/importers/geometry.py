"""Area geometry from the CBS *wijk- en buurtkaart* as GeoJSON or GeoPackage, stored as GeoJSON in
WGS84 (EPSG:4326). RD New (EPSG:28992), the CRS CBS publishes in, is converted with the
Schreutelkamp / Strang van Hees polynomial (accurate to well under a metre: plenty for maps).
The features also carry codes and names, so this import can create or name each year's areas."""

from __future__ import annotations

import json
import re
import sqlite3
import struct
from collections.abc import Iterator
from pathlib import Path

from wijkkompas.areas.importers.common import ErrorCollector, decode, ensure_areas
from wijkkompas.areas.models import Area, level_of, not_a_code

CODE_KEYS = ("statcode", "buurtcode", "wijkcode", "gemeentecode", "code", "CBS_CODE")
NAME_KEYS = {
    "statnaam": None,
    "buurtnaam": "buurt",
    "wijknaam": "wijk",
    "gemeentenaam": "gemeente",
    "naam": None,
    "name": None,
}


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """RD New (x, y in metres) → (lon, lat) in WGS84."""
    dx = (x - 155000.0) * 1e-5
    dy = (y - 463000.0) * 1e-5
    dx2, dy2 = dx * dx, dy * dy
    som_n = (
        3235.65389 * dy
        - 32.58297 * dx2
        - 0.2475 * dy2
        - 0.84978 * dx2 * dy
        - 0.0655 * dy2 * dy
        - 0.01709 * dx2 * dy2
        - 0.00738 * dx
        + 0.0053 * dx2 * dx2
        - 0.00039 * dx2 * dy2 * dy
        + 0.00033 * dx2 * dx2 * dy
        - 0.00012 * dx * dy
    )
    som_e = (
        5260.52916 * dx
        + 105.94684 * dx * dy
        + 2.45656 * dx * dy2
        - 0.81885 * dx2 * dx
        + 0.05594 * dx * dy2 * dy
        - 0.05607 * dx2 * dx * dy
        + 0.01199 * dy
        - 0.00256 * dx2 * dx * dy2
        + 0.00128 * dx * dy2 * dy2
        + 0.00022 * dy2
        - 0.00022 * dx2
        + 0.00026 * dx2 * dx2 * dx
    )
    return round(5.38720621 + som_e / 3600.0, 6), round(52.15517440 + som_n / 3600.0, 6)


def _convert(coords, rd: bool):
    if coords and isinstance(coords[0], int | float):
        x, y = float(coords[0]), float(coords[1])
        return list(rd_to_wgs84(x, y)) if rd else [round(x, 6), round(y, 6)]
    return [_convert(c, rd) for c in coords]


def _first_xy(coords) -> tuple[float, float]:
    while coords and not isinstance(coords[0], int | float):
        coords = coords[0]
    return float(coords[0]), float(coords[1])


def _is_rd(crs_name: str, sample: tuple[float, float] | None) -> bool:
    if crs_name:
        return "28992" in crs_name
    return sample is not None and (abs(sample[0]) > 360 or abs(sample[1]) > 360)


def _valid_rings(coords, depth: int) -> bool:
    """Polygon (depth 3) or MultiPolygon (depth 4) of numeric pairs."""
    if depth == 1:
        return (
            isinstance(coords, list)
            and len(coords) >= 2
            and all(isinstance(c, int | float) for c in coords[:2])
        )
    return (
        isinstance(coords, list)
        and len(coords) > 0
        and all(_valid_rings(c, depth - 1) for c in coords)
    )


def features_from_geojson(path: Path) -> tuple[str, Iterator[dict]]:
    data = json.loads(decode(path.read_bytes()))
    crs = (
        ((data.get("crs") or {}).get("properties") or {}).get("name", "")
        if isinstance(data, dict)
        else ""
    )
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ValueError("geen GeoJSON FeatureCollection (het veld 'features' ontbreekt)")
    return crs, iter(features)


def _read_wkb(buf: bytes, offset: int = 0) -> tuple[dict, int]:
    order = "<" if buf[offset] == 1 else ">"
    (gtype,) = struct.unpack_from(order + "I", buf, offset + 1)
    offset += 5
    has_z = bool(gtype & 0x80000000) or 1000 <= (gtype & 0xFFFF) < 2000 or (gtype & 0xFFFF) >= 3000
    has_m = bool(gtype & 0x40000000) or 2000 <= (gtype & 0xFFFF) < 4000
    base = (gtype & 0xFFFF) % 1000
    dims = 2 + has_z + has_m

    def ring(off: int) -> tuple[list, int]:
        (n,) = struct.unpack_from(order + "I", buf, off)
        off += 4
        pts = struct.unpack_from(order + "d" * (n * dims), buf, off)
        return [[pts[i * dims], pts[i * dims + 1]] for i in range(n)], off + 8 * n * dims

    if base == 3:
        (nrings,) = struct.unpack_from(order + "I", buf, offset)
        offset += 4
        rings = []
        for _ in range(nrings):
            r, offset = ring(offset)
            rings.append(r)
        return {"type": "Polygon", "coordinates": rings}, offset
    if base == 6:
        (nparts,) = struct.unpack_from(order + "I", buf, offset)
        offset += 4
        polys = []
        for _ in range(nparts):
            poly, offset = _read_wkb(buf, offset)
            polys.append(poly["coordinates"])
        return {"type": "MultiPolygon", "coordinates": polys}, offset
    raise ValueError(f"geometrietype {base} wordt niet ondersteund (alleen (Multi)Polygon)")


def _gpkg_geometry(blob: bytes) -> dict:
    """GeoPackage binary: 'GP', version, flags (envelope size in bits 1-3), srs id, envelope, WKB."""
    if blob[:2] != b"GP":
        raise ValueError("geen GeoPackage-geometrie")
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0x07, 0)
    geometry, _ = _read_wkb(blob, 8 + envelope)
    return geometry


def features_from_geopackage(path: Path) -> tuple[str, Iterator[dict]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT g.table_name, g.column_name, g.srs_id FROM gpkg_geometry_columns g "
            "JOIN gpkg_contents c ON c.table_name = g.table_name WHERE c.data_type = 'features' LIMIT 1"
        ).fetchone()
        if row is None:
            raise ValueError("geen laag met geometrie in deze GeoPackage")
        table, column, srs = row
        if not re.match(r"^\w+$", table) or not re.match(r"^\w+$", column):
            raise ValueError("onverwachte tabelnaam in de GeoPackage")
        cursor = con.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - name checked above
        names = [d[0] for d in cursor.description]
        features = []
        for values in cursor:
            props = dict(zip(names, values, strict=True))
            blob = props.pop(column)
            try:
                geometry = _gpkg_geometry(blob) if blob else None
            except (ValueError, struct.error) as exc:
                geometry = {"error": str(exc)}
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
    finally:
        con.close()
    return f"EPSG:{srs}", iter(features)


def import_file(path: Path, *, year: int | None = None) -> dict[str, int]:
    """Store each feature's geometry on the area with its code in ``year``'s division."""
    errors = ErrorCollector(path.name)
    try:
        if path.suffix.lower() == ".gpkg":
            crs, features = features_from_geopackage(path)
        else:
            crs, features = features_from_geojson(path)
    except (ValueError, sqlite3.Error) as exc:
        errors.add(0, "", f"het bestand is niet te lezen: {exc}")
        errors.raise_if_any()
        raise
    if year is None:
        m = re.search(r"(20\d\d)", path.name)
        year = int(m.group(1)) if m else None
    parsed: dict[str, tuple[str, dict]] = {}
    rd = None
    for n, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        code_key = next((k for k in CODE_KEYS if str(props.get(k) or "").strip()), None)
        if code_key is None:
            errors.add(
                n, "properties", f"object {n} heeft geen gebiedscode ({', '.join(CODE_KEYS)})"
            )
            continue
        code = str(props[code_key]).strip()
        level = level_of(code)
        if level is None:
            errors.add(n, code_key, not_a_code(code))
            continue
        geometry = feature.get("geometry") or {}
        gtype = geometry.get("type")
        depth = {"Polygon": 3, "MultiPolygon": 4}.get(gtype)
        if (
            "error" in geometry
            or depth is None
            or not _valid_rings(geometry.get("coordinates"), depth)
        ):
            errors.add(
                n, "geometry", f"object {n} ({code}) heeft geen geldige (Multi)Polygon-geometrie"
            )
            continue
        if rd is None:
            rd = _is_rd(crs, _first_xy(geometry["coordinates"]))
        name = ""
        for key, key_level in NAME_KEYS.items():
            if props.get(key) and (key_level is None or key_level == level):
                name = str(props[key]).strip()
                break
        if year is None:
            jr = str(props.get("jrstatcode") or props.get("jaar") or "")[:4]
            if jr.isdigit():
                year = int(jr)
        if code in parsed:
            errors.add(n, code_key, f"code {code} komt twee keer voor")
            continue
        parsed[code] = (
            name,
            {"type": gtype, "coordinates": _convert(geometry["coordinates"], bool(rd))},
        )
    if year is None:
        errors.add(0, "", "het jaar van de gebiedsindeling is onbekend: geef --year op")
    errors.raise_if_any()
    ids = ensure_areas({code: name for code, (name, _) in parsed.items()}, year)
    areas = list(Area.objects.filter(id__in=[ids[c] for c in parsed]))
    by_code = {a.code: a for a in areas}
    for code, (_, geometry) in parsed.items():
        by_code[code].geometry = geometry
    Area.objects.bulk_update(areas, ["geometry"], batch_size=500)
    return {
        "rows": len(parsed),
        "areas": len(parsed),
        "observations": 0,
        "crs": "RD New (EPSG:28992)" if rd else "WGS84",
    }
