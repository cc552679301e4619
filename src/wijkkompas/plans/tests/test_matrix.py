"""The plans authorization matrix: every role × relation (own = the user's organisation
imported nothing special; plans belong to the tenant, so own organisation and a colleague
organisation of the same municipality are alike; other = another municipality) × object type ×
action, decided by the policy (``can`` and its list twin ``visible`` must agree), and probed over
the API and the pages. The table is the specification; each case's id names its combination."""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction
from django.test import Client

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import ApiToken
from wijkkompas.accounts.roles import ALL_ROLES, Role
from wijkkompas.plans.models import Plan, Priority

from .factories import RELATIONS, ROLES, build_world

pytestmark = pytest.mark.django_db

# Every logged-in user of the municipality, whatever the role, reads plans.
EVERYONE = frozenset(ALL_ROLES)
ANALYSTS = frozenset({Role.ANALIST, Role.OOV_ADVISEUR})
SAME = ("own", "colleague")

EXPECTED: dict[tuple[str, str], dict[str, frozenset]] = {
    ("plan", "list"): dict.fromkeys(SAME, EVERYONE),
    ("plan", "view"): dict.fromkeys(SAME, EVERYONE),
    ("plan", "create"): dict.fromkeys(SAME, ANALYSTS),
    ("plan", "edit"): dict.fromkeys(SAME, ANALYSTS),
    ("plan", "delete"): dict.fromkeys(SAME, ANALYSTS),
    ("plan", "export"): dict.fromkeys(SAME, EVERYONE),
    ("priority", "list"): dict.fromkeys(SAME, EVERYONE),
    ("priority", "view"): dict.fromkeys(SAME, EVERYONE),
    ("priority", "create"): dict.fromkeys(SAME, ANALYSTS),
    ("priority", "edit"): dict.fromkeys(SAME, ANALYSTS),
}


def test_the_table_covers_every_rule_of_the_app():
    ours = {k for k in policy.RULES if k[0] in ("plan", "priority")}
    assert ours == set(EXPECTED)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        w.priority = w.plan.priorities.first()
        w.api = {
            key: Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})
            for key, user in w.users.items()
        }
        yield w
        transaction.set_rollback(True)


def _object(w, object_type: str, action: str):
    if object_type == "plan":
        return Plan(tenant=w.tenant) if action == "create" else w.plan
    return Priority(plan=w.plan) if action == "create" else w.priority


CASES = [
    pytest.param(t, a, role, relation, id=f"{t}-{a}-{role}-{relation}")
    for (t, a), role, relation in itertools.product(EXPECTED, ROLES, RELATIONS)
]


@pytest.mark.parametrize("object_type,action,role,relation", CASES)
def test_policy(world, object_type, action, role, relation):
    user = world.user(role, relation)
    expected = role in EXPECTED[(object_type, action)].get(relation, frozenset())
    obj = _object(world, object_type, action)
    assert policy.can(user, action, object_type, obj) is expected
    if obj.pk is not None:
        listed = policy.visible(user, action, object_type, type(obj).objects.filter(pk=obj.pk))
        assert listed.exists() is expected, "visible() disagrees with can()"


READS = {
    "/api/v1/plans/{plan}": ("plan", "view"),
    "/api/v1/plans/{plan}/priorities": ("plan", "view"),
    "/api/v1/priorities/{priority}": ("priority", "view"),
}
API_CASES = [
    pytest.param(url, role, relation, id=f"GET {url}-{role}-{relation}")
    for url, role, relation in itertools.product(READS, ROLES, RELATIONS)
]


@pytest.mark.parametrize("url,role,relation", API_CASES)
def test_api_reads(world, url, role, relation):
    object_type, action = READS[url]
    expected = role in EXPECTED[(object_type, action)].get(relation, frozenset())
    path = url.format(plan=world.plan.pk, priority=world.priority.pk)
    response = world.api[(role, relation)].get(path)
    if expected:
        assert response.status_code == 200, response.content
    elif relation == "other":
        assert response.status_code == 404
    else:
        assert response.status_code in (403, 404), response.content


WRITE_CASES = [
    pytest.param(role, relation, id=f"PATCH priority-{role}-{relation}")
    for role, relation in itertools.product(ROLES, RELATIONS)
]


@pytest.mark.parametrize("role,relation", WRITE_CASES)
def test_api_write_is_for_analysts_of_the_municipality(world, role, relation):
    expected = role in EXPECTED[("priority", "edit")].get(relation, frozenset())
    p = Priority.objects.get(pk=world.priority.pk)
    with transaction.atomic():
        response = world.api[(role, relation)].patch(
            f"/api/v1/priorities/{p.pk}",
            data={"version": p.version, "status": "bevestigd"},
            content_type="application/json",
        )
        transaction.set_rollback(True)
    if expected:
        assert response.status_code == 200, response.content
    elif relation == "other":
        assert response.status_code == 404
    else:
        assert response.status_code == 403, response.content
