"""Dutch full-text search over the Kennisbank (issue 3, item 7).

How it works, so the ranking can be explained to a user:
- Text is folded (lower case, accents removed: "casuïstiek" = "casuistiek"), split into words,
  Dutch stop words dropped, and every word reduced to its Dutch Snowball stem ("jongeren" and
  "jongere" both become "jonger").
- Dutch compounds are split against the vocabulary of the knowledge base itself ("drugsafval" →
  "drugs" + "afval", "veiligheidshuis" → "veiligheid" + "huis"), so a search for the parts finds the
  compound and the other way round.
- A curated synonym list (``content/synonyms.yaml``, table ``SynonymGroup``) widens the query with
  words a user might type for the same thing ("ronselen" ~ "rekruteren" ~ "werven").
- Ranking is BM25 with a heavier title field; results that cover more of the query words rank
  higher. The index lives in memory per process and is rebuilt when ``IndexGeneration`` changes
  (every write bumps it), so the behaviour is identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
import threading

from wijkkompas.knowledge.models import IndexGeneration, SynonymGroup
from wijkkompas.knowledge.search.documents import documents
from wijkkompas.knowledge.search.index import Filters, Hit, SearchIndex
from wijkkompas.knowledge.search.text import Decompounder, fold, stem

__all__ = [
    "Decompounder",
    "Filters",
    "Hit",
    "fold",
    "get_index",
    "new_generation",
    "search",
    "stem",
]

_lock = threading.Lock()
_index: SearchIndex | None = None


def current_generation() -> int:
    return IndexGeneration.objects.filter(pk=1).values_list("generation", flat=True).first() or 0


def new_generation() -> int:
    """A fresh random generation (not a counter: a rolled-back transaction must never make an old
    number current again while a process still holds an index built on other data)."""
    return random.getrandbits(62) + 1


def get_index() -> SearchIndex:
    global _index
    generation = current_generation()
    index = _index
    if index is not None and index.generation == generation:
        return index
    with _lock:
        if _index is None or _index.generation != generation:
            groups = [list(g) for g in SynonymGroup.objects.values_list("terms", flat=True)]
            _index = SearchIndex(documents(), groups, generation)
        return _index


def search(
    query: str, filters: Filters | None = None, limit: int | None = 20
) -> tuple[list[Hit], int]:
    return get_index().search(query, filters, limit)
