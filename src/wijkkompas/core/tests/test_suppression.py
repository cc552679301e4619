"""The publishing rule for our own counts (``suppression.rounded_count``), proved by brute force:
for every vector of small exact cells, under every table shape the signal statistics publish,
no published number, total or difference pins a suppressed cell."""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable

import pytest

from wijkkompas.core import suppression

from .disclosure import feasible

# Shapes of published tables over a few exact cells: each entry is the cells one published
# number adds up. Every cell has a number of its own (listed, or left out as "<5").
SHAPES: dict[str, tuple[tuple[int, ...], ...]] = {
    # One category in two years: each year, and all years (the outside tester's attack).
    "year_against_all_years": ((0,), (1,), (0, 1)),
    # Three years under one all-years total, and every pair of years.
    "three_years": ((0,), (1,), (2,), (0, 1, 2), (0, 1), (1, 2), (0, 2)),
    # Two categories x two years with both margins and the grand total.
    "category_by_year": ((0,), (1,), (2,), (3,), (0, 1), (2, 3), (0, 2), (1, 3), (0, 1, 2, 3)),
    # Four months, two per year, each year and all years.
    "months_years_all": ((0,), (1,), (2,), (3,), (0, 1), (2, 3), (0, 1, 2, 3)),
    # Four buurt x month cells under one category total.
    "four_cells_one_total": ((0,), (1,), (2,), (3,), (0, 1, 2, 3)),
}
TRUE_MAX = 12  # cells 0..12 are attacked; the search runs to 14, the top of 12's block.


@functools.cache
def _candidates(rule: Callable[[int], object], shape: tuple[tuple[int, ...], ...]) -> dict:
    """Published numbers → every exact vector (cells 0..14) that gives them."""
    n = 1 + max(max(s) for s in shape)
    groups: dict[tuple, list[tuple[int, ...]]] = defaultdict(list)
    for vector in itertools.product(range(TRUE_MAX + 3), repeat=n):
        groups[tuple(rule(sum(vector[i] for i in s)) for s in shape)].append(vector)
    return groups


def _leaks(rule: Callable[[int], object], shape: tuple[tuple[int, ...], ...]):
    """(vector, cell, values the attacker still allows) for each suppressed cell of each
    attacked vector."""
    t = suppression.threshold()
    for vectors in _candidates(rule, shape).values():
        n = len(vectors[0])
        allowed = [{v[i] for v in vectors} for i in range(n)]
        for vector in vectors:
            if max(vector) > TRUE_MAX:
                continue
            for i in range(n):
                if 1 <= vector[i] < t:
                    yield vector, i, allowed[i]


def test_rounded_count_rounds_down_to_fives_and_hides_zero_too():
    assert [suppression.rounded_count(n) for n in range(15)] == [None] * 5 + [5] * 5 + [10] * 5
    assert suppression.rounded_count(123) == 120
    assert suppression.published_count(3) == {"count": None, "suppressed": True, "display": "<5"}
    assert suppression.published_count(0)["display"] == "<5"
    assert suppression.published_count(1234) == {
        "count": 1230,
        "suppressed": False,
        "display": "1230",
    }
    assert "afgerond" in suppression.rounding_note() and "<5" in suppression.rounding_note()


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_no_published_combination_pins_a_suppressed_cell(name):
    shape = SHAPES[name]
    checked = 0
    for vector, i, allowed in _leaks(suppression.rounded_count, shape):
        checked += 1
        assert len(allowed) >= 2, (name, vector, i, sorted(allowed))
    assert checked > 100


def test_one_difference_never_narrows_a_suppressed_cell():
    """A total minus a cell, or all years minus one year: every value 1..4 stays possible."""
    for vector, i, allowed in _leaks(suppression.rounded_count, SHAPES["year_against_all_years"]):
        assert set(range(1, suppression.threshold())) <= allowed, (vector, i, sorted(allowed))


def test_the_outside_testers_attack_no_longer_works():
    # All years 9, 2026 7: both published as 5; 2025 (exactly 2) could be anything 0..4.
    exact = {("2025",): 2, ("2026",): 7, ("2025", "2026"): 9}
    published = [(cells, suppression.rounded_count(n)) for cells, n in exact.items()]
    assert [p for _, p in published] == [None, 5, 5]
    assert feasible(["2025", "2026"], published)["2025"] == {0, 1, 2, 3, 4}


def _nearest(n: int) -> int | None:
    return None if n < 5 else 5 * round(n / 5)


def _zero_apart(n: int) -> int | None:
    if n == 0:
        return 0
    return None if n < 5 else n // 5 * 5


@pytest.mark.parametrize(
    ("rule", "shape", "vector"),
    [
        # Rounding to the nearest five: 4 + 4 = 8 → "10" leaves only 4 + 4.
        (_nearest, "year_against_all_years", (4, 4)),
        # Telling 0 from "<5": four "<5" cells under a "<5" total are each exactly 1.
        (_zero_apart, "four_cells_one_total", (1, 1, 1, 1)),
    ],
)
def test_the_rules_we_did_not_take_do_leak(rule, shape, vector):
    """The brute force finds leaks when there are some: the two obvious alternatives."""
    pinned = {(v, i) for v, i, allowed in _leaks(rule, SHAPES[shape]) if len(allowed) == 1}
    assert (vector, 0) in pinned


def test_the_attacker_agrees_with_the_brute_force():
    """``disclosure.feasible`` (used on the real tables) finds what enumeration finds."""
    shape = SHAPES["category_by_year"]
    for vector in [(0, 1, 2, 3), (4, 4, 4, 4), (1, 9, 3, 12), (2, 0, 0, 7)]:
        published = [(s, suppression.rounded_count(sum(vector[i] for i in s))) for s in shape]
        allowed = feasible(range(4), published)
        for vectors in _candidates(suppression.rounded_count, shape).values():
            if vector in vectors:
                assert allowed == {i: {v[i] for v in vectors} for i in range(4)}
