"""Area geometry from GeoJSON or GeoPackage files, stored as GeoJSON in WGS84 (lon, lat).

Fits the files users have: the CBS wijk- en buurtkaart from PDOK (GeoPackage with ``buurtcode``,
``buurtnaam``, ``gemeentenaam``, ``water``, ``jaarstatcode``; every polygon layer is read), the
CBS shapefile attributes exported to GeoJSON (``BU_CODE``, ``WK_NAAM``, ``GM_NAAM``, ``WATER``,
``JAAR``), and a municipality's own map carrying the CBS code beside its own ids (Amsterdam:
``cbsCode`` "BU0363AA01" next to ``code`` "AA01"). Property names are matched in any case.

- The code property is recognised by its values: the property holding the most distinct valid
  CBS codes (ties: more valid values, then the finer level), so no list of names is needed.
- Names: the feature's own name (``buurtnaam``/``BU_NAAM`` for a buurt …, ``statnaam``, ``naam``,
  ``name``) and its parents' (``wijknaam``, ``gemeentenaam``/``GM_NAAM``) name those areas.
- Year: ``--year``, else ``jaarstatcode``/``jrstatcode`` ("2021BU02330000") or ``jaar``, else a
  year in the file name. A ``--year`` that contradicts the file's year is refused.
- Water-only areas (``water`` = "JA", no land area, or named "(Groot) water") get
  ``Area.is_water``; the index leaves them out.
- Coordinates are transformed with pyproj from the CRS the file states (GeoPackage
  ``gpkg_spatial_ref_sys``, GeoJSON ``crs``); CRS84/EPSG:4326 pass through; a file that states
  none is WGS84 unless its coordinates are metres, then RD New (EPSG:28992) is assumed.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from wijkkompas.areas.importers.common import ErrorCollector, decode, ensure_areas
from wijkkompas.areas.importers.gpkg import Feature, Layer, read_layers
from wijkkompas.areas.models import Area, level_of, municipality_code, not_a_code, parent_code

WGS84 = CRS.from_user_input("OGC:CRS84")
RD_NEW = CRS.from_epsg(28992)
DEPTH = {"land": 0, "gemeente": 1, "wijk": 2, "buurt": 3}
# Own-name keys (lower case) per level, then the level-free ones.
OWN_NAME_KEYS = {
    "buurt": ("buurtnaam", "bu_naam"),
    "wijk": ("wijknaam", "wk_naam"),
    "gemeente": ("gemeentenaam", "gm_naam"),
    "land": (),
}
GENERIC_NAME_KEYS = ("statnaam", "naam", "name")
PARENT_NAME_KEYS = {"wijk": ("wijknaam", "wk_naam"), "gemeente": ("gemeentenaam", "gm_naam")}
YEAR_KEYS = ("jaarstatcode", "jrstatcode", "jaar")
LAND_KEYS = ("oppervlakte_land_in_ha", "opp_land", "oppervlakteland_in_ha")
WATER_AREA_KEYS = ("oppervlakte_water_in_ha", "opp_water", "oppervlaktewater_in_ha")
WATER_NAME = re.compile(r"^(?:groot\s+)?water$", re.IGNORECASE)
YES, NO = {"JA", "J", "TRUE", "WAAR", "1", "YES", "Y"}, {"NEE", "N", "FALSE", "ONWAAR", "0", "NO"}


def _lower(props: dict) -> dict[str, object]:
    return {str(k).lower(): v for k, v in props.items()}


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _number(value: object) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None  # CBS writes -99999999 for "unknown"


def _crs_from_geojson(member: object) -> tuple[CRS | None, str]:
    """The ``crs`` member (GeoJSON 2008: named or EPSG-linked); none means WGS84 (RFC 7946)."""
    if not isinstance(member, dict):
        return None, ""
    props = member.get("properties") or {}
    name = props.get("name") or (f"EPSG:{props['code']}" if "code" in props else "")
    try:
        return CRS.from_user_input(str(name)), ""
    except CRSError:
        return None, f"het coördinatenstelsel {name!r} (crs) is onbekend"


def read_file_layers(path: Path) -> list[Layer]:
    """The layers of a GeoPackage, or the one layer of a GeoJSON file, with their features."""
    return read_layers(path) if path.suffix.lower() == ".gpkg" else [_geojson_layer(path)]


def _geojson_layer(path: Path) -> Layer:
    data = json.loads(decode(path.read_bytes()))
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ValueError("geen GeoJSON FeatureCollection (het veld 'features' ontbreekt)")
    crs, crs_error = _crs_from_geojson(data.get("crs"))
    layer = Layer(name="", crs=crs, crs_error=crs_error)
    for raw in features:
        raw = raw if isinstance(raw, dict) else {}
        props = raw.get("properties")
        feature = Feature(properties=props if isinstance(props, dict) else {})
        geometry = raw.get("geometry")
        if not geometry:
            feature.error = "heeft geen geometrie"
        else:
            try:
                feature.geometry = shapely.geometry.shape(geometry)
            except (
                AttributeError,
                IndexError,
                KeyError,
                TypeError,
                ValueError,
                shapely.errors.ShapelyError,
            ) as exc:
                feature.error = f"heeft een onleesbare geometrie ({exc})"
        layer.features.append(feature)
    return layer


def _code_key(rows: list[dict[str, object]]) -> str | None:
    """The (lower-case) property holding the features' own CBS codes, recognised by its values."""
    best, best_rank = None, None
    for key in {k for row in rows for k in row}:
        levels = [level_of(_text(row.get(key))) for row in rows]
        valid = [(lv, _text(row.get(key))) for lv, row in zip(levels, rows, strict=True) if lv]
        if not valid:
            continue
        rank = (
            len({code for _, code in valid}),
            len(valid),
            sum(DEPTH[lv] for lv, _ in valid) / len(valid),
            key,
        )
        if best_rank is None or rank > best_rank:
            best, best_rank = key, rank
    return best


def _own_name(row: dict[str, object], level: str) -> str:
    for key in (*OWN_NAME_KEYS[level], *GENERIC_NAME_KEYS):
        if _text(row.get(key)):
            return _text(row[key])
    return ""


def _is_water(row: dict[str, object], name: str) -> bool:
    flag = row.get("water")
    text = _text(flag).upper()
    if flag is True or text in YES:
        return True
    if flag is False or text in NO:
        return False
    land = next((n for k in LAND_KEYS if (n := _number(row.get(k))) is not None), None)
    if land is not None:
        water = next((n for k in WATER_AREA_KEYS if (n := _number(row.get(k))) is not None), 0)
        return land == 0 and water > 0
    return bool(WATER_NAME.match(name))


def _year_of(row: dict[str, object]) -> tuple[int, str] | None:
    for key in YEAR_KEYS:
        text = _text(row.get(key))
        if text.endswith(".0"):
            text = text[:-2]
        if len(text) >= 4 and text[:4].isdigit() and 1990 <= int(text[:4]) <= 2100:
            return int(text[:4]), key
    return None


def _transformer(
    layer: Layer, geometries: list[shapely.Geometry]
) -> tuple[Transformer | None, str]:
    """pyproj's transformer to WGS84 for the layer (None: already WGS84) and a label for it."""
    crs = layer.crs
    if crs is None:
        bounds = shapely.total_bounds(np.array(geometries, dtype=object))
        metres = bool(np.nanmax(np.abs(bounds)) > 360) if geometries else False
        crs = RD_NEW if metres else WGS84
    if crs.equals(WGS84, ignore_axis_order=True):
        return None, "WGS84"
    epsg = crs.to_epsg()
    label = "RD New (EPSG:28992)" if epsg == 28992 else f"{crs.name} (EPSG:{epsg})"
    return Transformer.from_crs(crs, WGS84, always_xy=True), label


def _to_wgs84(geometries: list[shapely.Geometry], transformer: Transformer | None) -> list[dict]:
    """GeoJSON dicts in WGS84, 2D, rounded to 6 decimals (~0.1 m), all in one vectorised pass."""

    def project(xy: np.ndarray) -> np.ndarray:
        if transformer is not None:
            lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
            xy = np.column_stack([lon, lat])
        return np.round(xy, 6)

    if not geometries:
        return []
    done = shapely.transform(shapely.force_2d(np.array(geometries, dtype=object)), project)
    return [json.loads(shapely.to_geojson(g)) for g in done]


def _unreadable(exc: Exception) -> str:
    """Why a geometry file could not be opened, in Dutch (the libraries speak English)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"geen geldige GeoJSON (JSON-fout op regel {exc.lineno}, kolom {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return "de tekst is geen UTF-8 (sla GeoJSON op als UTF-8)"
    if isinstance(exc, sqlite3.Error):
        return "geen GeoPackage (het is geen leesbaar SQLite-bestand)"
    return str(exc)


def import_file(path: Path, *, year: int | None = None) -> dict[str, object]:
    """Store each feature's geometry (and name, water flag) on the area with its code in the
    year's division, creating missing areas. Refuses the whole file on any error."""
    errors = ErrorCollector(path.name)
    try:
        layers = read_file_layers(path)
    except (ValueError, sqlite3.Error, UnicodeDecodeError) as exc:
        errors.add(0, "", f"het bestand is niet te lezen: {_unreadable(exc)}")
        errors.raise_if_any()
        raise
    parsed: dict[str, tuple[str, dict, bool]] = {}
    parent_names: dict[str, str] = {}
    file_years: dict[int, tuple[int, str, str]] = {}  # year → (first feature, key, layer)
    crs_labels: list[str] = []
    seen: set[str] = set()
    features = 0
    for layer in layers:
        where = f"laag {layer.name}, " if len(layers) > 1 else ""
        if layer.crs_error:
            errors.add(0, "crs", where + layer.crs_error)
            continue
        rows = [_lower(f.properties) for f in layer.features]
        originals = {str(k).lower(): str(k) for f in layer.features for k in f.properties}
        features += len(rows)
        key = _code_key(rows)
        if key is None:
            errors.add(
                0,
                "properties",
                f"{where}geen eigenschap met CBS-gebiedscodes gevonden (zoals statcode, buurtcode, "
                "BU_CODE of cbsCode met codes als BU0363AA01)",
            )
            continue
        column = originals.get(key, key)
        good: list[tuple[str, str, bool]] = []
        geometries: list[shapely.Geometry] = []
        for n, (feature, row) in enumerate(zip(layer.features, rows, strict=True), start=1):
            code = _text(row.get(key))
            if not code:
                errors.add(n, column, f"{where}object {n} heeft geen gebiedscode in {column}")
                continue
            level = level_of(code)
            if level is None:
                errors.add(n, column, f"{where}object {n}: {not_a_code(code)}")
                continue
            geometry = feature.geometry
            if feature.error or geometry is None:
                errors.add(n, "geometry", f"{where}object {n} ({code}) {feature.error}")
                continue
            if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
                errors.add(
                    n,
                    "geometry",
                    f"{where}object {n} ({code}) heeft geen (Multi)Polygon-geometrie maar "
                    f"{geometry.geom_type}{' (leeg)' if geometry.is_empty else ''}",
                )
                continue
            if code in seen:
                errors.add(n, column, f"{where}code {code} komt twee keer voor")
                continue
            seen.add(code)
            found = _year_of(row)
            if found is not None and found[0] not in file_years:
                file_years[found[0]] = (n, originals.get(found[1], found[1]), where)
            name = _own_name(row, level)
            good.append((code, name, _is_water(row, name)))
            geometries.append(geometry)
            for parent_level, keys in PARENT_NAME_KEYS.items():
                parent = (
                    municipality_code(code) if parent_level == "gemeente" else parent_code(code)
                )
                if DEPTH[parent_level] >= DEPTH[level] or not parent:
                    continue
                parent_name = next((_text(row[k]) for k in keys if _text(row.get(k))), "")
                if parent_name:
                    parent_names.setdefault(parent, parent_name)
        transformer, label = _transformer(layer, geometries)
        crs_labels.append(label)
        for (code, name, water), geojson in zip(
            good, _to_wgs84(geometries, transformer), strict=True
        ):
            parsed[code] = (name, geojson, water)
    year = _choose_year(errors, path, year, file_years)
    errors.raise_if_any()
    names = {**parent_names, **{code: name for code, (name, _, _) in parsed.items()}}
    ids = ensure_areas(names, year)
    areas = list(Area.objects.filter(id__in=[ids[c] for c in parsed]))
    for area in areas:
        _, area.geometry, area.is_water = parsed[area.code]
    Area.objects.bulk_update(areas, ["geometry", "is_water"], batch_size=500)
    return {
        "rows": features,
        "areas": len(parsed),
        "observations": 0,
        "water": sum(water for _, _, water in parsed.values()),
        "year": year,
        "crs": ", ".join(dict.fromkeys(crs_labels)),
    }


def _choose_year(
    errors: ErrorCollector,
    path: Path,
    given: int | None,
    file_years: dict[int, tuple[int, str, str]],
) -> int | None:
    """``--year``, else the one year the features state, else a year in the file name. Several
    years in one file, or ``--year`` against the file's year, are refused."""
    if len(file_years) > 1:
        first, *others = sorted(file_years.items(), key=lambda item: item[1][0])
        for other_year, (n, key, where) in others:
            errors.add(
                n,
                key,
                f"{where}object {n} hoort bij de gebiedsindeling van {other_year}, eerdere "
                f"objecten bij {first[0]}: één bestand hoort bij één jaar",
            )
        return given
    stated = next(iter(file_years.items()), None)
    if stated is not None:
        file_year, (n, key, where) = stated
        if given is not None and given != file_year:
            errors.add(
                0,
                key,
                f"het bestand hoort bij de gebiedsindeling van {file_year} (kolom {key}), maar "
                f"--year zegt {given}: laat --year weg of kies het bestand van {given}",
            )
        return file_year
    if given is not None:
        return given
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", path.name)
    if m:
        return int(m.group(1))
    errors.add(0, "", "het jaar van de gebiedsindeling is onbekend: geef --year op")
    return None
