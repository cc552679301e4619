"""The content files' schema (one ``F`` per field) and the errors a load reports."""

from __future__ import annotations

from dataclasses import dataclass

from wijkkompas.knowledge.models import Instrument, Practice, Question, Source, Theme

FILES = ("themes", "questions", "sources", "practices", "instruments")
OPTIONAL_FILES = ("synonyms",)


@dataclass(frozen=True)
class LoadError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, regel {self.line}" if self.line else self.file
        return (
            f"{where}, veld '{self.field}': {self.message}"
            if self.field
            else f"{where}: {self.message}"
        )


class ContentError(Exception):
    """The content files are invalid; ``errors`` names file, line and field of each problem."""

    def __init__(self, errors: list[LoadError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class F:
    """One field of a record: its kind, whether it is required, and limits."""

    kind: str  # str, text, slug, url, int, bool, choice, list_str, list_int, list_map
    required: bool = True
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    schema: dict[str, F] | None = None
    min_items: int = 0
    min_value: int | None = None
    max_value: int | None = None


def _max(model: type, name: str) -> int | None:
    return model._meta.get_field(name).max_length


SCHEMAS: dict[str, dict[str, F]] = {
    "themes": {
        "slug": F("slug", max_length=_max(Theme, "slug")),
        "name": F("str", max_length=_max(Theme, "name")),
        "description": F("text"),
        "order": F("int", required=False, min_value=0),
    },
    "questions": {
        "number": F("int", min_value=1, max_value=99),
        "slug": F("slug", max_length=_max(Question, "slug")),
        "text": F("str", max_length=_max(Question, "text")),
        "scope": F("choice", choices=tuple(Question.Scope.values)),
        "description": F("text", required=False),
    },
    "sources": {
        "slug": F("slug", max_length=_max(Source, "slug")),
        "name": F("str", max_length=_max(Source, "name")),
        "kind": F("choice", choices=tuple(Source.Kind.values)),
        "internal": F("bool"),
        "url": F("url", required=False, max_length=_max(Source, "url")),
        "description": F("text", required=False),
        "entries": F(
            "list_map",
            min_items=1,
            schema={
                "theme": F("slug"),
                "offers": F("text"),
                "questions": F("list_int", min_items=1),
            },
        ),
    },
    "practices": {
        "slug": F("slug", max_length=_max(Practice, "slug")),
        "title": F("str", max_length=_max(Practice, "title")),
        "municipality": F("str", required=False, max_length=_max(Practice, "municipality")),
        "neighbourhood": F("str", required=False, max_length=_max(Practice, "neighbourhood")),
        "start_year": F("int", required=False, min_value=1900, max_value=2100),
        "target_group": F("text", required=False),
        "themes": F("list_str", min_items=1),
        "partners": F("list_str", required=False),
        "summary": F("text"),
        "origin": F("text", required=False),
        "method_steps": F("list_str", required=False),
        "results": F("list_str", required=False),
        "success_factors": F("list_str", required=False),
        "bottlenecks": F("list_str", required=False),
        "future": F("text", required=False),
        "seed": F("str", required=False, max_length=_max(Practice, "seed")),
    },
    "instruments": {
        "slug": F("slug", max_length=_max(Instrument, "slug")),
        "name": F("str", max_length=_max(Instrument, "name")),
        "kind": F("choice", choices=tuple(Instrument.Kind.values)),
        "provider": F("str", required=False, max_length=_max(Instrument, "provider")),
        "purpose": F("text"),
        "description": F("text", required=False),
        "steps": F(
            "list_map",
            required=False,
            schema={"name": F("str", max_length=300), "description": F("text", required=False)},
        ),
        "themes": F("list_str", min_items=1),
        "questions": F("list_int", min_items=1),
        "url": F("url", required=False, max_length=_max(Instrument, "url")),
    },
}

_EMPTY = {
    "str": "",
    "text": "",
    "slug": "",
    "url": "",
    "choice": "",
    "int": None,
    "bool": None,
    "list_str": [],
    "list_int": [],
    "list_map": [],
}
