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
