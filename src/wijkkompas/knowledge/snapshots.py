"""Knowledge objects as plain dicts in the shape of ``content/*.yaml``.

One shape serves three purposes: the revision snapshots (history), the JSON export and the
loader's change detection, so a record exported, loaded and snapshotted always compares equal.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.knowledge.models import Instrument, Practice, Question, Source, SourceEntry, Theme

OBJECT_TYPES: dict[str, type] = {
    "theme": Theme,
    "question": Question,
    "source": Source,
    "practice": Practice,
    "instrument": Instrument,
}

# The plain (not many-to-many) fields of each object type, as the content files write them.
SIMPLE_FIELDS = {
    "theme": ("slug", "name", "description", "order"),
    "question": ("number", "slug", "text", "scope", "description"),
    "source": ("slug", "name", "kind", "internal", "url", "description"),
    "practice": (
        "slug",
        "title",
        "municipality",
        "neighbourhood",
        "start_year",
        "target_group",
        "partners",
        "summary",
        "origin",
        "method_steps",
        "results",
        "success_factors",
        "bottlenecks",
        "future",
        "seed",
    ),
    "instrument": ("slug", "name", "kind", "provider", "purpose", "description", "steps", "url"),
}


def object_type_of(obj: Any) -> str:
    for name, model in OBJECT_TYPES.items():
        if isinstance(obj, model):
            return name
    if isinstance(obj, SourceEntry):
        return "source"
    raise TypeError(f"Not a knowledge object: {obj!r}")


def theme_snapshot(theme: Theme) -> dict:
    return {
        "slug": theme.slug,
        "name": theme.name,
        "description": theme.description,
        "order": theme.order,
    }


def question_snapshot(question: Question) -> dict:
    return {
        "number": question.number,
        "slug": question.slug,
        "text": question.text,
        "scope": question.scope,
        "description": question.description,
    }


def entry_snapshot(entry: SourceEntry) -> dict:
    return {
        "theme": entry.theme.slug,
        "offers": entry.offers,
        "questions": sorted(q.number for q in entry.questions.all()),
    }


def source_snapshot(source: Source) -> dict:
    data = {
        "slug": source.slug,
        "name": source.name,
        "kind": source.kind,
        "internal": source.internal,
        "url": source.url,
        "description": source.description,
    }
    entries = (
        source.entries.select_related("theme")
        .prefetch_related("questions")
        .order_by("theme__order", "theme__slug")
    )
    data["entries"] = [entry_snapshot(e) for e in entries]
    return data


def practice_snapshot(practice: Practice) -> dict:
    return {
        "slug": practice.slug,
        "title": practice.title,
        "municipality": practice.municipality,
        "neighbourhood": practice.neighbourhood,
        "start_year": practice.start_year,
        "target_group": practice.target_group,
        "themes": sorted(t.slug for t in practice.themes.all()),
        "partners": list(practice.partners),
        "summary": practice.summary,
        "origin": practice.origin,
        "method_steps": list(practice.method_steps),
        "results": list(practice.results),
        "success_factors": list(practice.success_factors),
        "bottlenecks": list(practice.bottlenecks),
        "future": practice.future,
        "seed": practice.seed,
    }


def instrument_snapshot(instrument: Instrument) -> dict:
    return {
        "slug": instrument.slug,
        "name": instrument.name,
        "kind": instrument.kind,
        "provider": instrument.provider,
        "purpose": instrument.purpose,
        "description": instrument.description,
        "steps": [dict(step) for step in instrument.steps],
        "themes": sorted(t.slug for t in instrument.themes.all()),
        "questions": sorted(q.number for q in instrument.questions.all()),
        "url": instrument.url,
    }


SNAPSHOTS = {
    "theme": theme_snapshot,
    "question": question_snapshot,
    "source": source_snapshot,
    "practice": practice_snapshot,
    "instrument": instrument_snapshot,
}


def snapshot(obj: Any) -> dict:
    return SNAPSHOTS[object_type_of(obj)](obj)


def label_of(obj: Any) -> str:
    if isinstance(obj, Question):
        return f"Vraag {obj.number}"
    return str(getattr(obj, "name", None) or getattr(obj, "title", None) or obj)[:300]
