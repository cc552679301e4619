"""Knowledge objects as plain dicts in the shape of ``content/*.yaml``.

One shape serves three purposes: the revision snapshots (history), the JSON export and the
loader's change detection, so a record exported, loaded and snapshotted always compares equal.
"""

from __future__ import annotations

import copy
from typing import Any

from wijkkompas.knowledge.models import Instrument, Practice, Question, Source, SourceEntry, Theme

OBJECT_TYPES: dict[str, type] = {
    "theme": Theme,
    "question": Question,
    "source": Source,
    "practice": Practice,
    "instrument": Instrument,
}

# Every field of each object type, in the order the content files write it. The names in
# ``_RELATED`` are read through relations; the rest are the plain fields (``SIMPLE_FIELDS``).
FIELDS = {
    "theme": ("slug", "name", "description", "order"),
    "question": ("number", "slug", "text", "scope", "description"),
    "source": ("slug", "name", "kind", "internal", "url", "description", "entries"),
    "practice": (
        "slug",
        "title",
        "municipality",
        "neighbourhood",
        "start_year",
        "target_group",
        "themes",
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
    "instrument": (
        "slug",
        "name",
        "kind",
        "provider",
        "purpose",
        "description",
        "steps",
        "themes",
        "questions",
        "url",
    ),
}


def object_type_of(obj: Any) -> str:
    for name, model in OBJECT_TYPES.items():
        if isinstance(obj, model):
            return name
    if isinstance(obj, SourceEntry):
        return "source"
    raise TypeError(f"Not a knowledge object: {obj!r}")


def _theme_slugs(obj: Any) -> list[str]:
    return sorted(t.slug for t in obj.themes.all())


def _question_numbers(obj: Any) -> list[int]:
    return sorted(q.number for q in obj.questions.all())


def entry_snapshot(entry: SourceEntry) -> dict:
    return {
        "theme": entry.theme.slug,
        "offers": entry.offers,
        "questions": _question_numbers(entry),
    }


def _entries(source: Source) -> list[dict]:
    entries = (
        source.entries.select_related("theme")
        .prefetch_related("questions")
        .order_by("theme__order", "theme__slug")
    )
    return [entry_snapshot(e) for e in entries]


_RELATED = {"themes": _theme_slugs, "questions": _question_numbers, "entries": _entries}

SIMPLE_FIELDS = {
    object_type: tuple(name for name in names if name not in _RELATED)
    for object_type, names in FIELDS.items()
}


def _value(obj: Any, name: str) -> Any:
    if name in _RELATED:
        return _RELATED[name](obj)
    # A copy, so a snapshot never shares a list (partners, steps …) with the object it came from.
    return copy.deepcopy(getattr(obj, name))


def snapshot(obj: Any) -> dict:
    """``obj`` (a theme, question, source, practice or instrument) as its content file writes it."""
    return {name: _value(obj, name) for name in FIELDS[object_type_of(obj)]}


def label_of(obj: Any) -> str:
    if isinstance(obj, Question):
        return f"Vraag {obj.number}"
    return str(getattr(obj, "name", None) or getattr(obj, "title", None) or obj)[:300]
