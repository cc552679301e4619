"""The demo wijkbeeld loads, is idempotent, and gives Voorbeeldstad a map and an index."""

import pytest

from wijkkompas.areas import demo as areas_demo
from wijkkompas.areas import index as area_index
from wijkkompas.areas.models import Area, IndexProfile, MunicipalityProvince
from wijkkompas.areas.tests.helpers import stored


@pytest.mark.django_db
def test_demo_is_idempotent_and_complete(demo):
    areas_demo.load()
    counts = (Area.objects.count(), stored(), IndexProfile.objects.count(), provinces())
    areas_demo.load()
    assert (
        Area.objects.count(),
        stored(),
        IndexProfile.objects.count(),
        provinces(),
    ) == counts
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


def provinces() -> list[tuple[str, str]]:
    return list(
        MunicipalityProvince.objects.order_by("municipality_code").values_list(
            "municipality_code", "province_code"
        )
    )
