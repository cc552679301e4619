"""Reads of the Kennisbank. Published knowledge is public; the policy still decides (``list``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

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
from wijkkompas.knowledge.snapshots import OBJECT_TYPES, snapshot


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


def get_published(user: Any, object_type: str, **lookup: Any) -> Any:
    """A theme, question, source, practice or instrument to read (``slug=…`` or ``number=…``)."""
    return policy.get_object_or_404(user, "view", object_type, OBJECT_TYPES[object_type], **lookup)


def get_object(user: Any, action: str, object_type: str, pk: int) -> Any:
    """A knowledge object for the redactie's ``action`` ("edit", "delete"); 404 for a type
    that does not exist."""
    if object_type not in OBJECT_TYPES:
        raise Http404
    return policy.get_object_or_404(user, action, object_type, OBJECT_TYPES[object_type], pk=pk)


def find_object(object_type: str, pk: int | None) -> Any:
    """The object a tip or a revision is about, or None when it (or its type) is gone."""
    if object_type not in OBJECT_TYPES or pk is None:
        return None
    return OBJECT_TYPES[object_type].objects.filter(pk=pk).first()


def source_entries(source: Source) -> QuerySet[SourceEntry]:
    return (
        source.entries.select_related("theme")
        .prefetch_related("questions")
        .order_by("theme__order")
    )


def get_entry_for_edit(user: Any, pk: int) -> SourceEntry:
    """A source's entry at one theme; changing it is an edit of the source."""
    entry = get_object_or_404(SourceEntry.objects.select_related("source", "theme"), pk=pk)
    policy.require(user, "edit", "source", entry.source)
    return entry


def new_entry_defaults(theme_slug: str | None, source_slug: str | None) -> dict[str, Any]:
    """The theme and source a new entry starts with (the theme or source page links here)."""
    initial: dict[str, Any] = {}
    if theme_slug:
        initial["theme"] = Theme.objects.filter(slug=theme_slug).first()
    if source_slug:
        initial["source"] = Source.objects.filter(slug=source_slug).first()
    return initial


def counts() -> dict[str, int]:
    return {"n_sources": Source.objects.count(), "n_entries": SourceEntry.objects.count()}


def history(user: Any, object_type: str, obj: Any) -> QuerySet[Revision]:
    policy.require(user, "history", object_type, obj)
    return Revision.objects.filter(object_type=object_type, object_id=obj.pk).select_related(
        "actor"
    )


def history_of_deleted(user: Any, object_type: str, pk: int) -> QuerySet[Revision]:
    """The revisions of an object that no longer exists (its last one is the deletion)."""
    if object_type not in OBJECT_TYPES:
        raise Http404
    policy.require(user, "history", object_type)
    revisions = Revision.objects.filter(object_type=object_type, object_id=pk).select_related(
        "actor"
    )
    if not revisions:
        raise Http404
    return revisions


def get_revision(user: Any, pk: int) -> Revision:
    revision = get_object_or_404(Revision, pk=pk)
    policy.require(user, "history", revision.object_type)
    return revision


def previous_revision(revision: Revision) -> Revision | None:
    return (
        Revision.objects.filter(
            object_type=revision.object_type, object_id=revision.object_id, id__lt=revision.id
        )
        .order_by("-id")
        .first()
    )


def recent_revisions(limit: int = 25) -> list[Revision]:
    return list(Revision.objects.select_related("actor")[:limit])


def get_tip(user: Any, pk: int) -> Tip:
    return policy.get_object_or_404(user, "view", "knowledge_tip", Tip, pk=pk)


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
        "themes": [snapshot(t) for t in Theme.objects.all()],
        "questions": [snapshot(q) for q in Question.objects.all()],
        "sources": [snapshot(s) for s in Source.objects.order_by("slug")],
        "practices": [
            snapshot(p) for p in Practice.objects.prefetch_related("themes").order_by("slug")
        ],
        "instruments": [
            snapshot(i)
            for i in Instrument.objects.prefetch_related("themes", "questions").order_by("slug")
        ],
    }
