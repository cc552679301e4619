"""The figure store: packed blocks behave like one row per figure — replace, overlap, decode."""

import numpy as np
import pytest

from wijkkompas.areas import store
from wijkkompas.areas.catalogue import Entry
from wijkkompas.areas.importers.common import ensure_areas, ensure_indicators
from wijkkompas.areas.models import BlockLayout, FigureBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids():
    indicators = ensure_indicators(
        {code: Entry(code, "", "aantal") for code in ("A_1", "B_2", "C_3")},
        source="lokaal",
        source_detail="test",
    )
    areas = ensure_areas({"BU00010001": "", "BU00010002": ""}, 2023)
    return areas, indicators


def cells():
    return sorted(store.read())


def test_write_cells_round_trip_and_statuses(ids):
    areas, ind = ids
    a, b = areas["BU00010001"], areas["BU00010002"]
    written = store.write_cells(
        [
            (a, ind["A_1"], "2023", 2023, 12.5, "ok"),
            (a, ind["B_2"], "2023", 2023, None, "geheim"),
            (b, ind["A_1"], "2023-04", 2023, 3.0, "voorlopig"),
        ]
    )
    assert written == 3
    assert cells() == sorted(
        [
            store.Cell(a, ind["A_1"], "2023", 2023, 12.5, "ok"),
            store.Cell(a, ind["B_2"], "2023", 2023, None, "geheim"),
            store.Cell(b, ind["A_1"], "2023-04", 2023, 3.0, "voorlopig"),
        ]
    )


def test_a_cell_lives_in_one_block_whatever_the_layouts(ids):
    areas, ind = ids
    a = areas["BU00010001"]
    store.write_cells(
        [(a, ind["A_1"], "2023", 2023, 1.0, "ok"), (a, ind["B_2"], "2023", 2023, 2.0, "ok")]
    )
    # another source writes B and C: B moves to the new block, A stays in the old one
    store.write_cells(
        [(a, ind["B_2"], "2023", 2023, 20.0, "ok"), (a, ind["C_3"], "2023", 2023, 30.0, "ok")]
    )
    assert [(c.indicator_id, c.value) for c in cells()] == sorted(
        [(ind["A_1"], 1.0), (ind["B_2"], 20.0), (ind["C_3"], 30.0)]
    )
    assert FigureBlock.objects.count() == 2
    # writing A alone empties the first block, which then disappears
    store.write_cells(
        [(a, ind["A_1"], "2023", 2023, 10.0, "ok"), (a, ind["B_2"], "2023", 2023, 2.0, "ok")]
    )
    store.write_cells([(a, ind["C_3"], "2023", 2023, 3.0, "ok")])
    assert [(c.indicator_id, c.value) for c in cells()] == sorted(
        [(ind["A_1"], 10.0), (ind["B_2"], 2.0), (ind["C_3"], 3.0)]
    )


def test_replacing_removes_figures_that_became_missing(ids):
    areas, ind = ids
    a, b = areas["BU00010001"], areas["BU00010002"]
    store.write_cells(
        [(a, ind["A_1"], "2023", 2023, 1.0, "ok"), (b, ind["A_1"], "2023", 2023, 2.0, "ok")]
    )
    store.write_cells(
        [(a, ind["A_1"], "2023", 2023, 5.0, "ok")],
        replacing=([a, b], [ind["A_1"]], ["2023"]),
    )
    assert [(c.area_id, c.value) for c in cells()] == [(a, 5.0)]
    assert FigureBlock.objects.filter(area_id=b).count() == 0


def test_matrix_write_wide_read_and_shared_layout(ids):
    areas, ind = ids
    a, b = areas["BU00010001"], areas["BU00010002"]
    values = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, np.nan]])
    statuses = np.array([[1, 2, 1], [1, 1, 0]], dtype=np.uint8)
    # columns in reverse id order: the store sorts them and keeps values with their indicator
    order = [ind["C_3"], ind["B_2"], ind["A_1"]]
    n = store.write_matrix(
        [a, b], period="2023", year=2023, indicator_ids=order, values=values, statuses=statuses
    )
    assert n == 5 and BlockLayout.objects.count() == 1
    matrix = store.wide(
        FigureBlock.objects.values_list("area_id", "layout_id", "figures"),
        np.array(sorted([a, b])),
        [ind["A_1"], ind["C_3"]],
    )
    rows = {a: 0, b: 1} if a < b else {a: 1, b: 0}
    np.testing.assert_array_equal(matrix[rows[a]], [3.0, 1.0])
    assert matrix[rows[b]][0] != matrix[rows[b]][0] and matrix[rows[b]][1] == 4.0
    secret = [c for c in cells() if c.status == "geheim"]
    assert secret == [store.Cell(a, ind["B_2"], "2023", 2023, None, "geheim")]


def _decimal_strings(rng: np.random.Generator, n: int, decimals: int, high: float) -> np.ndarray:
    """Values as an importer gets them: decimal text parsed to float64."""
    return np.array([float(f"{v:.{decimals}f}") for v in rng.uniform(-high, high, n)])


@pytest.mark.parametrize(
    ("decimals", "high"),
    [(0, 100), (0, 30_000), (0, 2e9), (1, 12), (1, 3_000), (1, 2e8), (2, 300), (3, 2e6), (6, 10)],
)
def test_figures_encoding_gives_back_the_same_float64(decimals, high):
    """Whatever the values, decoding gives the bit-identical float64 (NaN stays NaN); blocks of
    whole numbers or few decimals take fewer bytes than float64."""
    rng = np.random.default_rng(decimals * 1000 + int(high) % 997)
    values = _decimal_strings(rng, 40 * 25, decimals, high).reshape(40, 25)
    values[rng.random(values.shape) < 0.2] = np.nan
    values[0] = np.nan  # a block without any number
    values[1, :3] = [-0.0, 1e-300, 1.5e300] if decimals == 6 else [-0.0, 0.0, 1.0]
    blobs = store.encode_figures(values)
    decoded = store.decode_figures(blobs, 25)
    assert np.array_equal(decoded, values, equal_nan=True)
    assert np.array_equal(np.isnan(decoded), np.isnan(values))
    if decimals <= 2 and high < 1e7:  # integers of at most four bytes and 25 two-bit scales
        assert all(len(b) <= 1 + 7 + 4 * 25 for b in blobs)
    assert all(len(b) <= 1 + 8 * 25 for b in blobs)


def test_figures_encoding_picks_the_narrowest_type_per_block():
    """One format byte, a two-bit decimal scale per column, then the narrowest integer type that
    holds the row: 5000 and 12.5 fit two bytes each (scales 0 and 1)."""
    values = np.array(
        [[1.0, -127.0, np.nan], [12.5, 3276.7, 0.0], [5000.0, 12.5, 0.25], [40_000.0, 1.0, 2.0]]
    )
    blobs = store.encode_figures(values)
    assert [len(b) for b in blobs] == [1 + 1 + 3, 1 + 1 + 2 * 3, 1 + 1 + 2 * 3, 1 + 1 + 4 * 3]
    assert np.array_equal(store.decode_figures(blobs, 3), values, equal_nan=True)
    # decoding a mix of formats in one call, in any order
    mixed = [blobs[3], blobs[0], blobs[2], blobs[1]]
    assert np.array_equal(store.decode_figures(mixed, 3), values[[3, 0, 2, 1]], equal_nan=True)


def test_figures_written_with_one_scale_per_block_still_read():
    """Blocks written before the per-column scales (format 1–3: one scale in the low nibble)."""
    legacy = bytes([0x21]) + np.array([125, -32768, 7], dtype="<i2").tobytes()
    assert np.array_equal(
        store.decode_figures([legacy], 3), np.array([[12.5, np.nan, 0.7]]), equal_nan=True
    )
