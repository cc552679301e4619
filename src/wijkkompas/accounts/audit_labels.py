"""The audit trail in Dutch: what each action code and object type means to the beheerder who
reads the trail.

Action codes follow one scheme: ``<subject>_<what happened>`` in lower-case English snake case
(``signal_viewed``, ``case_listed``, ``barrier_step_moved``, ``login_failed``). Most are read as
a subject and a verb (``SUBJECTS`` × ``VERBS``); the rest are named in ``ACTIONS``. A test scans
the code for every action recorded and checks that each has a Dutch label here; rows written
under the older dotted codes (``knowledge.tip_submit``) still read in Dutch through ``LEGACY``.
"""

from __future__ import annotations

from django.apps import apps

SUBJECTS = {
    "signal": "signaal",
    "person": "persoon",
    "case": "casus",
    "case_timeline": "tijdlijn van een casus",
    "meeting": "casusoverleg",
    "meeting_minutes": "verslag van een casusoverleg",
    "agenda_item": "agendapunt",
    "intervention": "interventie",
    "escalation": "escalatie",
    "public_signal": "melding van een bewoner",
    "dossier": "themadossier",
    "dossier_item": "item in een themadossier",
    "dossier_finding": "bevinding in een themadossier",
    "dossier_links": "koppelingen van een themadossier",
    "dossier_next_steps": "vervolgstappen van een themadossier",
    "dossier_koersnotitie": "koersnotitie",
    "barrier_model": "barrièremodel",
    "barrier_submodel": "deelmodel",
    "barrier_step": "stap van een barrièremodel",
    "barrier_element": "element van een barrièremodel",
    "barrier_session": "sessie met een barrièremodel",
    "barrier_template": "sjabloon van een barrièremodel",
    "knowledge": "Kennisbank",
    "knowledge_item": "Kennisbank-item",
    "knowledge_source_entry": "bronvermelding in de Kennisbank",
    "knowledge_tip": "tip voor de Kennisbank",
    "area_data": "wijkbeeldgegevens",
    "area_profile": "gebiedsprofiel",
    "covenant": "convenant",
    "api_token": "API-token",
}

VERBS = {
    "viewed": "bekeken",
    "listed": "als lijst bekeken",
    "exported": "geëxporteerd",
    "export": "geëxporteerd",
    "created": "aangemaakt",
    "requested": "aangevraagd",
    "edited": "gewijzigd",
    "updated": "gewijzigd",
    "saved": "opgeslagen",
    "deleted": "verwijderd",
    "removed": "verwijderd",
    "added": "toegevoegd",
    "moved": "verplaatst",
    "imported": "geïmporteerd",
    "loaded": "geladen",
    "opened": "geopend",
    "pinned": "vastgepind",
    "unpinned": "losgemaakt",
    "approved": "goedgekeurd",
    "rejected": "afgewezen",
    "restored": "hersteld",
    "submitted": "ingediend",
    "handled": "afgehandeld",
    "issued": "uitgegeven",
}

ACTIONS = {
    "login_succeeded": "Ingelogd",
    "login_failed": "Inloggen mislukt",
    "login_refused_locked": "Inlogpoging geweigerd (tijdelijk geblokkeerd)",
    "login_totp_locked": "Te vaak een onjuiste code: inloggen afgebroken",
    "totp_enrolled": "Authenticator-app gekoppeld",
    "demo_users_deactivated": "Demogebruikers gedeactiveerd",
    "access_denied": "Toegang geweigerd",
    "access_hidden": "Toegang geweigerd (object buiten zicht)",
    "case_transition": "Besluit over een casus",
    "feedback_given": "Terugkoppeling aan de melder gegeven",
    "person_access_export": "Inzage-export van een persoon (AVG art. 15)",
    "retention_run": "Bewaartermijnen toegepast",
    "meeting_decisions": "Besluiten van een casusoverleg vastgelegd",
    "dossier_source_status": "Status van een bron in een themadossier gewijzigd",
    "barrier_linked_to_dossier": "Barrièremodel gekoppeld aan een themadossier",
    "area_classes_assigned": "Gemeenteklassen van gebieden ingedeeld",
}

TRIAGE = {
    "afwijzen": "afgewezen",
    "toevoegen": "toegevoegd aan een casus",
    "casus": "nieuwe casus geopend",
    "doorsturen": "doorgestuurd naar een partner",
    "urgent": "als spoed gemarkeerd",
}

LEGACY = {
    "login": "login_succeeded",
    "knowledge.tip_view": "knowledge_tip_viewed",
    "knowledge.tip_submit": "knowledge_tip_submitted",
    "knowledge.tip_handle": "knowledge_tip_handled",
    "knowledge.load": "knowledge_loaded",
    "knowledge.create": "knowledge_item_created",
    "knowledge.edit": "knowledge_item_edited",
    "knowledge.delete": "knowledge_item_deleted",
    "knowledge.restore": "knowledge_item_restored",
    "knowledge.entry_edit": "knowledge_source_entry_edited",
    "knowledge.entry_add": "knowledge_source_entry_added",
    "knowledge.entry_remove": "knowledge_source_entry_removed",
    "areas.import": "area_data_imported",
    "areas.profile_create": "area_profile_created",
    "areas.profile_edit": "area_profile_edited",
    "areas.classify": "area_classes_assigned",
}

OBJECT_TYPES = {
    "user": "gebruiker",
    "tenant": "gemeente",
    "organisation": "organisatie",
    "signal": "signaal",
    "person": "persoon",
    "case": "casus",
    "meeting": "casusoverleg",
    "intervention": "interventie",
    "escalation": "escalatie",
    "covenant": "convenant",
    "dossier": "themadossier",
    "area": "gebied",
    "areaprofile": "gebiedsprofiel",
    "knowledge": "Kennisbank",
    "theme": "thema",
    "question": "vraag",
    "instrument": "instrument",
    "practice": "praktijkvoorbeeld",
    "source": "bron",
    "sourceentry": "bronvermelding",
    "tip": "tip",
    "barriermodel": "barrièremodel",
    "step": "stap",
    "element": "element",
    "session": "sessie",
}


def _legacy_barrier(code: str) -> str:
    return "barrier_" + code.removeprefix("barriers.") if code.startswith("barriers.") else code


def action_label(code: str) -> str | None:
    """The Dutch sentence for an action code, or None when the code is not known."""
    code = _legacy_barrier(LEGACY.get(code, code))
    if code in ACTIONS:
        return ACTIONS[code]
    if code.startswith("signal_triage_"):
        outcome = TRIAGE.get(code.removeprefix("signal_triage_"))
        return f"Signaal beoordeeld: {outcome}" if outcome else None
    subject, _, verb = code.rpartition("_")
    if subject in SUBJECTS and verb in VERBS:
        text = f"{SUBJECTS[subject]} {VERBS[verb]}"
        return text[0].upper() + text[1:]
    return None


def describe_action(code: str) -> str:
    """For the page: the Dutch label, or the code itself for a code nobody named."""
    return action_label(code) or code


def describe_object(object_type: str, object_id: str) -> str:
    """``signaal 12``, ``gebruiker 3``; empty when the row names no object."""
    if not object_type:
        return ""
    return f"{object_type_label(object_type)} {object_id}".strip()


def object_type_label(object_type: str) -> str:
    """The Dutch noun for an object type: named in ``OBJECT_TYPES``, else the verbose name of
    our model of that name (``programme`` → programma, ``information_check`` → informatiecheck),
    else the code itself."""
    if object_type in OBJECT_TYPES:
        return OBJECT_TYPES[object_type]

    wanted = object_type.replace("_", "")
    for model in apps.get_models():
        if model.__module__.startswith("wijkkompas.") and model._meta.model_name == wanted:
            return str(model._meta.verbose_name)
    return object_type


def register(
    *,
    subjects: dict[str, str] | None = None,
    actions: dict[str, str] | None = None,
    object_types: dict[str, str] | None = None,
) -> None:
    """An app adds the Dutch labels of its own audit codes (from its ``AppConfig.ready()``):
    subjects read with the shared ``VERBS``, whole action codes, and object types."""
    SUBJECTS.update(subjects or {})
    ACTIONS.update(actions or {})
    OBJECT_TYPES.update(object_types or {})
