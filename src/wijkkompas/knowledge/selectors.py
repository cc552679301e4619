"""Reads of the Kennisbank. Published knowledge is public; the policy still decides (``list``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from wijkkompas.accounts import policy
from wijkkompas.knowledge.models import (
    Instrument,
    Practice,
    Question,
    Revision,
    Source,
    SourceEntry,
    Theme,
    Tip,
)
from wijkkompas.knowledge.snapshots import (
    instrument_snapshot,
    practice_snapshot,
    question_snapshot,
    source_snapshot,
    theme_snapshot,
)


def themes(user: Any) -> QuerySet[Theme]:
    return policy.visible(user, "list", "theme", Theme.objects.all())


def questions(user: Any) -> QuerySet[Question]:
    return policy.visible(user, "list", "question", Question.objects.all())


def sources(
    user: Any,
    *,
    theme: str = "",
    question: int | None = None,
    kind: str = "",
    internal: bool | None = None,
) -> QuerySet[Source]:
    """Sources, optionally those recommended for one theme and/or one question (within that theme)."""
    qs = Source.objects.all()
    if theme and question:
        qs = qs.filter(entries__theme__slug=theme, entries__questions__number=question)
    elif theme:
        qs = qs.filter(entries__theme__slug=theme)
    elif question:
        qs = qs.filter(entries__questions__number=question)
    if kind:
        qs = qs.filter(kind=kind)
    if internal is not None:
        qs = qs.filter(internal=internal)
    qs = qs.distinct().prefetch_related(
        Prefetch(
            "entries",
            queryset=SourceEntry.objects.select_related("theme")
            .prefetch_related("questions")
            .order_by("theme__order"),
        )
    )
    return policy.visible(user, "list", "source", qs)


def practices(user: Any, *, theme: str = "") -> QuerySet[Practice]:
    qs = Practice.objects.prefetch_related("themes")
    if theme:
        qs = qs.filter(themes__slug=theme)
    return policy.visible(user, "list", "practice", qs)


def instruments(user: Any, *, theme: str = "", question: int | None = None) -> QuerySet[Instrument]:
    qs = Instrument.objects.prefetch_related("themes", "questions")
    if theme:
        qs = qs.filter(themes__slug=theme)
    if question:
        qs = qs.filter(questions__number=question)
    return policy.visible(user, "list", "instrument", qs.distinct())


def recommended_entries(theme: Theme, question: Question | None = None) -> QuerySet[SourceEntry]:
    """The source entries of one theme (for one question), for the theme page and the dossiers."""
    qs = (
        SourceEntry.objects.filter(theme=theme)
        .select_related("source")
        .prefetch_related("questions")
    )
    if question is not None:
        qs = qs.filter(questions=question)
    return qs.order_by("source__internal", "source__kind", "source__name")


KIND_ORDER = [Source.Kind.PARTNER, Source.Kind.REGISTRATIE, Source.Kind.PUBLICATIE]


def theme_matrix(user: Any) -> tuple[list[Theme], list[Question], dict[tuple[int, int], int]]:
    """Themes × questions with the number of recommended sources in each cell (index page)."""
    theme_list = list(
        themes(user)
        .annotate(n_sources=Count("source_entries", distinct=True))
        .order_by("order", "name")
    )
    question_list = list(questions(user))
    counts: dict[tuple[int, int], int] = defaultdict(int)
    rows = SourceEntry.questions.through.objects.values_list("sourceentry__theme_id", "question_id")
    for theme_id, question_id in rows:
        counts[(theme_id, question_id)] += 1
    return theme_list, question_list, dict(counts)


def theme_overview(theme: Theme) -> list[dict]:
    """Per question: the recommended sources, split internal/external and grouped by kind."""
    entries = list(recommended_entries(theme))
    result = []
    for question in Question.objects.all():
        groups = []
        for internal, label in ((True, "Intern (binnen de gemeente)"), (False, "Extern")):
            kinds = []
            for kind in KIND_ORDER:
                items = [
                    e
                    for e in entries
                    if e.source.internal == internal
                    and e.source.kind == kind
                    and question in e.questions.all()
                ]
                if items:
                    kinds.append({"kind": kind, "label": Source.Kind(kind).label, "entries": items})
            groups.append(
                {
                    "internal": internal,
                    "label": label,
                    "kinds": kinds,
                    "count": sum(len(k["entries"]) for k in kinds),
                }
            )
        result.append(
            {"question": question, "groups": groups, "count": sum(g["count"] for g in groups)}
        )
    return result


def history(user: Any, object_type: str, obj: Any) -> QuerySet[Revision]:
    policy.require(user, "history", object_type, obj)
    return Revision.objects.filter(object_type=object_type, object_id=obj.pk).select_related(
        "actor"
    )


def tips(user: Any, *, status: str = "") -> QuerySet[Tip]:
    qs = policy.visible(
        user, "list", "knowledge_tip", Tip.objects.select_related("submitted_by", "handled_by")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def export_knowledge() -> dict[str, list[dict]]:
    """The whole knowledge base in the shape of content/*.yaml (sources with their entries)."""
    return {
        "themes": [theme_snapshot(t) for t in Theme.objects.all()],
        "questions": [question_snapshot(q) for q in Question.objects.all()],
        "sources": [source_snapshot(s) for s in Source.objects.order_by("slug")],
        "practices": [
            practice_snapshot(p)
            for p in Practice.objects.prefetch_related("themes").order_by("slug")
        ],
        "instruments": [
            instrument_snapshot(i)
            for i in Instrument.objects.prefetch_related("themes", "questions").order_by("slug")
        ],
    }
