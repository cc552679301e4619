"""Load the Kennisbank from the reviewed YAML files in ``content/`` (issue 3, item 1).

Contract:
- Every file is validated against a strict schema first (unknown keys, missing required fields,
  wrong types, unknown theme slugs or question numbers, duplicates). Any error refuses the whole
  load with file, line and field named; nothing is written.
- Loading is idempotent and runs in one transaction: records are matched by slug (questions by
  number), a record whose file text has not changed since the last load is left alone (so edits made
  by the redactie in the UI survive a reload), changed records are updated, records that disappeared
  from the files are removed. Every change writes a revision, so the history is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import ProtectedError

from wijkkompas.knowledge.models import (
    Instrument,
    Practice,
    Question,
    Source,
    SourceEntry,
    SynonymGroup,
    Theme,
)

FILES = ("themes", "questions", "sources", "practices", "instruments")
OPTIONAL_FILES = ("synonyms",)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def bump(self, bucket: str, object_type: str) -> None:
        counts = getattr(self, bucket)
        counts[object_type] = counts.get(object_type, 0) + 1

    def summary(self) -> str:
        labels = {
            "theme": "thema's",
            "question": "vragen",
            "source": "bronnen",
            "practice": "praktijkvoorbeelden",
            "instrument": "instrumenten",
        }
        parts = []
        for object_type, label in labels.items():
            parts.append(
                f"{label}: {self.totals.get(object_type, 0)} "
                f"(nieuw {self.created.get(object_type, 0)}, gewijzigd {self.updated.get(object_type, 0)}, "
                f"ongewijzigd {self.unchanged.get(object_type, 0)}, verwijderd {self.removed.get(object_type, 0)})"
            )
        return "; ".join(parts)


# --- schema -----------------------------------------------------------------------------------


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

_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Validator:
    """Walks the YAML node tree of one file, collecting errors and building plain records."""

    def __init__(self, file: str, errors: list[LoadError]):
        self.file = file
        self.errors = errors

    def error(self, node_or_line: yaml.Node | int, field_name: str, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else _line(node_or_line)
        self.errors.append(LoadError(self.file, line, field_name, message))

    def scalar(self, node: yaml.Node, spec: F, name: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, name, "verwacht een enkele waarde, geen lijst of blok")
            return None
        if node.tag == _NULL:
            return None
        if spec.kind in {"str", "text", "slug", "url", "choice"}:
            if node.tag != _STR:
                self.error(node, name, f"verwacht tekst, gevonden: {node.value!r}")
                return None
            value = " ".join(node.value.split()) if spec.kind != "text" else node.value.strip()
            if spec.max_length and len(value) > spec.max_length:
                self.error(node, name, f"te lang ({len(value)} tekens, maximaal {spec.max_length})")
            if spec.kind == "slug" and not SLUG_RE.match(value):
                self.error(
                    node,
                    name,
                    f"ongeldige slug {value!r} (alleen kleine letters, cijfers en koppeltekens)",
                )
            if spec.kind == "choice" and value not in spec.choices:
                self.error(
                    node, name, f"onbekende waarde {value!r}; kies uit {', '.join(spec.choices)}"
                )
            if spec.kind == "url" and value:
                try:
                    URLValidator(schemes=["http", "https"])(value)
                except ValidationError:
                    self.error(node, name, f"ongeldig webadres {value!r} (begin met https://)")
            return value
        if spec.kind == "int":
            if node.tag != _INT:
                self.error(node, name, f"verwacht een geheel getal, gevonden: {node.value!r}")
                return None
            value = int(node.value)
            if spec.min_value is not None and value < spec.min_value:
                self.error(node, name, f"moet minstens {spec.min_value} zijn")
            if spec.max_value is not None and value > spec.max_value:
                self.error(node, name, f"mag hoogstens {spec.max_value} zijn")
            return value
        if spec.kind == "bool":
            if node.tag != _BOOL or node.value.lower() not in {"true", "false"}:
                self.error(node, name, f"verwacht true of false, gevonden: {node.value!r}")
                return None
            return node.value.lower() == "true"
        raise AssertionError(spec.kind)

    def value(self, node: yaml.Node, spec: F, name: str) -> Any:
        if spec.kind in {"list_str", "list_int", "list_map"}:
            if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
                return None
            if not isinstance(node, yaml.SequenceNode):
                self.error(node, name, "verwacht een lijst")
                return None
            items = []
            if spec.kind == "list_map":
                for i, item in enumerate(node.value):
                    record = self.record(item, spec.schema or {}, f"{name}[{i + 1}]")
                    if record is not None:
                        items.append(record)
                return items
            item_spec = F("int" if spec.kind == "list_int" else "str")
            for i, item in enumerate(node.value):
                value = self.scalar(item, item_spec, f"{name}[{i + 1}]")
                if value is None or value == "":
                    if isinstance(item, yaml.ScalarNode) and item.tag == _NULL:
                        self.error(item, f"{name}[{i + 1}]", "lege waarde in de lijst")
                    continue
                items.append((value, _line(item)))
            return items
        return self.scalar(node, spec, name)

    def record(self, node: yaml.Node, schema: dict[str, F], prefix: str = "") -> dict | None:
        """Validate one mapping; returns {field: value, "_line": n, "_lines": {field: n}}."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, prefix, "verwacht een blok met velden (naam: waarde)")
            return None
        result: dict[str, Any] = {"_line": _line(node), "_lines": {}}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            full = f"{prefix}.{key}" if prefix else key
            if key in seen:
                self.error(key_node, full, "komt twee keer voor in hetzelfde blok")
                continue
            seen.add(key)
            spec = schema.get(key)
            if spec is None:
                self.error(key_node, full, f"onbekend veld; toegestaan: {', '.join(schema)}")
                continue
            errors_before = len(self.errors)
            value = self.value(value_node, spec, full)
            result["_lines"][key] = _line(value_node)
            if value is None or value == "" or value == []:
                if spec.required and len(self.errors) == errors_before:
                    self.error(value_node, full, "is verplicht en mag niet leeg zijn")
                continue
            if spec.kind.startswith("list") and len(value) < spec.min_items:
                self.error(value_node, full, f"moet minstens {spec.min_items} item(s) bevatten")
            result[key] = value
        for key, spec in schema.items():
            if key in seen:
                if key not in result:
                    result[key] = _EMPTY[spec.kind]
                continue
            if spec.required:
                self.error(node, f"{prefix}.{key}" if prefix else key, "ontbreekt (verplicht veld)")
            else:
                result[key] = _EMPTY[spec.kind]
        return result


def _parse_file(
    path: Path, collection: str, errors: list[LoadError]
) -> tuple[list[dict], _Validator]:
    name = path.name
    validator = _Validator(name, errors)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        errors.append(
            LoadError(name, 1, "", f"het bestand is geen geldige UTF-8-tekst ({exc.reason})")
        )
        return [], validator
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        context_mark = getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 1 != line:
            problem += f" ({context} op regel {context_mark.line + 1})"
        errors.append(LoadError(name, line, "", f"geen geldige YAML: {problem}"))
        return [], validator
    if root is None or not isinstance(root, yaml.MappingNode):
        errors.append(
            LoadError(
                name, 1, "", f"het bestand moet beginnen met '{collection}:' gevolgd door een lijst"
            )
        )
        return [], validator
    items_node = None
    for key_node, value_node in root.value:
        if key_node.value == collection:
            items_node = value_node
        else:
            validator.error(
                key_node,
                key_node.value,
                f"onbekend veld op het hoogste niveau; verwacht alleen '{collection}'",
            )
    if items_node is None:
        errors.append(LoadError(name, 1, collection, "ontbreekt (verplicht veld)"))
        return [], validator
    if not isinstance(items_node, yaml.SequenceNode):
        validator.error(items_node, collection, "verwacht een lijst")
        return [], validator
    if collection == "synonyms":
        groups = []
        for i, item in enumerate(items_node.value):
            values = validator.value(item, F("list_str", min_items=2), f"synonyms[{i + 1}]")
            if values is not None and len(values) < 2:
                validator.error(
                    item, f"synonyms[{i + 1}]", "een groep heeft minstens twee woorden nodig"
                )
            elif values:
                groups.append({"terms": [v for v, _ in values], "_line": _line(item)})
        return groups, validator
    records = []
    for item in items_node.value:
        record = validator.record(item, SCHEMAS[collection])
        if record is not None:
            records.append(record)
    return records, validator


def _check_unique(records: list[dict], key: str, file: str, errors: list[LoadError]) -> None:
    seen: dict[Any, int] = {}
    for record in records:
        value = record.get(key)
        if value in (None, ""):
            continue
        if value in seen:
            line = record["_lines"].get(key, record["_line"])
            errors.append(
                LoadError(file, line, key, f"{value!r} komt al voor op regel {seen[value]}")
            )
        else:
            seen[value] = record["_lines"].get(key, record["_line"])


def _check_refs(
    values: list[tuple[Any, int]],
    known: set,
    file: str,
    field_name: str,
    what: str,
    errors: list[LoadError],
) -> list:
    result, seen = [], set()
    for value, line in values:
        if value not in known:
            errors.append(LoadError(file, line, field_name, f"onbekend(e) {what} {value!r}"))
        elif value in seen:
            errors.append(
                LoadError(file, line, field_name, f"{what} {value!r} staat dubbel in de lijst")
            )
        else:
            seen.add(value)
            result.append(value)
    return result


def read_content(directory: Path | str) -> dict[str, list[dict]]:
    """Parse and validate every content file; raise ContentError naming every problem."""
    directory = Path(directory)
    errors: list[LoadError] = []
    data: dict[str, list[dict]] = {}
    if not directory.is_dir():
        raise ContentError(
            [LoadError(str(directory), 0, "", "map met content-bestanden bestaat niet")]
        )
    for collection in FILES + OPTIONAL_FILES:
        path = directory / f"{collection}.yaml"
        if not path.exists():
            if collection in OPTIONAL_FILES:
                data[collection] = []
                continue
            errors.append(LoadError(path.name, 0, "", "bestand ontbreekt"))
            data[collection] = []
            continue
        data[collection], _ = _parse_file(path, collection, errors)

    for collection in FILES:
        _check_unique(data[collection], "slug", f"{collection}.yaml", errors)
    _check_unique(data["questions"], "number", "questions.yaml", errors)
    theme_slugs = {t["slug"] for t in data["themes"] if t.get("slug")}
    numbers = {q["number"] for q in data["questions"] if q.get("number") is not None}

    for source in data["sources"]:
        seen_themes: dict[str, int] = {}
        for entry in source.get("entries", []):
            theme = entry.get("theme")
            line = entry["_lines"].get("theme", entry["_line"])
            if theme and theme not in theme_slugs:
                errors.append(
                    LoadError("sources.yaml", line, "entries.theme", f"onbekend thema {theme!r}")
                )
            elif theme in seen_themes:
                errors.append(
                    LoadError(
                        "sources.yaml",
                        line,
                        "entries.theme",
                        f"thema {theme!r} staat al bij deze bron (regel {seen_themes[theme]})",
                    )
                )
            elif theme:
                seen_themes[theme] = line
            entry["questions"] = _check_refs(
                entry.get("questions", []),
                numbers,
                "sources.yaml",
                "entries.questions",
                "vraag",
                errors,
            )
    for collection in ("practices", "instruments"):
        for record in data[collection]:
            record["themes"] = _check_refs(
                record.get("themes", []),
                theme_slugs,
                f"{collection}.yaml",
                "themes",
                "thema",
                errors,
            )
            if collection == "instruments":
                record["questions"] = _check_refs(
                    record.get("questions", []),
                    numbers,
                    "instruments.yaml",
                    "questions",
                    "vraag",
                    errors,
                )
            for list_field in (
                "partners",
                "method_steps",
                "results",
                "success_factors",
                "bottlenecks",
            ):
                if (
                    list_field in record
                    and record[list_field]
                    and isinstance(record[list_field][0], tuple)
                ):
                    record[list_field] = [v for v, _ in record[list_field]]
    if errors:
        raise ContentError(sorted(errors, key=lambda e: (e.file, e.line)))
    return data


# --- applying ---------------------------------------------------------------------------------


def _clean(record: dict) -> dict:
    """The record without bookkeeping keys, in the snapshot shape."""
    result = {}
    for key, value in record.items():
        if key.startswith("_"):
            continue
        if isinstance(value, list):
            value = [_clean(v) if isinstance(v, dict) else v for v in value]
        result[key] = value
    return result


def _hash(record: dict) -> str:
    return hashlib.sha256(
        json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def load(directory: Path | str, *, actor: Any = None) -> LoadReport:
    """Validate and load the content of ``directory`` in one transaction (see module docstring)."""
    from wijkkompas.accounts import policy
    from wijkkompas.knowledge import services

    actor = actor or policy.SYSTEM
    data = read_content(directory)
    report = LoadReport()
    try:
        with transaction.atomic():
            themes = _apply(report, "theme", Theme, data["themes"], "slug", actor)
            questions = _apply(report, "question", Question, data["questions"], "number", actor)
            _apply(
                report,
                "source",
                Source,
                data["sources"],
                "slug",
                actor,
                themes=themes,
                questions=questions,
            )
            _apply(report, "practice", Practice, data["practices"], "slug", actor, themes=themes)
            _apply(
                report,
                "instrument",
                Instrument,
                data["instruments"],
                "slug",
                actor,
                themes=themes,
                questions=questions,
            )
            SynonymGroup.objects.all().delete()
            SynonymGroup.objects.bulk_create(
                SynonymGroup(terms=g["terms"]) for g in data["synonyms"]
            )
            services.bump_index_generation()
            services.audit_load(actor=actor, report=report, directory=str(directory))
    except ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
        raise ContentError(
            [
                LoadError(
                    "content",
                    0,
                    "",
                    f"een verwijderd item is nog in gebruik ({names}); niets geladen",
                )
            ]
        ) from exc
    return report


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


def _apply(
    report: LoadReport,
    object_type: str,
    model: type,
    records: list[dict],
    key: str,
    actor: Any,
    *,
    themes=None,
    questions=None,
) -> dict:
    from wijkkompas.knowledge import services

    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    wanted = set()
    for raw in records:
        record = _clean(raw)
        if object_type == "theme" and record.get("order") is None:
            record["order"] = 100
        digest = _hash(record)
        wanted.add(record[key])
        obj = existing.get(record[key])
        report.totals[object_type] = report.totals.get(object_type, 0) + 1
        if obj is not None and obj.content_hash == digest:
            report.bump("unchanged", object_type)
            continue
        is_new = obj is None
        obj = obj or model()
        for name in SIMPLE_FIELDS[object_type]:
            value = record[name]
            if object_type == "instrument" and name == "steps":
                value = [
                    {"name": s["name"], "description": s.get("description", "")} for s in value
                ]
            setattr(obj, name, value)
        if not is_new:
            obj.version += 1
        obj.content_hash = digest
        obj.save()
        existing[record[key]] = obj
        if object_type == "source":
            sync_entries(obj, record["entries"], themes, questions)
        if object_type in ("practice", "instrument"):
            obj.themes.set([themes[s] for s in record["themes"]])
        if object_type == "instrument":
            obj.questions.set([questions[n] for n in record["questions"]])
        services.record_revision(
            obj, action="geladen", actor=actor, note="geladen uit content-bestanden"
        )
        report.bump("created" if is_new else "updated", object_type)
    for value, obj in list(existing.items()):
        if value not in wanted and obj.content_hash:
            services.record_revision(
                obj, action="verwijderd", actor=actor, note="niet meer in de content-bestanden"
            )
            obj.delete()
            del existing[value]
            report.bump("removed", object_type)
    return existing


def sync_entries(source: Source, entries: list[dict], themes: dict, questions: dict) -> None:
    """Update the source's entries in place, matched by theme: dossiers hold statuses per entry,
    so an entry is only deleted when its theme really disappeared from the source."""
    current = {e.theme_id: e for e in source.entries.all()}
    wanted = set()
    for record in entries:
        theme = themes[record["theme"]]
        wanted.add(theme.pk)
        entry = current.get(theme.pk)
        if entry is None:
            entry = SourceEntry.objects.create(source=source, theme=theme, offers=record["offers"])
        elif entry.offers != record["offers"]:
            entry.offers = record["offers"]
            entry.version += 1
            entry.save(update_fields=["offers", "version", "updated_at"])
        entry.questions.set([questions[n] for n in record["questions"]])
    for theme_id, entry in current.items():
        if theme_id not in wanted:
            entry.delete()
