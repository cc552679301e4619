"""URL patterns of one kind of object from the project's naming convention, so an app's urls.py
does not spell the Dutch path, the view and the URL name of every action of every object again.

The convention: under a prefix, ``nieuw/`` creates, ``<id>/`` shows, ``<id>/bewerken/`` edits,
``<id>/verplaatsen/`` moves and ``<id>/verwijderen/`` deletes; the view of action ``a`` on noun
``n`` is ``n_a`` in the views module and so is its URL name (the detail page is named ``n``)."""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path

ON_COLLECTION = {"list": "", "create": "nieuw/", "add": "nieuw/"}
ON_OBJECT = {"detail": "", "edit": "bewerken/", "move": "verplaatsen/", "delete": "verwijderen/"}


def resource(
    prefix: str,
    views: ModuleType,
    noun: str,
    actions: str = "",
    *,
    id: str = "<int:pk>",
    collection: dict[str, str] | None = None,
    item: dict[str, str] | None = None,
) -> list[URLPattern]:
    """The patterns of ``noun`` under ``prefix``: each of the space-separated ``actions`` (keys of
    ``ON_COLLECTION`` and ``ON_OBJECT``), then the app's own paths on the collection
    (``collection``: path → action) and on one object (``item``, after ``id``)."""
    routes = [
        (action, ON_COLLECTION[action] if action in ON_COLLECTION else f"{id}/{ON_OBJECT[action]}")
        for action in actions.split()
    ]
    routes += [(action, route) for route, action in (collection or {}).items()]
    routes += [(action, f"{id}/{route}") for route, action in (item or {}).items()]
    return [
        path(
            prefix + route,
            getattr(views, f"{noun}_{action}"),
            name=noun if action == "detail" else f"{noun}_{action}",
        )
        for action, route in routes
    ]
