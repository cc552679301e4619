"""Search over the programmes (Aanpak) the user is involved in."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.core import finder
from wijkkompas.programmes import selectors


def search_programmes(user: Any, query: str, limit: int) -> tuple[list[finder.Found], int]:
    if not policy.can(user, "list", "programme"):
        return [], 0
    fields = ("title", "problem_definition", "goals")
    found = finder.by_relevance(
        finder.text_match(selectors.programmes_visible_to(user), query, fields),
        query,
        "title",
        "title",
        "pk",
    )
    total = found.count()
    return [
        finder.Found(
            title=p.title,
            url=reverse("programmes:detail", args=[p.pk]),
            meta=f"{p.get_status_display()} · {p.lead_organisation}",
            snippet=p.problem_definition[:160],
        )
        for p in found[:limit]
    ], total


finder.register(finder.Kind("programme", "Programma's (Aanpak)", 30), search_programmes)
