"""Search over signals and cases the user may see, by number or by words in their text. These
are records about people: ordered by date and number, never by relevance, and every search
leaves an audit row with the ids it showed (a read of person-related data)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from wijkkompas.accounts import audit, audit_labels, policy
from wijkkompas.core import finder
from wijkkompas.signals import selectors

audit_labels.register(
    actions={
        "signal_searched": "Signalen gezocht (zoekresultaten bekeken)",
        "case_searched": "Casussen gezocht (zoekresultaten bekeken)",
    }
)


def _number(query: str) -> int | None:
    text = query.strip().lstrip("#")
    return int(text) if text.isdigit() and len(text) < 12 else None


def _matching(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    number = _number(query)
    if number is not None:
        return queryset.filter(pk=number)
    return finder.text_match(queryset, query, fields)


def _records(
    user: Any,
    object_type: str,
    queryset: QuerySet,
    query: str,
    limit: int,
    *,
    fields: tuple[str, ...],
    newest_first: str,
    to_found: Any,
) -> finder.Results:
    """The matching records of ``queryset`` (the user's visible set), newest first, and the
    audit row with the ids shown (also when none matched: the search itself is a read)."""
    found = _matching(queryset, query, fields).order_by(f"-{newest_first}", "-pk")
    total = found.count()
    shown = list(found[:limit])
    audit.record(
        actor=user,
        action="case_searched" if object_type == "case" else "signal_searched",
        object_type=object_type,
        detail={"ids": [obj.pk for obj in shown], "total": total},
    )
    return [to_found(obj) for obj in shown], total


def _day(moment: Any) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y}"


def search_signals(user: Any, query: str, limit: int) -> finder.Results:
    if not policy.can(user, "list", "signal"):
        return [], 0
    return _records(
        user,
        "signal",
        selectors.signals_visible_to(user),
        query,
        limit,
        fields=("description", "location", "category__name"),
        newest_first="received_at",
        to_found=lambda s: finder.Found(
            title=f"Signaal {s.pk}: {s.category}",
            url=s.get_absolute_url(),
            meta=f"{s.get_status_display()} · ontvangen {_day(s.received_at)}",
            snippet=s.description[:160],
        ),
    )


def search_cases(user: Any, query: str, limit: int) -> finder.Results:
    if not policy.can(user, "list", "case"):
        return [], 0
    return _records(
        user,
        "case",
        selectors.cases_visible_to(user),
        query,
        limit,
        fields=("title", "summary"),
        newest_first="created_at",
        to_found=lambda c: finder.Found(
            title=f"Casus {c.pk}: {c.title}",
            url=c.get_absolute_url(),
            meta=f"{c.get_status_display()} · geopend {_day(c.created_at)}",
            snippet=c.summary[:160],
        ),
    )


finder.register(finder.Kind("signal", "Signalen", 40, records=True), search_signals)
finder.register(finder.Kind("case", "Casussen", 41, records=True), search_cases)
