"""The policy is data: these tests enumerate it rather than sample it."""

import itertools
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation
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


@pytest.mark.django_db
def test_type_and_object_level_decisions_for_every_rule_and_role():
    """For every rule × every role × own/other tenant: the decision equals the rule's declaration."""
    own, other = TenantFactory(), TenantFactory()
    checked = 0
    for role in sorted(ALL_ROLES):
        user = UserFactory(organisation=OrganisationFactory(tenant=own), roles=[role])
        national = UserFactory(organisation=OrganisationFactory(tenant=None), roles=[role])
        for (object_type, action), rule in policy.RULES.items():
            granted = role in rule.roles or policy.ANONYMOUS in rule.roles
            assert policy.can(user, action, object_type) is granted
            if rule.tenant_scoped:
                assert policy.can(national, action, object_type) is False
            if rule.condition is None:
                expected_own = granted
                expected_other = granted and not rule.tenant_scoped
                obj_own = _object_in(own.pk, rule.tenant_field)
                obj_other = _object_in(other.pk, rule.tenant_field)
                assert policy.can(user, action, object_type, obj_own) is expected_own, (
                    role,
                    object_type,
                    action,
                )
                assert policy.can(user, action, object_type, obj_other) is expected_other, (
                    role,
                    object_type,
                    action,
                )
            checked += 1
    assert checked == len(ALL_ROLES) * len(policy.RULES)
    print(f"policy decisions checked: {checked * 4}")


@pytest.mark.django_db
def test_anonymous_only_passes_public_rules():
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    for (object_type, action), rule in policy.RULES.items():
        assert policy.can(anon, action, object_type) is (policy.ANONYMOUS in rule.roles)


@pytest.mark.django_db
def test_visible_is_the_list_side_twin_of_can():
    own, other = TenantFactory(), TenantFactory()
    OrganisationFactory.create_batch(3, tenant=own)
    OrganisationFactory.create_batch(2, tenant=other)
    for role, tenant in itertools.product(sorted(ALL_ROLES), (own, other)):
        user = UserFactory(organisation=OrganisationFactory(tenant=tenant), roles=[role])
        listed = policy.visible(user, "list", "organisation", Organisation.objects.all())
        assert all(o.tenant_id == tenant.pk for o in listed)
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


def test_system_actor_passes_rules_that_allow_it():
    for (object_type, action), rule in policy.RULES.items():
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
