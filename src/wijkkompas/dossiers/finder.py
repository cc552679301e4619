"""Search over the themadossiers the user may see: theme, summary, advice and next steps."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.core import finder
from wijkkompas.dossiers import selectors


def search_dossiers(user: Any, query: str, limit: int) -> finder.Results:
    if not policy.can(user, "list", "dossier"):
        return [], 0
    return finder.search_documents(
        selectors.dossiers_visible_to(user),
        query,
        limit,
        fields=("theme__name", "summary", "advice", "next_steps"),
        title="theme__name",
        to_found=lambda d: finder.Found(
            title=f"Themadossier {d.theme.name}",
            url=reverse("dossiers:detail", args=[d.pk]),
            meta=str(d.tenant),
            snippet=(d.summary or d.next_steps)[:160],
        ),
    )


finder.register(finder.Kind("dossier", "Themadossiers", 10), search_dossiers)
