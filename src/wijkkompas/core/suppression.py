"""Small-number suppression for aggregates (DESIGN.md §3): a count under the threshold is never
shown exact — it becomes "<5" (with the default threshold) in views, exports and the API."""

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
