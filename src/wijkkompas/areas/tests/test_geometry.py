"""Geometry import on the files users have: the PDOK GeoPackage (read-only, WAL mode), CBS
shapefile attributes as GeoJSON, a municipality's own map with the CBS code beside its own ids;
codes found by their values, names, year, water, pyproj, refusals, option order on the CLI."""

import json
import os
import shutil
import sqlite3
import struct
from pathlib import Path

import pytest
import shapely
from django.core.management import CommandError, call_command
from pyproj import Geod, Transformer

from wijkkompas.accounts import policy
from wijkkompas.areas import index as area_index
from wijkkompas.areas import services, store
from wijkkompas.areas.catalogue import Entry
from wijkkompas.areas.importers.common import ImportRefused, ensure_indicators
from wijkkompas.areas.models import Area, IndexComponent, IndexProfile
from wijkkompas.conftest import REAL_DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures"
AMSTERDAM = FIXTURES / "geometry_amsterdam_buurten.geojson"
CBS_WIJKEN = FIXTURES / "geometry_cbs_wijken_rd.geojson"
REAL = REAL_DATA_DIR / "geometry"
ERMELO = REAL / "Tauvic-BuurtKaart" / "CBS_buurten.gpkg"
DEN_HAAG = REAL / "elan-dcc-wijkprofielen" / "wijkgeo_file.json"
AMSTERDAM_REAL = REAL / "vl09-amsterdam" / "buurten.geojson"
RD_TO_WGS84 = Transformer.from_crs(28992, "OGC:CRS84", always_xy=True)
GEOD = Geod(ellps="WGS84")
RD_WKT = (
    'PROJCS["Amersfoort / RD New",GEOGCS["Amersfoort",DATUM["Amersfoort",SPHEROID["Bessel 1841",'
    '6377397.155,299.1528128]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],'
    'PROJECTION["Oblique_Stereographic"],AUTHORITY["EPSG","28992"]]'
)
# PDOK wijk- en buurtkaart columns (as in the real CBS_buurten.gpkg), a few buurten of a made-up
# municipality GM9999 in RD New; one water buurt without a name, as CBS publishes them.
PDOK_BUURTEN = [
    ("BU99990001", " Centrum ", "WK999900", None, "GM9999", " Testdorp ", "NEE", 155000, 463000),
    ("BU99990002", "Buitengebied", "WK999900", None, "GM9999", "Testdorp", "NEE", 156000, 463000),
    ("BU99999997", None, "WK999999", None, "GM9999", "Testdorp", "JA", 157000, 463000),
]


def run(path, **kw):
    return services.import_file(actor=policy.SYSTEM, kind="geometry", path=path, **kw)


def area(code, year):
    return Area.objects.get(code=code, year=year)


def vertices(geometry):
    return shapely.get_coordinates(shapely.geometry.shape(geometry))


def in_netherlands(geometry) -> bool:
    xy = vertices(geometry)
    return bool(((3.2 < xy[:, 0]) & (xy[:, 0] < 7.3) & (50.7 < xy[:, 1]) & (xy[:, 1] < 53.6)).all())


def gp_blob(geometry, srs_id=28992) -> bytes:
    """GeoPackage binary with an xy envelope (flags 0b0010 + little endian), as GDAL writes it."""
    minx, miny, maxx, maxy = geometry.bounds
    header = b"GP" + bytes([0, 0b00000011]) + struct.pack("<i", srs_id)
    return header + struct.pack("<4d", minx, maxx, miny, maxy) + shapely.to_wkb(geometry)


def make_pdok_gpkg(path: Path, rows=PDOK_BUURTEN, year="2021", wal=True) -> Path:
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode=WAL")
    con.executescript(
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, "
        "organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT);"
        "CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, srs_id INTEGER);"
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, "
        "geometry_type_name TEXT, srs_id INTEGER, z TINYINT, m TINYINT);"
        'CREATE TABLE "buurten" (fid INTEGER PRIMARY KEY, geom MULTIPOLYGON, buurtcode TEXT, '
        "buurtnaam TEXT, wijkcode TEXT, wijknaam TEXT, gemeentecode TEXT, gemeentenaam TEXT, "
        "water TEXT, aantal_inwoners MEDIUMINT, jaarstatcode TEXT);"
    )
    con.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', 28992, 'EPSG', 28992, ?, '')",
        (RD_WKT,),
    )
    con.execute("INSERT INTO gpkg_contents VALUES ('buurten', 'features', 28992)")
    con.execute(
        "INSERT INTO gpkg_geometry_columns VALUES ('buurten', 'geom', 'MULTIPOLYGON', 28992, 0, 0)"
    )
    for code, name, wk, wk_name, gm, gm_name, water, x, y in rows:
        square = shapely.MultiPolygon(
            [shapely.Polygon([(x, y), (x + 900, y), (x + 900, y + 900), (x, y + 900)])]
        )
        con.execute(
            "INSERT INTO buurten (geom, buurtcode, buurtnaam, wijkcode, wijknaam, gemeentecode, "
            "gemeentenaam, water, aantal_inwoners, jaarstatcode) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (gp_blob(square), code, name, wk, wk_name, gm, gm_name, water, -99999999, year + code),
        )
    con.commit()
    con.close()
    return path


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder made read-only after the test puts its files in; its listing is checked after."""
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    yield folder
    os.chmod(folder, 0o755)  # noqa: S103 - back to the usual, for cleanup


def freeze(folder: Path) -> set[str]:
    for f in folder.iterdir():
        os.chmod(f, 0o444)
    os.chmod(folder, 0o555)  # noqa: S103 - read-only for everyone
    return {f.name for f in folder.iterdir()}


# --- the real files ---------------------------------------------------------------------------


def real(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"real data not present: {path}")
    return path


@pytest.mark.django_db
def test_real_ermelo_geopackage_read_only_wal(read_only_dir):
    source = real(ERMELO)
    copy = read_only_dir / source.name
    shutil.copyfile(source, copy)
    assert copy.read_bytes()[18:20] == b"\x02\x02"  # WAL mode in the header
    before = freeze(read_only_dir)
    counts = run(copy)  # no --year: 2021 from jaarstatcode
    assert {f.name for f in read_only_dir.iterdir()} == before  # no -shm / -wal written
    assert counts["year"] == 2021 and counts["areas"] == 17 and counts["water"] == 1
    assert counts["crs"] == "RD New (EPSG:28992)"
    buurten = Area.objects.filter(year=2021, level="buurt")
    assert buurten.count() == 17
    assert area("GM0233", 2021).name == "Ermelo"
    assert area("BU02330001", 2021).name == "Ermelo-Oost"
    assert list(buurten.filter(is_water=True).values_list("code", flat=True)) == ["BU02339997"]
    assert all(in_netherlands(b.geometry) for b in buurten)
    # the stored vertices are pyproj's transform of the file's own RD coordinates
    con = sqlite3.connect(f"{source.resolve().as_uri()}?immutable=1", uri=True)
    blob = con.execute("SELECT geom FROM CBS_Buurten WHERE buurtcode = 'BU02330001'").fetchone()[0]
    con.close()
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    x, y = shapely.get_coordinates(shapely.from_wkb(blob[8 + envelope :]))[0]
    lon, lat = RD_TO_WGS84.transform(x, y)
    stored_lon, stored_lat = vertices(area("BU02330001", 2021).geometry)[0]
    assert stored_lon == pytest.approx(lon, abs=1e-6) and stored_lat == pytest.approx(lat, abs=1e-6)
    assert 5.5 < stored_lon < 5.8 and 52.2 < stored_lat < 52.4  # Ermelo


@pytest.mark.django_db
def test_real_den_haag_wijken_shapefile_attributes():
    path = real(DEN_HAAG)
    counts = run(path, year=2023)
    assert counts["areas"] == 72 and counts["crs"] == "WGS84" and counts["water"] == 2
    wijken = Area.objects.filter(year=2023, level="wijk")
    assert wijken.count() == 72
    assert area("WK051801", 2023).name == "Wijk 01 Oostduinen"
    assert set(wijken.filter(is_water=True).values_list("code", flat=True)) == {
        "WK051899",
        "WK062999",
    }
    assert not area("WK051840", 2023).is_water  # "Wijk 40 Wateringse Veld" is land
    for wijk in wijken:
        xy = vertices(wijk.geometry)
        assert (4.18 < xy[:, 0]).all() and (xy[:, 0] < 4.50).all()
        assert (52.01 < xy[:, 1]).all() and (xy[:, 1] < 52.20).all()


@pytest.mark.django_db
def test_real_amsterdam_own_map_with_cbs_code():
    path = real(AMSTERDAM_REAL)
    with pytest.raises(ImportRefused, match="het jaar van de gebiedsindeling is onbekend"):
        run(path)
    counts = run(path, year=2024)
    assert counts["areas"] == 518 and counts["water"] == 0
    assert Area.objects.filter(year=2024, level="buurt").count() == 518
    first = area("BU0363AA01", 2024)
    assert first.name == "Planciusbuurt-Noord" and first.parent.code == "WK0363AA"
    assert first.parent.parent.code == "GM0363"
    assert not Area.objects.filter(code__in=["AA01", "AC03"]).exists()
    xy = vertices(first.geometry)
    assert (4.8 < xy[:, 0]).all() and (xy[:, 0] < 5.0).all() and (52.3 < xy[:, 1]).all()
    assert all(in_netherlands(b.geometry) for b in Area.objects.filter(year=2024, level="buurt"))


# --- small fixtures in each form ----------------------------------------------------------------


def test_pyproj_matches_the_amersfoort_reference_point():
    """RD's origin (155000, 463000) is 52.15517440 N, 5.38720621 E (RDNAPTRANS, ETRS89);
    pyproj's WGS84 lies within half a metre of it (the ETRS89/WGS84 difference)."""
    lon, lat = RD_TO_WGS84.transform(155000, 463000)
    _, _, metres = GEOD.inv(lon, lat, 5.38720621, 52.15517440)
    assert metres < 0.5


@pytest.mark.django_db
def test_pdok_geopackage_fixture_year_names_water_and_no_files_written(read_only_dir):
    path = make_pdok_gpkg(read_only_dir / "wijkenbuurten.gpkg")
    before = freeze(read_only_dir)
    counts = run(path)
    assert {f.name for f in read_only_dir.iterdir()} == before
    assert counts["year"] == 2021 and counts["areas"] == 3 and counts["water"] == 1
    assert area("GM9999", 2021).name == "Testdorp"  # trimmed, from gemeentenaam
    assert area("BU99990001", 2021).name == "Centrum"
    assert area("BU99999997", 2021).is_water and not area("BU99990001", 2021).is_water
    # the first vertex is RD's origin, Amersfoort: pyproj's transform of it
    lon, lat = vertices(area("BU99990001", 2021).geometry)[0]
    expected = RD_TO_WGS84.transform(155000, 463000)
    assert (lon, lat) == pytest.approx(expected, abs=1e-6)
    assert area("BU99990001", 2021).geometry["type"] == "MultiPolygon"
    run(path)  # idempotent
    assert Area.objects.filter(year=2021).count() == 1 + 2 + 3
    assert Area.objects.filter(year=2021, is_water=True).count() == 1


@pytest.mark.django_db
def test_geopackage_with_pending_wal_is_read_from_a_copy(tmp_path):
    """Changes still in a -wal file beside the GeoPackage are read (from a temporary copy)."""
    path = make_pdok_gpkg(tmp_path / "kaart.gpkg")
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE buurten SET buurtnaam = 'Nieuw Centrum' WHERE buurtcode = 'BU99990001'")
    writer.commit()
    saved = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    writer.close()  # closing checkpoints; put the un-checkpointed state back
    for name, data in saved.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "kaart.gpkg-shm").unlink(missing_ok=True)
    assert (tmp_path / "kaart.gpkg-wal").stat().st_size > 0
    run(path)
    assert area("BU99990001", 2021).name == "Nieuw Centrum"


@pytest.mark.django_db
def test_cbs_shapefile_attributes_in_rd_new():
    counts = run(CBS_WIJKEN)
    assert counts["year"] == 2023 and counts["crs"] == "RD New (EPSG:28992)"
    assert area("WK051801", 2023).name == "Wijk 01 Oostduinen"
    assert area("GM0518", 2023).name == "'s-Gravenhage"
    assert area("WK051899", 2023).is_water and not area("WK051802", 2023).is_water
    xy = vertices(area("WK051801", 2023).geometry)
    assert (4.2 < xy[:, 0]).all() and (xy[:, 0] < 4.4).all() and (52.0 < xy[:, 1]).all()


@pytest.mark.django_db
def test_any_case_keys_and_water_by_name_when_no_flag(tmp_path):
    data = json.loads(CBS_WIJKEN.read_text())
    for feature in data["features"]:
        props = feature["properties"]
        feature["properties"] = {"wk_code": props["WK_CODE"], "Wk_Naam": props["WK_NAAM"]}
    path = tmp_path / "wijken.geojson"
    path.write_text(json.dumps(data))
    run(path, year=2023)
    assert area("WK051899", 2023).name == "Groot water" and area("WK051899", 2023).is_water
    assert not area("WK051801", 2023).is_water


@pytest.mark.django_db
def test_municipal_map_code_recognised_by_its_values():
    counts = run(AMSTERDAM, year=2024)
    assert counts["areas"] == 3 and counts["crs"] == "WGS84"
    assert sorted(Area.objects.filter(level="buurt").values_list("code", "name")) == [
        ("BU0363AA01", "Planciusbuurt-Noord"),
        ("BU0363AA02", "Westelijke eilanden"),
        ("BU0363AA03", "Westerdokseiland"),
    ]


@pytest.mark.django_db
def test_year_from_file_against_year_option_is_refused(tmp_path):
    path = make_pdok_gpkg(tmp_path / "buurten.gpkg")
    with pytest.raises(ImportRefused) as refused:
        run(path, year=2023)
    assert len(refused.value.errors) == 1
    assert (
        "buurten.gpkg, kopregel, kolom jaarstatcode: het bestand hoort bij de gebiedsindeling "
        "van 2021 (kolom jaarstatcode), maar --year zegt 2023" in refused.value.message
    )
    assert not Area.objects.exists()
    run(path, year=2021)  # the same year is fine
    assert Area.objects.filter(year=2021, level="buurt").count() == 3


@pytest.mark.django_db
def test_two_years_in_one_file_is_refused(tmp_path):
    data = json.loads(CBS_WIJKEN.read_text())
    data["features"][2]["properties"]["JAAR"] = 2022
    data["features"][2]["properties"]["JRSTATCODE"] = "2022WK051899"
    path = tmp_path / "wijken.geojson"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportRefused, match=r"rij 3, kolom JRSTATCODE: object 3 hoort bij .* 2022"):
        run(path)


@pytest.mark.django_db
def test_refusal_names_file_feature_and_field_and_counts_every_error(tmp_path):
    data = json.loads(AMSTERDAM.read_text())
    extra = [json.loads(json.dumps(data["features"][0])) for _ in range(3)]
    data["features"][1]["properties"]["cbsCode"] = "BU0363AA2"  # one character short
    del data["features"][2]["properties"]["cbsCode"]
    extra[0]["geometry"] = {"type": "Point", "coordinates": [4.88, 52.38]}
    extra[0]["properties"]["cbsCode"] = "BU0363AA04"
    extra[1]["properties"]["cbsCode"] = "BU0363AA05"
    extra[1]["geometry"]["coordinates"] = [[[4.88, 52.38], [4.89, 52.38]]]  # no ring
    # extra[2] repeats feature 1's code
    data["features"].extend(extra)
    path = tmp_path / "gebieden.geojson"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportRefused) as refused:
        run(path, year=2024)
    message = refused.value.message
    assert len(refused.value.errors) == 5
    assert (
        "gebieden.geojson, rij 2, kolom cbsCode: object 2: 'BU0363AA2' is geen CBS-gebiedscode"
        in message
    )
    assert (
        "gebieden.geojson, rij 3, kolom cbsCode: object 3 heeft geen gebiedscode in cbsCode"
        in message
    )
    assert (
        "rij 4, kolom geometry: object 4 (BU0363AA04) heeft geen (Multi)Polygon-geometrie maar Point"
        in message
    )
    assert "rij 5, kolom geometry: object 5 (BU0363AA05) heeft een onleesbare geometrie" in message
    assert "rij 6, kolom cbsCode: code BU0363AA01 komt twee keer voor" in message
    assert not Area.objects.exists()


@pytest.mark.django_db
def test_unreadable_files_are_refused_in_dutch(tmp_path):
    bad = tmp_path / "kapot.gpkg"
    bad.write_bytes(b"dit is geen sqlite-bestand" * 10)
    with pytest.raises(
        ImportRefused, match=r"kapot\.gpkg, kopregel: het bestand is niet te lezen: geen GeoPackage"
    ):
        run(bad, year=2023)
    broken = tmp_path / "kapot.geojson"
    broken.write_text('{"type": "FeatureCollection",\n "features": [}')
    with pytest.raises(ImportRefused, match=r"geen geldige GeoJSON \(JSON-fout op regel 2"):
        run(broken, year=2023)
    data = json.loads(AMSTERDAM.read_text())
    data["crs"] = {"type": "name", "properties": {"name": "EPSG:999999"}}
    unknown = tmp_path / "onbekend.geojson"
    unknown.write_text(json.dumps(data))
    with pytest.raises(ImportRefused, match="kolom crs: het coördinatenstelsel 'EPSG:999999'"):
        run(unknown, year=2024)
    nocodes = tmp_path / "zonder.geojson"
    for feature in data["features"]:
        feature["properties"].pop("cbsCode")
    data.pop("crs")
    nocodes.write_text(json.dumps(data))
    with pytest.raises(ImportRefused, match="geen eigenschap met CBS-gebiedscodes gevonden"):
        run(nocodes, year=2024)


@pytest.mark.django_db
def test_cli_options_before_or_after_the_file():
    call_command("areas", "import", "geometry", "--year", "2024", str(AMSTERDAM))
    assert Area.objects.filter(year=2024, level="buurt").count() == 3
    call_command("areas", "import", "geometry", str(AMSTERDAM), "--year", "2025")
    assert Area.objects.filter(year=2025, level="buurt").count() == 3
    call_command("areas", "import", "--year", "2026", "geometry", str(AMSTERDAM))
    assert Area.objects.filter(year=2026, level="buurt").count() == 3
    with pytest.raises(CommandError, match="--year zegt 2020"):
        call_command("areas", "import", "geometry", "--year", "2020", str(CBS_WIJKEN))
    with pytest.raises(CommandError, match="Geef óf een bestand óf --table"):
        call_command("areas", "import", "geometry", "--table", "85984NED", str(AMSTERDAM))


@pytest.mark.django_db
def test_index_leaves_water_buurten_out(tmp_path):
    run(make_pdok_gpkg(tmp_path / "buurten.gpkg"))
    ids = ensure_indicators(
        {
            "AantalInwoners_5": Entry("Inwoners", "aantal", "aantal"),
            "A_1": Entry("A", "%", "verhouding"),
        },
        source="cbs",
        source_detail="test",
    )
    areas = {a.code: a.id for a in Area.objects.filter(year=2021, level="buurt")}
    rows = []
    for n, area_id in enumerate(areas.values(), start=1):
        rows.append((area_id, ids["AantalInwoners_5"], "2021", 2021, 1000.0, "ok"))
        rows.append((area_id, ids["A_1"], "2021", 2021, 10.0 * n, "ok"))
    store.write_cells(rows, replacing=(list(areas.values()), list(ids.values()), ["2021"]))
    profile = IndexProfile.objects.create(name="Test", level="buurt")
    IndexComponent.objects.create(profile=profile, indicator_id=ids["A_1"], weight=1)
    result = area_index.compute(profile, year=2021, municipality_code="GM9999")
    assert sorted(result.codes) == ["BU99990001", "BU99990002"]
    assert areas["BU99999997"] not in set(result.area_ids.tolist())
