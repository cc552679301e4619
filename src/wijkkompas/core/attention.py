"""What waits for a user ("Vraagt uw aandacht" on the start page, the count in the menu and the
e-mail digest). Core names no domain app: each app offers ``<app>/attention.py`` with functions
decorated ``@attention.provider``, imported once by ``discover()`` (core's ``ready()``). A
provider yields the items of the user's own work, read through its app's selectors and so
within the policy; the count of a worklist the user may act on is not an aggregate and is not
suppressed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


class Urgency(IntEnum):
    OVERDUE = 0
    WAITING = 1
    SOON = 2

    @property
    def label(self) -> str:
        return {0: "Verlopen", 1: "Wacht op u", 2: "Binnenkort"}[self.value]


@dataclass(frozen=True)
class AttentionItem:
    """One line of the list: ``count`` things at ``url``, where the user can act on them."""

    label: str
    count: int
    url: str
    module: str
    urgency: Urgency = Urgency.WAITING
    due: dt.date | None = None


Provider = Callable[[Any], Iterable[AttentionItem]]
_PROVIDERS: dict[str, Provider] = {}
_CACHE_ATTR = "_wijkkompas_attention"
MENU_SECONDS = 60  # a page shows the menu count of at most a minute ago; the start page is fresh


def provider(func: Provider) -> Provider:
    """Register a provider (a decorator); registering the same function again is harmless."""
    _PROVIDERS[f"{func.__module__}.{func.__qualname__}"] = func
    return func


def providers() -> list[str]:
    return sorted(_PROVIDERS)


def discover() -> None:
    autodiscover_modules("attention")


def items_for(user: Any) -> list[AttentionItem]:
    """Every waiting item of ``user``, overdue first, then by due date."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    found = [
        item for name in sorted(_PROVIDERS) for item in _PROVIDERS[name](user) if item.count > 0
    ]
    return sorted(found, key=lambda i: (i.urgency, i.due or dt.date.max, i.module, i.label))


def items_for_request(request: Any) -> list[AttentionItem]:
    """``items_for(request.user)``, computed once per request (start page and menu share it);
    the menu's total is remembered for ``MENU_SECONDS`` so other pages need not ask again."""
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is None:
        user = getattr(request, "user", None)
        cached = items_for(user)
        setattr(request, _CACHE_ATTR, cached)
        if getattr(user, "pk", None) is not None:
            cache.set(_menu_key(user), total(cached), MENU_SECONDS)
    return cached


def menu_total(request: Any) -> int:
    """The number in the menu: this request's list when it has one, else the total remembered
    from the last list at most ``MENU_SECONDS`` ago, else a fresh list."""
    user = getattr(request, "user", None)
    if getattr(request, _CACHE_ATTR, None) is None and getattr(user, "pk", None) is not None:
        remembered = cache.get(_menu_key(user))
        if remembered is not None:
            return remembered
    return total(items_for_request(request))


def _menu_key(user: Any) -> str:
    return f"wijkkompas:attention-total:{user.pk}"


def total(items: Iterable[AttentionItem]) -> int:
    return sum(item.count for item in items)


def of_queryset(
    queryset: QuerySet,
    *,
    labels: tuple[str, str],
    list_url: str,
    module: str,
    urgency: Urgency = Urgency.WAITING,
    due_field: str = "",
    link_single: bool = True,
) -> Iterator[AttentionItem]:
    """One item for a worklist: its size, linked to the one object when there is one (its
    ``get_absolute_url``, unless ``link_single`` is off because the list is where one acts),
    else to ``list_url``; ``due`` is the earliest ``due_field``."""
    count = queryset.count()
    if not count:
        return
    url = list_url
    if count == 1 and link_single:
        only = queryset.first()
        url = getattr(only, "get_absolute_url", lambda: list_url)()
    due = None
    if due_field:
        due = queryset.order_by(due_field).values_list(due_field, flat=True).first()
        if isinstance(due, dt.datetime):
            due = timezone.localdate(due)
    yield AttentionItem(
        label=labels[0] if count == 1 else labels[1],
        count=count,
        url=url,
        module=module,
        urgency=urgency,
        due=due,
    )
