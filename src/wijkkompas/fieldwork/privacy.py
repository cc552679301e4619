"""Fieldwork in the processing register: every field declared (``signals.privacy_fields``), its
processing activity with the terms per status (``signals.selectors.covenant``) and the Dutch
labels of its audit codes. Called from the app's ``ready()``."""

from __future__ import annotations

from wijkkompas.accounts import audit_labels, policy
from wijkkompas.accounts.roles import Role
from wijkkompas.core import records
from wijkkompas.fieldwork.models import InformationCheck, Visit
from wijkkompas.fieldwork.services.visits import CHECK_MONTHS, SIGNAL_MONTHS, TERMS, purge_expired
from wijkkompas.signals import privacy_fields
from wijkkompas.signals.selectors import covenant

ADDRESS = privacy_fields.DataCategory(
    "veldwerk_adres",
    "Adressen op een veldwerklijst",
    "Straat, huisnummer, postcode, plaats, BAG-id, KvK-nummer, branche, coördinaten en buurt "
    "van woningen en bedrijven die een campagne bezoekt.",
)
_RECORD = "verwerkingsgegevens van het record (grondslag, doel, bronorganisatie): over de campagne"
_CONFIG = "inrichting van een campagne: naam, doel, buurten, rollen en de vragen van het gesprek"
MODELS = (
    "fieldwork.Campaign",
    "fieldwork.Cluster",
    "fieldwork.Address",
    "fieldwork.InformationCheck",
    "fieldwork.Visit",
)

PERSON_FIELDS = {
    "fieldwork.Campaign": {"created_by": "gebruiker"},
    "fieldwork.Cluster": {"closed_by": "gebruiker"},
    "fieldwork.Address": {
        name: ADDRESS.key
        for name in (
            "street",
            "number",
            "addition",
            "postcode",
            "place",
            "bag_id",
            "kvk_number",
            "branch",
            "latitude",
            "longitude",
            "area_code",
            "normalised",
        )
    },
    "fieldwork.InformationCheck": {
        "checked_by": "gebruiker",
        "author": "gebruiker",
        "result_encrypted": "vrije_tekst",
    },
    "fieldwork.Visit": {
        "visited_by": "gebruiker",
        "author": "gebruiker",
        "answers_encrypted": "vrije_tekst",
        "notes_encrypted": "vrije_tekst",
        "feedback_promise": "vrije_tekst",
    },
}
NOT_PERSON_FIELDS = (
    (
        "fieldwork.Campaign",
        (
            "name",
            "goal",
            "area_codes",
            "team_roles",
            "check_roles",
            "questions",
            "legal_basis",
            "purpose",
        ),
        _CONFIG,
    ),
    ("fieldwork.Cluster", ("name",), "naam van een straat, portiek of blok voor de planning"),
    ("fieldwork.InformationCheck", ("legal_basis", "purpose", "source_organisation"), _RECORD),
    ("fieldwork.Visit", ("legal_basis", "purpose", "source_organisation"), _RECORD),
    (
        "fieldwork.Visit",
        ("client_key",),
        "willekeurige sleutel van het apparaat tegen dubbel opslaan",
    ),
)
FIELD_LABELS = {
    ("fieldwork.Campaign", "created_by"): "aangemaakt door",
    ("fieldwork.Cluster", "closed_by"): "afgesloten door",
    ("fieldwork.Address", "normalised"): "genormaliseerd adres",
    ("fieldwork.Address", "postcode"): "postcode van het adres",
    ("fieldwork.InformationCheck", "result_encrypted"): "resultaat van de check",
    ("fieldwork.Visit", "answers_encrypted"): "antwoorden op de gespreksvragen",
    ("fieldwork.Visit", "notes_encrypted"): "notities bij het bezoek",
}
ENCRYPTED = (
    ("fieldwork.InformationCheck", "result_encrypted"),
    ("fieldwork.Visit", "answers_encrypted"),
    ("fieldwork.Visit", "notes_encrypted"),
)

AUDIT_SUBJECTS = {
    "campaign": "veldwerkcampagne",
    "cluster": "cluster van een veldwerkcampagne",
    "fieldwork_address": "adres op een veldwerklijst",
    "information_check": "informatiecheck vóór een bezoek",
    "visit": "veldwerkbezoek",
}
AUDIT_ACTIONS = {
    "cluster_closed": "Cluster van een veldwerkcampagne afgesloten",
    "visit_signal_raised": "Signaal gemeld vanuit een veldwerkbezoek",
    "visit_feedback_given": "Terugkoppeling na een veldwerkbezoek gegeven",
    "fieldwork_retention_run": "Bewaartermijn veldwerk toegepast (bezoeken en checks verwijderd)",
}


def _recipients() -> list[str]:
    def who(object_type: str, action: str, where: str) -> str:
        roles = policy.get_rule(object_type, action).roles
        return ", ".join(Role(r).label for r in sorted(roles) if r in Role.values) + f" ({where})"

    return [
        who("fieldwork_address", "list", "team van de campagne"),
        who("information_check", "view", "checkrollen van de campagne, convenantpartners"),
    ]


def activities() -> list[covenant.Activity]:
    def months(n: int) -> str:
        return f"{n} maanden na het bezoek, daarna verwijderd."

    terms = [
        covenant.Term(
            "Bezoek", "Niemand thuis of adres niet gevonden", months(TERMS["niemand_thuis"])
        ),
        covenant.Term("Bezoek", "Gesprek, geen medewerking of anders", months(TERMS["gesprek"])),
        covenant.Term("Bezoek", "Met een gemeld signaal", months(SIGNAL_MONTHS)),
        covenant.Term(
            "Informatiecheck", "Alle", f"{CHECK_MONTHS} maanden na de check, daarna verwijderd."
        ),
        covenant.Term(
            "Adres op de lijst", "Alle", "Zolang de campagne bestaat; verwijderd met de campagne."
        ),
    ]
    return [
        covenant.Activity(
            "Veldwerk: huis- en bedrijfsbezoeken",
            "Bewoners en ondernemers bezoeken in een campagne (leefbaarheid, Knock and talk, "
            "buitengebied), signalen van ondermijning doorgeven aan het convenant en terugkoppelen.",
            "Art. 6 lid 1 sub e AVG; de grondslag van elke campagne staat op elk bezoek.",
            "Bewoners en ondernemers op de adreslijst; gebruikers die bezoeken vastleggen.",
            _recipients(),
            covenant.field_groups(MODELS),
            terms,
        )
    ]


def _facts(record) -> dict[str, str]:
    return {
        "grondslag": record.legal_basis,
        "doel": record.purpose,
        "bron": record.source_organisation,
        "bewaard_tot": record.retain_until.isoformat(),
    }


def access_section(person) -> dict:
    """AVG art. 15: the visits that raised a signal about ``person`` and the information checks
    of those addresses, in full (notes, answers and results decrypted for the controller)."""
    visits = list(
        Visit.objects.filter(tenant_id=person.tenant_id, signal__subject=person)
        .select_related("campaign", "address", "organisation")
        .order_by("visited_at", "id")
    )
    if not visits:
        return {}
    checks = (
        InformationCheck.objects.filter(address__in={v.address_id for v in visits})
        .select_related("campaign", "address", "organisation")
        .prefetch_related("sources", "companions")
        .order_by("checked_at", "id")
    )
    return {
        "veldwerkbezoeken": [
            {
                "id": v.pk,
                "campagne": v.campaign.name,
                "adres": str(v.address),
                "bezocht_op": v.visited_at.isoformat(),
                "organisatie": str(v.organisation),
                "uitkomst": v.get_outcome_display(),
                "antwoorden": v.answers,
                "notities": v.notes,
                "signaal": v.signal_id,
                "terugkoppeling": v.get_feedback_display(),
                "toegezegd": v.feedback_promise,
                **_facts(v),
            }
            for v in visits
        ],
        "informatiechecks_voor_een_bezoek": [
            {
                "id": c.pk,
                "campagne": c.campaign.name,
                "adres": str(c.address),
                "gecontroleerd_op": c.checked_at.isoformat(),
                "organisatie": str(c.organisation),
                "bronnen": sorted(s.name for s in c.sources.all()),
                "resultaat": c.result,
                "strategie": c.get_strategy_display(),
                "gaan_mee": sorted(str(o) for o in c.companions.all()),
                **_facts(c),
            }
            for c in checks
        ],
    }


def register() -> None:
    privacy_fields.register(
        categories=[ADDRESS],
        person_fields=PERSON_FIELDS,
        not_person_fields=NOT_PERSON_FIELDS,
        model_labels={"fieldwork.Cluster": "cluster"},
        field_labels=FIELD_LABELS,
        encrypted=ENCRYPTED,
    )
    covenant.register_activities("fieldwork", activities)
    audit_labels.register(subjects=AUDIT_SUBJECTS, actions=AUDIT_ACTIONS)
    records.register_retention("fieldwork", purge_expired)
    records.register_access_section("fieldwork", access_section)
