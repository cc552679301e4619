"""Reading the content files: every file parsed and validated node by node (so each error names
file, line and field), then the references between files checked; any error refuses the load."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from wijkkompas.core import safe_yaml
from wijkkompas.knowledge.loader.schema import (
    _EMPTY,
    FILES,
    OPTIONAL_FILES,
    SCHEMAS,
    ContentError,
    F,
    LoadError,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    try:  # bounded: no aliases (billion laughs), nesting and size limited, UTF-8 only
        root = safe_yaml.compose(safe_yaml.read_text(path), source=name)
    except safe_yaml.YamlRefused as exc:
        errors.append(LoadError(name, exc.line or 1, "", exc.message))
        return [], validator
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
