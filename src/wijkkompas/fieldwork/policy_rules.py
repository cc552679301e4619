"""Access rules of fieldwork (registered by the app's config).

- Every reader of the municipality sees that a campaign exists and its coverage (suppressed for
  those outside the team, ``selectors.coverage``).
- The regievoerende organisation's OOV-adviseur and procesregisseur create, edit and close a
  campaign, import its addresses and plan its clusters.
- Addresses and visits are for the team: a user of the lead organisation or of a team
  organisation, holding one of the campaign's team roles (the lead's managers always).
- Information checks are for the team members holding one of the campaign's check roles, and
  only when their organisation is a covenant party (they hold what partners' systems said).
- Nobody deletes a visit or a check: the retention term removes them.

Every condition has its queryset twin and both read the same campaign ids, so ``can()`` and
``visible()`` agree."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wijkkompas.accounts.policy import rule
from wijkkompas.accounts.roles import Role
from wijkkompas.fieldwork.models import Campaign
from wijkkompas.signals.policy_rules import is_covenant_party

READERS = (
    Role.OOV_ADVISEUR,
    Role.PROCESREGISSEUR,
    Role.PROFESSIONAL,
    Role.ANALIST,
    Role.BEHEERDER,
    Role.BESTUURDER,
)
MANAGERS = (Role.OOV_ADVISEUR, Role.PROCESREGISSEUR)
FIELD = (Role.PROFESSIONAL, Role.PROCESREGISSEUR, Role.OOV_ADVISEUR)


def _roles(user: Any) -> set[str]:
    return set(getattr(user, "roles", []) or [])


def team_campaign_ids(user: Any, *, checks: bool = False) -> set[int]:
    """Campaigns of the user's tenant whose team the user is in (``checks``: and whose
    information checks the user may see)."""
    org, tenant = getattr(user, "organisation_id", None), getattr(user, "tenant_id", None)
    if org is None or tenant is None:
        return set()
    if checks and not is_covenant_party(user):
        return set()
    roles = _roles(user)
    rows = Campaign.objects.filter(tenant_id=tenant).filter(
        Q(organisation_id=org) | Q(team_organisations=org)
    )
    ids = set()
    for pk, lead, team_roles, check_roles in rows.values_list(
        "pk", "organisation_id", "team_roles", "check_roles"
    ):
        member = bool(roles & set(team_roles or FIELD)) or (
            lead == org and bool(roles & set(MANAGERS))
        )
        if checks:
            member = member and bool(roles & set(check_roles or MANAGERS))
        if member:
            ids.add(pk)
    return ids


def _team_filter(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(campaign_id__in=team_campaign_ids(user))


def _team_condition(user: Any, obj: Any) -> bool:
    return obj.campaign_id in team_campaign_ids(user)


def _check_filter(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(campaign_id__in=team_campaign_ids(user, checks=True))


def _check_condition(user: Any, obj: Any) -> bool:
    return obj.campaign_id in team_campaign_ids(user, checks=True)


def _own_check_filter(user: Any, qs: QuerySet) -> QuerySet:
    return _check_filter(user, qs).filter(organisation_id=user.organisation_id)


def _own_check_condition(user: Any, obj: Any) -> bool:
    return _check_condition(user, obj) and obj.organisation_id == user.organisation_id


def _lead_filter(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(organisation_id=user.organisation_id)


def _lead_condition(user: Any, obj: Any) -> bool:
    return obj.organisation_id is not None and obj.organisation_id == user.organisation_id


def _led_child_filter(user: Any, qs: QuerySet) -> QuerySet:
    return qs.filter(campaign__organisation_id=user.organisation_id)


def _led_child_condition(user: Any, obj: Any) -> bool:
    return obj.campaign.organisation_id == user.organisation_id


def _own_visit_filter(user: Any, qs: QuerySet) -> QuerySet:
    return _team_filter(user, qs).filter(organisation_id=user.organisation_id)


def _own_visit_condition(user: Any, obj: Any) -> bool:
    return _team_condition(user, obj) and obj.organisation_id == user.organisation_id


TEAM = {"condition": _team_condition, "queryset_filter": _team_filter}
CHECKS = {"condition": _check_condition, "queryset_filter": _check_filter}
OWN_CHECK = {"condition": _own_check_condition, "queryset_filter": _own_check_filter}
LEAD = {"condition": _lead_condition, "queryset_filter": _lead_filter}
LED = {"condition": _led_child_condition, "queryset_filter": _led_child_filter}
OWN_VISIT = {"condition": _own_visit_condition, "queryset_filter": _own_visit_filter}

RULES = {
    ("campaign", "list"): rule(*READERS, description="Veldwerkcampagnes van de eigen gemeente"),
    ("campaign", "view"): rule(
        *READERS, description="Campagne en dekking (buiten het team afgerond)"
    ),
    ("campaign", "create"): rule(
        *MANAGERS, **LEAD, description="Campagne van de eigen organisatie"
    ),
    ("campaign", "edit"): rule(
        *MANAGERS, **LEAD, description="Alleen de regievoerende organisatie"
    ),
    ("campaign", "export"): rule(*MANAGERS, **LEAD, description="Adreslijst met status als CSV"),
    ("campaign", "delete"): rule(description="Niemand: de bewaartermijn ruimt bezoeken op"),
    ("cluster", "edit"): rule(*MANAGERS, **LED, description="Clusters plannen en afsluiten"),
    ("fieldwork_address", "list"): rule(*FIELD, **TEAM, description="Adreslijst voor het team"),
    ("fieldwork_address", "view"): rule(*FIELD, **TEAM),
    ("fieldwork_address", "create"): rule(*MANAGERS, **LED, description="Adreslijst importeren"),
    ("fieldwork_address", "edit"): rule(*MANAGERS, **LED, description="Cluster van een adres"),
    ("fieldwork_address", "delete"): rule(*MANAGERS, **LED),
    ("information_check", "list"): rule(
        *FIELD, **CHECKS, description="Informatiechecks: team, checkrollen, convenantpartner"
    ),
    ("information_check", "view"): rule(*FIELD, **CHECKS),
    ("information_check", "create"): rule(*FIELD, **CHECKS),
    ("information_check", "edit"): rule(*FIELD, **OWN_CHECK, description="Eigen organisatie"),
    ("information_check", "delete"): rule(description="Alleen via de bewaartermijn"),
    ("visit", "list"): rule(*FIELD, **TEAM, description="Bezoeken van het team"),
    ("visit", "view"): rule(*FIELD, **TEAM),
    ("visit", "create"): rule(*FIELD, **TEAM, description="Bezoek vastleggen (teamleden)"),
    ("visit", "edit"): rule(
        *FIELD, **OWN_VISIT, description="Terugkoppeling bijwerken (eigen organisatie)"
    ),
    ("visit", "delete"): rule(description="Alleen via de bewaartermijn"),
}
