"""The fieldwork authorization matrix: every role × relation (own = the lead organisation, team =
a team organisation, outsider = same municipality outside the team and the covenant, other =
another municipality) × object type × action, decided by the policy (``can`` and its list twin
``visible`` must agree) and probed over the API for the reads. The table is the specification;
each case's id names its combination."""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction
from django.test import Client

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import ApiToken
from wijkkompas.accounts.roles import Role
from wijkkompas.fieldwork import services
from wijkkompas.fieldwork.models import Address, Campaign, Cluster, InformationCheck, Visit
from wijkkompas.knowledge.models import Source

from .factories import RELATIONS, ROLES, build_world

pytestmark = pytest.mark.django_db

READERS = frozenset(
    {
        Role.OOV_ADVISEUR,
        Role.PROCESREGISSEUR,
        Role.PROFESSIONAL,
        Role.ANALIST,
        Role.BEHEERDER,
        Role.BESTUURDER,
    }
)
M = frozenset({Role.OOV_ADVISEUR, Role.PROCESREGISSEUR})
F = frozenset({Role.PROFESSIONAL, Role.PROCESREGISSEUR, Role.OOV_ADVISEUR})
NONE: dict = {}
SAME_TENANT = ("own", "team", "outsider")

EXPECTED: dict[tuple[str, str], dict[str, frozenset]] = {
    ("campaign", "list"): dict.fromkeys(SAME_TENANT, READERS),
    ("campaign", "view"): dict.fromkeys(SAME_TENANT, READERS),
    ("campaign", "create"): dict.fromkeys(SAME_TENANT, M),  # a campaign of one's own organisation
    ("campaign", "edit"): {"own": M},
    ("campaign", "export"): {"own": M},
    ("campaign", "delete"): NONE,
    ("cluster", "edit"): {"own": M},
    ("fieldwork_address", "list"): {"own": F, "team": F},
    ("fieldwork_address", "view"): {"own": F, "team": F},
    ("fieldwork_address", "create"): {"own": M},
    ("fieldwork_address", "edit"): {"own": M},
    ("fieldwork_address", "delete"): {"own": M},
    ("information_check", "list"): {"own": M, "team": M},
    ("information_check", "view"): {"own": M, "team": M},
    ("information_check", "create"): {"own": M, "team": M},
    ("information_check", "edit"): {"own": M},  # the check was made by the lead organisation
    ("information_check", "delete"): NONE,
    ("visit", "list"): {"own": F, "team": F},
    ("visit", "view"): {"own": F, "team": F},
    ("visit", "create"): {"own": F, "team": F},
    ("visit", "edit"): {"team": F},  # the visit was made by the team organisation
    ("visit", "delete"): NONE,
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        source = Source.objects.create(
            slug="matrix-bron", name="Matrixbron", kind=Source.Kind.PARTNER, internal=False
        )
        w.check = services.record_check(
            actor=w.user(Role.OOV_ADVISEUR, "own"),
            address=w.address,
            sources=[source],
            result="Niets bijzonders.",
            strategy="weerbaarheid",
        )
        w.visit = services.record_visit(
            actor=w.user(Role.PROFESSIONAL, "team"), address=w.address, outcome="gesprek"
        )
        w.cluster = w.address.cluster
        w.api = {
            key: Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})
            for key, user in w.users.items()
        }
        yield w
        transaction.set_rollback(True)


def _object(w, object_type: str, action: str, user):
    if object_type == "campaign":
        if action == "create":
            return Campaign(tenant_id=w.tenant.pk, organisation_id=user.organisation_id)
        return w.campaign
    if object_type == "cluster":
        return w.cluster
    model, existing = {
        "fieldwork_address": (Address, w.address),
        "information_check": (InformationCheck, w.check),
        "visit": (Visit, w.visit),
    }[object_type]
    if action == "create":
        return model(campaign=w.campaign, tenant_id=w.campaign.tenant_id)
    return existing


CASES = [
    pytest.param(t, a, role, relation, id=f"{t}-{a}-{role}-{relation}")
    for (t, a), role, relation in itertools.product(EXPECTED, ROLES, RELATIONS)
]


@pytest.mark.parametrize("object_type,action,role,relation", CASES)
def test_policy(world, object_type, action, role, relation):
    user = world.user(role, relation)
    expected = role in EXPECTED[(object_type, action)].get(relation, frozenset())
    obj = _object(world, object_type, action, user)
    assert policy.can(user, action, object_type, obj) is expected
    if obj.pk is not None:
        listed = policy.visible(user, action, object_type, type(obj).objects.filter(pk=obj.pk))
        assert listed.exists() is expected, "visible() disagrees with can()"


# (URL pattern, the (object type, action) that decides it)
READS = {
    "/api/v1/campaigns/{campaign}": ("campaign", "view"),
    "/api/v1/campaigns/{campaign}/coverage": ("campaign", "view"),
    "/api/v1/campaigns/{campaign}/addresses": ("fieldwork_address", "list"),
    "/api/v1/addresses/{address}": ("fieldwork_address", "view"),
    "/api/v1/addresses/{address}/visits": ("visit", "list"),
    "/api/v1/addresses/{address}/checks": ("information_check", "list"),
    "/api/v1/visits/{visit}": ("visit", "view"),
}
API_CASES = [
    pytest.param(url, role, relation, id=f"GET {url}-{role}-{relation}")
    for url, role, relation in itertools.product(READS, ROLES, RELATIONS)
]


@pytest.mark.parametrize("url,role,relation", API_CASES)
def test_api_reads(world, url, role, relation):
    object_type, action = READS[url]
    expected = role in EXPECTED[(object_type, action)].get(relation, frozenset())
    path = url.format(campaign=world.campaign.pk, address=world.address.pk, visit=world.visit.pk)
    response = world.api[(role, relation)].get(path)
    if expected:
        assert response.status_code == 200, response.content
        if path.endswith(("/visits", "/checks", "/addresses")):
            assert response.json()["count"] >= 1
    elif relation == "other":
        assert response.status_code == 404
    else:
        assert response.status_code in (403, 404), response.content


def test_cluster_is_checked_through_its_campaign(world):
    assert Cluster.objects.filter(campaign=world.campaign).count() == 1
