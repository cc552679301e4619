"""Access rules of programmes (registered by the app's config).

Relations to a programme: the *lead* organisation (trekker) runs it; *partners* (a ``Partner``
row) take part; other organisations of the same municipality see nothing of it, nor does
another municipality (404). Lead-organisation staff (OOV-adviseur, procesregisseur) manage the
programme; partners see it and update the actions their organisation owns. The bestuurder sees
the steering-group view and published reports only. Overriding a missing go/no-go is for the
programme's coordinator alone. Nested objects are checked through their programme's tenant.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wijkkompas.accounts.policy import rule
from wijkkompas.accounts.roles import Role

READERS = (Role.OOV_ADVISEUR, Role.PROCESREGISSEUR, Role.PROFESSIONAL, Role.ANALIST)
MANAGERS = (Role.OOV_ADVISEUR, Role.PROCESREGISSEUR)


def _programme_of(obj: Any, path: str) -> Any:
    for part in filter(None, path.split("__")):
        obj = getattr(obj, part)
    return obj


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


def _has(user: Any, roles: tuple[str, ...]) -> bool:
    return bool(set(getattr(user, "roles", [])) & set(roles))


def involved(user: Any, programme: Any) -> bool:
    org = getattr(user, "organisation_id", None)
    if org is None:
        return False
    if programme.lead_organisation_id == org:
        return True
    return programme.partners.filter(organisation_id=org).exists()


def leads(user: Any, programme: Any) -> bool:
    org = getattr(user, "organisation_id", None)
    return org is not None and programme.lead_organisation_id == org


def _involved_q(user: Any, path: str) -> Q:
    p = _prefix(path)
    org = getattr(user, "organisation_id", None)
    return Q(**{f"{p}lead_organisation_id": org}) | Q(**{f"{p}partners__organisation_id": org})


def _involved_rule(*roles: str, path: str = "", description: str = ""):
    def condition(user, obj):
        return _has(user, roles) and involved(user, _programme_of(obj, path))

    def queryset_filter(user, qs: QuerySet) -> QuerySet:
        if not _has(user, roles):
            return qs.none()
        return qs.filter(pk__in=qs.filter(_involved_q(user, path)).values("pk"))

    return rule(
        *roles,
        tenant_field=f"{_prefix(path)}tenant_id",
        condition=condition,
        queryset_filter=queryset_filter,
        description=description,
    )


def _lead_rule(*roles: str, path: str = "", description: str = ""):
    p = _prefix(path)

    def condition(user, obj):
        return _has(user, roles) and leads(user, _programme_of(obj, path))

    def queryset_filter(user, qs: QuerySet) -> QuerySet:
        if not _has(user, roles):
            return qs.none()
        return qs.filter(**{f"{p}lead_organisation_id": getattr(user, "organisation_id", None)})

    return rule(
        *roles,
        tenant_field=f"{p}tenant_id",
        condition=condition,
        queryset_filter=queryset_filter,
        description=description,
    )


def _coordinator_condition(user, obj):
    return _has(user, MANAGERS) and obj.coordinator_id is not None and obj.coordinator_id == user.pk


def _coordinator_filter(user, qs: QuerySet) -> QuerySet:
    return qs.filter(coordinator_id=user.pk) if _has(user, MANAGERS) else qs.none()


def _action_edit_condition(user, action):
    if not _has(user, READERS):
        return False
    if _has(user, MANAGERS) and leads(user, action.programme):
        return True
    return action.owner_organisation_id == getattr(user, "organisation_id", None) and involved(
        user, action.programme
    )


def _action_edit_filter(user, qs: QuerySet) -> QuerySet:
    if not _has(user, READERS):
        return qs.none()
    org = getattr(user, "organisation_id", None)
    own = Q(owner_organisation_id=org) & _involved_q(user, "programme")
    if _has(user, MANAGERS):
        own |= Q(programme__lead_organisation_id=org)
    return qs.filter(pk__in=qs.filter(own).values("pk"))


def _report_condition(user, report):
    if _has(user, READERS) and involved(user, report.programme):
        return True
    return _has(user, (Role.BESTUURDER,)) and report.status == "gepubliceerd"


def _report_filter(user, qs: QuerySet) -> QuerySet:
    q = Q(pk__in=[])
    if _has(user, READERS):
        q |= Q(pk__in=qs.filter(_involved_q(user, "programme")).values("pk"))
    if _has(user, (Role.BESTUURDER,)):
        q |= Q(status="gepubliceerd")
    return qs.filter(q)


def _steering_condition(user, programme):
    return _has(user, (Role.BESTUURDER,)) or (_has(user, READERS) and involved(user, programme))


def _steering_filter(user, qs: QuerySet) -> QuerySet:
    if _has(user, (Role.BESTUURDER,)):
        return qs
    if not _has(user, READERS):
        return qs.none()
    return qs.filter(pk__in=qs.filter(_involved_q(user, "")).values("pk"))


_P = "programme"

RULES = {
    ("method_template", "list"): rule(
        *READERS, Role.REDACTEUR, tenant_scoped=False, description="Werkwijzen (sjablonen)"
    ),
    ("method_template", "create"): rule(
        *MANAGERS, description="Eigen werkwijze toevoegen (sjabloon van de gemeente)"
    ),
    ("programme", "list"): _involved_rule(
        *READERS, description="Programma's waarin de eigen organisatie trekker of partner is"
    ),
    ("programme", "view"): _involved_rule(*READERS),
    ("programme", "create"): rule(*MANAGERS, description="Programma starten vanuit een werkwijze"),
    ("programme", "edit"): _lead_rule(*MANAGERS, description="Programma, partners, stappen"),
    ("programme", "export"): _involved_rule(*READERS, description="JSON-export"),
    ("programme", "override"): rule(
        *MANAGERS,
        condition=_coordinator_condition,
        queryset_filter=_coordinator_filter,
        description="Volgende stap starten zonder go/no-go-besluit (alleen de coördinator)",
    ),
    ("programme_steering", "view"): rule(
        Role.BESTUURDER,
        *READERS,
        condition=_steering_condition,
        queryset_filter=_steering_filter,
        description="Stuurgroepoverzicht: stappen, besluiten, indicatoren, rapportages",
    ),
    ("programme_step", "view"): _involved_rule(*READERS, path=_P),
    ("programme_step", "decide"): _lead_rule(
        *MANAGERS, path=_P, description="Go/no-go-besluit vastleggen en stap starten"
    ),
    ("programme_decision", "view"): _involved_rule(*READERS, path="step__programme"),
    ("programme_action", "list"): _involved_rule(*READERS, path=_P),
    ("programme_action", "view"): _involved_rule(*READERS, path=_P),
    ("programme_action", "create"): _lead_rule(*MANAGERS, path=_P),
    ("programme_action", "edit"): rule(
        *READERS,
        tenant_field="programme__tenant_id",
        condition=_action_edit_condition,
        queryset_filter=_action_edit_filter,
        description="Status en resultaat; partners alleen de acties van de eigen organisatie",
    ),
    ("programme_meeting", "list"): _involved_rule(*READERS, path=_P),
    ("programme_meeting", "view"): _involved_rule(*READERS, path=_P),
    ("programme_meeting", "export"): _involved_rule(
        *READERS, path=_P, description="Verslag als PDF, uitnodiging als .ics"
    ),
    ("programme_meeting", "create"): _lead_rule(*MANAGERS, path=_P),
    ("programme_meeting", "edit"): _lead_rule(
        *MANAGERS, path=_P, description="Agenda, verslag vaststellen, besluiten en acties"
    ),
    ("programme_meeting", "confidential"): _lead_rule(
        *MANAGERS, path=_P, description="Vertrouwelijk deel van een verslag lezen"
    ),
    ("programme_indicator", "view"): _involved_rule(*READERS, path=_P),
    ("programme_indicator", "edit"): _lead_rule(*MANAGERS, path=_P),
    ("programme_report", "list"): rule(
        *READERS,
        Role.BESTUURDER,
        tenant_field="programme__tenant_id",
        condition=_report_condition,
        queryset_filter=_report_filter,
        description="Voortgangsrapportages; de bestuurder alleen gepubliceerde",
    ),
    ("programme_report", "view"): rule(
        *READERS,
        Role.BESTUURDER,
        tenant_field="programme__tenant_id",
        condition=_report_condition,
        queryset_filter=_report_filter,
    ),
    ("programme_report", "create"): _lead_rule(*MANAGERS, path=_P),
    ("programme_report", "edit"): _lead_rule(
        *MANAGERS, path=_P, description="Concept bewerken en publiceren"
    ),
}
