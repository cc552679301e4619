"""Margins against hand-computed values, and suppression checked exhaustively on small tables:
no suppressed cell can be computed from what is shown (linear algebra over the relations a
reader knows), and every relation's suppressed part sums to zero or at least the threshold."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest

from wijkkompas.surveys.statistics import Equation, mean_margin, protect, wilson

T = 5


def test_wilson_matches_hand_computed_values():
    # 12 of 40: p = 0.3, z = 1.96: centre (0.3 + 0.04802) / 1.09604 = 0.31753, half-width
    # 1.96 * sqrt(0.00525 + 0.00060025) / 1.09604 = 0.13678 -> (0.1808, 0.4543)
    low, high = wilson(12, 40)
    assert low == pytest.approx(0.1808, abs=2e-4)
    assert high == pytest.approx(0.4543, abs=2e-4)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == pytest.approx(1.0)


def test_mean_margin_matches_hand_computed_values():
    values = [6, 7, 8, 5, 9, 7, 6, 8]  # mean 7, sample sd sqrt(12/7)
    mean, margin = mean_margin(len(values), sum(values), sum(v * v for v in values))
    assert mean == 7
    assert margin == pytest.approx(1.959964 * math.sqrt(12 / 7) / math.sqrt(8), rel=1e-6)
    assert mean_margin(1, 4, 16) == (4, 0.0)


def _rank(rows: list[list[Fraction]]) -> int:
    m = [r[:] for r in rows]
    rank, cols = 0, len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][c] != 0:
                f = m[i][c] / m[rank][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


def derivable(equations: list[Equation], suppressed: set) -> set:
    """Suppressed cells a reader can compute from the shown cells and the relations."""
    unknowns = sorted(suppressed, key=str)
    index = {u: i for i, u in enumerate(unknowns)}
    rows = []
    for eq in equations:
        row = [Fraction(0)] * len(unknowns)
        for m in eq.members:
            if m in index:
                row[index[m]] += 1
        if eq.total in index:
            row[index[eq.total]] -= 1
        if any(row):
            rows.append(row)
    if not rows:
        return set()
    base = _rank(rows)
    out = set()
    for u, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(unknowns))]
        if _rank([*rows, unit]) == base:
            out.add(u)
    return out


def table(counts_grid: list[list[int]]):
    """A buurten x options table with row totals (fixed, like a buurt's responses), column
    totals and a grand total, and its relations."""
    counts, equations = {}, []
    rows, cols = len(counts_grid), len(counts_grid[0])
    for r in range(rows):
        for c in range(cols):
            counts[(r, c)] = counts_grid[r][c]
        counts[(r, "n")] = sum(counts_grid[r])
        equations.append(Equation(tuple((r, c) for c in range(cols)), (r, "n")))
    for c in range(cols):
        counts[("T", c)] = sum(counts_grid[r][c] for r in range(rows))
        equations.append(Equation(tuple((r, c) for r in range(rows)), ("T", c)))
    counts[("T", "n")] = sum(counts[(r, "n")] for r in range(rows))
    equations.append(Equation(tuple(("T", c) for c in range(cols)), ("T", "n")))
    equations.append(Equation(tuple((r, "n") for r in range(rows)), ("T", "n")))
    fixed = {(r, "n") for r in range(rows)}
    sensitive = {k for k in counts if k[1] != "n"}
    return counts, equations, fixed, sensitive


def check(grid: list[list[int]]) -> None:
    counts, equations, fixed, sensitive = table(grid)
    s = protect(counts, equations, threshold=T, sensitive=sensitive, fixed=fixed)
    label = f"table {grid}, suppressed {sorted(s, key=str)}"
    assert not s & fixed, label
    for k in sensitive:
        if 0 < counts[k] < T:
            assert k in s, f"{label}: small cell {k} shown"
    leaked = {k for k in derivable(equations, s) if counts[k] > 0}
    assert not leaked, f"{label}: computable {leaked}"
    for eq in equations:
        hidden = [m for m in eq.members if m in s]
        if hidden and eq.total not in s:
            assert sum(counts[m] for m in hidden) >= T, f"{label}: small suppressed sum in {eq}"


VALUES = (0, 1, 2, 4, 5, 9)


@pytest.mark.parametrize("shape", [(1, 2), (1, 3), (2, 2), (2, 3), (3, 2)])
def test_no_suppressed_cell_can_be_computed_exhaustive(shape):
    rows, cols = shape
    values = VALUES if rows * cols <= 4 else (0, 1, 3, 6)
    for flat in itertools.product(values, repeat=rows * cols):
        if any(sum(flat[r * cols : (r + 1) * cols]) < T for r in range(rows)):
            continue  # buurten with fewer responses than the threshold are never in a table
        check([list(flat[r * cols : (r + 1) * cols]) for r in range(rows)])


def test_no_suppressed_cell_can_be_computed_random_larger_tables():
    rng = random.Random(16)
    for _ in range(300):
        rows, cols = rng.randint(2, 5), rng.randint(2, 5)
        grid = [[rng.choice((0, 1, 2, 3, 4, 6, 10, 25)) for _ in range(cols)] for _ in range(rows)]
        if all(sum(r) >= T for r in grid):
            check(grid)


def test_protect_leaves_big_cells_alone():
    counts, equations, fixed, sensitive = table([[10, 20], [30, 40]])
    assert protect(counts, equations, threshold=T, sensitive=sensitive, fixed=fixed) == set()
