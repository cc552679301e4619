"""What programmes declare on ready(): every field for the privacy register, the processing
activity, the Dutch labels of the audit codes, and the follow-up of barriers."""

from __future__ import annotations

from wijkkompas.accounts import audit_labels
from wijkkompas.barriers import followups
from wijkkompas.programmes import selectors
from wijkkompas.signals import privacy_fields
from wijkkompas.signals.selectors.covenant import Activity, Term, field_groups, register_activities

LABELS = (
    "programmes.MethodTemplate",
    "programmes.Programme",
    "programmes.Partner",
    "programmes.Step",
    "programmes.Decision",
    "programmes.Fact",
    "programmes.Meeting",
    "programmes.Minutes",
    "programmes.MeetingDecision",
    "programmes.Action",
    "programmes.Indicator",
    "programmes.Measurement",
    "programmes.Report",
)
NOTE = "werkaantekening"
USER = "gebruiker"

PERSON_FIELDS = {
    "programmes.Programme": {
        "problem_definition": NOTE,
        "goals": NOTE,
        "coordinator": USER,
    },
    "programmes.Partner": {"contribution": NOTE},
    "programmes.Step": {"override_reason": NOTE, "override_by": USER},
    "programmes.Decision": {"rationale": NOTE, "recorded_by": USER},
    "programmes.Fact": {"statement": NOTE, "source": NOTE},
    "programmes.Meeting": {"agenda": NOTE},
    "programmes.Minutes": {
        "text": NOTE,
        "confidential_text": NOTE,
        "amendment_reason": NOTE,
        "written_by": USER,
        "approved_by": USER,
    },
    "programmes.MeetingDecision": {"text": NOTE},
    "programmes.Action": {"title": NOTE, "result": NOTE},
    "programmes.Report": {
        "risks": NOTE,
        "next_steps": NOTE,
        "snapshot": NOTE,
        "published_by": USER,
    },
}
_CONTENT = "inhoud van een werkwijze (landelijk sjabloon of van de gemeente), geen persoon"
_NAME = "naam of omschrijving van een programma-onderdeel; benoemt organisaties en functies"
NOT_PERSON = (
    (
        "programmes.MethodTemplate",
        ("title", "origin", "description", "lead_time", "steps"),
        _CONTENT,
    ),
    ("programmes.Programme", ("title", "steering_group"), _NAME),
    ("programmes.Programme", ("area_codes",), "CBS-codes van gebieden (wijk of buurt)"),
    ("programmes.Step", ("title", "description", "result", "substeps"), _CONTENT),
    ("programmes.Meeting", ("title", "location"), _NAME),
    ("programmes.Action", ("owner_role",), "functie binnen de eigenaar-organisatie, geen naam"),
    ("programmes.Indicator", ("name", "unit", "area_code"), _NAME),
    ("programmes.Measurement", ("source",), "bron van een cijfer (organisatie, registratie)"),
    ("programmes.Report", ("title",), _NAME),
    ("programmes.Report", ("snapshot_hash",), "controlegetal (SHA-256) van de vastgelegde inhoud"),
)
MODEL_LABELS = {
    "programmes.Fact": "onderbouwing (feit of aanname)",
    "programmes.MeetingDecision": "besluit van een overleg",
    "programmes.Partner": "partner van een programma",
}
FIELD_LABELS = {
    ("programmes.Programme", "coordinator"): "coördinator",
    ("programmes.Meeting", "agenda"): "agendapunten",
    ("programmes.Step", "override_by"): "override door",
    ("programmes.Decision", "recorded_by"): "vastgelegd door",
    ("programmes.Minutes", "written_by"): "geschreven door",
    ("programmes.Minutes", "approved_by"): "vastgesteld door",
    ("programmes.Report", "published_by"): "gepubliceerd door",
}

SUBJECTS = {
    "programme": "programma (Aanpak)",
    "programme_partner": "partner van een programma",
    "programme_step": "stap van een programma",
    "programme_action": "actie van een programma",
    "programme_meeting": "overleg van een programma",
    "programme_meeting_decision": "besluit van een programma-overleg",
    "programme_minutes": "verslag van een programma-overleg",
    "programme_indicator": "indicator van een programma",
    "programme_report": "voortgangsrapportage",
    "method_template": "werkwijze (sjabloon)",
}
ACTIONS = {
    "programme_step_decided": "Go/no-go-besluit over een programmastap vastgelegd",
    "programme_step_started": "Programmastap gestart",
    "programme_step_override": "Programmastap gestart zonder go/no-go-besluit (override)",
    "programme_minutes_amended": "Wijziging (nieuwe versie) van een vastgesteld verslag",
    "programme_indicator_measured": "Meting van een programma-indicator vastgelegd",
    "programme_report_published": "Voortgangsrapportage gepubliceerd (vastgelegd)",
    "programme_meeting_invited": "Uitnodiging (.ics) van een programma-overleg gedownload",
}


def activities() -> list[Activity]:
    return [
        Activity(
            "Aanpak: programma's, overleggen en rapportages",
            "Een lokale aanpak met partners uitvoeren en verantwoorden: stappen met "
            "go/no-go-besluiten, acties, overleggen met verslagen, voortgangsrapportages.",
            "Art. 6 lid 1 sub e AVG.",
            "Gebruikers (auteurs, coördinator, besluitvastleggers); programma's bevatten geen "
            "gegevens van bewoners, alleen vrije tekst zou iemand kunnen noemen.",
            [
                "Trekker en partners van het programma; de bestuurder ziet gepubliceerde "
                "rapportages en het stuurgroepoverzicht (eigen gemeente)"
            ],
            field_groups(LABELS),
            [
                Term(
                    "Programma, overleg, verslag, rapportage",
                    "Alle",
                    "Geen bewaartermijn ingesteld: er loopt geen verwijdering; een "
                    "gepubliceerde rapportage en een vastgesteld verslag veranderen niet meer.",
                )
            ],
        )
    ]


def register() -> None:
    privacy_fields.register(
        person_fields=PERSON_FIELDS,
        not_person_fields=NOT_PERSON,
        model_labels=MODEL_LABELS,
        field_labels=FIELD_LABELS,
    )
    register_activities("programmes", activities)
    audit_labels.register(subjects=SUBJECTS, actions=ACTIONS)
    followups.register("programmes", selectors.barrier_followups)
