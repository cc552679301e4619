"""Reading the feature layers of a GeoPackage (the CBS wijk- en buurtkaart as PDOK publishes it)
without writing anything next to the file.

Why not ``mode=ro``: a GeoPackage saved by QGIS/GDAL is often in WAL mode, and SQLite opens a
WAL database read-only only by creating ``-shm``/``-wal`` files beside it, which fails in a
read-only folder ("attempt to write a readonly database") and litters a shared one. With
``immutable=1`` SQLite reads the main file as it is and writes nothing. Only when a non-empty
``-wal`` file lies beside it (changes not yet checkpointed into the main file) do we copy both to
a temporary folder and open the copy, so those changes are read too."""

from __future__ import annotations

import re
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

POLYGONAL = {"POLYGON", "MULTIPOLYGON", "GEOMETRY", "MULTISURFACE", "CURVEPOLYGON", ""}
# GeoPackage binary header: envelope size in bytes by the envelope indicator (flags bits 1-3).
_ENVELOPE = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


@dataclass
class Feature:
    properties: dict
    geometry: shapely.Geometry | None = None
    error: str = ""  # why the geometry could not be read (Dutch)


@dataclass
class Layer:
    name: str  # the layer (table) name; "" for a GeoJSON file
    crs: CRS | None  # None: not stated in the file
    features: list[Feature] = field(default_factory=list)
    crs_error: str = ""


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        with tempfile.TemporaryDirectory(prefix="wijkkompas-gpkg-") as tmp:
            copy = Path(tmp) / path.name
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
            con = sqlite3.connect(copy)
            try:
                yield con
            finally:
                con.close()
        return
    con = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        yield con
    finally:
        con.close()


def geometry_from_blob(blob: bytes) -> shapely.Geometry:
    """GeoPackage binary: 'GP', version, flags (bit 0 byte order, bits 1-3 envelope, bit 4
    empty), srs id, envelope, then standard WKB. Raises ValueError (Dutch) when unreadable."""
    if not isinstance(blob, bytes | bytearray | memoryview) or bytes(blob[:2]) != b"GP":
        raise ValueError("geen GeoPackage-geometrie")
    blob = bytes(blob)
    flags = blob[3]
    if flags & 0x10:
        raise ValueError("de geometrie is leeg")
    envelope = _ENVELOPE.get((flags >> 1) & 0x07)
    if envelope is None:
        raise ValueError("ongeldige GeoPackage-geometriekop")
    try:
        return shapely.from_wkb(blob[8 + envelope :])
    except shapely.errors.ShapelyError as exc:
        raise ValueError(f"de WKB-geometrie is niet te lezen ({exc})") from exc


def _crs_of(con: sqlite3.Connection, srs_id: int | None) -> tuple[CRS | None, str]:
    """The layer's CRS from gpkg_spatial_ref_sys (organisation code, else its WKT); srs id 0
    (undefined geographic) is WGS84, -1 (undefined cartesian) and a missing table leave it to
    the coordinates (None) or, for a missing table, to the usual EPSG numbering."""
    if srs_id is None or srs_id == -1:
        return None, ""
    if srs_id == 0:
        return CRS.from_user_input("OGC:CRS84"), ""
    try:
        row = con.execute(
            "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys "
            "WHERE srs_id = ?",
            (srs_id,),
        ).fetchone()
    except sqlite3.Error:
        row = None
    try:
        if row is None:
            return CRS.from_epsg(srs_id), ""
        org, org_id, definition = row
        if org and str(org).upper() != "NONE" and org_id is not None and int(org_id) > 0:
            try:
                return CRS.from_authority(str(org).upper(), int(org_id)), ""
            except CRSError:
                pass
        return CRS.from_wkt(definition), ""
    except (CRSError, TypeError, ValueError):
        return None, f"het coördinatenstelsel (srs_id {srs_id}) is onbekend"


def read_layers(path: Path) -> list[Layer]:
    """Every polygon feature layer of the GeoPackage with its features (properties as stored,
    geometry as a shapely geometry). Raises ValueError / sqlite3.Error for an unreadable file."""
    with _connect(path) as con:
        columns = {r[1] for r in con.execute("PRAGMA table_info(gpkg_geometry_columns)")}
        if not columns:
            raise ValueError("dit is geen GeoPackage (de tabel gpkg_geometry_columns ontbreekt)")
        kind = ", g.geometry_type_name" if "geometry_type_name" in columns else ", ''"
        rows = con.execute(
            f"SELECT g.table_name, g.column_name, g.srs_id{kind} FROM gpkg_geometry_columns g "  # noqa: S608 - fixed text
            "JOIN gpkg_contents c ON c.table_name = g.table_name "
            "WHERE c.data_type = 'features' ORDER BY g.table_name"
        ).fetchall()
        layers = []
        for table, column, srs_id, geometry_type in rows:
            if str(geometry_type or "").upper() not in POLYGONAL:
                continue  # a point or line layer holds no areas
            if not re.match(r"^\w+$", table) or not re.match(r"^\w+$", column):
                raise ValueError(f"onverwachte tabelnaam in de GeoPackage: {table!r}")
            crs, crs_error = _crs_of(con, srs_id)
            layer = Layer(name=table, crs=crs, crs_error=crs_error)
            cursor = con.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - name checked above
            names = [d[0] for d in cursor.description]
            for values in cursor:
                props = dict(zip(names, values, strict=True))
                blob = props.pop(column)
                feature = Feature(properties=props)
                if blob is None:
                    feature.error = "heeft geen geometrie"
                else:
                    try:
                        feature.geometry = geometry_from_blob(blob)
                    except (ValueError, struct.error, IndexError) as exc:
                        feature.error = str(exc)
                layer.features.append(feature)
            layers.append(layer)
    if not layers:
        raise ValueError("geen laag met vlakken (Polygon/MultiPolygon) in deze GeoPackage")
    return layers
