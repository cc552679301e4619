"""The index math against a hand-computed case (z-score and percentile rank)."""

import math

import pytest

from wijkkompas.areas import index as area_index
from wijkkompas.areas import store
from wijkkompas.areas.catalogue import Entry
from wijkkompas.areas.importers.common import ensure_areas, ensure_indicators
from wijkkompas.areas.importers.provinces import import_file as import_provinces
from wijkkompas.areas.models import Area, IndexComponent, IndexProfile, Indicator

# buurt: (inhabitants, A rate, B count)
DATA = {
    "BU00010001": (1000, 10.0, 1.0),
    "BU00010002": (2000, 20.0, 4.0),
    "BU00010003": (4000, 30.0, 4.0),
    "BU00010004": (10, 99.0, 9.0),  # under the minimum population: left out
    "BU00010005": (3000, None, None),  # no figures: no score
}


@pytest.fixture
def profile(db):
    ids = ensure_indicators(
        {
            "AantalInwoners": Entry("Inwoners", "aantal", "aantal"),
            "A_1": Entry("A", "%", "verhouding"),
            "B_2": Entry("B", "aantal", "aantal"),
        },
        source="cbs",
        source_detail="test",
    )
    areas = ensure_areas(dict.fromkeys(DATA, ""), 2023)
    rows = []
    for code, (pop, a, b) in DATA.items():
        rows.append((areas[code], ids["AantalInwoners"], "2023", 2023, float(pop), "ok"))
        if a is not None:
            rows.append((areas[code], ids["A_1"], "2023", 2023, a, "ok"))
        if b is not None:
            rows.append((areas[code], ids["B_2"], "2023", 2023, b, "ok"))
    store.write_cells(rows, replacing=(list(areas.values()), list(ids.values()), ["2023"]))
    p = IndexProfile.objects.create(name="Test", level="buurt")
    IndexComponent.objects.create(
        profile=p, indicator_id=ids["A_1"], weight=2, direction="hoger_slechter"
    )
    IndexComponent.objects.create(
        profile=p,
        indicator_id=ids["B_2"],
        weight=1,
        direction="hoger_beter",
        per_1000_inhabitants=True,
    )
    return p


def scores_by_code(result):
    return {c: result.scores[i] for i, c in enumerate(result.codes)}


def test_zscore_index_matches_hand_computation(profile):
    result = area_index.compute(
        profile, year=2023, comparison="gemeente", municipality_code="GM0001"
    )
    s = scores_by_code(result)
    # A: 10, 20, 30 → z = -1.2247, 0, 1.2247 (population sd)
    # B per 1,000: 1, 2, 1, higher is better → mirrored -1, -2, -1 → z = 0.7071, -1.4142, 0.7071
    assert s["BU00010001"] == pytest.approx((2 * -1.224745 + 0.707107) / 3, abs=1e-5)
    assert s["BU00010002"] == pytest.approx((0 - 1.414214) / 3, abs=1e-5)
    assert s["BU00010003"] == pytest.approx((2 * 1.224745 + 0.707107) / 3, abs=1e-5)
    assert math.isnan(s["BU00010004"]) and bool(result.small[result.codes.index("BU00010004")])
    assert math.isnan(s["BU00010005"])
    i = result.codes.index("BU00010003")
    assert result.contributions[i, 0] == pytest.approx(2 * 1.224745 / 3, abs=1e-5)
    assert result.contributions[i, 1] == pytest.approx(0.707107 / 3, abs=1e-5)
    assert result.contributions[i].sum() == pytest.approx(result.scores[i])
    assert [result.codes[j] for j in result.rank_order()[:3]] == [
        "BU00010003",
        "BU00010002",
        "BU00010001",
    ]


def test_too_little_weight_gives_no_score():
    import numpy as np

    scores, _ = area_index.combine(np.array([[np.nan, 0.5], [1.0, np.nan]]), np.array([2.0, 1.0]))
    assert math.isnan(scores[0]) and scores[1] == pytest.approx(1.0)


def test_percentile_index_matches_hand_computation(profile):
    profile.standardisation = IndexProfile.Standardisation.PERCENTILE
    profile.save()
    s = scores_by_code(area_index.compute(profile, year=2023, comparison="land"))
    # A: ranks 1,2,3 of 3; B mirrored -1,-2,-1 → ranks 2.5, 1, 2.5 (ties averaged)
    assert s["BU00010001"] == pytest.approx((2 * 1 / 3 + 2.5 / 3) / 3)
    assert s["BU00010002"] == pytest.approx((2 * 2 / 3 + 1 / 3) / 3)
    assert s["BU00010003"] == pytest.approx((2 * 3 / 3 + 2.5 / 3) / 3)


def test_comparison_by_class_uses_the_class_set(profile):
    result = area_index.compute(profile, year=2023, comparison="klasse", municipality_code="GM0001")
    assert set(result.codes) == set(DATA)
    with pytest.raises(ValueError, match="onbekende vergelijkingsgroep"):
        area_index.compute(profile, year=2023, comparison="wijk", municipality_code="GM0001")


def _more_buurten(figures: dict[str, tuple[int, float, float]]) -> None:
    """Buurten of other municipalities with population, A and B, next to those of ``profile``."""
    ids = dict(Indicator.objects.values_list("code", "id"))
    areas = ensure_areas(dict.fromkeys(figures, ""), 2023)
    rows = [
        (areas[code], ids[key], "2023", 2023, value, "ok")
        for code, (pop, a, b) in figures.items()
        for key, value in (("AantalInwoners", float(pop)), ("A_1", a), ("B_2", b))
    ]
    store.write_cells(rows)


def test_comparison_by_province_uses_the_province_set(profile, tmp_path):
    with pytest.raises(ValueError, match="De provincie van gemeente GM0001 is niet bekend"):
        area_index.compute(profile, year=2023, comparison="provincie", municipality_code="GM0001")
    same_province = {"BU00020001": (1500, 40.0, 2.0), "BU00020002": (2500, 15.0, 6.0)}
    other_province = {"BU00030001": (2000, 80.0, 0.0), "BU00030002": (3000, 5.0, 9.0)}
    _more_buurten({**same_province, **other_province})
    path = tmp_path / "provincies.csv"
    path.write_text(
        "gemeentecode;provincie\nGM0001;Utrecht\nGM0002;PV26\nGM0003;Gelderland\n", "utf-8"
    )
    import_provinces(path)

    result = area_index.compute(
        profile, year=2023, comparison="provincie", municipality_code="GM0001"
    )
    assert set(result.codes) == set(DATA) | set(same_province)
    # standardised within exactly that set: the same scores as the whole country without GM0003
    in_province = scores_by_code(result)
    Area.objects.filter(municipality_code="GM0003").delete()
    country = scores_by_code(area_index.compute(profile, year=2023, comparison="land"))
    assert country.keys() == in_province.keys()
    for code, score in in_province.items():
        assert score == pytest.approx(country[code], nan_ok=True), code
