"""One search box over the user's own work. Core names no domain app: each app offers
``<app>/finder.py`` and registers a ``Kind`` with its search function (``register``), imported
once by ``discover()`` (core's ``ready()``). A search function reads through its app's
selectors, so it finds only what the policy lets the user see, and it writes the audit row
itself when it shows person-related records.

Ordering: documents (dossiers, models, programmes, knowledge) by relevance; records about
people (signals, cases) never by relevance but by number or date, so no person is ranked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.module_loading import autodiscover_modules

MAX_QUERY = 100


@dataclass(frozen=True)
class Found:
    title: str
    url: str
    meta: str = ""
    snippet: str = ""


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # plural heading, Dutch
    position: int
    records: bool = False  # person-related records: ordered by number/date, never by relevance


@dataclass
class Group:
    kind: Kind
    results: list[Found] = field(default_factory=list)
    total: int = 0


Search = Callable[[Any, str, int], tuple[list[Found], int]]
Results = tuple[list[Found], int]
_KINDS: dict[str, tuple[Kind, Search]] = {}


def register(kind: Kind, search: Search) -> None:
    _KINDS[kind.code] = (kind, search)


def kinds() -> list[Kind]:
    return sorted((k for k, _ in _KINDS.values()), key=lambda k: k.position)


def discover() -> None:
    autodiscover_modules("finder")


def clean_query(raw: str) -> str:
    """The query as searched: control characters (a NUL cannot even be sent to PostgreSQL) and
    runs of white space become one space, at most ``MAX_QUERY`` characters."""
    text = "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in raw or "")
    return " ".join(text.split())[:MAX_QUERY]


def search(user: Any, query: str, *, limit: int = 10, kind: str = "") -> list[Group]:
    """The groups with at least one result, in the order of the kinds."""
    query = clean_query(query)
    if not query or user is None or not getattr(user, "is_authenticated", False):
        return []
    groups = []
    for k in kinds():
        if kind and k.code != kind:
            continue
        results, count = _KINDS[k.code][1](user, query, limit)
        if count:
            groups.append(Group(kind=k, results=list(results), total=count))
    return groups


def words(query: str) -> list[str]:
    return [w for w in clean_query(query).split(" ") if w]


def text_match(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """Objects where every word of ``query`` occurs in one of ``fields`` (case-insensitive)."""
    for word in words(query):
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(any_field)
    return queryset


def by_relevance(queryset: QuerySet, query: str, title: str, *then: str) -> QuerySet:
    """Documents whose title holds the whole query first, then those whose title holds a word,
    then the rest; within a rank by ``then`` (for documents, never for persons)."""
    whole = clean_query(query)
    ranks = [When(**{f"{title}__icontains": whole}, then=Value(0))]
    ranks += [When(**{f"{title}__icontains": w}, then=Value(1)) for w in words(query)]
    rank = Case(*ranks, default=Value(2), output_field=IntegerField())
    return queryset.annotate(_finder_rank=rank).order_by("_finder_rank", *then)


def search_documents(
    queryset: QuerySet,
    query: str,
    limit: int,
    *,
    fields: tuple[str, ...],
    title: str,
    to_found: Callable[[Any], Found],
) -> Results:
    """A kind of document: the objects of ``queryset`` (already the user's visible set) matching
    every word in ``fields``, by relevance of ``title``, the first ``limit`` as ``Found``."""
    found = by_relevance(text_match(queryset, query, fields), query, title, title, "pk")
    return [to_found(obj) for obj in found[:limit]], found.count()
