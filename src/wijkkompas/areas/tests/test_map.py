"""The map: GeoJSON from the API (shape, simplification, rounding, cache, access, refusals), the
page's map data and legend, the background-map setting, and the year a wijkbeeld opens on."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from django.core.cache import cache
from django.test import Client, override_settings

from wijkkompas.accounts import policy
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas import charts, maps, services
from wijkkompas.areas.importers.common import ensure_areas
from wijkkompas.areas.local_counts import LocalCount, record_local_counts
from wijkkompas.areas.models import Area

FIXTURES = Path(__file__).parent / "fixtures"
PROBLEM = "application/problem+json"


def circle(lon: float, lat: float, radius: float, points: int) -> dict:
    """A detailed Polygon (a circle of ``points`` vertices): what a municipality's own map is like."""
    ring = [
        [
            lon + radius * math.cos(2 * math.pi * k / points),
            lat + radius * 0.62 * math.sin(2 * math.pi * k / points),
        ]
        for k in range(points)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


@pytest.fixture
def detailed(db):
    """Three buurten in two wijken of GM0606 (2023), each a 3,000-vertex circle."""
    cache.clear()
    names = {"BU06060101": "Oost-Noord", "BU06060102": "Oost-Zuid", "BU06060201": "West"}
    ensure_areas(names, 2023)
    for k, code in enumerate(sorted(names)):
        Area.objects.filter(code=code, year=2023).update(
            geometry=circle(4.38 + 0.03 * k, 51.92, 0.012, 3000)
        )
    return names


@pytest.fixture
def users(db):
    """A user of a municipality and one of another municipality (tenant)."""
    return UserFactory(roles=["analist"]), UserFactory()


@pytest.fixture
def analist(users, api_client_for):
    return api_client_for(users[0])


def polygons(feature: dict) -> list:
    g = feature["geometry"]
    return [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]


@pytest.mark.django_db
def test_geojson_is_a_feature_collection_with_properties(detailed, analist):
    response = analist.get("/api/v1/areas/GM0606/map?level=buurt&year=2023&zoom=14")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in data["features"]] == sorted(detailed)
    first = data["features"][0]
    assert first["type"] == "Feature" and first["id"] == "BU06060101"
    assert first["properties"] == {
        "code": "BU06060101",
        "name": "Oost-Noord",
        "level": "buurt",
        "parent": "WK060601",
        "is_water": False,
        "label_point": first["properties"]["label_point"],
    }
    for feature in data["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        assert geom.is_valid and geom.area > 0
        for polygon in polygons(feature):
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
        label = shapely.Point(feature["properties"]["label_point"])
        assert geom.buffer(1e-4).contains(label)  # labels sit inside their area
    minx, miny, maxx, maxy = data["bbox"]
    assert 4.36 < minx < maxx < 4.46 and 51.91 < miny < maxy < 51.93
    # wijken of the municipality, and the buurten of one wijk
    wijken = analist.get("/api/v1/areas/GM0606/map?level=wijk&year=2023").json()
    assert wijken["features"] == []  # no wijk geometry was stored
    one_wijk = analist.get("/api/v1/areas/WK060601/map?year=2023").json()
    assert [f["id"] for f in one_wijk["features"]] == ["BU06060101", "BU06060102"]


@pytest.mark.django_db
def test_simplification_shrinks_low_zoom_and_rounds_coordinates(detailed, analist):
    sizes, vertices = {}, {}
    for zoom in (8, 12, 16):
        response = analist.get(f"/api/v1/areas/GM0606/map?year=2023&zoom={zoom}")
        sizes[zoom] = len(response.content)
        data = response.json()
        vertices[zoom] = sum(
            len(ring) for f in data["features"] for poly in polygons(f) for ring in poly
        )
        places = maps.decimals(zoom)
        for f in data["features"]:
            for poly in polygons(f):
                for ring in poly:
                    for lon, lat in ring:
                        assert round(lon, places) == lon and round(lat, places) == lat
    assert sizes[8] < sizes[12] < sizes[16]
    stored_bytes = sum(
        len(json.dumps(g))
        for g in Area.objects.filter(year=2023).values_list("geometry", flat=True)
        if g
    )
    assert sizes[16] * 5 < stored_bytes and sizes[8] * 50 < stored_bytes
    assert vertices[8] < vertices[12] < vertices[16] <= 3 * 3001
    # zoom above the last detail step shares its answer
    above = analist.get("/api/v1/areas/GM0606/map?year=2023&zoom=20")
    assert len(above.content) == sizes[16]
    # half a pixel: the simplified shape stays within the tolerance of the original
    stored = shapely.geometry.shape(Area.objects.get(code="BU06060101", year=2023).geometry)
    low = analist.get("/api/v1/areas/GM0606/map?year=2023&zoom=8").json()["features"][0]
    drift = stored.hausdorff_distance(shapely.geometry.shape(low["geometry"]))
    assert drift <= maps.tolerance(8, 51.92) * 1.5


@pytest.mark.django_db
def test_repeated_requests_come_from_the_cache_until_the_geometry_changes(detailed, analist):
    url = "/api/v1/areas/GM0606/map?year=2023&zoom=12"
    first = analist.get(url)
    etag = first["ETag"]
    assert cache.get(f"areas:map:{etag.strip(chr(34))}") is not None
    again = analist.get(url)
    assert again["ETag"] == etag and again.content == first.content
    assert analist.get(url, headers={"If-None-Match": etag}).status_code == 304
    # a new geometry (an import) changes the answer and its tag, without any invalidation
    Area.objects.filter(code="BU06060101", year=2023).update(geometry=circle(4.5, 51.9, 0.01, 50))
    changed = analist.get(url)
    assert changed["ETag"] != etag and changed.content != first.content
    # so does a rename
    Area.objects.filter(code="BU06060101", year=2023).update(name="Oost-Noord (nieuw)")
    renamed = analist.get(url)
    assert renamed["ETag"] != changed["ETag"] and "Oost-Noord (nieuw)" in renamed.content.decode()


@pytest.mark.django_db
def test_water_areas_are_flagged(detailed, analist):
    Area.objects.filter(code="BU06060201", year=2023).update(is_water=True)
    data = analist.get("/api/v1/areas/GM0606/map?year=2023").json()
    water = {f["id"]: f["properties"]["is_water"] for f in data["features"]}
    assert water == {"BU06060101": False, "BU06060102": False, "BU06060201": True}


@pytest.mark.django_db
def test_access_follows_the_area_policy(detailed, users, api_client_for, client_for):
    url = "/api/v1/areas/GM0606/map?year=2023"
    anonymous = Client().get(url)
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == PROBLEM
    assert anonymous.json()["title"] == "Niet ingelogd"
    # area data is aggregate and open to every logged-in user, of any tenant (not tenant-scoped)
    assert not policy.RULES[("area", "view")].tenant_scoped
    own, other = users
    assert own.tenant_id != other.tenant_id
    other_tenant = api_client_for(other).get(url)
    assert other_tenant.status_code == 200 and len(other_tenant.json()["features"]) == 3
    session = client_for(own).get(url)  # the page's own fetch: the browser session
    assert session.status_code == 200
    assert "area_map" not in policy.PUBLIC_API_OPERATIONS


BAD = [
    ("/api/v1/areas/GM0606/map?zoom=99", 422, "zoom: mag hoogstens"),
    ("/api/v1/areas/GM0606/map?zoom=-1", 422, "zoom: moet minstens"),
    ("/api/v1/areas/GM0606/map?zoom=veel", 422, "Ongeldige invoer"),
    ("/api/v1/areas/GM0606/map?year=twee", 422, "Ongeldige invoer"),
    ("/api/v1/areas/GM0606/map?level=gemeente", 422, "kies uit 'wijk' of 'buurt'"),
    ("/api/v1/areas/GM0606/map?level=", 422, "kies uit 'wijk' of 'buurt'"),
    ("/api/v1/areas/GM0606/map?level=wijk&level=buurt", 422, "level: kies uit"),  # sent twice
    ("/api/v1/areas/WK060601/map?level=wijk", 422, "kies buurt"),
    # the path only takes a gemeente- or wijkcode (the document's pattern)
    ("/api/v1/areas/BU06060101/map", 422, "code: heeft niet de vorm"),
    ("/api/v1/areas/NL00/map", 422, "code: heeft niet de vorm"),
    ("/api/v1/areas/XYZ/map", 422, "code: heeft niet de vorm"),
    ("/api/v1/areas/GM9999/map", 404, "Niet gevonden"),
]


@pytest.mark.django_db
def test_bad_parameters_get_a_dutch_problem(detailed, analist):
    for url, status, words in BAD:
        response = analist.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"] == PROBLEM, url
        body = response.json()
        assert body["status"] == status and words in body["title"] + body.get("detail", ""), url


@pytest.mark.django_db
def test_without_figures_the_map_uses_the_latest_division(detailed, analist):
    # geometry imported before any figures: the map still draws (2023 is the only division)
    data = analist.get("/api/v1/areas/GM0606/map").json()
    assert len(data["features"]) == 3


def test_legend_classes_in_dutch_number_format():
    areas = [charts.MapArea(f"BU{i:08d}", v, charts.fmt(v)) for i, v in enumerate(range(10))]
    areas.append(charts.MapArea("BU99999999", 1234.5, "1.234,5"))
    areas.append(charts.MapArea("BU99999998", None, "afgeschermd"))
    values, legend = charts.map_classes(areas, unit="buurten")
    assert [e["text"] for e in legend] == [
        "0 tot en met 2",
        "boven 2 tot en met 4",
        "boven 4 tot en met 6",
        "boven 6 tot en met 8",
        "boven 8 tot en met 1.234,5",
        "geen cijfer of afgeschermd",
    ]
    assert sum(e["count"] for e in legend) == 12
    assert values["BU99999998"] == {"text": "afgeschermd", "colour": charts.NO_DATA}
    assert values["BU99999999"]["colour"] == charts.PALETTE[-1]
    # few distinct values give fewer classes, never an empty one
    _, two = charts.map_classes([charts.MapArea("a", 1.5, "1,5"), charts.MapArea("b", 2.4, "")])
    assert [e["text"] for e in two] == ["1,5", "boven 1,5 tot en met 2,4"]
    assert all(e["count"] == 1 for e in two)


@pytest.fixture
def schiedam(db):
    for kind, name in (
        ("cbs", "85618NED_kerncijfers_wijken_buurten_2023.csv"),
        ("geometry", "geometry_schiedam_2023.geojson"),
    ):
        services.import_file(actor=policy.SYSTEM, kind=kind, path=FIXTURES / name)
    cache.clear()
    return services.ensure_example_profile(actor=policy.SYSTEM)


@pytest.mark.django_db
def test_overview_carries_the_map_data_and_legend(schiedam, client_for, users):
    client = client_for(users[0])
    html = client.get("/wijkbeeld/?gemeente=GM0606").content.decode()
    assert "data-area-map" in html
    assert 'data-geojson-url="/api/v1/areas/GM0606/map?level=buurt&amp;year=2023"' in html
    assert 'data-area-url="/wijkbeeld/gebied/CODE/?jaar=2023"' in html
    assert "areas/vendor/leaflet/leaflet.js" in html and "areas/map.js" in html
    assert "data-background-url" not in html  # off by default: no tile requests
    values = json.loads(html.split('id="kaart-waarden" type="application/json">')[1].split("<")[0])
    assert "BU06060101" in values and values["BU06060101"]["colour"].startswith("#")
    assert values["BU06060103"]["text"] == "afgeschermd"  # 30 inhabitants
    assert "tot en met" in html and 'data-map-code="BU06060101"' in html
    # the buurt page: its own buurt on a small map among its neighbours
    page = client.get("/wijkbeeld/gebied/BU06060101/").content.decode()
    assert 'data-focus="BU06060101"' in page and "area-map-small" in page
    # an area without geometry gets no empty map
    bare = client.get("/wijkbeeld/gebied/BU06060202/").content.decode()
    assert "data-area-map" not in bare


@pytest.mark.django_db
def test_background_map_only_when_configured(schiedam, client_for, users):
    url = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
    with override_settings(BACKGROUND_MAP_URL=url):
        html = client_for(users[0]).get("/wijkbeeld/?gemeente=GM0606").content.decode()
    assert f'data-background-url="{url}"' in html
    assert "BRT-Achtergrondkaart © Kadaster" in html


def _csp_img_src(env: dict) -> list:
    code = "import wijkkompas.settings as s, json; print(json.dumps(s.SECURE_CSP['img-src']))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(out.stdout) if out.returncode == 0 else [out.stderr]


def test_csp_allows_the_background_host_only_when_set(tmp_path):
    base = {"WIJKKOMPAS_DATA_DIR": str(tmp_path)}
    assert _csp_img_src({**base, "WIJKKOMPAS_BACKGROUND_MAP_URL": ""}) == ["'self'", "data:"]
    tiles = "https://{s}.tiles.example.nl/{z}/{x}/{y}.png"
    assert _csp_img_src({**base, "WIJKKOMPAS_BACKGROUND_MAP_URL": tiles}) == [
        "'self'",
        "data:",
        "https://*.tiles.example.nl",
    ]
    refused = _csp_img_src({**base, "WIJKKOMPAS_BACKGROUND_MAP_URL": "ftp://kaart"})
    assert "WIJKKOMPAS_BACKGROUND_MAP_URL" in refused[0]


@pytest.mark.django_db
def test_wijkbeeld_opens_on_the_latest_year_with_cbs_figures(schiedam, client_for, users):
    # this year's signal counts arrive before CBS publishes the year
    record_local_counts(
        actor=policy.SYSTEM,
        rows=[LocalCount("BU06060101", "2026", "signalen_totaal", 12, name="Signalen (totaal)")],
        source_label="Signalen test 2026",
    )
    client = client_for(users[0])
    html = client.get("/wijkbeeld/?gemeente=GM0606").content.decode()
    assert '<option value="2023" selected>2023</option>' in html
    assert '<option value="2026">2026 (alleen lokale tellingen)</option>' in html
    assert "Buurten van Schiedam in 2023" in html
    # asked for, the local year still opens (and says what it holds)
    local = client.get("/wijkbeeld/?gemeente=GM0606&jaar=2026").content.decode()
    assert '<option value="2026" selected>2026 (alleen lokale tellingen)</option>' in local
    # the area page and the API default the same way
    area = client.get("/wijkbeeld/gebied/BU06060101/").content.decode()
    assert '<option value="2023" selected>2023</option>' in area
    scores = client.get(f"/api/v1/index-profiles/{schiedam.pk}/scores?municipality=GM0606")
    assert scores.json()["year"] == 2023
    assert client.get("/api/v1/areas/GM0606/map").json()["features"]
