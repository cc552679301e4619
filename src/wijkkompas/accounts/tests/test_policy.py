"""The policy is data: these tests enumerate it rather than sample it."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation, User
from wijkkompas.accounts.roles import ALL_ROLES, Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, TenantFactory, UserFactory


def test_every_rule_is_well_formed():
    assert policy.RULES, "the policy declares no rules"
    for (object_type, action), rule in policy.RULES.items():
        assert object_type and action
        assert rule.roles or rule.description, (
            f"{object_type}.{action} grants nobody without saying why"
        )
        assert rule.roles <= ALL_ROLES | {policy.ANONYMOUS}, (
            f"{object_type}.{action} names an unknown role"
        )
        assert not (rule.tenant_scoped and policy.ANONYMOUS in rule.roles), (
            f"{object_type}.{action}: tenant data can never be public"
        )


def test_describe_lists_every_rule():
    assert len(policy.describe()) == len(policy.RULES)


def _object_in(tenant_id: int, tenant_field: str) -> SimpleNamespace:
    """A stand-in object whose ``tenant_field`` path ("step__model__tenant_id") leads to the tenant."""
    *parents, leaf = tenant_field.split("__")
    obj = SimpleNamespace(**{leaf: tenant_id})
    for part in reversed(parents):
        obj = SimpleNamespace(**{part: obj})
    return obj


OWN_TENANT, OTHER_TENANT = 101, 102


def _user(role: str, tenant_id: int | None) -> User:
    """A user of one role in a tenant (None: a national organisation). The policy reads roles and
    tenant only, so no database row is needed."""
    organisation = Organisation(pk=1000 + (tenant_id or 0), tenant_id=tenant_id)
    return User(pk=2000, username=f"{role}-gebruiker", organisation=organisation, roles=[role])


def _decision_cases() -> list:
    """rule × role × scope: "own" (type level, and object level in the user's tenant), "other"
    (an object of another tenant) and "national" (a user without tenant); a scope is only listed
    where the rule decides it (conditions have their own tests)."""
    found = []
    for (object_type, action), rule in sorted(policy.RULES.items()):
        scopes = ["own"]
        if rule.condition is None:
            scopes.append("other")
        if rule.tenant_scoped:
            scopes.append("national")
        for role in sorted(ALL_ROLES):
            for scope in scopes:
                found.append(
                    pytest.param(
                        object_type,
                        action,
                        role,
                        scope,
                        id=f"{role}-{object_type}.{action}-{scope}",
                    )
                )
    return found


DECISION_CASES = _decision_cases()


@pytest.mark.parametrize(("object_type", "action", "role", "scope"), DECISION_CASES)
def test_decision_equals_the_rule(object_type, action, role, scope):
    """For every rule × every role × own/other tenant/national: the decision equals the rule."""
    rule = policy.RULES[(object_type, action)]
    granted = role in rule.roles or policy.ANONYMOUS in rule.roles
    user = _user(role, OWN_TENANT)
    if scope == "own":
        assert policy.can(user, action, object_type) is granted
        if rule.condition is None:
            obj = _object_in(OWN_TENANT, rule.tenant_field)
            assert policy.can(user, action, object_type, obj) is granted
    elif scope == "other":
        obj = _object_in(OTHER_TENANT, rule.tenant_field)
        expected_other = granted and not rule.tenant_scoped
        assert policy.can(user, action, object_type, obj) is expected_other
    else:
        assert policy.can(_user(role, None), action, object_type) is False


def test_every_rule_and_role_is_decided():
    own = {(p.values[0], p.values[1], p.values[2]) for p in DECISION_CASES if p.values[3] == "own"}
    assert len(own) == len(ALL_ROLES) * len(policy.RULES)


RULE_IDS = [f"{t}.{a}" for t, a in sorted(policy.RULES)]


@pytest.mark.parametrize(("object_type", "action"), sorted(policy.RULES), ids=RULE_IDS)
def test_anonymous_only_passes_public_rules(object_type, action):
    rule = policy.RULES[(object_type, action)]
    assert policy.can(AnonymousUser(), action, object_type) is (policy.ANONYMOUS in rule.roles)


@pytest.mark.django_db
@pytest.mark.parametrize("tenant", ["own", "other"])
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_visible_is_the_list_side_twin_of_can(role, tenant):
    tenants = {"own": TenantFactory(), "other": TenantFactory()}
    OrganisationFactory.create_batch(3, tenant=tenants["own"])
    OrganisationFactory.create_batch(2, tenant=tenants["other"])
    user = UserFactory(organisation=OrganisationFactory(tenant=tenants[tenant]), roles=[role])
    listed = policy.visible(user, "list", "organisation", Organisation.objects.all())
    assert all(o.tenant_id == tenants[tenant].pk for o in listed)
    assert {o.pk for o in listed} == {
        o.pk for o in Organisation.objects.all() if policy.can(user, "list", "organisation", o)
    }


@pytest.mark.django_db
def test_other_tenant_is_404_and_forbidden_action_is_403():
    own, other = TenantFactory(), TenantFactory()
    oov = UserFactory(organisation=OrganisationFactory(tenant=own), roles=[Role.OOV_ADVISEUR])
    foreign = OrganisationFactory(tenant=other)
    mine = OrganisationFactory(tenant=own)
    with pytest.raises(Http404):
        policy.get_object_or_404(oov, "view", "organisation", Organisation, pk=foreign.pk)
    with pytest.raises(Http404):
        policy.get_object_or_404(oov, "edit", "organisation", Organisation, pk=foreign.pk)
    with pytest.raises(PermissionDenied):
        policy.get_object_or_404(oov, "edit", "organisation", Organisation, pk=mine.pk)
    assert policy.get_object_or_404(oov, "view", "organisation", Organisation, pk=mine.pk) == mine


def test_unknown_rule_is_an_error_not_a_silent_deny():
    with pytest.raises(KeyError):
        policy.can(policy.SYSTEM, "fly", "spaceship")


@pytest.mark.parametrize(("object_type", "action"), sorted(policy.RULES), ids=RULE_IDS)
def test_system_actor_passes_rules_that_allow_it(object_type, action):
    rule = policy.RULES[(object_type, action)]
    assert policy.can(policy.SYSTEM, action, object_type) is rule.system


def test_each_app_registers_its_own_rules_once():
    """Every app's policy_rules.py is in the policy, and nothing else is."""
    declared = {}
    for config in apps.get_app_configs():
        if config.name.startswith("wijkkompas.") and config.name != "wijkkompas.core":
            for key in import_module(f"{config.name}.policy_rules").RULES:
                assert key not in declared, (
                    f"{key} declared by {declared.get(key)} and {config.name}"
                )
                declared[key] = config.name
    assert set(declared) == set(policy.RULES)


def test_a_rule_declared_twice_is_refused():
    key = ("signal", "list")
    before = policy.RULES[key]
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        policy.register_rules({key: policy.rule(Role.BEHEERDER), ("ufo", "fly"): before})
    assert policy.RULES[key] is before and ("ufo", "fly") not in policy.RULES
