"""The figure store: the only code that writes or decodes ``FigureBlock`` rows.

A figure (an *observation*: one indicator for one area and period) lives packed in a block with
the other figures of the same area, period and column layout (see ``FigureBlock`` for why). The
rest of the app speaks in cells — ``(area_id, indicator_id, period, year, value, status)`` —
and never sees bytes:

- ``write_matrix`` / ``write_cells`` store figures, *replacing* whatever was stored for the same
  (area, indicator, period) cells, also when that was in a block of another layout;
  ``pack`` + ``write_packed`` are the same in two steps, so an importer can encode in a worker
  thread (``pack`` touches no database) and write on its own;
- ``read`` decodes the blocks of a queryset into ``Cells`` (numpy arrays), optionally only some
  indicators; ``wide`` gives one period as an area × indicator matrix (for the index).

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
from wijkkompas.core.bulk import upsert_slices

# Status codes, one byte per cell in ``statuses``. NONE: no figure (CBS "." or not in the source).
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


# --- encoding -------------------------------------------------------------------------------
# A ``figures`` blob starts with one format byte; its high nibble names the form:
#   0        float64 per column (NaN = no number), for blocks no decimal scale fits;
#   5, 6, 7  int8 / int16 / int32 per column, each value × 10^s with s (0–3) per column stored
#            in two bits after the format byte (ceil(columns / 4) bytes); no number = the type's
#            smallest value;
#   1, 2, 3  int8 / int16 / int32 with one scale for the whole block (low nibble): read only,
#            written before the per-column form.
# CBS figures are whole numbers or have a decimal or two, so a block usually takes two bytes a
# figure instead of eight — and writing bytes is what an import of a national file spends its
# time on. The encoder checks each value with the very division the decoder does, so decoding
# gives back the identical float64.
_TYPES = {
    0: np.dtype("<f8"),
    1: np.dtype("<i1"),
    2: np.dtype("<i2"),
    3: np.dtype("<i4"),
    5: np.dtype("<i1"),
    6: np.dtype("<i2"),
    7: np.dtype("<i4"),
}
_POW10 = np.array([1.0, 10.0, 100.0, 1000.0])
# A scales byte → the four divisors it stands for (column 4k + i in bits 2i, 2i + 1).
_DIVISORS = np.array([[_POW10[(b >> (2 * i)) & 3] for i in range(4)] for b in range(256)])


class Encoded(NamedTuple):
    """``figures`` blobs of one size: the blob of matrix row ``rows[i]`` is
    ``data[i * size:(i + 1) * size]``."""

    rows: np.ndarray
    size: int
    data: bytes


def encode_blocks(values: np.ndarray) -> list[Encoded]:
    """The ``figures`` blobs of the rows of ``values`` (rows × columns, NaN where there is none),
    grouped by blob size."""
    values = np.asarray(values, dtype=np.float64)
    n, width = values.shape
    if n == 0:  # no row holds a figure (e.g. every cell of a part refused)
        return []
    missing = np.isnan(values)
    scale = np.zeros((n, width), dtype=np.uint8)
    ints = np.zeros((n, width))
    unplaced = ~missing  # cells still without a scale that holds them exactly
    with np.errstate(invalid="ignore", over="ignore"):
        for s, factor in enumerate(_POW10.tolist()):
            cells = np.flatnonzero(unplaced)
            if not cells.size:
                break
            cell_values = values.ravel()[cells]
            scaled = np.rint(cell_values * factor)
            exact = (scaled / factor == cell_values) & (np.abs(scaled) <= np.iinfo(np.int32).max)
            fit = cells[exact]
            scale.ravel()[fit], ints.ravel()[fit], unplaced.ravel()[fit] = s, scaled[exact], False
    peak = np.abs(ints).max(axis=1, initial=0)
    code = np.where(peak < 2**7, 5, np.where(peak < 2**15, 6, 7))
    code[unplaced.any(axis=1)] = 0
    quads = np.zeros((n, -(-width // 4) * 4), dtype=np.uint8)
    quads[:, :width] = scale
    quads = quads.reshape(n, -1, 4)
    scales = quads[:, :, 0] | quads[:, :, 1] << 2 | quads[:, :, 2] << 4 | quads[:, :, 3] << 6
    out = []
    for c in np.unique(code).tolist():
        dtype, rows = _TYPES[c], np.flatnonzero(code == c)
        if c == 0:
            parts = [values[rows].astype(dtype).view(np.uint8)]
        else:
            numbers = np.where(missing[rows], np.iinfo(dtype).min, ints[rows]).astype(dtype)
            parts = [scales[rows], numbers.view(np.uint8).reshape(rows.size, -1)]
        blobs = np.concatenate([np.full((rows.size, 1), c << 4, dtype=np.uint8), *parts], axis=1)
        out.append(Encoded(rows, blobs.shape[1], blobs.tobytes()))
    return out


def encode_figures(values: np.ndarray) -> list[bytes]:
    """One ``figures`` blob per row of ``values`` (see ``encode_blocks``)."""
    out = [b""] * len(values)
    for encoded in encode_blocks(values):
        size, data = encoded.size, encoded.data
        for i, row in enumerate(encoded.rows.tolist()):
            out[row] = data[i * size : (i + 1) * size]
    return out


def decode_figures(blobs: Sequence[bytes], width: int) -> np.ndarray:
    """The values of ``figures`` blobs of one layout as a matrix (blobs × ``width``), NaN where
    there is none."""
    out = np.empty((len(blobs), width))
    heads = np.fromiter((b[0] for b in blobs), dtype=np.uint8, count=len(blobs))
    for head in np.unique(heads).tolist():
        rows = np.flatnonzero(heads == head)
        code, dtype = head >> 4, _TYPES[head >> 4]
        chosen = blobs if rows.size == len(blobs) else [blobs[i] for i in rows.tolist()]
        raw = np.frombuffer(b"".join(memoryview(b)[1:] for b in chosen), dtype=np.uint8)
        raw = raw.reshape(rows.size, -1)
        if code == 0:
            out[rows] = raw.view(dtype)
            continue
        if code >= 5:
            skip = -(-width // 4)
            divisors = _DIVISORS[raw[:, :skip]].reshape(rows.size, -1)[:, :width]
        else:
            skip, divisors = 0, _POW10[head & 0x0F]
        numbers = np.ascontiguousarray(raw[:, skip:]).view(dtype)
        values = numbers / divisors
        values[numbers == np.iinfo(dtype).min] = np.nan
        out[rows] = values
    return out


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
        values = decode_figures([r[4] for r in group], width)
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
        values = decode_figures(figures, len(columns))[:, src]
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


@dataclass(frozen=True)
class Packed:
    """One period's figures of a matrix of rows, encoded and ready to write (see ``pack``):
    ``groups`` hold the rows with any figure, by ``figures`` blob size, each with the
    rows' ``statuses`` blobs (one byte per indicator) laid end to end."""

    indicator_ids: list[int]  # sorted: the layout's columns
    groups: list[tuple[Encoded, bytes]]
    count: int  # figures

    @property
    def rows(self) -> np.ndarray:
        return np.concatenate([e.rows for e, _ in self.groups] or [np.empty(0, dtype=np.int64)])


def pack(indicator_ids: Sequence[int], values: np.ndarray, statuses: np.ndarray) -> Packed:
    """Encode ``values`` and ``statuses`` (rows × indicators, ``values`` NaN wherever the status
    is not OK or VOORLOPIG) for ``write_packed``. Touches no database, so an importer can pack
    in a worker thread while its main thread writes."""
    order = np.argsort(np.asarray(indicator_ids, dtype=np.int64), kind="stable")
    ids = [int(indicator_ids[j]) for j in order]
    if np.any(order != np.arange(order.size)):
        values, statuses = values[:, order], statuses[:, order]
    statuses = np.asarray(statuses, dtype=np.uint8)
    present = np.flatnonzero((statuses != NONE).any(axis=1))
    groups = []
    for encoded in encode_blocks(values[present]):
        rows = present[encoded.rows]
        groups.append((encoded._replace(rows=rows), np.ascontiguousarray(statuses[rows]).tobytes()))
    return Packed(ids, groups, int(np.count_nonzero(statuses)))


def write_packed(area_ids: Sequence[int | None], packed: Packed, *, period: str, year: int) -> int:
    """Store packed figures; ``area_ids`` gives the area of each matrix row (a row without any
    figure may have None). Every cell of these areas × indicators × period is replaced — a cell
    without a figure removes what was stored. Blocks of the same layout are overwritten in place
    (``core.bulk.upsert_slices``), other blocks holding these cells are cleared first. Returns
    the figures stored."""
    areas = [int(a) for a in area_ids if a is not None]
    layout_id = layout_for(packed.indicator_ids)
    clear(areas, [period], packed.indicator_ids, keep_layout=layout_id)
    width = len(packed.indicator_ids)
    written: set[int] = set()
    for encoded, statuses in packed.groups:
        ids = [int(area_ids[r]) for r in encoded.rows.tolist()]
        written.update(ids)
        upsert_slices(
            FigureBlock._meta.db_table,
            keys=("area_id", ids),
            constants={"period": period, "year": year, "layout_id": layout_id},
            slices={"figures": (encoded.data, encoded.size), "statuses": (statuses, width)},
            conflict=("area_id", "period", "layout_id"),
        )
    emptied = set(areas) - written
    if emptied:  # areas that now have no figure here: their old block of this layout goes
        FigureBlock.objects.filter(
            layout_id=layout_id, period=period, area_id__in=sorted(emptied)
        ).delete()
    return packed.count


def write_matrix(
    area_ids: Sequence[int],
    *,
    period: str,
    year: int,
    indicator_ids: Sequence[int],
    values: np.ndarray,
    statuses: np.ndarray,
) -> int:
    """Store one period's figures of many areas for the same indicators: ``values`` and
    ``statuses`` are (areas × indicators), as for ``pack``; then as ``write_packed``."""
    return write_packed(area_ids, pack(indicator_ids, values, statuses), period=period, year=year)


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


def clear(
    area_ids: Sequence[int],
    periods: Sequence[str],
    indicator_ids: Iterable[int],
    *,
    keep_layout: int | None = None,
) -> None:
    """Remove the figures of these areas × periods × indicators from every block: blocks whose
    layout lies within ``indicator_ids`` are deleted, blocks that overlap it are rewritten
    without those columns (and deleted when nothing is left). Blocks of ``keep_layout`` are left
    alone (the caller is about to overwrite them)."""
    indicator_ids = {int(i) for i in indicator_ids}
    if not area_ids or not periods or not indicator_ids:
        return
    within, overlapping = [], {}
    for pk, ids in BlockLayout.objects.values_list("id", "indicator_ids"):
        common = indicator_ids.intersection(ids)
        if not common or pk == keep_layout:
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
        values = decode_figures([figures], mask.size)
        codes = np.frombuffer(bytes(statuses), dtype=np.uint8).copy()
        values[0, mask], codes[mask] = np.nan, NONE
        if codes.any():
            updates.append((encode_figures(values)[0], codes.tobytes(), pk))
        else:
            deletes.append((pk,))
    if updates:
        cursor.executemany(
            f"UPDATE {table} SET figures = %s, statuses = %s WHERE id = %s",  # noqa: S608
            updates,
        )
    if deletes:
        cursor.executemany(f"DELETE FROM {table} WHERE id = %s", deletes)  # noqa: S608
