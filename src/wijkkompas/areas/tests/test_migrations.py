"""Migration 0004 keeps figures written before the format byte readable, both ways."""

import numpy as np
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wijkkompas.areas import store

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("areas", "0003_figure_blocks")]
AFTER = [("areas", "0004_figures_format_byte")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_bare_float64_blocks_get_the_float64_format_and_read_back():
    values = np.array([12.5, np.nan, 3.0])
    try:
        apps = _migrate(BEFORE)
        Area = apps.get_model("areas", "Area")
        BlockLayout = apps.get_model("areas", "BlockLayout")
        FigureBlock = apps.get_model("areas", "FigureBlock")
        area = Area.objects.create(code="BU00010001", year=2023, level="buurt", name="Buurt")
        layout = BlockLayout.objects.create(indicator_ids=[1, 2, 3], digest="d")
        FigureBlock.objects.create(
            area=area,
            period="2023",
            year=2023,
            layout=layout,
            figures=values.astype("<f8").tobytes(),
            statuses=bytes([1, 0, 1]),
        )
        apps = _migrate(AFTER)
        blob = bytes(apps.get_model("areas", "FigureBlock").objects.get().figures)
        assert blob[0] == 0
        assert np.array_equal(store.decode_figures([blob], 3)[0], values, equal_nan=True)
        # and back: the bare float64 again
        apps = _migrate(BEFORE)
        blob = bytes(apps.get_model("areas", "FigureBlock").objects.get().figures)
        assert np.array_equal(np.frombuffer(blob, dtype="<f8"), values, equal_nan=True)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
