"""Field-level declaration of person-related data: the one source for the processing register
(AVG art. 30, ``selectors.processing_register``) and the DPIA privacy page.

It lives in signals because signals keeps the register, but it spans every app of ours: models
are named by label (``"accounts.User"``), so this module imports no other app's models. Every
concrete field of every model of ours is either

- mapped to a data category (``PERSON_FIELDS``),
- declared not person-related by name with a reason (``NOT_PERSON_FIELDS``), or
- not person-related by rule (``rule_reason``): ids, timestamps, numbers, booleans, choice codes,
  slugs and links to rows that are not a person (their person data is declared where it lives).

Text, JSON, e-mail, URL, IP and binary fields and links to a person (a user or a subject) have no
rule: each is decided here. ``signals.tests.test_register_fields`` walks the models and fails on
a field that is neither; ``unclassified_fields`` is that walk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.text import camel_case_to_spaces

from wijkkompas.core.models import ProcessingRecord

# The apps whose models the register covers: every installed app of ours (``our_app_labels``).
OUR_PACKAGE = "wijkkompas."
# Rows that are a person: a link to them says who did something or whom it is about.
PERSON_MODELS = frozenset({"accounts.User", "signals.Subject"})


@dataclass(frozen=True)
class DataCategory:
    key: str
    label: str
    description: str


_CATEGORIES = (
    DataCategory(
        "identificatie",
        "Identificatiegegevens van personen",
        "Naam, geboortedatum en adres van een persoon over wie een signaal gaat.",
    ),
    DataCategory(
        "bedrijf_locatie",
        "Bedrijfs- en locatiegegevens",
        "KvK-nummer, bedrijfs- of groepsnaam, adres of plaats van een waarneming en buurtcode.",
    ),
    DataCategory(
        "contact",
        "Contactgegevens",
        "E-mailadres of telefoonnummer van een bewoner die meldt of van een tipgever.",
    ),
    DataCategory(
        "pseudoniem",
        "Gepseudonimiseerde sleutel",
        "Pseudoniem en sleutelhash (HMAC) van naam en geboortedatum: koppelt signalen over "
        "dezelfde persoon zonder te tonen wie het is.",
    ),
    DataCategory(
        "vrije_tekst",
        "Vrije tekst over personen",
        "Waarnemingen, motiveringen, samenvattingen, besluiten en inbreng die over personen "
        "kunnen gaan.",
    ),
    DataCategory(
        "maatregelen",
        "Gegevens over maatregelen (zorg/repressief)",
        "Interventies (zorg, preventie, bestuurlijk, repressief) met toelichting en resultaat.",
    ),
    DataCategory(
        "escalatie",
        "Inhoud van escalaties",
        "Wat bij een escalatie aan het repressieve spoor wordt verstrekt, met grondslag en "
        "reden; desgevraagd naam, geboortedatum en adres (pas bij goedkeuring vastgelegd).",
    ),
    DataCategory(
        "ip_gehasht",
        "Technische gegevens (IP-adres, gehasht)",
        "Hash met een geheime sleutel van het IP-adres van het meld- of tipformulier, alleen "
        "tegen misbruik.",
    ),
    DataCategory(
        "ip",
        "Technische gegevens (IP-adres)",
        "IP-adres bij een inlogpoging of een auditregel.",
    ),
    DataCategory(
        "gebruiker",
        "Gebruikersgegevens bij vastleggingen",
        "Welke gebruiker iets meldde, vastlegde, besliste of wijzigde.",
    ),
    DataCategory(
        "account",
        "Accountgegevens",
        "Gebruikersnaam, naam, e-mailadres, organisatie, rollen, wachtwoordhash, API-tokens "
        "(gehasht) en het TOTP-geheim (versleuteld).",
    ),
    DataCategory(
        "log",
        "Loggegevens",
        "Wie wanneer wat deed of probeerde (inloggen, inzien, besluiten), met reden en verzoek.",
    ),
    DataCategory(
        "werkaantekening",
        "Vrije werkaantekeningen",
        "Notities in themadossiers, barrièremodellen, indexprofielen en tips; niet bedoeld "
        "voor persoonsgegevens, maar vrije tekst kan namen bevatten.",
    ),
)
CATEGORIES: dict[str, DataCategory] = {c.key: c for c in _CATEGORIES}

# model label -> field name -> category key
PERSON_FIELDS: dict[str, dict[str, str]] = {
    "accounts.User": {
        "password": "account",
        "last_login": "account",
        "username": "account",
        "first_name": "account",
        "last_name": "account",
        "email": "account",
        "organisation": "account",
        "roles": "account",
        "is_active": "account",
    },
    "accounts.ApiToken": {
        "user": "account",
        "key_hash": "account",
        "label": "account",
        "last_used_at": "account",
    },
    "accounts.TotpDevice": {"user": "account", "secret_encrypted": "account"},
    "accounts.LoginAttempt": {"username": "log", "ip": "ip", "succeeded": "log", "at": "log"},
    "accounts.AuditEvent": {
        "at": "log",
        "actor_id": "log",
        "actor_username": "log",
        "action": "log",
        "object_type": "log",
        "object_id": "log",
        "reason": "log",
        "client_address": "ip",
        "request_id": "log",
        "detail": "log",
    },
    "accounts.AuditKey": {"object_type": "log", "object_id": "log"},
    "knowledge.Revision": {"actor": "gebruiker", "actor_username": "gebruiker"},
    "knowledge.Tip": {
        "subject": "werkaantekening",
        "text": "werkaantekening",
        "contact": "contact",
        "submitted_by": "gebruiker",
        "client_hash": "ip_gehasht",
        "handled_by": "gebruiker",
        "handling_note": "werkaantekening",
    },
    "dossiers.Dossier": {
        "opened_by": "gebruiker",
        "next_steps": "werkaantekening",
        "summary": "werkaantekening",
        "advice": "werkaantekening",
        "updated_by": "gebruiker",
    },
    "dossiers.Finding": {"text": "werkaantekening", "updated_by": "gebruiker"},
    "dossiers.SourceStatus": {"set_by": "gebruiker", "note": "werkaantekening"},
    "dossiers.SourceStatusChange": {"note": "werkaantekening", "set_by": "gebruiker"},
    "dossiers.DossierPin": {"note": "werkaantekening", "pinned_by": "gebruiker"},
    "areas.ImportRun": {"imported_by": "gebruiker"},
    "areas.IndexProfile": {"description": "werkaantekening", "created_by": "gebruiker"},
    "barriers.Session": {"notes": "werkaantekening"},
    "barriers.Element": {"notes": "werkaantekening"},
    "barriers.ChangeLog": {
        "actor_username": "gebruiker",
        "summary": "werkaantekening",
        "before": "werkaantekening",
        "after": "werkaantekening",
    },
    "signals.Subject": {
        "label": "bedrijf_locatie",
        "area_code": "bedrijf_locatie",
        "kvk_number": "bedrijf_locatie",
        "pseudonym": "pseudoniem",
        "identity_encrypted": "identificatie",
        "identity_index": "pseudoniem",
    },
    "signals.Signal": {
        "subject": "pseudoniem",
        "reporter": "gebruiker",
        "location": "bedrijf_locatie",
        "area_code": "bedrijf_locatie",
        "description": "vrije_tekst",
        "contact_encrypted": "contact",
        "client_hash": "ip_gehasht",
    },
    "signals.TriageDecision": {"reason": "vrije_tekst", "actor": "gebruiker"},
    "signals.Feedback": {"given_by": "gebruiker"},
    "signals.Case": {"title": "vrije_tekst", "summary": "vrije_tekst", "created_by": "gebruiker"},
    "signals.CaseTransition": {"reason": "vrije_tekst", "actor": "gebruiker"},
    "signals.CaseMeeting": {
        "title": "vrije_tekst",
        "notes": "vrije_tekst",
        "created_by": "gebruiker",
    },
    "signals.AgendaItem": {"decisions": "vrije_tekst"},
    "signals.Contribution": {"text": "vrije_tekst", "author": "gebruiker"},
    "signals.ActionItem": {"description": "vrije_tekst"},
    "signals.Intervention": {
        "kind": "maatregelen",
        "title": "maatregelen",
        "description": "maatregelen",
        "result": "maatregelen",
    },
    "signals.Escalation": {
        "track": "escalatie",
        "legal_basis": "escalatie",
        "reason": "escalatie",
        "shared": "escalatie",
        "requested_by": "gebruiker",
        "approver": "gebruiker",
        "decision_note": "escalatie",
    },
}

# Dutch names where a model or field has only Django's automatic (English) name.
MODEL_LABELS: dict[str, str] = {
    "accounts.ApiToken": "API-token",
    "accounts.TotpDevice": "TOTP-koppeling",
    "accounts.LoginAttempt": "inlogpoging",
    "signals.TriageDecision": "triagebesluit",
    "signals.Feedback": "terugkoppeling",
    "signals.CaseTransition": "go/no-go-besluit",
    "signals.AgendaItem": "agendapunt",
    "signals.Contribution": "inbreng",
    "signals.ActionItem": "actiepunt",
    "knowledge.Tip": "tip",
    "barriers.Element": "element",
}
FIELD_LABELS: dict[tuple[str, str], str] = {
    ("accounts.User", "organisation"): "organisatie",
    ("accounts.ApiToken", "user"): "gebruiker",
    ("accounts.ApiToken", "key_hash"): "tokenhash",
    ("accounts.ApiToken", "label"): "omschrijving",
    ("accounts.ApiToken", "last_used_at"): "laatst gebruikt",
    ("accounts.TotpDevice", "user"): "gebruiker",
    ("accounts.TotpDevice", "secret_encrypted"): "TOTP-geheim",
    ("accounts.LoginAttempt", "username"): "gebruikersnaam",
    ("accounts.LoginAttempt", "ip"): "IP-adres",
    ("accounts.LoginAttempt", "succeeded"): "gelukt",
    ("accounts.LoginAttempt", "at"): "tijdstip",
    ("accounts.AuditEvent", "at"): "tijdstip",
    ("accounts.AuditEvent", "actor_id"): "gebruiker (id)",
    ("accounts.AuditEvent", "actor_username"): "gebruikersnaam",
    ("accounts.AuditEvent", "action"): "handeling",
    ("accounts.AuditEvent", "object_type"): "soort object",
    ("accounts.AuditEvent", "object_id"): "object (id)",
    ("accounts.AuditEvent", "reason"): "reden",
    ("accounts.AuditEvent", "client_address"): "IP-adres",
    ("accounts.AuditEvent", "request_id"): "verzoeknummer",
    ("accounts.AuditEvent", "detail"): "details",
    ("accounts.AuditKey", "object_type"): "soort dossier",
    ("accounts.AuditKey", "object_id"): "dossier (id)",
    ("knowledge.Revision", "actor"): "gebruiker",
    ("knowledge.Revision", "actor_username"): "gebruikersnaam",
    ("knowledge.Tip", "submitted_by"): "ingediend door",
    ("knowledge.Tip", "client_hash"): "IP-hash",
    ("knowledge.Tip", "handled_by"): "behandeld door",
    ("dossiers.Dossier", "updated_by"): "gewijzigd door",
    ("dossiers.Finding", "updated_by"): "gewijzigd door",
    ("dossiers.SourceStatusChange", "note"): "notitie",
    ("dossiers.SourceStatusChange", "set_by"): "door",
    ("dossiers.DossierPin", "pinned_by"): "vastgepind door",
    ("areas.IndexProfile", "created_by"): "gemaakt door",
    ("barriers.ChangeLog", "actor_username"): "gebruikersnaam",
    ("barriers.ChangeLog", "summary"): "samenvatting",
    ("barriers.ChangeLog", "before"): "voor de wijziging",
    ("barriers.ChangeLog", "after"): "na de wijziging",
    ("signals.Subject", "identity_encrypted"): "naam, geboortedatum en adres",
    ("signals.Subject", "identity_index"): "sleutelhash",
    ("signals.Signal", "subject"): "onderwerp (pseudoniem)",
    ("signals.Signal", "reporter"): "melder",
    ("signals.Signal", "contact_encrypted"): "contactgegevens bewoner",
    ("signals.Signal", "client_hash"): "IP-hash",
    ("signals.TriageDecision", "actor"): "besloten door",
    ("signals.Feedback", "given_by"): "gegeven door",
    ("signals.Case", "created_by"): "aangemaakt door",
    ("signals.CaseTransition", "actor"): "besloten door",
    ("signals.CaseMeeting", "created_by"): "aangemaakt door",
    ("signals.Contribution", "author"): "auteur",
    ("signals.Escalation", "requested_by"): "aangevraagd door",
    ("signals.Escalation", "approver"): "beoordelaar",
}


def auto_named(model: type[models.Model], field: models.Field | None = None) -> bool:
    """Whether Django made the (English) name up from the class or field name."""
    if field is not None:
        return str(field.verbose_name) == field.name.replace("_", " ")
    return str(model._meta.verbose_name) == camel_case_to_spaces(model.__name__)


# Stored encrypted (core.crypto) or only as a hash: the rest of a person field is stored legibly.
ENCRYPTED = set(
    {
        ("accounts.TotpDevice", "secret_encrypted"),
        ("signals.Subject", "identity_encrypted"),
        ("signals.Signal", "contact_encrypted"),
        ("signals.Escalation", "shared"),
    }
)
# Stored encrypted only in part: the storage the register names instead of "leesbaar".
PARTLY_ENCRYPTED: dict[tuple[str, str], str] = {
    ("accounts.AuditEvent", "reason"): "versleuteld bij dossiers met een bewaartermijn",
    ("accounts.AuditEvent", "detail"): "tekst versleuteld bij dossiers met een bewaartermijn",
}
HASHED = set(
    {
        ("accounts.User", "password"),
        ("accounts.ApiToken", "key_hash"),
        ("knowledge.Tip", "client_hash"),
        ("signals.Subject", "identity_index"),
        ("signals.Signal", "client_hash"),
    }
)

_CONTENT = "inhoud van de kennisbank: openbare tekst over aanpakken en bronnen, niet over personen"
_AREA = "gebiedsindeling en openbare cijfers (CBS en andere bronnen), geaggregeerd"
_CONFIG = "inrichting: namen van gemeenten, organisaties, categorieën en convenant"
_BARRIER = "barrièremodel: stappen en maatregelen tegen een fenomeen, over organisaties"

# (model label, field names, why they are not person-related)
NOT_PERSON_FIELDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("accounts.Tenant", ("name", "cbs_code"), _CONFIG),
    ("accounts.Organisation", ("name",), _CONFIG),
    (
        "accounts.AuditEvent",
        ("prev_hash", "chain_hash"),
        "hashketen van de audittrail: controlegetal, geen inhoud",
    ),
    (
        "accounts.AuditKey",
        ("key_encrypted",),
        "versleutelde sleutel van auditteksten: zelf geen gegevens over een persoon",
    ),
    ("knowledge.Theme", ("content_hash", "name", "description"), _CONTENT),
    ("knowledge.Question", ("content_hash", "text", "description"), _CONTENT),
    ("knowledge.Source", ("content_hash", "name", "url", "description"), _CONTENT),
    ("knowledge.SourceEntry", ("content_hash", "offers"), _CONTENT),
    (
        "knowledge.Practice",
        (
            "content_hash",
            "title",
            "municipality",
            "neighbourhood",
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
        _CONTENT,
    ),
    (
        "knowledge.Instrument",
        ("content_hash", "name", "provider", "purpose", "description", "steps", "url"),
        _CONTENT,
    ),
    (
        "knowledge.Revision",
        ("object_type", "object_label", "action", "snapshot", "changed_fields", "note"),
        "versies van kennisbankinhoud (thema's, vragen, bronnen, praktijken, instrumenten)",
    ),
    ("knowledge.Tip", ("about_type", "about_label"), "naar welk kennisbankitem een tip verwijst"),
    ("knowledge.SynonymGroup", ("terms",), "zoekwoorden van de kennisbank"),
    (
        "dossiers.DossierPin",
        ("title", "url", "reference"),
        "verwijzing naar een kennisbankitem of kaart",
    ),
    ("areas.Area", ("code", "name", "municipality_code", "geometry"), _AREA),
    ("areas.MunicipalityProvince", ("municipality_code", "province_code"), _AREA),
    (
        "areas.Indicator",
        ("code", "name", "definition", "unit", "source", "source_detail", "theme"),
        _AREA,
    ),
    ("areas.BlockLayout", ("indicator_ids", "digest"), _AREA),
    ("areas.FigureBlock", ("period", "figures", "statuses"), _AREA),
    (
        "areas.ImportRun",
        ("kind", "source", "sha256"),
        "soort en herkomst van een cijferimport (bestandsnaam, hash)",
    ),
    ("areas.IndexProfile", ("name",), "naam van een indexprofiel"),
    ("barriers.BarrierModel", ("title", "phenomenon", "description"), _BARRIER),
    ("barriers.Step", ("title", "description"), _BARRIER),
    ("barriers.Session", ("title",), _BARRIER),
    ("barriers.Element", ("text", "partner_hint", "expected_effect"), _BARRIER),
    ("barriers.ChangeLog", ("action", "object_type"), "soort wijziging en soort object (code)"),
    ("signals.Covenant", ("name", "description", "security_measures"), _CONFIG),
    ("signals.CovenantParty", ("role_description",), _CONFIG),
    ("signals.Category", ("name", "description", "purpose", "legal_basis"), _CONFIG),
    ("signals.CaseMeeting", ("location",), "vergaderplaats van het overleg"),
    (
        "signals.Signal",
        ("status_token_hash",),
        "hash van een willekeurige sleutel voor de statuspagina van de melder; zegt niets over"
        " een persoon en verdwijnt met de melding",
    ),
)

_NOT_PERSON = {(m, f): why for m, names, why in NOT_PERSON_FIELDS for f in names}

_RULE_TYPES = (
    models.AutoField,
    models.BigAutoField,
    models.DateTimeField,
    models.DateField,
    models.BooleanField,
    models.IntegerField,  # all integer kinds (positive, small, big)
    models.FloatField,
    models.SlugField,
)
_NO_RULE_TYPES = (
    models.TextField,
    models.JSONField,
    models.EmailField,
    models.URLField,
    models.GenericIPAddressField,
    models.BinaryField,
)


def rule_reason(field: models.Field) -> str | None:
    """Why a field is not person-related by rule, or None when it must be decided by name."""
    if field.is_relation:
        if field.related_model._meta.label in PERSON_MODELS:
            return None
        return "verwijzing naar een rij die geen persoon is (haar gegevens zijn daar ingedeeld)"
    if isinstance(field, _NO_RULE_TYPES):
        return None
    if isinstance(field, _RULE_TYPES):
        return "sleutel, tijdstip, getal, ja/nee of code"
    if isinstance(field, models.CharField) and field.choices:
        return "keuze uit een vaste lijst (code)"
    return None


def our_app_labels() -> list[str]:
    return [c.label for c in apps.get_app_configs() if c.name.startswith(OUR_PACKAGE)]


def our_models(app_labels: Iterable[str] | None = None) -> list[type[models.Model]]:
    labels = set(our_app_labels() if app_labels is None else app_labels)
    return [m for m in apps.get_models() if m._meta.app_label in labels]


# The processing facts every person-related record carries (``core.models.ProcessingRecord``):
# decided once here for every model that inherits them, whichever app it is in.
_FACTS_NOT_PERSON = {
    "legal_basis": "verwerkingsgegevens: de grondslag van de vastlegging",
    "purpose": "verwerkingsgegevens: het doel van de vastlegging",
    "source_organisation": "verwerkingsgegevens: de organisatie waar het gegeven vandaan komt",
}
_FACTS_AUTHOR = "gebruiker"  # a username, or "bewoner" / "systeem"


def declared_category(model: type[models.Model], field: models.Field) -> str | None:
    """The data category declared for this field, by name or as a record's author."""
    category = PERSON_FIELDS.get(model._meta.label, {}).get(field.name)
    if category is None and field.name == "author" and issubclass(model, ProcessingRecord):
        return _FACTS_AUTHOR
    return category


def classify(label: str, field: models.Field) -> tuple[str, str] | None:
    """("categorie", key) for a person field, ("geen", reason) otherwise; None if undecided."""
    model = field.model
    category = declared_category(model, field)
    if category is None and issubclass(model, ProcessingRecord):
        why = _FACTS_NOT_PERSON.get(field.name)
        if why and field.name not in PERSON_FIELDS.get(label, {}):
            return ("geen", why)
    if category is not None:
        return ("categorie", category)
    why = _NOT_PERSON.get((label, field.name)) or rule_reason(field)
    return ("geen", why) if why else None


def unclassified_fields(model_list: Iterable[type[models.Model]]) -> list[str]:
    """``app.Model.field`` of every concrete field of these models that nothing classifies."""
    return [
        f"{m._meta.label}.{f.name}"
        for m in model_list
        for f in m._meta.concrete_fields
        if classify(m._meta.label, f) is None
    ]


def stale_declarations() -> list[str]:
    """Declared fields that an installed model does not have (a declaration may name a model
    before it lands; it must not keep a field that is gone)."""
    stale = []
    declared = [(m, f) for m, fields in PERSON_FIELDS.items() for f in fields] + list(_NOT_PERSON)
    for label, name in declared:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if name not in {f.name for f in model._meta.concrete_fields}:
            stale.append(f"{label}.{name}")
    unknown = [
        f"{m}.{f}"
        for m, fields in PERSON_FIELDS.items()
        for f, c in fields.items()
        if c not in CATEGORIES
    ]
    return stale + unknown


@dataclass(frozen=True)
class PersonField:
    model: str
    model_name: str
    field: str
    field_name: str
    category: DataCategory
    storage: str


def person_fields(labels: Iterable[str] | None = None) -> list[PersonField]:
    """The declared person fields of installed models (of ``labels`` if given), model order."""
    wanted = set(labels) if labels is not None else None
    out = []
    for model in our_models():
        label = model._meta.label
        if wanted is not None and label not in wanted:
            continue
        for f in model._meta.concrete_fields:
            key = declared_category(model, f)
            if key is None:
                continue
            storage = (
                "versleuteld"
                if (label, f.name) in ENCRYPTED
                else "gehasht"
                if (label, f.name) in HASHED
                else PARTLY_ENCRYPTED.get((label, f.name), "leesbaar")
            )
            out.append(
                PersonField(
                    label,
                    MODEL_LABELS.get(label, str(model._meta.verbose_name)),
                    f.name,
                    FIELD_LABELS.get((label, f.name), str(f.verbose_name)),
                    CATEGORIES[key],
                    storage,
                )
            )
    return out


def register(
    *,
    categories: Iterable[DataCategory] = (),
    person_fields: dict[str, dict[str, str]] | None = None,
    not_person_fields: Iterable[tuple[str, tuple[str, ...], str]] = (),
    model_labels: dict[str, str] | None = None,
    field_labels: dict[tuple[str, str], str] | None = None,
    encrypted: Iterable[tuple[str, str]] = (),
    hashed: Iterable[tuple[str, str]] = (),
) -> None:
    """An app that signals does not know (a higher floor: ``programmes``, ``fieldwork``,
    ``surveys`` …) declares its fields here from its ``AppConfig.ready()``, in the same shapes as
    the declarations above. Idempotent: registering the same declaration twice changes nothing."""
    for category in categories:
        CATEGORIES.setdefault(category.key, category)
    for label, fields in (person_fields or {}).items():
        PERSON_FIELDS.setdefault(label, {}).update(fields)
    for label, names, why in not_person_fields:
        for name in names:
            _NOT_PERSON[(label, name)] = why
    MODEL_LABELS.update(model_labels or {})
    FIELD_LABELS.update(field_labels or {})
    ENCRYPTED.update(encrypted)
    HASHED.update(hashed)
