"""Signalen & casusoverleg rules.

Role gates are declared here; object-level access reads the tenant's covenant (signals app):
- an organisation that is not a covenant party sees nothing and records nothing;
- a signal or case of category C and data class D is visible to a user only when the covenant
  grants (C, the user's organisation, one of the user's roles) up to class D, *and* it has been
  shared with the user's organisation: reported by it, forwarded to it, or part of a case it owns
  or takes part in. The procesregisseur (triage) sees every signal the covenant grants them;
- persons are visible through the signals about them; their identifying fields only with a grant
  that ``may_identify``;
- meetings are visible to the chair and the participating partners; interventions follow their
  case; an escalation is visible on the case side to the regisseur/OOV and, once approved, to the
  receiving organisation (only the frozen record of what was shared).

Every condition has a queryset twin; the object-level condition is the queryset filter applied
to the one object, so ``can()`` and ``visible()`` can never disagree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from wijkkompas.accounts.policy import ANONYMOUS, Condition, QueryFilter, Rule, rule
from wijkkompas.accounts.roles import Role
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    CaseMeeting,
    Covenant,
    CovenantParty,
    Escalation,
    Signal,
    Subject,
)

FRONTLINE = (Role.PROFESSIONAL, Role.PROCESREGISSEUR, Role.OOV_ADVISEUR, Role.ANALIST)
TRIAGE_ROLES = frozenset({Role.PROCESREGISSEUR})
CASE_SIDE_ESCALATION_ROLES = frozenset({Role.PROCESREGISSEUR, Role.OOV_ADVISEUR})
STATS_ROLES = (
    Role.OOV_ADVISEUR,
    Role.BESTUURDER,
    Role.PROCESREGISSEUR,
    Role.ANALIST,
    Role.BEHEERDER,
)


def _roles(user: Any) -> set[str]:
    return set(getattr(user, "roles", []) or [])


def is_covenant_party(user: Any) -> bool:
    """The user's organisation signed the covenant of its own tenant."""

    org_id = getattr(user, "organisation_id", None)
    tenant_id = getattr(user, "tenant_id", None)
    if org_id is None or tenant_id is None:
        return False
    return CovenantParty.objects.filter(
        covenant__tenant_id=tenant_id, organisation_id=org_id
    ).exists()


def is_covenant_controller(user: Any) -> bool:
    """The user's organisation coordinates the covenant (triage, identity corrections)."""

    return Covenant.objects.filter(
        tenant_id=getattr(user, "tenant_id", None),
        controller_id=getattr(user, "organisation_id", None),
    ).exists()


def _grants(user: Any, *, identify: bool = False) -> QuerySet:

    qs = AccessGrant.objects.filter(
        organisation_id=user.organisation_id, role__in=sorted(_roles(user))
    )
    return qs.filter(may_identify=True) if identify else qs


def _grant_exists(
    user: Any, category_ref: str, class_ref: str, *, identify: bool = False
) -> Exists:
    return Exists(
        _grants(user, identify=identify).filter(
            category_id=OuterRef(category_ref), max_data_class__gte=OuterRef(class_ref)
        )
    )


def _by_pk(queryset_filter: QueryFilter) -> Condition:
    """Turn a queryset filter into the matching object-level condition."""

    def condition(user: Any, obj: Any) -> bool:
        if obj.pk is None:
            return False
        return queryset_filter(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    return condition


# --- signals ---------------------------------------------------------------------------------------


def signals_filter(user: Any, qs: QuerySet) -> QuerySet:

    if not is_covenant_party(user):
        return qs.none()
    org = user.organisation_id
    forwarded = Exists(
        Signal.forwarded_to.through.objects.filter(signal_id=OuterRef("pk"), organisation_id=org)
    )
    case_member = Exists(
        Case.partners.through.objects.filter(case_id=OuterRef("case_id"), organisation_id=org)
    )
    shared = (
        Q(reporter_organisation_id=org) | Q(case__organisation_id=org) | forwarded | case_member
    )
    if _roles(user) & TRIAGE_ROLES and is_covenant_controller(user):
        shared = Q(pk__isnull=False)
    return qs.filter(
        Q(reporter_id=user.pk) | (_grant_exists(user, "category_id", "data_class") & shared)
    )


def triage_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Triage, corrections and feedback belong to the coordinating (controller) organisation."""
    return signals_filter(user, qs) if is_covenant_controller(user) else qs.none()


def party_filter(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_covenant_party(user) else qs.none()


def party_condition(user: Any, obj: Any) -> bool:
    return is_covenant_party(user)


# --- persons ----------------------------------------------------------------------------------------


def persons_filter(user: Any, qs: QuerySet) -> QuerySet:

    signals = signals_filter(user, Signal.objects.filter(tenant_id=user.tenant_id))
    return qs.filter(kind=Subject.Kind.PERSON).filter(
        Exists(signals.filter(subject_id=OuterRef("pk")))
    )


def identify_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Persons whose identifying fields the user may see: a visible signal about them in a
    category whose grant for the user allows identification at that data class."""

    signals = signals_filter(user, Signal.objects.filter(tenant_id=user.tenant_id)).filter(
        _grant_exists(user, "category_id", "data_class", identify=True)
    )
    return persons_filter(user, qs).filter(Exists(signals.filter(subject_id=OuterRef("pk"))))


def person_edit_filter(user: Any, qs: QuerySet) -> QuerySet:
    return identify_filter(user, qs) if is_covenant_controller(user) else qs.none()


def controller_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Only the covenant's controller organisation handles data-subject requests."""

    if not is_covenant_controller(user):
        return qs.none()
    return qs.filter(kind=Subject.Kind.PERSON)


# --- cases -------------------------------------------------------------------------------------------


def cases_filter(user: Any, qs: QuerySet) -> QuerySet:

    if not is_covenant_party(user):
        return qs.none()
    org = user.organisation_id
    member = Q(organisation_id=org) | Exists(
        Case.partners.through.objects.filter(case_id=OuterRef("pk"), organisation_id=org)
    )
    return qs.filter(member & _grant_exists(user, "category_id", "data_class"))


def owned_cases_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Changing a case is for the organisation that has the regie over it."""
    return cases_filter(user, qs).filter(organisation_id=user.organisation_id)


def _visible_cases(user: Any) -> QuerySet:

    return cases_filter(user, Case.objects.filter(tenant_id=user.tenant_id))


def case_child_create_condition(user: Any, obj: Any) -> bool:
    """For a new intervention or escalation: the user's organisation has the regie of the case."""
    return (
        obj.case_id is not None
        and _visible_cases(user)
        .filter(pk=obj.case_id, organisation_id=user.organisation_id)
        .exists()
    )


def owned_case_child_filter(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(case__in=_visible_cases(user).filter(organisation_id=user.organisation_id))


def case_child_filter(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(case__in=_visible_cases(user))


# --- meetings ----------------------------------------------------------------------------------------


def meetings_filter(user: Any, qs: QuerySet) -> QuerySet:

    if not is_covenant_party(user):
        return qs.none()
    org = user.organisation_id
    participant = Exists(
        CaseMeeting.participants.through.objects.filter(
            casemeeting_id=OuterRef("pk"), organisation_id=org
        )
    )
    return qs.filter(Q(chair_id=org) | participant)


def chaired_meetings_filter(user: Any, qs: QuerySet) -> QuerySet:
    return meetings_filter(user, qs).filter(chair_id=user.organisation_id)


def planned_meetings_filter(user: Any, qs: QuerySet) -> QuerySet:

    return chaired_meetings_filter(user, qs).filter(status=CaseMeeting.Status.PLANNED)


# --- interventions -----------------------------------------------------------------------------------


def intervention_edit_filter(user: Any, qs: QuerySet) -> QuerySet:
    """The regisseur of the case's organisation edits every intervention of the case; others
    only those their own organisation owns."""
    qs = case_child_filter(user, qs)
    own = Q(owner_id=user.organisation_id)
    if _roles(user) & TRIAGE_ROLES:
        own |= Q(case__organisation_id=user.organisation_id)
    return qs.filter(own)


# --- escalations -------------------------------------------------------------------------------------


def escalations_filter(user: Any, qs: QuerySet) -> QuerySet:

    if not is_covenant_party(user):
        return qs.none()
    received = Q(target_id=user.organisation_id, status=Escalation.Status.APPROVED)
    if _roles(user) & CASE_SIDE_ESCALATION_ROLES:
        return qs.filter(received | Q(case__in=_visible_cases(user)))
    return qs.filter(received)


def approvable_escalations_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Four eyes: an OOV-adviseur of the case's own organisation, not the requester."""

    return (
        escalations_filter(user, qs)
        .filter(status=Escalation.Status.REQUESTED, case__organisation_id=user.organisation_id)
        .exclude(requested_by_id=user.pk)
    )


# --- the table ----------------------------------------------------------------------------------------

Scope = tuple[Condition, QueryFilter]


def _scope(queryset_filter: QueryFilter) -> Scope:
    """A filter and its object-level twin (the filter applied to the one object)."""
    return _by_pk(queryset_filter), queryset_filter


SIGNALS = _scope(signals_filter)
TRIAGE = _scope(triage_filter)
PERSONS = _scope(persons_filter)
IDENTIFY = _scope(identify_filter)
PERSON_EDIT = _scope(person_edit_filter)
CONTROLLER = _scope(controller_filter)
CASES = _scope(cases_filter)
OWNED_CASES = _scope(owned_cases_filter)
CASE_CHILD = _scope(case_child_filter)
MEETINGS = _scope(meetings_filter)
CHAIRED_MEETINGS = _scope(chaired_meetings_filter)
PLANNED_MEETINGS = _scope(planned_meetings_filter)
INTERVENTION_EDIT = _scope(intervention_edit_filter)
ESCALATIONS = _scope(escalations_filter)
APPROVABLE = _scope(approvable_escalations_filter)
# Scopes whose condition is not the filter applied to the object: the object is new (no pk yet).
PARTY = (party_condition, party_filter)
CASE_CHILD_CREATE = (case_child_create_condition, owned_case_child_filter)

NOBODY: tuple = ()
REGISSEUR = (Role.PROCESREGISSEUR,)
REGISSEUR_OOV = (Role.PROCESREGISSEUR, Role.OOV_ADVISEUR)
BEHEERDER = (Role.BEHEERDER,)
REGISTER_ROLES = (
    Role.BEHEERDER,
    Role.OOV_ADVISEUR,
    Role.PROCESREGISSEUR,
    Role.ANALIST,
    Role.BESTUURDER,
)
ROLES_ONLY = None  # no object-level condition: the roles decide
OOV = (Role.OOV_ADVISEUR,)

# (object type, action, roles, scope, description); read once into RULES below.
# fmt: off
TABLE: tuple[tuple[str, str, tuple, Scope | None, str], ...] = (
    ("signal", "list", FRONTLINE, SIGNALS, "Signalen die volgens het convenant met de eigen organisatie gedeeld zijn"),
    ("signal", "view", FRONTLINE, SIGNALS, ""),
    ("signal", "create", FRONTLINE, PARTY, "Signaal registreren (alleen convenantpartners)"),
    ("signal", "edit", REGISSEUR, TRIAGE, "Categorie, urgentie en gegevensklasse corrigeren"),
    ("signal", "triage", REGISSEUR, TRIAGE, "Triage: afwijzen, koppelen, casus openen, doorsturen, spoed"),
    ("signal", "delete", NOBODY, ROLES_ONLY, "Alleen de bewaartermijn (wijkkompas retention run) verwijdert signalen"),
    ("signal", "export", REGISSEUR_OOV, SIGNALS, "CSV met zichtbare signalen (alleen pseudoniemen)"),
    ("feedback", "create", REGISSEUR, TRIAGE, "Terugkoppeling aan de melder"),
    # persons (subjects of kind "persoon")
    ("person", "list", FRONTLINE, PERSONS, "Personen (pseudoniem) uit zichtbare signalen"),
    ("person", "view", FRONTLINE, PERSONS, ""),
    ("person", "identify", FRONTLINE, IDENTIFY, "Identificerende gegevens zien (convenant: may_identify)"),
    ("person", "create", FRONTLINE, PARTY, ""),
    ("person", "edit", REGISSEUR, PERSON_EDIT, ""),
    ("person", "delete", NOBODY, ROLES_ONLY, "Alleen via de bewaartermijn"),
    ("person", "export", BEHEERDER, CONTROLLER, "Inzageverzoek (AVG art. 15) door de verwerkingsverantwoordelijke"),
    # cases
    ("case", "list", FRONTLINE, CASES, "Casussen van de eigen organisatie of waarin zij partner is"),
    ("case", "view", FRONTLINE, CASES, ""),
    ("case", "create", REGISSEUR, PARTY, ""),
    ("case", "edit", REGISSEUR, OWNED_CASES, ""),
    ("case", "transition", REGISSEUR, OWNED_CASES, "Go/no-go en statusovergang"),
    ("case", "delete", NOBODY, ROLES_ONLY, "Alleen via de bewaartermijn"),
    ("case", "export", REGISSEUR, OWNED_CASES, "Tijdlijn als CSV"),
    # meetings
    ("meeting", "list", FRONTLINE, MEETINGS, "Casusoverleggen van de eigen organisatie"),
    ("meeting", "view", FRONTLINE, MEETINGS, ""),
    ("meeting", "create", REGISSEUR, PARTY, ""),
    ("meeting", "edit", REGISSEUR, CHAIRED_MEETINGS, "Alleen de voorzittende organisatie"),
    ("meeting", "contribute", FRONTLINE, MEETINGS, "Inbreng van de eigen organisatie"),
    ("meeting", "delete", REGISSEUR, PLANNED_MEETINGS, "Alleen een nog niet gehouden overleg"),
    ("meeting", "export", FRONTLINE, MEETINGS, "Verslag als PDF"),
    # interventions
    ("intervention", "list", FRONTLINE, CASE_CHILD, ""),
    ("intervention", "view", FRONTLINE, CASE_CHILD, ""),
    ("intervention", "create", REGISSEUR, CASE_CHILD_CREATE, ""),
    ("intervention", "edit", FRONTLINE, INTERVENTION_EDIT, "Regisseur, of de eigenaar-organisatie (status en resultaat)"),
    ("intervention", "delete", NOBODY, ROLES_ONLY, "Alleen via de bewaartermijn"),
    ("intervention", "export", REGISSEUR_OOV, CASE_CHILD, ""),
    # escalations
    ("escalation", "list", FRONTLINE, ESCALATIONS, ""),
    ("escalation", "view", FRONTLINE, ESCALATIONS, ""),
    ("escalation", "create", REGISSEUR, CASE_CHILD_CREATE, ""),
    ("escalation", "approve", OOV, APPROVABLE, "Vier ogen: OOV-adviseur van de regievoerende organisatie"),
    ("escalation", "edit", NOBODY, ROLES_ONLY, "Een escalatie is een vastgelegde verstrekking en wordt niet gewijzigd"),
    ("escalation", "delete", NOBODY, ROLES_ONLY, "Een verstrekking blijft vastgelegd; alleen de bewaartermijn anonimiseert"),
    ("escalation", "export", FRONTLINE, ESCALATIONS, "Verstrekkingsverslag als PDF"),
    # covenant and processing register
    ("covenant", "edit", BEHEERDER, ROLES_ONLY, "Convenantinstellingen laden (in de praktijk via de CLI: wijkkompas signals load-covenant)"),
    ("register", "view", REGISTER_ROLES, ROLES_ONLY, "Convenant en verwerkingsregister (AVG art. 30)"),
)
# fmt: on


def _rule(roles: tuple, scope: Scope | None, description: str) -> Rule:
    condition, queryset_filter = scope or (None, None)
    return rule(
        *roles, condition=condition, queryset_filter=queryset_filter, description=description
    )


RULES = {(object_type, action): _rule(*rest) for object_type, action, *rest in TABLE} | {
    ("public_signal", "create"): rule(
        ANONYMOUS, tenant_scoped=False, description="Meldformulier voor bewoners"
    ),
    ("public_signal", "view"): rule(
        ANONYMOUS,
        tenant_scoped=False,
        description="Statuspagina van een melding voor wie de link met de geheime sleutel heeft",
    ),
    ("signal_stats", "view"): rule(
        *STATS_ROLES,
        tenant_field="id",
        description="Aantallen per buurt, categorie en maand (met onderdrukking van kleine aantallen)",
    ),
}

PUBLIC_VIEWS = frozenset(
    {"signals:public_report", "signals:public_report_done", "signals:public_status"}
)
