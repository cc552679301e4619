"""Search over the barrier models the user may see (the tenant's own, sub-models included)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.barriers import selectors
from wijkkompas.core import finder


def search_models(user: Any, query: str, limit: int) -> finder.Results:
    if not policy.can(user, "view", "barrier_model"):
        return [], 0
    return finder.search_documents(
        selectors.models_visible_to(user),
        query,
        limit,
        fields=("title", "phenomenon", "description"),
        title="title",
        to_found=lambda m: finder.Found(
            title=m.title,
            url=reverse("barriers:detail", args=[m.pk]),
            meta=f"{m.phenomenon} · {m.get_status_display()}",
            snippet=m.description[:160],
        ),
    )


finder.register(finder.Kind("barrier_model", "Barrièremodellen", 20), search_models)
