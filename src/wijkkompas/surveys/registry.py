"""What surveys declares to the rest of Wijkkompas (called from ``SurveysConfig.ready()``):
its fields for the privacy register, its processing activity, the Dutch labels of its audit
codes, its retention task and its wijkbeeld source."""

from __future__ import annotations

from wijkkompas.accounts import audit_labels
from wijkkompas.core import records, suppression
from wijkkompas.signals import privacy_fields
from wijkkompas.signals.selectors import covenant
from wijkkompas.surveys import services, wijkbeeld

_CONFIG = "inrichting van de peiling (geen persoonsgegevens)"
_NO_PERSON = "anonieme peiling: bevat geen gegevens over een persoon"


def _activities() -> list[covenant.Activity]:
    t = suppression.threshold()
    return [
        covenant.Activity(
            name="Bewonerspeiling (veiligheidsbeleving en leefbaarheid)",
            purpose=services.PROVENANCE["purpose"]
            + f"; uitkomsten alleen per buurt, onder {t} antwoorden onderdrukt.",
            basis=services.PROVENANCE["legal_basis"],
            data_subjects="Bewoners die de peiling invullen (anoniem)",
            recipients=[
                "Eigen organisatie (uitkomsten, gecontroleerde vrije tekst)",
                "Ketenpartners van de gemeente (alleen uitkomsten, nooit vrije tekst)",
            ],
            field_groups=covenant.field_groups(
                ("surveys.FreeTextAnswer", "surveys.OpenLinkThrottle")
            ),
            terms=[
                covenant.Term("Vrije tekst", "Nog te controleren", "12 maanden"),
                covenant.Term("Vrije tekst", "Vrijgegeven", "24 maanden na controle"),
                covenant.Term("Vrije tekst", "Achtergehouden", "1 maand na controle"),
                covenant.Term(
                    "Snelheidsbegrenzing open link", "Alle", "1 dag (gehasht adres per uur)"
                ),
                covenant.Term(
                    "Gesloten antwoorden",
                    "Alle",
                    "Geen persoonsgegevens: antwoord, buurt, kanaal en datum, zonder gebruiker, "
                    "adres, cookie of code.",
                ),
            ],
        )
    ]


def register() -> None:
    privacy_fields.register(
        person_fields={
            "surveys.FreeTextAnswer": {"text": "vrije_tekst"},
            "surveys.OpenLinkThrottle": {"digest": "ip_gehasht"},
        },
        not_person_fields=[
            ("surveys.Survey", ("title", "introduction", "template"), _CONFIG),
            ("surveys.SurveyArea", ("area_code", "name", "token"), _CONFIG),
            (
                "surveys.Question",
                (
                    "code",
                    "text",
                    "theme",
                    "options",
                    "scale_labels",
                    "show_if_code",
                    "show_if_values",
                ),
                _CONFIG,
            ),
            ("surveys.Answer", ("value", "values"), _NO_PERSON),
            (
                "surveys.FreeTextAnswer",
                ("legal_basis", "purpose", "source_organisation", "author"),
                "verwerkingsgegevens van de vrije tekst (auteur is altijd 'bewoner')",
            ),
            (
                "surveys.InvitationCode",
                ("code",),
                "willekeurige code op een uitnodiging; niet gekoppeld aan een reactie",
            ),
            (
                "surveys.UsedCode",
                ("digest",),
                "sleutelhash van een gebruikte code, zonder tijd of reactie",
            ),
        ],
        model_labels={
            "surveys.FreeTextAnswer": "Vrije tekst uit een bewonerspeiling",
            "surveys.OpenLinkThrottle": "Snelheidsbegrenzing open peilingslink",
        },
        field_labels={
            ("surveys.FreeTextAnswer", "text"): "vrije tekst van een bewoner",
            ("surveys.OpenLinkThrottle", "digest"): "gehasht adres (per uur)",
        },
        hashed=[("surveys.OpenLinkThrottle", "digest")],
    )
    covenant.register_activities("surveys", _activities)
    audit_labels.register(
        subjects={
            "survey": "bewonerspeiling",
            "survey_question": "vraag van een bewonerspeiling",
            "survey_codes": "uitnodigingscodes van een bewonerspeiling",
            "survey_paper": "papieren formulier van een bewonerspeiling",
            "survey_free_text": "vrije tekst uit een bewonerspeiling",
            "survey_results": "uitkomsten van een bewonerspeiling",
        },
        actions={
            "survey_closed": "Bewonerspeiling gesloten",
            "survey_free_text_reviewed": "Vrije tekst uit een bewonerspeiling gecontroleerd",
            "survey_results_published": "Uitkomsten van een bewonerspeiling naar het wijkbeeld",
            "survey_results_to_programme": "Uitkomsten van een bewonerspeiling als indicatoren van een programma",
        },
        object_types={
            "survey": "bewonerspeiling",
            "freetextanswer": "vrije tekst uit een bewonerspeiling",
        },
    )
    records.register_retention("surveys", services.retention)
    wijkbeeld.register_with_wijkbeeld()
