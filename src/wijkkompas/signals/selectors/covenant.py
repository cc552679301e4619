"""The covenant configuration as the views and the API read it: partners, categories, the
organisations a request names, and the processing register (AVG art. 30) and privacy page
generated from it and from the field declaration (``signals.privacy_fields``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.accounts.roles import ALL_ROLES, Role
from wijkkompas.core import suppression
from wijkkompas.knowledge.models import TIP_HANDLED_MONTHS, TIP_OPEN_MONTHS
from wijkkompas.signals import privacy_fields
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    CaseMeeting,
    Category,
    Covenant,
    CovenantParty,
    DataClass,
    Escalation,
    Intervention,
    Signal,
    Subject,
)


def covenant_of(tenant_id: int | None) -> Covenant | None:
    return Covenant.objects.filter(tenant_id=tenant_id).select_related("controller").first()


def covenant_partners(tenant_id: int | None) -> QuerySet[Organisation]:
    return Organisation.objects.filter(covenant_parties__covenant__tenant_id=tenant_id).order_by(
        "name"
    )


def categories_for(tenant_id: int | None, *, public_only: bool = False) -> QuerySet[Category]:
    qs = Category.objects.filter(tenant_id=tenant_id, is_active=True)
    return qs.filter(public=True) if public_only else qs


def category_by_code(user: Any, code: str) -> Category | None:
    """The category a request names by code, in the user's municipality (the service refuses
    ``None`` and inactive ones with a message on the field)."""
    return Category.objects.filter(tenant_id=user.tenant_id, code=code).first()


def public_tenants() -> QuerySet[Tenant]:
    """Municipalities whose public signal form is open (they have a covenant with public categories)."""
    return Tenant.objects.filter(covenant__isnull=False, signal_categories__public=True).distinct()


def organisation_of_tenant(user: Any, pk: int | None) -> Organisation | None:
    """An organisation a request names by id, in the user's municipality; the services check
    that it takes part in the covenant."""
    return Organisation.objects.filter(pk=pk, tenant_id=user.tenant_id).first() if pk else None


def organisations_of_tenant(user: Any, ids: list[int]) -> list[Organisation]:
    """The organisations a request names by id, in its order; an unknown id is invalid input."""
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids, tenant_id=user.tenant_id)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {
                "organisaties": f"Onbekende organisatie(s) in uw gemeente: {', '.join(map(str, missing))}."
            }
        )
    return [found[i] for i in ids]


# --- processing register (AVG art. 30) and privacy page -------------------------------------------
# Field categories come from ``signals.privacy_fields``; terms from the covenant's categories
# (the fields ``services.retention`` reads) and from what retention and accounts actually do.

SIGNAL_MODELS = (
    "signals.Subject",
    "signals.Signal",
    "signals.TriageDecision",
    "signals.Feedback",
    "signals.Case",
    "signals.CaseTransition",
    "signals.CaseMeeting",
    "signals.AgendaItem",
    "signals.Contribution",
    "signals.ActionItem",
    "signals.Intervention",
    "signals.Escalation",
)

_WITH_CASE = (
    "Volgt de casus: geanonimiseerd wanneer de casus dat wordt ({retention_closed_months} "
    "maanden na het afsluiten, of {retention_open_case_months} maanden na de laatste wijziging "
    "van een casus die nog loopt)"
)
# (model label, status value) -> term; ``{retention_…}`` are the category's fields, and every
# record stores its own date (``retain_until``, ``signals.models.processing``). Every status of
# these models has one (signals.tests.test_register_fields checks it).
STATUS_TERMS: dict[tuple[str, str], str] = {
    ("signals.Signal", Signal.Status.NEW): (
        "{retention_open_months} maanden na ontvangst verwijderd als het signaal dan nog in "
        "triage is."
    ),
    ("signals.Signal", Signal.Status.FORWARDED): (
        "{retention_forwarded_months} maanden na het doorsturen verwijderd (de ontvangende "
        "partner bewaart het volgens de eigen termijn)."
    ),
    ("signals.Signal", Signal.Status.DISMISSED): (
        "{retention_dismissed_months} maanden na afwijzing verwijderd."
    ),
    ("signals.Signal", Signal.Status.IN_CASE): (
        _WITH_CASE + " (omschrijving, plaats, persoon, contactgegevens en melder gewist)."
    ),
    **{
        ("signals.Subject", kind): (
            "Zo lang als het langst bewaarde signaal over het onderwerp; verwijderd bij de "
            "eerstvolgende bewaartermijnrun nadat geen signaal meer naar het onderwerp verwijst."
        )
        for kind in Subject.Kind
    },
    **{
        ("signals.Case", s): (
            "{retention_open_case_months} maanden na de laatste wijziging geanonimiseerd (elke "
            "wijziging en elk go/no-go-besluit verlengt de termijn; titel, samenvatting en "
            "motiveringen gewist)."
        )
        for s in Case.Status
        if s != Case.Status.CLOSED
    },
    ("signals.Case", Case.Status.CLOSED): (
        "{retention_closed_months} maanden na het afsluiten geanonimiseerd (titel, samenvatting "
        "en motiveringen van go/no-go gewist)."
    ),
    **{
        ("signals.CaseMeeting", s): (
            "Besluiten, inbreng en acties per casus volgen de casus; titel en algemene "
            "aantekeningen zo lang als de langst bewaarde casus op de agenda (het overleg blijft "
            "als datum). Een overleg zonder agendapunten: de langste termijn voor afgesloten "
            "casussen van de gemeente na de datum van het overleg."
        )
        for s in CaseMeeting.Status
    },
    **{
        ("signals.Intervention", s): _WITH_CASE + " (toelichting en resultaat gewist)."
        for s in Intervention.Status
    },
    **{
        ("signals.Escalation", s): (
            _WITH_CASE + " (reden, toelichting bij het besluit en verstrekte gegevens gewist; "
            "de gedeelde onderdelen blijven genoemd)."
        )
        for s in Escalation.Status
    },
}
# (model label, its status or kind field): the order the register lists them in.
TERM_RECORDS = (
    ("signals.Signal", "status"),
    ("signals.Subject", "kind"),
    ("signals.Case", "status"),
    ("signals.CaseMeeting", "status"),
    ("signals.Intervention", "status"),
    ("signals.Escalation", "status"),
)
CLIENT_HASH_TERM = "Na één dag gewist (alleen tegen misbruik van het meldformulier)."


@dataclass
class Term:
    record: str
    status: str
    term: str


@dataclass
class FieldGroup:
    category: privacy_fields.DataCategory
    fields: list[privacy_fields.PersonField]


def _field_groups(labels: tuple[str, ...]) -> list[FieldGroup]:
    groups: dict[str, FieldGroup] = {}
    for f in privacy_fields.person_fields(labels):
        groups.setdefault(f.category.key, FieldGroup(f.category, [])).fields.append(f)
    order = list(privacy_fields.CATEGORIES)
    return sorted(groups.values(), key=lambda g: order.index(g.category.key))


def category_terms(category: Category) -> list[Term]:
    """The term of every status of every person-related record of signals, for one category;
    statuses of one record with the same term are named together."""
    months = {
        f.name: getattr(category, f.name)
        for f in Category._meta.concrete_fields
        if f.name.startswith("retention_")
    }
    terms: list[Term] = []
    for label, field_name in TERM_RECORDS:
        model = apps.get_model(label)
        record = str(model._meta.verbose_name).capitalize()
        by_term: dict[str, list[str]] = {}
        for value, status in model._meta.get_field(field_name).choices:
            by_term.setdefault(STATUS_TERMS[(label, value)].format(**months), []).append(
                str(status)
            )
        # statuses with the same term are named together ("Nieuw, In onderzoek, …")
        terms += [Term(record, ", ".join(statuses), t) for t, statuses in by_term.items()]
    terms.append(Term("Signaal", "IP-adres (gehasht) van het meldformulier", CLIENT_HASH_TERM))
    return terms


@dataclass
class RegisterEntry:
    """One processing activity per signal category (the API reads ``category``,
    ``recipients`` and ``data_classes``)."""

    category: Category
    recipients: list[dict]
    data_classes: list[str]
    field_groups: list[FieldGroup] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)

    @property
    def field_categories(self) -> list[str]:
        return [g.category.label for g in self.field_groups]


@dataclass
class Activity:
    """A processing activity of its own (accounts, login attempts, audit trail, …)."""

    name: str
    purpose: str
    basis: str
    data_subjects: str
    recipients: list[str]
    field_groups: list[FieldGroup]
    terms: list[Term]

    @property
    def field_categories(self) -> list[str]:
        return [g.category.label for g in self.field_groups]


def _roles_of_rule(object_type: str, action: str, where: str) -> str:
    roles = policy.get_rule(object_type, action).roles
    if roles >= ALL_ROLES:
        return f"Iedere ingelogde gebruiker ({where})"
    return ", ".join(Role(r).label for r in sorted(roles) if r in Role.values) + f" ({where})"


def _model_installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


_ACTIVITY_SOURCES: dict[str, Callable[[], list[Activity]]] = {}


def register_activities(name: str, source: Callable[[], list[Activity]]) -> None:
    """An app of a higher floor adds its own processing activities (called from its
    ``AppConfig.ready()``; ``source`` is called each time the register is drawn up, so terms read
    the current settings). Build its field groups with ``field_groups((model labels…))``."""
    _ACTIVITY_SOURCES[name] = source


def field_groups(labels: tuple[str, ...]) -> list[FieldGroup]:
    """The declared person fields of these models, grouped by data category."""
    return _field_groups(labels)


def own_activities() -> list[Activity]:
    """The processing activities outside the signal categories, each with its own term:
    those of accounts, knowledge and the workspace here, then every registered app's."""
    return _base_activities() + [a for source in _ACTIVITY_SOURCES.values() for a in source()]


def _base_activities() -> list[Activity]:
    audit_terms = [
        Term(
            "Auditregel",
            "Alle",
            "Geen bewaartermijn: de audittrail is append-only (de database weigert wijzigen en "
            "verwijderen) en elke regel is met een hashketen aan de vorige gekoppeld; er loopt "
            "geen verwijdering.",
        )
    ]
    if _model_installed("accounts.AuditKey"):
        audit_terms.append(
            Term(
                "Vrije tekst in auditregels",
                "Na de bewaartermijn van het dossier",
                "Reden en tekst over een signaal, persoon, casus, overleg, interventie of "
                "escalatie staan versleuteld met een sleutel per dossier; de bewaartermijnrun "
                "vernietigt die sleutel, de regel en de hashketen blijven.",
            )
        )
    no_deletion = "Geen bewaartermijn ingesteld: er loopt geen verwijdering."
    return [
        Activity(
            "Gebruikersaccounts",
            "Toegang tot Wijkkompas: wie een gebruiker is, bij welke organisatie en met welke "
            "rollen; inloggen met wachtwoord, TOTP en API-tokens.",
            "Art. 6 lid 1 sub e AVG in samenhang met art. 32 AVG (beveiliging).",
            "Gebruikers (medewerkers van de deelnemende organisaties).",
            [_roles_of_rule("user", "view", "eigen gemeente")],
            _field_groups(("accounts.User", "accounts.ApiToken", "accounts.TotpDevice")),
            [
                Term(
                    "Account",
                    "Actief of gedeactiveerd",
                    "Geen bewaartermijn ingesteld: accounts worden niet automatisch verwijderd; "
                    "een beheerder kan een account deactiveren.",
                ),
                Term(
                    "TOTP-koppeling",
                    "Onbevestigd",
                    "Verwijderd zodra de gebruiker opnieuw een koppeling start.",
                ),
            ],
        ),
        Activity(
            "Inlogpogingen",
            "Raadpogingen op wachtwoorden blokkeren.",
            "Art. 32 AVG (beveiliging).",
            "Gebruikers en iedereen die met een gebruikersnaam probeert in te loggen.",
            ["Niemand in de applicatie: alleen de blokkeringscontrole leest ze."],
            _field_groups(("accounts.LoginAttempt",)),
            [
                Term(
                    "Inlogpoging",
                    "Gelukt of mislukt",
                    f"Gebruikt voor de blokkering: {settings.LOGIN_MAX_FAILURES} mislukte "
                    "pogingen op een gebruikersnaam vanaf één adres blokkeren verdere pogingen "
                    f"tot ze ouder zijn dan {settings.LOGIN_LOCKOUT_MINUTES} minuten; daarna "
                    "telt de controle ze niet meer. " + no_deletion,
                )
            ],
        ),
        Activity(
            "Audittrail",
            "Verantwoording: vastleggen wie welke persoonsgegevens inzag, deelde, wijzigde of "
            "besliste (NEN 7513).",
            "Art. 5 lid 2 en art. 32 AVG.",
            "Gebruikers; personen over wie een signaal gaat (via verwijzing en reden).",
            [_roles_of_rule("audit_event", "list", "eigen gemeente")],
            _field_groups(("accounts.AuditEvent", "accounts.AuditKey")),
            audit_terms,
        ),
        Activity(
            "Werkruimte: themadossiers, barrièremodellen en wijkbeeld",
            "Gebiedsgerichte analyse en aanpak; vastleggen wie wat schreef.",
            "Art. 6 lid 1 sub e AVG.",
            "Gebruikers (auteurs); personen alleen als vrije tekst hen noemt.",
            [
                _roles_of_rule("dossier", "view", "themadossiers"),
                _roles_of_rule("barrier_model", "view", "barrièremodellen"),
            ],
            _field_groups(
                tuple(
                    label
                    for label in privacy_fields.PERSON_FIELDS
                    if label.split(".")[0] in ("dossiers", "barriers", "areas")
                )
            ),
            [Term("Dossier, model of profiel", "Alle", no_deletion)],
        ),
        Activity(
            "Kennisbank: tips en redactie",
            "De landelijke kennisbank verbeteren met tips van bezoekers; vastleggen wie welke "
            "versie maakte.",
            "Art. 6 lid 1 sub e AVG; contactgegevens alleen met toestemming (art. 6 lid 1 sub a).",
            "Tipgevers (ook zonder account) en redacteuren.",
            [_roles_of_rule("knowledge_tip", "list", "landelijke redactie")],
            _field_groups(("knowledge.Tip", "knowledge.Revision")),
            [
                Term("Tip", "Open", f"{TIP_OPEN_MONTHS} maanden na ontvangst verwijderd."),
                Term(
                    "Tip",
                    "Verwerkt of afgewezen",
                    f"{TIP_HANDLED_MONTHS} maanden na het besluit van de redactie verwijderd "
                    "(met contactgegevens en IP-hash).",
                ),
            ],
        ),
    ]


def processing_register(tenant_id: int | None) -> dict:
    """The register of processing activities, generated from the covenant configuration and
    the field declaration (``signals.privacy_fields``)."""
    covenant = covenant_of(tenant_id)
    if covenant is None:
        return {"covenant": None, "entries": [], "parties": [], "activities": []}
    grants = AccessGrant.objects.filter(category__tenant_id=tenant_id).select_related(
        "organisation", "category"
    )
    by_category: dict[int, list[AccessGrant]] = defaultdict(list)
    for g in grants:
        by_category[g.category_id].append(g)
    signal_groups = _field_groups(SIGNAL_MODELS)
    entries = []
    for category in categories_for(tenant_id):
        recipients = [
            {
                "organisation": str(g.organisation),
                "role": Role(g.role).label if g.role in Role.values else g.role,
                "max_data_class": DataClass(g.max_data_class).label,
                "may_identify": g.may_identify,
            }
            for g in sorted(
                by_category.get(category.pk, []), key=lambda g: (str(g.organisation), g.role)
            )
        ]
        max_class = max(
            (g.max_data_class for g in by_category.get(category.pk, [])), default=DataClass.GEWOON
        )
        entries.append(
            RegisterEntry(
                category,
                recipients,
                [c.label for c in DataClass if c <= max_class],
                signal_groups,
                category_terms(category),
            )
        )
    parties = list(CovenantParty.objects.filter(covenant=covenant).select_related("organisation"))
    return {
        "covenant": covenant,
        "entries": entries,
        "parties": parties,
        "activities": own_activities(),
        "signal_field_groups": signal_groups,
        "generated_at": timezone.now(),
    }


@dataclass
class Measure:
    name: str
    text: str


def privacy_measures() -> list[Measure]:
    """The measures the system takes, stated from its own configuration."""
    fields = privacy_fields.person_fields()

    def named(storage: str) -> str:
        return ", ".join(f"{f.field_name} ({f.model_name})" for f in fields if f.storage == storage)

    t = suppression.threshold()
    return [
        Measure(
            "Versleuteling van persoonsvelden", f"Versleuteld opgeslagen: {named('versleuteld')}."
        ),
        Measure(
            "Sleutelhash in plaats van naam",
            "Een persoon wordt teruggevonden met een sleutelhash (HMAC-SHA256 met een geheime "
            "sleutel) van naam en geboortedatum; ook IP-adressen van formulieren, wachtwoorden "
            f"en API-tokens staan alleen gehasht: {named('gehasht')}.",
        ),
        Measure(
            "Pseudoniemen",
            "Lijsten, exports en overleggen tonen een persoon als pseudoniem; naam, geboortedatum "
            "en adres ziet alleen wie volgens het convenant mag identificeren.",
        ),
        Measure(
            "Onderdrukking van kleine aantallen",
            f"Cijferpagina, API en wijkbeeld publiceren aantallen met één regel en drempel {t}. "
            + suppression.rounding_note(),
        ),
        Measure(
            "Audittrail",
            "Elke inzage, export, wijziging en weigering wordt vastgelegd; de audittrail is "
            "append-only (de database weigert wijzigen en verwijderen) en met een hashketen "
            "beveiligd."
            + (
                " Vrije tekst over een signaal, persoon, casus, overleg, interventie of escalatie "
                "staat erin versleuteld met een sleutel per dossier, die de bewaartermijnrun "
                "vernietigt (crypto-shredding): de regel blijft, de tekst is weg."
                if _model_installed("accounts.AuditKey")
                else ""
            ),
        ),
        Measure(
            "Tweestapsverificatie",
            "Wie persoonsgegevens kan zien, logt in met wachtwoord en een TOTP-code"
            + ("" if settings.TOTP_REQUIRED else " (verplicht in productie; hier uitgeschakeld)")
            + f"; {settings.LOGIN_MAX_FAILURES} mislukte pogingen blokkeren verdere pogingen "
            f"{settings.LOGIN_LOCKOUT_MINUTES} minuten.",
        ),
        Measure(
            "Toegang per rol en organisatie",
            f"Eén toegangsbeleid met {len(policy.RULES)} regels per rol, organisatie en "
            "convenantcategorie; alleen convenantpartners zien signalen, tot de gegevensklasse "
            "die het convenant toestaat.",
        ),
        Measure(
            "Geen algoritme scoort personen",
            ALGORITHM_STATEMENT,
        ),
    ]


ALGORITHM_STATEMENT = (
    "Wijkkompas maakt geen risicoscores, profielen of rangordes van personen en neemt geen "
    "geautomatiseerde besluiten over personen. Rekenregels (indexen, afronding) gaan alleen "
    "over gebieden en geaggregeerde aantallen (verklaring voor het Algoritmeregister)."
)
