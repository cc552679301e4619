"""The taxonomy as data (``data/taxonomy.json``): loaded into Field and Theme by the data
migration and by ``load()`` (idempotent), read back as plain dicts for the classifier and the
comparison."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "taxonomy.json"
UNCLASSIFIED = "niet_ingedeeld"
UNCLASSIFIED_LABEL = "Niet ingedeeld"


@cache
def spec() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def theme_field() -> dict[str, str]:
    """Theme code → field code."""
    return {t["code"]: f["code"] for f in spec()["fields"] for t in f["themes"]}


def field_names() -> dict[str, str]:
    return {f["code"]: f["name"] for f in spec()["fields"]}


def theme_names() -> dict[str, str]:
    return {t["code"]: t["name"] for f in spec()["fields"] for t in f["themes"]}


def separate_themes() -> set[str]:
    return {t["code"] for f in spec()["fields"] for t in f["themes"] if t.get("separate")}


def category_of(field_codes: list[str], theme_codes: list[str]) -> str:
    """The CCV reporting category of a priority: a separately reported theme (ondermijning)
    wins, then the first field; no field is 'niet ingedeeld'."""
    for code in theme_codes:
        if code in separate_themes():
            return code
    return field_codes[0] if field_codes else UNCLASSIFIED


def categories() -> list[tuple[str, str]]:
    """The rows of the national table, in order: the five fields, then the separate themes."""
    rows = [(f["code"], f["name"]) for f in spec()["fields"]]
    names = theme_names()
    rows += [(code, names[code]) for code in sorted(separate_themes())]
    return rows


def load(field_model: Any, theme_model: Any) -> None:
    """Write the taxonomy into the Field and Theme tables (models passed in, so the data
    migration can pass its historical ones)."""
    for fpos, f in enumerate(spec()["fields"]):
        field, _ = field_model.objects.update_or_create(
            code=f["code"], defaults={"name": f["name"], "position": fpos}
        )
        for tpos, t in enumerate(f["themes"]):
            theme_model.objects.update_or_create(
                code=t["code"],
                defaults={
                    "name": t["name"],
                    "field": field,
                    "separate": bool(t.get("separate")),
                    "cross_field": bool(t.get("cross_field")),
                    "knowledge_slug": t.get("knowledge_slug", ""),
                    "position": tpos,
                },
            )
