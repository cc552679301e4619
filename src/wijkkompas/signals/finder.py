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


def _audit(user: Any, object_type: str, ids: list[int], total: int) -> None:
    audit.record(
        actor=user,
        action="case_searched" if object_type == "case" else "signal_searched",
        object_type=object_type,
        detail={"ids": ids, "total": total},
    )


def search_signals(user: Any, query: str, limit: int) -> tuple[list[finder.Found], int]:
    if not policy.can(user, "list", "signal"):
        return [], 0
    found = _matching(
        selectors.signals_visible_to(user), query, ("description", "location", "category__name")
    ).order_by("-received_at", "-pk")
    total = found.count()
    shown = list(found[:limit])
    _audit(user, "signal", [s.pk for s in shown], total)
    return [
        finder.Found(
            title=f"Signaal {s.pk}: {s.category}",
            url=s.get_absolute_url(),
            meta=f"{s.get_status_display()} · ontvangen "
            f"{timezone.localtime(s.received_at):%d-%m-%Y}",
            snippet=s.description[:160],
        )
        for s in shown
    ], total


def search_cases(user: Any, query: str, limit: int) -> tuple[list[finder.Found], int]:
    if not policy.can(user, "list", "case"):
        return [], 0
    found = _matching(selectors.cases_visible_to(user), query, ("title", "summary")).order_by(
        "-created_at", "-pk"
    )
    total = found.count()
    shown = list(found[:limit])
    _audit(user, "case", [c.pk for c in shown], total)
    return [
        finder.Found(
            title=f"Casus {c.pk}: {c.title}",
            url=c.get_absolute_url(),
            meta=f"{c.get_status_display()} · geopend {timezone.localtime(c.created_at):%d-%m-%Y}",
            snippet=c.summary[:160],
        )
        for c in shown
    ], total


finder.register(finder.Kind("signal", "Signalen", 40, records=True), search_signals)
finder.register(finder.Kind("case", "Casussen", 41, records=True), search_cases)
