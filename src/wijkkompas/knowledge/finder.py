"""The Kennisbank's own search (``knowledge.search``: Dutch stems, compounds, synonyms, BM25)
as one kind of the search box; it holds only published national knowledge."""

from __future__ import annotations

from typing import Any

from wijkkompas.accounts import policy
from wijkkompas.core import finder
from wijkkompas.knowledge import search


def search_knowledge(user: Any, query: str, limit: int) -> finder.Results:
    if not policy.can(user, "list", "source"):
        return [], 0
    hits, total = search.search(query, limit=limit)
    return [
        finder.Found(title=h.title, url=h.url, meta=h.type_label, snippet=h.snippet[:160])
        for h in hits
    ], total


finder.register(finder.Kind("knowledge", "Kennisbank", 50), search_knowledge)
