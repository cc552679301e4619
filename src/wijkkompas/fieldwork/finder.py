"""Search over the fieldwork campaigns the user may see (campaigns, not addresses or visits)."""

from __future__ import annotations

from typing import Any

from wijkkompas.accounts import policy
from wijkkompas.core import finder
from wijkkompas.fieldwork import selectors


def search_campaigns(user: Any, query: str, limit: int) -> finder.Results:
    if not policy.can(user, "list", "campaign"):
        return [], 0
    return finder.search_documents(
        selectors.campaigns_visible_to(user),
        query,
        limit,
        fields=("name", "goal"),
        title="name",
        to_found=lambda c: finder.Found(
            title=c.name,
            url=c.get_absolute_url(),
            meta=f"{c.get_kind_display()} · {c.get_status_display()}",
            snippet=c.goal[:160],
        ),
    )


finder.register(finder.Kind("campaign", "Veldwerkcampagnes", 35), search_campaigns)
