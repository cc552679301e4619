"""The authorization matrix of the Aanpak: every role × relation to the programme (own = the
lead organisation, partner, nonpartner = same municipality, other = another municipality) ×
every (object type, action) of programmes' rules, checked through the policy on the object
(``can``) and on the list side (``visible``). The table is the specification: any outcome that
differs (an unexpected allow, or an unexpected deny) fails, naming role and relation."""

from __future__ import annotations

import datetime as dt

import pytest

from wijkkompas.accounts import policy
from wijkkompas.accounts.roles import ALL_ROLES, Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, TenantFactory, UserFactory
from wijkkompas.areas.models import Area, Level
from wijkkompas.programmes import policy_rules, reporting, services, work
from wijkkompas.programmes.models import MethodTemplate, Programme

pytestmark = pytest.mark.django_db

OOV, REG = Role.OOV_ADVISEUR, Role.PROCESREGISSEUR
R = frozenset({OOV, REG, Role.PROFESSIONAL, Role.ANALIST})
M = frozenset({OOV, REG})
B = frozenset({Role.BESTUURDER})
RELATIONS = ("own", "partner", "nonpartner", "other")
ROLES = sorted(ALL_ROLES)
READ = {"own": R, "partner": R}

EXPECTED: dict[tuple[str, str], dict[str, frozenset]] = {
    ("method_template", "list"): {rel: R | {Role.REDACTEUR} for rel in RELATIONS},
    ("method_template", "create"): {"own": M, "partner": M, "nonpartner": M},
    ("programme", "list"): READ,
    ("programme", "view"): READ,
    ("programme", "export"): READ,
    ("programme", "create"): {"own": M, "partner": M, "nonpartner": M},
    ("programme", "edit"): {"own": M},
    ("programme", "override"): {"own": frozenset({REG})},  # the coordinator only
    ("programme_steering", "view"): {"own": R | B, "partner": R | B, "nonpartner": B},
    ("programme_step", "view"): READ,
    ("programme_step", "decide"): {"own": M},
    ("programme_decision", "view"): READ,
    ("programme_action", "list"): READ,
    ("programme_action", "view"): READ,
    ("programme_action", "create"): {"own": M},
    ("programme_action", "edit"): {"own": M, "partner": R},  # the action is the partner's
    ("programme_meeting", "list"): READ,
    ("programme_meeting", "view"): READ,
    ("programme_meeting", "export"): READ,
    ("programme_meeting", "create"): {"own": M},
    ("programme_meeting", "edit"): {"own": M},
    ("programme_meeting", "confidential"): {"own": M},
    ("programme_indicator", "view"): READ,
    ("programme_indicator", "edit"): {"own": M},
    ("programme_report", "list"): {"own": R | B, "partner": R | B, "nonpartner": B},
    ("programme_report", "view"): {"own": R | B, "partner": R | B, "nonpartner": B},
    ("programme_report", "create"): {"own": M},
    ("programme_report", "edit"): {"own": M},
}


def test_the_table_covers_every_rule_of_the_app():
    assert set(EXPECTED) == set(policy_rules.RULES)


@pytest.fixture
def world(db):
    a, b = TenantFactory(slug="gemeente-a"), TenantFactory(slug="gemeente-b")
    orgs = {
        "own": OrganisationFactory(tenant=a, name="O1 gemeente"),
        "partner": OrganisationFactory(tenant=a, name="O2 politie"),
        "nonpartner": OrganisationFactory(tenant=a, name="O3 corporatie"),
        "other": OrganisationFactory(tenant=b, name="O4 andere gemeente"),
    }
    users = {
        (role, rel): UserFactory(organisation=orgs[rel], roles=[role])
        for role in ROLES
        for rel in RELATIONS
    }
    coordinator = users[(REG, "own")]
    Area.objects.create(code="BU00010001", year=2024, name="Buurt", level=Level.BUURT)
    services.load_templates()
    programme = services.start_programme(
        actor=coordinator,
        tenant=a,
        template=MethodTemplate.objects.get(key="integrale-werkwijze"),
        title="Aanpak",
        lead_organisation=orgs["own"],
        coordinator=coordinator,
        area_codes=["BU00010001"],
        partners=[(orgs["partner"], "kernteam")],
    )
    step = programme.steps.get(position=1)
    meeting = work.create_meeting(
        actor=coordinator,
        programme=programme,
        kind="kernteam",
        title="Kernteam",
        starts_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
    )
    decision = services.record_decision(
        actor=coordinator,
        step=step,
        version=step.version,
        outcome="go",
        rationale="r",
        body="kernteam",
        decided_on=dt.date(2026, 3, 1),
        facts=[{"statement": "s", "kind": "aanname", "source": ""}],
    )
    action = work.create_action(
        actor=coordinator, programme=programme, title="Actie", owner_organisation=orgs["partner"]
    )
    indicator = reporting.create_indicator(actor=coordinator, programme=programme, name="Ind")
    report = reporting.create_report(
        actor=coordinator,
        programme=programme,
        title="R",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )
    report = reporting.publish_report(actor=coordinator, report=report, version=report.version)
    objects = {
        "method_template": MethodTemplate.objects.get(key="integrale-werkwijze"),
        "programme": programme,
        "programme_steering": programme,
        "programme_step": step,
        "programme_decision": decision,
        "programme_action": action,
        "programme_meeting": meeting,
        "programme_indicator": indicator,
        "programme_report": report,
    }
    return {"users": users, "objects": objects, "tenant": a, "programme": programme}


def _probe(world, object_type: str, action: str):
    obj = world["objects"][object_type]
    if action == "create":  # a new object in tenant A (for nested types: in the programme)
        model = type(obj)
        if object_type == "method_template":
            return MethodTemplate(tenant=world["tenant"])
        if object_type == "programme":
            return Programme(tenant=world["tenant"], lead_organisation=obj.lead_organisation)
        return model(programme=world["programme"])
    return obj


@pytest.mark.parametrize("object_type,action", sorted(EXPECTED), ids="-".join)
def test_matrix(world, object_type, action):
    obj = _probe(world, object_type, action)
    wrong = []
    for (role, rel), user in world["users"].items():
        expected = role in EXPECTED[(object_type, action)].get(rel, frozenset())
        allowed = policy.can(user, action, object_type, obj)
        if allowed != expected:
            wrong.append(f"{role}/{rel}: {'allowed' if allowed else 'denied'}")
        if obj.pk is not None:
            listed = policy.visible(
                user, action, object_type, type(obj).objects.filter(pk=obj.pk)
            ).exists()
            if listed != expected:
                wrong.append(f"{role}/{rel} (list side): {'shown' if listed else 'hidden'}")
    assert wrong == []


def test_a_draft_report_is_hidden_from_the_bestuurder(world):
    coordinator = world["users"][(REG, "own")]
    draft = reporting.create_report(
        actor=coordinator,
        programme=world["programme"],
        title="Concept",
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 6, 30),
    )
    bestuurder = world["users"][(Role.BESTUURDER, "own")]
    assert not policy.can(bestuurder, "view", "programme_report", draft)
    assert policy.can(
        world["users"][(Role.PROFESSIONAL, "partner")], "view", "programme_report", draft
    )
