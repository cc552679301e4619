"""What the search indexes: one document per theme, question, source, practice and instrument,
with the fields the filters need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wijkkompas.knowledge.models import Instrument, Practice, Question, Source, Theme


@dataclass
class Document:
    type: str
    id: int
    key: str
    title: str
    url: str
    segments: list[str]
    themes: frozenset[str] = frozenset()
    questions: frozenset[int] = frozenset()
    pairs: frozenset[tuple[str, int]] = frozenset()  # (theme, question) for sources
    kind: str = ""
    internal: bool | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    length: float = 0.0
    segment_terms: list[set[str]] | None = None


def _text(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p)


def documents() -> list[Document]:
    question_numbers = frozenset(Question.objects.values_list("number", flat=True))
    theme_names = dict(Theme.objects.values_list("slug", "name"))
    docs: list[Document] = []
    for theme in Theme.objects.all():
        docs.append(
            Document(
                "theme",
                theme.pk,
                theme.slug,
                theme.name,
                theme.get_absolute_url(),
                [theme.description],
                themes=frozenset({theme.slug}),
                questions=question_numbers,
                meta={"order": theme.order},
            )
        )
    for question in Question.objects.all():
        docs.append(
            Document(
                "question",
                question.pk,
                str(question.number),
                f"Vraag {question.number}: {question.text}",
                question.get_absolute_url(),
                [question.description],
                themes=frozenset(theme_names),
                questions=frozenset({question.number}),
                meta={"scope": question.get_scope_display()},
            )
        )
    for source in Source.objects.prefetch_related("entries__theme", "entries__questions"):
        pairs = {(e.theme.slug, q.number) for e in source.entries.all() for q in e.questions.all()}
        segments = [source.description] + [
            f"{e.theme.name}: {e.offers}" for e in source.entries.all()
        ]
        keywords = _text(source.get_kind_display(), "intern" if source.internal else "extern")
        docs.append(
            Document(
                "source",
                source.pk,
                source.slug,
                source.name,
                source.get_absolute_url(),
                segments,
                themes=frozenset(t for t, _ in pairs)
                | frozenset(e.theme.slug for e in source.entries.all()),
                questions=frozenset(q for _, q in pairs),
                pairs=frozenset(pairs),
                kind=source.kind,
                internal=source.internal,
                meta={
                    "kind": source.get_kind_display(),
                    "internal": source.internal,
                    "keywords": keywords,
                },
            )
        )
    for practice in Practice.objects.prefetch_related("themes"):
        segments = [
            practice.summary,
            practice.origin,
            _text(practice.neighbourhood, practice.target_group),
            *practice.method_steps,
            *practice.results,
            *practice.success_factors,
            *practice.bottlenecks,
            practice.future,
            _text(*practice.partners),
        ]
        title = (
            f"{practice.title} ({practice.municipality})"
            if practice.municipality and practice.municipality not in practice.title
            else practice.title
        )
        docs.append(
            Document(
                "practice",
                practice.pk,
                practice.slug,
                title,
                practice.get_absolute_url(),
                [s for s in segments if s],
                themes=frozenset(t.slug for t in practice.themes.all()),
                questions=frozenset({2, 5}),  # examples of an approach: questions 2 and 5
                meta={"keywords": _text(practice.municipality, practice.start_year)},
            )
        )
    for instrument in Instrument.objects.prefetch_related("themes", "questions"):
        segments = [
            instrument.purpose,
            instrument.description,
            *(_text(s.get("name"), s.get("description")) for s in instrument.steps),
        ]
        docs.append(
            Document(
                "instrument",
                instrument.pk,
                instrument.slug,
                instrument.name,
                instrument.get_absolute_url(),
                [s for s in segments if s],
                themes=frozenset(t.slug for t in instrument.themes.all()),
                questions=frozenset(q.number for q in instrument.questions.all()),
                meta={"keywords": _text(instrument.get_kind_display(), instrument.provider)},
            )
        )
    return docs
