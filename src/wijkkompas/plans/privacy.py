"""Plans in the processing register: every field declared (no person data besides who imported
or changed something) and the Dutch labels of the audit codes. Called from ``ready()``."""

from __future__ import annotations

from wijkkompas.accounts import audit_labels
from wijkkompas.signals import privacy_fields
from wijkkompas.signals.selectors import covenant

_PUBLIC = "inhoud van een openbaar integraal veiligheidsplan (een beleidsdocument)"
_TAXONOMY = "indeling van het veiligheidsbeleid (veld of thema), geen persoonsgegeven"
_CLASS = "indeling van een prioriteit door het model of de analist"

PERSON_FIELDS = {
    "plans.Plan": {"imported_by": "gebruiker"},
    "plans.PriorityChange": {"actor": "gebruiker", "actor_username": "gebruiker"},
}
NOT_PERSON_FIELDS = (
    ("plans.Field", ("name",), _TAXONOMY),
    ("plans.Theme", ("name",), _TAXONOMY),
    (
        "plans.Plan",
        ("title", "source_url", "file_name", "file_sha256", "text", "pages", "scanned_pages"),
        _PUBLIC,
    ),
    ("plans.PlanMunicipality", ("code", "name"), "CBS-code en naam van een gemeente"),
    ("plans.Priority", ("title", "location", "evidence", "rule"), _PUBLIC),
    ("plans.Priority", ("field_codes", "theme_codes", "deciding_words"), _CLASS),
    (
        "plans.PriorityChange",
        ("action", "before", "after"),
        "titel, status en indeling van een prioriteit vóór en na een wijziging",
    ),
)
AUDIT_SUBJECTS = {"plan": "integraal veiligheidsplan", "priority": "prioriteit van een IVP"}
AUDIT_ACTIONS = {
    "plan_imported": "IVP geïmporteerd",
    "plan_reclassified": "Prioriteiten van een IVP opnieuw ingedeeld",
    "plan_deleted": "IVP verwijderd",
    "plan_exported": "IVP-vergelijking geëxporteerd",
    "priority_confirmed": "Prioriteit van een IVP bevestigd",
    "priority_rejected": "Prioriteit van een IVP afgewezen",
    "priority_edited": "Prioriteit van een IVP bewerkt of ingedeeld",
    "priority_added": "Prioriteit aan een IVP toegevoegd",
    "priority_merged": "Prioriteiten van een IVP samengevoegd",
    "priority_reclassified": "Prioriteit van een IVP door het model opnieuw ingedeeld",
}


def activities() -> list[covenant.Activity]:
    terms = [
        covenant.Term(
            "Plan en wijziging van een prioriteit",
            "Alle",
            "Zolang het plan in de IVP-analyse staat; verwijderd met het plan.",
        )
    ]
    return [
        covenant.Activity(
            "IVP-analyse: integrale veiligheidsplannen vergelijken",
            "Openbare veiligheidsplannen importeren, hun prioriteiten indelen en vergelijken; "
            "vastgelegd wordt alleen welke gebruiker een plan importeerde of een prioriteit wijzigde.",
            "Art. 6 lid 1 sub e AVG (publieke taak: lokaal veiligheidsbeleid).",
            "Gebruikers die plannen importeren of prioriteiten wijzigen.",
            ["Gebruikers van de eigen gemeente (alle rollen, alleen lezen)"],
            covenant.field_groups(("plans.Plan", "plans.PriorityChange")),
            terms,
        )
    ]


def register() -> None:
    privacy_fields.register(
        person_fields=PERSON_FIELDS,
        not_person_fields=NOT_PERSON_FIELDS,
        model_labels={"plans.PlanMunicipality": "gemeente van een plan"},
    )
    covenant.register_activities("plans", activities)
    audit_labels.register(subjects=AUDIT_SUBJECTS, actions=AUDIT_ACTIONS)
