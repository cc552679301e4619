"""The attacker of the suppression tests: given published numbers (each the rounded sum of a
set of exact cells), which values can each cell still have? Used by ``test_suppression`` (all
small cell vectors) and by the tests that attack the real tables (signals, wijkbeeld)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from wijkkompas.core import suppression


def interval(published: int | tuple[int, int] | None) -> tuple[int, int]:
    """The exact values a number published by ``suppression.rounded_count`` may stand for; an
    attacker who knows more (a listed "<5" row is at least 1) passes the range itself."""
    if isinstance(published, tuple):
        return published
    t = suppression.threshold()
    return (0, t - 1) if published is None else (published, published + t - 1)


def feasible(
    cells: Sequence[Hashable],
    published: Iterable[tuple[Iterable[Hashable], int | tuple[int, int] | None]],
) -> dict[Hashable, set[int]]:
    """For each cell, every value it takes in some vector of exact counts that reproduces all
    ``published`` numbers (pairs: the cells a number adds up, the number as published). Each
    cell must be bounded by a number of its own (a listed cell, or one left out as "<5")."""
    index = {cell: i for i, cell in enumerate(cells)}
    constraints = []
    for members, value in published:
        lo, hi = interval(value)
        constraints.append((frozenset(index[m] for m in members), lo, hi))
    ranges: list[tuple[int, int] | None] = [None] * len(cells)
    for members, lo, hi in constraints:
        if len(members) == 1:
            (i,) = members
            old = ranges[i] or (lo, hi)
            ranges[i] = (max(old[0], lo), min(old[1], hi))
    if any(r is None for r in ranges):
        raise ValueError("every cell needs a published number of its own")

    def solvable(bounds: list[tuple[int, int]], at: int) -> bool:
        # Depth-first over the cells, pruned by every sum's reachable range.
        for members, lo, hi in constraints:
            low = sum(bounds[i][0] for i in members)
            high = sum(bounds[i][1] for i in members)
            if high < lo or low > hi:
                return False
        if at == len(bounds):
            return True
        lo, hi = bounds[at]
        for v in range(lo, hi + 1):
            if solvable([*bounds[:at], (v, v), *bounds[at + 1 :]], at + 1):
                return True
        return False

    result: dict[Hashable, set[int]] = {}
    for i, cell in enumerate(cells):
        lo, hi = ranges[i]
        result[cell] = {
            v
            for v in range(lo, hi + 1)
            if solvable([*ranges[:i], (v, v), *ranges[i + 1 :]], 0)  # type: ignore[list-item]
        }
    return result
