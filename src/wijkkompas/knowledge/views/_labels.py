"""Shared by the pages: Dutch names of the knowledge types and fields, what the user may do,
the stored version after a conflict."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from wijkkompas.accounts import policy

TYPE_NAMES = {
    "theme": "thema",
    "question": "vraag",
    "source": "bron",
    "practice": "praktijkvoorbeeld",
    "instrument": "instrument of methode",
}
# "dit thema", "deze bron": the demonstrative that goes with each type name.
THIS_TYPE = {
    "theme": "dit thema",
    "question": "deze vraag",
    "source": "deze bron",
    "practice": "dit praktijkvoorbeeld",
    "instrument": "dit instrument of deze methode",
}
NEW_TYPE = {
    "theme": "Nieuw thema",
    "question": "Nieuwe vraag",
    "source": "Nieuwe bron",
    "practice": "Nieuw praktijkvoorbeeld",
    "instrument": "Nieuw instrument of nieuwe methode",
}
FIELD_LABELS = {
    "slug": "Korte naam in het webadres",
    "name": "Naam",
    "title": "Titel",
    "description": "Beschrijving",
    "order": "Volgorde",
    "number": "Nummer",
    "text": "Vraag",
    "scope": "Soort",
    "kind": "Soort",
    "internal": "Intern",
    "url": "Webadres",
    "entries": "Per thema",
    "municipality": "Gemeente",
    "neighbourhood": "Wijk of gebied",
    "start_year": "Startjaar",
    "target_group": "Doelgroep",
    "themes": "Thema's",
    "partners": "Partners",
    "summary": "Samenvatting",
    "origin": "Aanleiding",
    "method_steps": "Werkwijze",
    "results": "Resultaten",
    "success_factors": "Succesfactoren",
    "bottlenecks": "Knelpunten",
    "future": "Toekomst",
    "seed": "Brondocument",
    "provider": "Aanbieder",
    "purpose": "Doel",
    "steps": "Stappen",
    "questions": "Vragen",
    "theme": "Thema",
    "offers": "Wat de bron biedt",
}


def readable(key: str, value: Any, theme_names: dict[str, str]) -> Any:
    """A snapshot value as the pages word it: themes by name, questions by number, a source's
    entries per theme as one line each ("Thema: wat de bron biedt (vragen 1, 2)")."""
    if key == "themes" and isinstance(value, list):
        return [theme_names.get(v, v) for v in value]
    if key == "questions" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if key == "theme" and isinstance(value, str):
        return theme_names.get(value, value)
    if key == "entries" and isinstance(value, list):
        lines = []
        for entry in value:
            if not isinstance(entry, dict):
                lines.append(entry)
                continue
            line = f"{theme_names.get(entry.get('theme'), entry.get('theme'))}: {entry.get('offers', '')}"
            if entry.get("questions"):
                line += " (vragen " + ", ".join(str(q) for q in entry["questions"]) + ")"
            lines.append(line)
        return lines
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        # steps of an instrument and the like: each step's keys by their label
        return [
            {FIELD_LABELS.get(k, k): x for k, x in v.items()} if isinstance(v, dict) else v
            for v in value
        ]
    return value


def editing(request: HttpRequest, object_type: str, obj: Any = None) -> dict:
    """What the current user may do here (templates never check roles)."""
    return {
        "can_edit": policy.can(request.user, "edit", object_type, obj)
        if obj is not None
        else policy.can(request.user, "edit", object_type),
        "can_history": policy.can(request.user, "history", object_type, obj)
        if obj is not None
        else False,
        "can_create": policy.can(request.user, "create", object_type),
    }


def reloaded_version(obj: Any) -> int:
    """For ``core.forms.submit`` after a conflict: the page shows what is stored now."""
    obj.refresh_from_db()
    return obj.version
