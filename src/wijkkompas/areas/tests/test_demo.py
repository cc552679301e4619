"""The demo wijkbeeld loads, is idempotent, and gives Voorbeeldstad a map and an index; the map's
buurten tile their wijken and the wijken their municipality, with irregular, valid polygons."""

import json

import pytest
import shapely
from shapely.geometry import shape

from wijkkompas.areas import demo as areas_demo
from wijkkompas.areas import demo_geometry as demo_geometry_module
from wijkkompas.areas import index as area_index
from wijkkompas.areas.demo_geometry import demo_geometry
from wijkkompas.areas.models import Area, IndexProfile, MunicipalityProvince
from wijkkompas.areas.tests.helpers import stored


@pytest.mark.django_db
def test_demo_is_idempotent_and_complete(demo):
    areas_demo.load()
    counts = (Area.objects.count(), stored(), IndexProfile.objects.count(), provinces(), maps())
    areas_demo.load()
    assert (
        Area.objects.count(),
        stored(),
        IndexProfile.objects.count(),
        provinces(),
        maps(),
    ) == counts
    assert maps() == {
        (code, year): demo_geometry()[code] for code in demo_geometry() for year in areas_demo.YEARS
    }
    assert provinces() == [("GM9901", "PV28"), ("GM9902", "PV28")]
    buurten = Area.objects.filter(municipality_code="GM9901", level="buurt", year=2024)
    assert buurten.count() == 12 and all(b.geometry for b in buurten)
    assert all(b.predecessor and b.predecessor.year == 2023 for b in buurten)
    assert demo["oov"].tenant.__class__.objects.get(slug="voorbeeldstad").cbs_code == "GM9901"
    profile = IndexProfile.objects.get(is_example=True)
    assert profile.components.count() == 7
    result = area_index.compute(
        profile, year=2024, comparison="gemeente", municipality_code="GM9901"
    )
    ranked = [result.codes[i] for i in result.rank_order()]
    assert Area.objects.get(code=ranked[0], year=2024).name == "Nieuwland"
    tiny = result.codes.index("BU99010203")  # Bedrijventerrein De Haven, 35 inhabitants
    assert bool(result.small[tiny])
    in_province = area_index.compute(
        profile, year=2024, comparison="provincie", municipality_code="GM9901"
    )
    assert len(in_province.codes) == 18  # the buurten of Voorbeeldstad and Buurgemeente


def maps() -> dict[tuple[str, int], dict]:
    return {(a.code, a.year): a.geometry for a in Area.objects.filter(geometry__isnull=False)}


def demo_codes() -> dict[str, list[str]]:
    """Every demo area code → the codes of its parts (buurten have none)."""
    parts: dict[str, list[str]] = {}
    for gm, (_name, _slug, wijken) in areas_demo.MUNICIPALITIES.items():
        parts[gm] = list(wijken)
        for wk, (_wk_name, buurten) in wijken.items():
            parts[wk] = [f"BU{wk[2:]}{i + 1:02d}" for i in range(len(buurten))]
            parts.update({bu: [] for bu in parts[wk]})
    return parts


def test_demo_map_covers_exactly_the_demo_codes_in_the_netherlands():
    geometry = demo_geometry()
    assert set(geometry) == set(demo_codes())
    assert all(code[2:4] == "99" for code in geometry)  # the demo's own codes, never real ones
    coords = shapely.get_coordinates([shape(g) for g in geometry.values()])
    assert coords[:, 0].min() > 3.3 and coords[:, 0].max() < 7.3  # lon within the Netherlands
    assert coords[:, 1].min() > 50.7 and coords[:, 1].max() < 53.6
    assert (coords.round(6) == coords).all()  # stored to 6 decimals (~0.1 m)


def test_demo_buurten_tile_their_wijk_and_wijken_their_municipality():
    geometry = {code: shape(g) for code, g in demo_geometry().items()}
    assert all(g.is_valid and g.geom_type == "Polygon" for g in geometry.values()), [
        (c, shapely.is_valid_reason(g)) for c, g in geometry.items() if not g.is_valid
    ]
    for whole, codes in demo_codes().items():
        if not codes:
            continue
        parts = [geometry[c] for c in codes]
        # no overlaps, and neighbours share their edges vertex for vertex
        assert bool(shapely.coverage_is_valid(parts)), whole
        assert sum(p.area for p in parts) == pytest.approx(geometry[whole].area, rel=1e-9)
        assert shapely.symmetric_difference(shapely.union_all(parts), geometry[whole]).area < 1e-12
    for code, g in geometry.items():  # exterior rings counter-clockwise (RFC 7946)
        assert g.exterior.is_ccw, code
    border = geometry["GM9901"].boundary.intersection(geometry["GM9902"].boundary)
    assert border.length > 0.05  # degrees: the neighbours share several kilometres of border
    assert geometry["GM9901"].intersection(geometry["GM9902"]).area < 1e-12


def test_demo_buurten_are_irregular_and_sized_like_a_town():
    geometry = {code: shape(g) for code, g in demo_geometry().items() if code.startswith("BU")}
    for code, g in geometry.items():
        ring = shapely.get_coordinates(g.exterior)
        steps = ring[1:] - ring[:-1]
        axis_parallel = ((abs(steps[:, 0]) < 1e-9) | (abs(steps[:, 1]) < 1e-9)).mean()
        assert len(ring) > 40 and axis_parallel < 0.2, code
        assert g.area < 0.97 * g.minimum_rotated_rectangle.area, code  # no rectangle, tilted or not
    areas = sorted(g.area for g in geometry.values())
    assert areas[-1] > 8 * areas[0]  # small buurten in the centre, large ones in the countryside
    centre = [geometry[f"BU990101{i:02d}"].area for i in (1, 2, 3)]
    assert max(centre) < min(g.area for c, g in geometry.items() if c[:8] != "BU990101")


def test_demo_map_is_deterministic():
    first = json.dumps(demo_geometry(), sort_keys=True)
    assert json.dumps(demo_geometry_module.build(), sort_keys=True) == first
    assert json.dumps(demo_geometry_module.build(), sort_keys=True) == first


def provinces() -> list[tuple[str, str]]:
    return list(
        MunicipalityProvince.objects.order_by("municipality_code").values_list(
            "municipality_code", "province_code"
        )
    )
