"""The figure store: the only code that writes or decodes ``FigureBlock`` rows.

A figure (an *observation*: one indicator for one area and period) lives packed in a block with
the other figures of the same area, period and column layout (see ``FigureBlock`` for why). The
rest of the app speaks in cells — ``(area_id, indicator_id, period, year, value, status)`` —
and never sees bytes:

- ``write_matrix`` / ``write_cells`` store figures, *replacing* whatever was stored for the same
  (area, indicator, period) cells, also when that was in a block of another layout;
- ``read`` decodes the blocks of a queryset into ``Cells`` (numpy arrays), optionally only some
  indicators.

Writes run inside the caller's transaction and use the fastest insert the database offers.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from django.db import connection
from django.db.models import QuerySet

from wijkkompas.areas.models import BlockLayout, FigureBlock
from wijkkompas.core.bulk import insert_rows

# Status codes, one byte per cell. NONE: no figure (CBS "." or not in the source).
NONE, OK, GEHEIM, ONBEKEND, VOORLOPIG = 0, 1, 2, 3, 4
STATUS_NAMES = {OK: "ok", GEHEIM: "geheim", ONBEKEND: "onbekend", VOORLOPIG: "voorlopig"}
STATUS_CODES = {name: code for code, name in STATUS_NAMES.items()}
CHUNK = 500  # ids per IN (...) list


class Cell(NamedTuple):
    area_id: int
    indicator_id: int
    period: str
    year: int
    value: float | None
    status: str


@dataclass
class Cells:
    """Decoded figures as parallel arrays (one entry per stored figure, ``value`` NaN where the
    status carries no number)."""

    area_id: np.ndarray
    indicator_id: np.ndarray
    period: np.ndarray  # object array of str
    year: np.ndarray
    value: np.ndarray
    status: np.ndarray  # uint8 codes

    def __len__(self) -> int:
        return int(self.area_id.size)

    def __iter__(self) -> Iterator[Cell]:
        values = self.value.tolist()
        for a, i, p, y, v, s in zip(
            self.area_id.tolist(),
            self.indicator_id.tolist(),
            self.period.tolist(),
            self.year.tolist(),
            values,
            self.status.tolist(),
            strict=True,
        ):
            yield Cell(a, i, p, y, None if v != v else v, STATUS_NAMES[s])

    @classmethod
    def empty(cls) -> Cells:
        i = np.empty(0, dtype=np.int64)
        return cls(i, i, np.empty(0, dtype=object), i, np.empty(0), np.empty(0, dtype=np.uint8))


# --- layouts --------------------------------------------------------------------------------


def _digest(indicator_ids: Sequence[int]) -> str:
    return hashlib.sha256(",".join(map(str, indicator_ids)).encode()).hexdigest()


def layout_for(indicator_ids: Sequence[int]) -> int:
    """The id of the layout with exactly these columns (in this order), created when new."""
    ids = [int(i) for i in indicator_ids]
    layout, _ = BlockLayout.objects.get_or_create(
        digest=_digest(ids), defaults={"indicator_ids": ids}
    )
    return layout.pk


def layouts_with(indicator_ids: Iterable[int]) -> list[int]:
    """Ids of the layouts that hold at least one of these indicators."""
    wanted = set(indicator_ids)
    return [
        pk
        for pk, ids in BlockLayout.objects.values_list("id", "indicator_ids")
        if wanted.intersection(ids)
    ]


# --- reading ---------------------------------------------------------------------------------


def read(blocks: QuerySet | None = None, *, indicator_ids: Iterable[int] | None = None) -> Cells:
    """Decode the blocks of ``blocks`` (a ``FigureBlock`` queryset, default all) into cells,
    only the figures of ``indicator_ids`` when given."""
    qs = FigureBlock.objects.all() if blocks is None else blocks
    wanted = None if indicator_ids is None else {int(i) for i in indicator_ids}
    if wanted is not None:
        qs = qs.filter(layout_id__in=layouts_with(wanted))
    rows = qs.values_list("area_id", "period", "year", "layout_id", "figures", "statuses")
    return decode(rows, wanted)


def decode(
    rows: Iterable[tuple[int, str, int, int, bytes, bytes]], wanted: set[int] | None = None
) -> Cells:
    """Rows ``(area_id, period, year, layout_id, figures, statuses)`` → cells. Blocks are grouped
    by layout so each group decodes as one numpy matrix."""
    parts: list[Cells] = []
    for layout, group in _by_layout(list(rows), at=3):
        columns = np.asarray(layout, dtype=np.int64)
        keep = (
            np.arange(columns.size)
            if wanted is None
            else np.flatnonzero(np.isin(columns, list(wanted)))
        )
        if keep.size == 0:
            continue
        width = columns.size
        values = np.frombuffer(b"".join(r[4] for r in group), dtype="<f8").reshape(-1, width)
        statuses = np.frombuffer(b"".join(r[5] for r in group), dtype=np.uint8).reshape(-1, width)
        values, statuses = values[:, keep], statuses[:, keep]
        r, c = np.nonzero(statuses != NONE)
        parts.append(
            Cells(
                area_id=np.array([g[0] for g in group], dtype=np.int64)[r],
                indicator_id=columns[keep][c],
                period=np.array([g[1] for g in group], dtype=object)[r],
                year=np.array([g[2] for g in group], dtype=np.int64)[r],
                value=values[r, c].astype(np.float64),
                status=statuses[r, c],
            )
        )
    if not parts:
        return Cells.empty()
    return Cells(
        *(np.concatenate([getattr(p, f) for p in parts]) for f in Cells.__dataclass_fields__)
    )


def wide(
    rows: Iterable[tuple[int, int, bytes]],
    area_ids: np.ndarray,
    indicator_ids: Sequence[int],
) -> np.ndarray:
    """Rows ``(area_id, layout_id, figures)`` of one period → a matrix (``area_ids`` ×
    ``indicator_ids``) of values, NaN where there is none. ``area_ids`` must be sorted; blocks of
    other areas are ignored. Used by the index, which wants exactly this shape (no per-figure
    records in between)."""
    out = np.full((area_ids.size, len(indicator_ids)), np.nan)
    position = {int(i): j for j, i in enumerate(indicator_ids)}
    for columns, group in _by_layout(list(rows), at=1):
        src = [c for c, i in enumerate(columns) if i in position]
        if not src:
            continue
        dst = [position[columns[c]] for c in src]
        area_column, _, figures = zip(*group, strict=True)
        values = np.frombuffer(b"".join(figures), dtype="<f8").reshape(-1, len(columns))[:, src]
        ids = np.array(area_column, dtype=np.int64)
        pos = np.searchsorted(area_ids, ids)
        ok = (pos < area_ids.size) & (area_ids[np.minimum(pos, area_ids.size - 1)] == ids)
        out[np.ix_(pos[ok], dst)] = values[ok]
    return out


def _by_layout(rows: list[tuple], *, at: int) -> list[tuple[list[int], list[tuple]]]:
    """Rows grouped by the layout id at position ``at``, each group with its layout's indicator
    ids (one query for all layouts)."""
    if not rows:
        return []
    groups: dict[int, list[tuple]] = defaultdict(list)
    if all(r[at] == rows[0][at] for r in rows):  # the usual case: one layout for the whole set
        groups[rows[0][at]] = rows
    else:
        for row in rows:
            groups[row[at]].append(row)
    layouts = dict(
        BlockLayout.objects.filter(id__in=list(groups)).values_list("id", "indicator_ids")
    )
    return [(layouts[layout_id], group) for layout_id, group in groups.items()]


# --- writing ---------------------------------------------------------------------------------


def write_matrix(
    area_ids: Sequence[int],
    *,
    period: str,
    year: int,
    indicator_ids: Sequence[int],
    values: np.ndarray,
    statuses: np.ndarray,
    cleared: bool = False,
) -> int:
    """Store one period's figures of many areas for the same indicators: ``values`` and
    ``statuses`` are (areas × indicators), ``values`` NaN wherever the status is not OK or
    VOORLOPIG (readers rely on it). Every cell of these areas × indicators × period is
    replaced — a cell with status NONE removes what was stored (``cleared=True``: the caller has
    already done that with ``clear``). Returns the figures stored."""
    order = np.argsort(np.asarray(indicator_ids, dtype=np.int64), kind="stable")
    ids = [int(indicator_ids[j]) for j in order]
    if np.any(order != np.arange(order.size)):
        values, statuses = values[:, order], statuses[:, order]
    values = np.ascontiguousarray(values, dtype="<f8")
    statuses = np.ascontiguousarray(statuses, dtype=np.uint8)
    area_list = [int(a) for a in area_ids]
    if not cleared:
        clear(area_list, [period], ids)
    layout_id = layout_for(ids)
    present = (statuses != NONE).any(axis=1)
    rows = [
        (area_list[i], period, year, layout_id, values[i].tobytes(), statuses[i].tobytes())
        for i in np.flatnonzero(present).tolist()
    ]
    insert_rows(
        FigureBlock._meta.db_table,
        ("area_id", "period", "year", "layout_id", "figures", "statuses"),
        rows,
    )
    return int(np.count_nonzero(statuses))


def write_cells(
    cells: Iterable[tuple[int, int, str, int, float | None, str]],
    *,
    replacing: tuple[Sequence[int], Sequence[int], Sequence[str]] | None = None,
) -> int:
    """Store figures given one by one as ``(area_id, indicator_id, period, year, value, status)``;
    each replaces what was stored for its cell. ``replacing=(area_ids, indicator_ids, periods)``
    first removes every figure of that cross product (a file that replaces what it covers, so a
    figure that became "." disappears). Returns the figures stored."""
    groups: dict[tuple[int, str, int], dict[int, tuple[float, int]]] = defaultdict(dict)
    for area_id, indicator_id, period, year, value, status in cells:
        code = STATUS_CODES[status]
        numeric = value is not None and code in (OK, VOORLOPIG)
        groups[(area_id, period, year)][indicator_id] = (float(value) if numeric else np.nan, code)
    if replacing is not None:
        area_ids, indicator_ids, periods = replacing
        clear([int(a) for a in area_ids], list(periods), indicator_ids)
    batches: dict[tuple[tuple[int, ...], str, int], list[tuple]] = defaultdict(list)
    for (area_id, period, year), figures in groups.items():
        batches[(tuple(sorted(figures)), period, year)].append((area_id, figures))
    written = 0
    for (ids, period, year), blocks in batches.items():
        written += write_matrix(
            [area_id for area_id, _ in blocks],
            period=period,
            year=year,
            indicator_ids=ids,
            values=np.array([[f[i][0] for i in ids] for _, f in blocks], dtype="<f8"),
            statuses=np.array([[f[i][1] for i in ids] for _, f in blocks], dtype=np.uint8),
        )
    return written


def clear(area_ids: Sequence[int], periods: Sequence[str], indicator_ids: Iterable[int]) -> None:
    """Remove the figures of these areas × periods × indicators from every block: blocks whose
    layout lies within ``indicator_ids`` are deleted, blocks that overlap it are rewritten
    without those columns (and deleted when nothing is left)."""
    indicator_ids = {int(i) for i in indicator_ids}
    if not area_ids or not periods or not indicator_ids:
        return
    within, overlapping = [], {}
    for pk, ids in BlockLayout.objects.values_list("id", "indicator_ids"):
        common = indicator_ids.intersection(ids)
        if not common:
            continue
        if len(common) == len(ids):
            within.append(pk)
        else:
            overlapping[pk] = np.array([i in common for i in ids], dtype=bool)
    table = FigureBlock._meta.db_table
    period_ph = ",".join(["%s"] * len(periods))
    with connection.cursor() as cursor:
        if within:
            # A year's areas have consecutive ids, so a national file is a handful of ranges.
            for low, high in _runs(sorted(area_ids)):
                cursor.execute(
                    f"DELETE FROM {table} WHERE area_id BETWEEN %s AND %s "  # noqa: S608 - fixed names
                    f"AND period IN ({period_ph}) AND layout_id IN ({','.join(['%s'] * len(within))})",
                    [low, high, *periods, *within],
                )
        if overlapping:
            for start in range(0, len(area_ids), CHUNK):
                _mask(cursor, list(area_ids[start : start + CHUNK]), list(periods), overlapping)


def _runs(sorted_ids: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs in sorted ids: [1, 2, 3, 7, 8] → [(1, 3), (7, 8)]."""
    runs: list[tuple[int, int]] = []
    for i in sorted_ids:
        if runs and i <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _mask(cursor, area_ids: list[int], periods: list[str], masks: dict[int, np.ndarray]) -> None:
    table = FigureBlock._meta.db_table
    cursor.execute(
        f"SELECT id, layout_id, figures, statuses FROM {table} "  # noqa: S608 - fixed names
        f"WHERE period IN ({','.join(['%s'] * len(periods))}) "
        f"AND layout_id IN ({','.join(['%s'] * len(masks))}) "
        f"AND area_id IN ({','.join(['%s'] * len(area_ids))})",
        [*periods, *masks, *area_ids],
    )
    updates, deletes = [], []
    for pk, layout_id, figures, statuses in cursor.fetchall():
        mask = masks[layout_id]
        values = np.frombuffer(bytes(figures), dtype="<f8").copy()
        codes = np.frombuffer(bytes(statuses), dtype=np.uint8).copy()
        values[mask], codes[mask] = np.nan, NONE
        if codes.any():
            updates.append((values.tobytes(), codes.tobytes(), pk))
        else:
            deletes.append((pk,))
    if updates:
        cursor.executemany(
            f"UPDATE {table} SET figures = %s, statuses = %s WHERE id = %s",  # noqa: S608
            updates,
        )
    if deletes:
        cursor.executemany(f"DELETE FROM {table} WHERE id = %s", deletes)  # noqa: S608
