"""The arithmetic of survey results, free of the database: 95% margins (Wilson for shares, the
normal approximation for mean scores) and cell suppression with complementary suppression.

Suppression works on a table of exact counts and the additive relations between them
(``Equation``: the members sum to the total). A cell with a small count (1..t-1) is suppressed
first (primary); then, relation by relation, more cells are suppressed until no relation lets a
reader compute a suppressed cell: every relation with a known total has either no suppressed
member or at least two whose sum is at least the threshold, and a suppressed total always has a
suppressed member beside it. ``tests/test_suppression.py`` checks this by linear algebra on every
small table."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

Z95 = 1.959963984540054


def wilson(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a share ``count / n`` (0..1)."""
    if n <= 0:
        raise ValueError("n must be positive")
    p = count / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_margin(n: int, total: float, total_sq: float, z: float = Z95) -> tuple[float, float]:
    """Mean and half-width of its 95% interval from n, sum and sum of squares (sample standard
    deviation; margin 0 for n = 1)."""
    if n <= 0:
        raise ValueError("n must be positive")
    mean = total / n
    if n == 1:
        return mean, 0.0
    variance = max(0.0, (total_sq - n * mean * mean) / (n - 1))
    return mean, z * math.sqrt(variance / n)


def margins_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals (low, high) overlap: a difference is then not clearly a change."""
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True)
class Equation:
    """``sum(members) == total`` holds between cells of one table, and a reader may know it."""

    members: tuple[Hashable, ...]
    total: Hashable


def computable(equations: Sequence[Equation], suppressed: set[Hashable]) -> set[Hashable]:
    """The suppressed cells a reader can compute exactly from the shown cells and the relations
    (a cell is computable when its unit vector lies in the row space of the relations over the
    suppressed cells: one reduced row echelon form, exact in fractions)."""
    unknowns = sorted(suppressed, key=str)
    index = {u: i for i, u in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for eq in equations:
        row = [Fraction(0)] * len(unknowns)
        for m in eq.members:
            if m in index:
                row[index[m]] += 1
        if eq.total in index:
            row[index[eq.total]] -= 1
        if any(row):
            rows.append(row)
    pivots: list[int] = []
    r = 0
    for c in range(len(unknowns)):
        p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        lead = rows[r][c]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    out = set()
    for row_i, c in enumerate(pivots):
        if all(v == 0 for j, v in enumerate(rows[row_i]) if j != c):
            out.add(unknowns[c])
    return out


def protect(
    counts: dict[Hashable, int],
    equations: Sequence[Equation],
    *,
    threshold: int,
    sensitive: Iterable[Hashable] | None = None,
    fixed: Iterable[Hashable] = (),
    hidden: Iterable[Hashable] = (),
) -> set[Hashable]:
    """The cells of ``counts`` that must not be shown. ``sensitive`` (default: every cell) are
    suppressed when 0 < count < threshold; ``hidden`` are suppressed whatever their count;
    ``fixed`` cells are always shown (so never chosen for complementary suppression — callers
    guarantee that such a cell is never small). Deterministic: candidates are taken smallest
    count first, then by key text."""
    cells = set(counts)
    sensitive = cells if sensitive is None else set(sensitive)
    fixed = set(fixed)
    suppressed = {c for c in sensitive if 0 < counts[c] < threshold} | set(hidden)
    changed = True
    while changed:
        changed = False
        for eq in equations:
            unknown = [m for m in eq.members if m in suppressed]
            total_hidden = eq.total in suppressed
            if not unknown and not total_hidden:
                continue
            if total_hidden:
                ok = len(unknown) + 1 >= 2
            else:
                ok = len(unknown) >= 2 and sum(counts[m] for m in unknown) >= threshold
            if ok:
                continue
            candidates = sorted(
                (m for m in eq.members if m not in suppressed and m not in fixed),
                key=lambda m: (counts[m] == 0, counts[m], str(m)),
            )
            if candidates:
                suppressed.add(candidates[0])
                changed = True
                continue
            more = {m for m in eq.members if m not in fixed}
            if eq.total not in fixed:
                more.add(eq.total)
            if more - suppressed:
                suppressed |= more
                changed = True
        if not changed:
            changed = _hide_one_more(counts, equations, suppressed, fixed)
    return suppressed


def _hide_one_more(
    counts: dict[Hashable, int], equations: Sequence[Equation], suppressed: set, fixed: set
) -> bool:
    """When relations together (not one by one) still give a hidden non-zero cell away, hide
    the smallest shown cell that shares a relation with it; False when nothing leaks."""
    leaks = sorted((c for c in computable(equations, suppressed) if counts[c]), key=str)
    for leak in leaks:
        near = {m for eq in equations if leak in (*eq.members, eq.total) for m in eq.members}
        candidates = sorted(
            (m for m in near if m not in suppressed and m not in fixed),
            key=lambda m: (counts[m] == 0, counts[m], str(m)),
        )
        if candidates:
            suppressed.add(candidates[0])
            return True
    return False
