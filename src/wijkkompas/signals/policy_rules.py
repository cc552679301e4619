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

from wijkkompas.accounts.policy import ANONYMOUS, rule
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


def _by_pk(queryset_filter):
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


signal_condition = _by_pk(signals_filter)


def triage_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Triage, corrections and feedback belong to the coordinating (controller) organisation."""
    return signals_filter(user, qs) if is_covenant_controller(user) else qs.none()


triage_condition = _by_pk(triage_filter)


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


person_condition = _by_pk(persons_filter)


def identify_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Persons whose identifying fields the user may see: a visible signal about them in a
    category whose grant for the user allows identification at that data class."""

    signals = signals_filter(user, Signal.objects.filter(tenant_id=user.tenant_id)).filter(
        _grant_exists(user, "category_id", "data_class", identify=True)
    )
    return persons_filter(user, qs).filter(Exists(signals.filter(subject_id=OuterRef("pk"))))


identify_condition = _by_pk(identify_filter)


def person_edit_filter(user: Any, qs: QuerySet) -> QuerySet:
    return identify_filter(user, qs) if is_covenant_controller(user) else qs.none()


person_edit_condition = _by_pk(person_edit_filter)


def controller_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Only the covenant's controller organisation handles data-subject requests."""

    if not Covenant.objects.filter(
        tenant_id=user.tenant_id, controller_id=user.organisation_id
    ).exists():
        return qs.none()
    return qs.filter(kind=Subject.Kind.PERSON)


controller_condition = _by_pk(controller_filter)


# --- cases -------------------------------------------------------------------------------------------


def cases_filter(user: Any, qs: QuerySet) -> QuerySet:

    if not is_covenant_party(user):
        return qs.none()
    org = user.organisation_id
    member = Q(organisation_id=org) | Exists(
        Case.partners.through.objects.filter(case_id=OuterRef("pk"), organisation_id=org)
    )
    return qs.filter(member & _grant_exists(user, "category_id", "data_class"))


case_condition = _by_pk(cases_filter)


def owned_cases_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Changing a case is for the organisation that has the regie over it."""
    return cases_filter(user, qs).filter(organisation_id=user.organisation_id)


owned_case_condition = _by_pk(owned_cases_filter)


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


meeting_condition = _by_pk(meetings_filter)


def chaired_meetings_filter(user: Any, qs: QuerySet) -> QuerySet:
    return meetings_filter(user, qs).filter(chair_id=user.organisation_id)


chaired_meeting_condition = _by_pk(chaired_meetings_filter)


def planned_meetings_filter(user: Any, qs: QuerySet) -> QuerySet:

    return chaired_meetings_filter(user, qs).filter(status=CaseMeeting.Status.PLANNED)


planned_meeting_condition = _by_pk(planned_meetings_filter)


# --- interventions -----------------------------------------------------------------------------------

intervention_condition = _by_pk(case_child_filter)


def intervention_edit_filter(user: Any, qs: QuerySet) -> QuerySet:
    """The regisseur of the case's organisation edits every intervention of the case; others
    only those their own organisation owns."""
    qs = case_child_filter(user, qs)
    own = Q(owner_id=user.organisation_id)
    if _roles(user) & TRIAGE_ROLES:
        own |= Q(case__organisation_id=user.organisation_id)
    return qs.filter(own)


intervention_edit_condition = _by_pk(intervention_edit_filter)


# --- escalations -------------------------------------------------------------------------------------


def escalations_filter(user: Any, qs: QuerySet) -> QuerySet:

    if not is_covenant_party(user):
        return qs.none()
    received = Q(target_id=user.organisation_id, status=Escalation.Status.APPROVED)
    if _roles(user) & CASE_SIDE_ESCALATION_ROLES:
        return qs.filter(received | Q(case__in=_visible_cases(user)))
    return qs.filter(received)


escalation_condition = _by_pk(escalations_filter)


def approvable_escalations_filter(user: Any, qs: QuerySet) -> QuerySet:
    """Four eyes: an OOV-adviseur of the case's own organisation, not the requester."""

    return (
        escalations_filter(user, qs)
        .filter(status=Escalation.Status.REQUESTED, case__organisation_id=user.organisation_id)
        .exclude(requested_by_id=user.pk)
    )


approve_condition = _by_pk(approvable_escalations_filter)


# --- the table ----------------------------------------------------------------------------------------

_NOBODY: tuple = ()

RULES = {
    # signals
    ("signal", "list"): rule(
        *FRONTLINE,
        condition=signal_condition,
        queryset_filter=signals_filter,
        description="Signalen die volgens het convenant met de eigen organisatie gedeeld zijn",
    ),
    ("signal", "view"): rule(
        *FRONTLINE, condition=signal_condition, queryset_filter=signals_filter
    ),
    ("signal", "create"): rule(
        *FRONTLINE,
        condition=party_condition,
        queryset_filter=party_filter,
        description="Signaal registreren (alleen convenantpartners)",
    ),
    ("signal", "edit"): rule(
        Role.PROCESREGISSEUR,
        condition=triage_condition,
        queryset_filter=triage_filter,
        description="Categorie, urgentie en gegevensklasse corrigeren",
    ),
    ("signal", "triage"): rule(
        Role.PROCESREGISSEUR,
        condition=triage_condition,
        queryset_filter=triage_filter,
        description="Triage: afwijzen, koppelen, casus openen, doorsturen, spoed",
    ),
    ("signal", "delete"): rule(
        *_NOBODY,
        description="Alleen de bewaartermijn (wijkkompas retention run) verwijdert signalen",
    ),
    ("signal", "export"): rule(
        Role.PROCESREGISSEUR,
        Role.OOV_ADVISEUR,
        condition=signal_condition,
        queryset_filter=signals_filter,
        description="CSV met zichtbare signalen (alleen pseudoniemen)",
    ),
    ("feedback", "create"): rule(
        Role.PROCESREGISSEUR,
        condition=triage_condition,
        queryset_filter=triage_filter,
        description="Terugkoppeling aan de melder",
    ),
    ("public_signal", "create"): rule(
        ANONYMOUS, tenant_scoped=False, description="Meldformulier voor bewoners"
    ),
    ("signal_stats", "view"): rule(
        *STATS_ROLES,
        tenant_field="id",
        description="Aantallen per buurt, categorie en maand (met onderdrukking van kleine aantallen)",
    ),
    # persons (subjects of kind "persoon")
    ("person", "list"): rule(
        *FRONTLINE,
        condition=person_condition,
        queryset_filter=persons_filter,
        description="Personen (pseudoniem) uit zichtbare signalen",
    ),
    ("person", "view"): rule(
        *FRONTLINE, condition=person_condition, queryset_filter=persons_filter
    ),
    ("person", "identify"): rule(
        *FRONTLINE,
        condition=identify_condition,
        queryset_filter=identify_filter,
        description="Identificerende gegevens zien (convenant: may_identify)",
    ),
    ("person", "create"): rule(*FRONTLINE, condition=party_condition, queryset_filter=party_filter),
    ("person", "edit"): rule(
        Role.PROCESREGISSEUR, condition=person_edit_condition, queryset_filter=person_edit_filter
    ),
    ("person", "delete"): rule(*_NOBODY, description="Alleen via de bewaartermijn"),
    ("person", "export"): rule(
        Role.BEHEERDER,
        condition=controller_condition,
        queryset_filter=controller_filter,
        description="Inzageverzoek (AVG art. 15) door de verwerkingsverantwoordelijke",
    ),
    # cases
    ("case", "list"): rule(
        *FRONTLINE,
        condition=case_condition,
        queryset_filter=cases_filter,
        description="Casussen van de eigen organisatie of waarin zij partner is",
    ),
    ("case", "view"): rule(*FRONTLINE, condition=case_condition, queryset_filter=cases_filter),
    ("case", "create"): rule(
        Role.PROCESREGISSEUR, condition=party_condition, queryset_filter=party_filter
    ),
    ("case", "edit"): rule(
        Role.PROCESREGISSEUR, condition=owned_case_condition, queryset_filter=owned_cases_filter
    ),
    ("case", "transition"): rule(
        Role.PROCESREGISSEUR,
        condition=owned_case_condition,
        queryset_filter=owned_cases_filter,
        description="Go/no-go en statusovergang",
    ),
    ("case", "delete"): rule(*_NOBODY, description="Alleen via de bewaartermijn"),
    ("case", "export"): rule(
        Role.PROCESREGISSEUR,
        condition=owned_case_condition,
        queryset_filter=owned_cases_filter,
        description="Tijdlijn als CSV",
    ),
    # meetings
    ("meeting", "list"): rule(
        *FRONTLINE,
        condition=meeting_condition,
        queryset_filter=meetings_filter,
        description="Casusoverleggen van de eigen organisatie",
    ),
    ("meeting", "view"): rule(
        *FRONTLINE, condition=meeting_condition, queryset_filter=meetings_filter
    ),
    ("meeting", "create"): rule(
        Role.PROCESREGISSEUR, condition=party_condition, queryset_filter=party_filter
    ),
    ("meeting", "edit"): rule(
        Role.PROCESREGISSEUR,
        condition=chaired_meeting_condition,
        queryset_filter=chaired_meetings_filter,
        description="Alleen de voorzittende organisatie",
    ),
    ("meeting", "contribute"): rule(
        *FRONTLINE,
        condition=meeting_condition,
        queryset_filter=meetings_filter,
        description="Inbreng van de eigen organisatie",
    ),
    ("meeting", "delete"): rule(
        Role.PROCESREGISSEUR,
        condition=planned_meeting_condition,
        queryset_filter=planned_meetings_filter,
        description="Alleen een nog niet gehouden overleg",
    ),
    ("meeting", "export"): rule(
        *FRONTLINE,
        condition=meeting_condition,
        queryset_filter=meetings_filter,
        description="Verslag als PDF",
    ),
    # interventions
    ("intervention", "list"): rule(
        *FRONTLINE, condition=intervention_condition, queryset_filter=case_child_filter
    ),
    ("intervention", "view"): rule(
        *FRONTLINE, condition=intervention_condition, queryset_filter=case_child_filter
    ),
    ("intervention", "create"): rule(
        Role.PROCESREGISSEUR,
        condition=case_child_create_condition,
        queryset_filter=owned_case_child_filter,
    ),
    ("intervention", "edit"): rule(
        *FRONTLINE,
        condition=intervention_edit_condition,
        queryset_filter=intervention_edit_filter,
        description="Regisseur, of de eigenaar-organisatie (status en resultaat)",
    ),
    ("intervention", "delete"): rule(*_NOBODY, description="Alleen via de bewaartermijn"),
    ("intervention", "export"): rule(
        Role.PROCESREGISSEUR,
        Role.OOV_ADVISEUR,
        condition=intervention_condition,
        queryset_filter=case_child_filter,
    ),
    # escalations
    ("escalation", "list"): rule(
        *FRONTLINE, condition=escalation_condition, queryset_filter=escalations_filter
    ),
    ("escalation", "view"): rule(
        *FRONTLINE, condition=escalation_condition, queryset_filter=escalations_filter
    ),
    ("escalation", "create"): rule(
        Role.PROCESREGISSEUR,
        condition=case_child_create_condition,
        queryset_filter=owned_case_child_filter,
    ),
    ("escalation", "approve"): rule(
        Role.OOV_ADVISEUR,
        condition=approve_condition,
        queryset_filter=approvable_escalations_filter,
        description="Vier ogen: OOV-adviseur van de regievoerende organisatie",
    ),
    ("escalation", "edit"): rule(
        *_NOBODY,
        description="Een escalatie is een vastgelegde verstrekking en wordt niet gewijzigd",
    ),
    ("escalation", "delete"): rule(
        *_NOBODY,
        description="Een verstrekking blijft vastgelegd; alleen de bewaartermijn anonimiseert",
    ),
    ("escalation", "export"): rule(
        *FRONTLINE,
        condition=escalation_condition,
        queryset_filter=escalations_filter,
        description="Verstrekkingsverslag als PDF",
    ),
    # covenant and processing register
    ("covenant", "edit"): rule(
        Role.BEHEERDER,
        description="Convenantinstellingen laden (in de praktijk via de CLI: wijkkompas signals load-covenant)",
    ),
    ("register", "view"): rule(
        Role.BEHEERDER,
        Role.OOV_ADVISEUR,
        Role.PROCESREGISSEUR,
        Role.ANALIST,
        Role.BESTUURDER,
        description="Convenant en verwerkingsregister (AVG art. 30)",
    ),
}

PUBLIC_VIEWS = frozenset({"signals:public_report", "signals:public_report_done"})
