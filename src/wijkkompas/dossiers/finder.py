"""Search over the themadossiers the user may see: theme and next steps."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.core import finder
from wijkkompas.dossiers import selectors


def search_dossiers(user: Any, query: str, limit: int) -> tuple[list[finder.Found], int]:
    if not policy.can(user, "list", "dossier"):
        return [], 0
    fields = ("theme__name", "next_steps")
    found = finder.by_relevance(
        finder.text_match(selectors.dossiers_visible_to(user), query, fields),
        query,
        "theme__name",
        "theme__name",
        "pk",
    )
    total = found.count()
    return [
        finder.Found(
            title=f"Themadossier {d.theme.name}",
            url=reverse("dossiers:detail", args=[d.pk]),
            meta=str(d.tenant),
            snippet=d.next_steps[:160],
        )
        for d in found[:limit]
    ], total


finder.register(finder.Kind("dossier", "Themadossiers", 10), search_dossiers)
