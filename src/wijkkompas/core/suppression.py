"""Small-number suppression for aggregates (DESIGN.md §3): a count under the threshold is never
shown exact — it becomes "<5" (with the default threshold) in views, exports and the API.

Counts of our own person-related data (signals) are published through ``rounded_count`` /
``published_count`` only: rounded down to a multiple of the threshold, so that no total and no
difference between two filters gives a small cell back. CBS and police open data, already
published by them, keep ``display`` / ``api_value``."""

from __future__ import annotations

from django.conf import settings


def threshold() -> int:
    return settings.SUPPRESSION_THRESHOLD


def is_suppressed(count: int | float | None) -> bool:
    """Zero is not suppressed (it reveals no individual); 1..threshold-1 is."""
    return count is not None and 0 < count < threshold()


def display(count: int | float | None) -> str:
    """The text to show for a count: "<5" when suppressed, "–" when missing."""
    if count is None:
        return "–"
    if is_suppressed(count):
        return f"<{threshold()}"
    return f"{count:n}" if isinstance(count, int) else f"{count:.1f}".replace(".", ",")


def api_value(count: int | float | None) -> tuple[int | float | None, bool]:
    """(value, suppressed) for the API: the value is null when suppressed."""
    if is_suppressed(count):
        return None, True
    return count, False


def rounded_count(count: int) -> int | None:
    """The one rule for publishing an exact count of our own data: ``None`` ("<5") under the
    threshold t — zero included — and otherwise rounded *down* to a multiple of t (7 → 5, 12 →
    10). Every published number, cell or total, is computed exact and then passed through here.

    Why: every published number then stands for a block of t values, [0, t-1] or [kt, kt+t-1].
    A hidden cell that is the difference of two published numbers (a total minus a cell, all
    years minus one year) lies in [k't - (t-1), k't + (t-1)], which always holds all of 1..t-1:
    nothing is narrowed. Rounding to the *nearest* multiple does not have this property (cells
    4 and 4 under a total 8 → "10" give both cells exactly), nor does telling 0 from 1..t-1
    (four "<5" cells under a "<5" total are each exactly 1) — hence zero is "<5" too, and a
    table leaves such cells out or lists a fixed set of rows (all categories, all buurten).
    """
    t = threshold()
    if count < t:
        return None
    return count // t * t


def published_count(count: int) -> dict[str, int | bool | str | None]:
    """``count`` (rounded, or None), ``suppressed`` and ``display`` ("<5", "10") for one exact
    count, by ``rounded_count``."""
    value = rounded_count(count)
    return {
        "count": value,
        "suppressed": value is None,
        "display": f"<{threshold()}" if value is None else f"{value:n}",
    }


def rounding_note() -> str:
    """The sentence (Dutch) that goes with every table of ``rounded_count`` numbers."""
    t = threshold()
    return (
        f"Aantallen zijn naar beneden afgerond op een veelvoud van {t} ({t} betekent {t} tot en "
        f"met {2 * t - 1}); minder dan {t}, ook 0, staat als \u201c<{t}\u201d."
    )
