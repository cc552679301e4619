"""Search over the fieldwork campaigns the user may see (campaigns, not addresses or visits)."""

from __future__ import annotations

from typing import Any

from wijkkompas.accounts import policy
from wijkkompas.core import finder
from wijkkompas.fieldwork import selectors


def search_campaigns(user: Any, query: str, limit: int) -> tuple[list[finder.Found], int]:
    if not policy.can(user, "list", "campaign"):
        return [], 0
    found = finder.by_relevance(
        finder.text_match(selectors.campaigns_visible_to(user), query, ("name", "goal")),
        query,
        "name",
        "name",
        "pk",
    )
    total = found.count()
    return [
        finder.Found(
            title=c.name,
            url=c.get_absolute_url(),
            meta=f"{c.get_kind_display()} · {c.get_status_display()}",
            snippet=c.goal[:160],
        )
        for c in found[:limit]
    ], total


finder.register(finder.Kind("campaign", "Veldwerkcampagnes", 35), search_campaigns)
