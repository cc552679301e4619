"""Follow-ups of barriers kept by other modules (the Aanpak turns a barrier into a programme
action): those modules register a provider from their ``ready()``, so the barrier board and the
follow-up list show them without barriers importing those modules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FollowUp:
    """One follow-up of a barrier, as the board shows it (already filtered for the user)."""

    barrier_id: int
    label: str  # e.g. "Actie in Aanpak jonge aanwas"
    status: str
    url: str
    overdue: bool = False


Provider = Callable[[Any, list[int]], Iterable[FollowUp]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """``provider(user, barrier_ids)`` gives the follow-ups the user may see."""
    _PROVIDERS[name] = provider


def attach(user: Any, elements: Iterable[Any]) -> None:
    """Set ``followups`` (a list) on every element given."""
    elements = list(elements)
    by_id: dict[int, list[FollowUp]] = {e.pk: [] for e in elements}
    ids = list(by_id)
    if ids:
        for provider in _PROVIDERS.values():
            for f in provider(user, ids):
                by_id.setdefault(f.barrier_id, []).append(f)
    for e in elements:
        e.followups = by_id.get(e.pk, [])
