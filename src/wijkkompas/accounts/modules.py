"""The product's modules as the start page and the main menu show them. Each app names its tile
on its config (``tile = Module(...)``, see ``accounts.appconfig``), registered on ``ready()``,
so accounts names no domain app. A module appears for a user when the policy grants any of its entry permissions and
its URL exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse

from wijkkompas.accounts import policy


@dataclass(frozen=True)
class Module:
    title: str
    url_name: str
    summary: str
    entry: tuple[tuple[str, str], ...]  # (object_type, action) pairs; any one opens the module
    position: int  # place in the menu, low first


MODULES: list[Module] = []


def register(module: Module) -> None:
    """Add a tile; a second tile with the same URL or title is refused."""
    for known in MODULES:
        if module.url_name == known.url_name or module.title == known.title:
            raise ImproperlyConfigured(f"Module {module.title!r} registered twice.")
    MODULES.append(module)
    MODULES.sort(key=lambda m: m.position)


def modules_for(user: Any) -> list[dict]:
    result = []
    for module in MODULES:
        if not any(policy.can(user, action, object_type) for object_type, action in module.entry):
            continue
        try:
            url = reverse(module.url_name)
        except NoReverseMatch:
            continue
        result.append({"title": module.title, "url": url, "summary": module.summary})
    return result
