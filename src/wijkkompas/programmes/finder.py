"""Search over the programmes (Aanpak) the user is involved in."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.core import finder
from wijkkompas.programmes import selectors


def search_programmes(user: Any, query: str, limit: int) -> finder.Results:
    if not policy.can(user, "list", "programme"):
        return [], 0
    return finder.search_documents(
        selectors.programmes_visible_to(user),
        query,
        limit,
        fields=("title", "problem_definition", "goals"),
        title="title",
        to_found=lambda p: finder.Found(
            title=p.title,
            url=reverse("programmes:detail", args=[p.pk]),
            meta=f"{p.get_status_display()} · {p.lead_organisation}",
            snippet=p.problem_definition[:160],
        ),
    )


finder.register(finder.Kind("programme", "Programma's (Aanpak)", 30), search_programmes)
