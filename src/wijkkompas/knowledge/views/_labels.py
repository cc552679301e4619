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
FIELD_LABELS = {
    "slug": "Slug",
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
}


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
