"""Factories for plans: a tenant with users of every role, another tenant, and plans built
through the import service from text."""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant, User
from wijkkompas.accounts.roles import ALL_ROLES
from wijkkompas.accounts.tests.factories import OrganisationFactory, TenantFactory
from wijkkompas.plans import services
from wijkkompas.plans.models import Plan

ROLES = sorted(ALL_ROLES)
RELATIONS = (
    "own",
    "colleague",
    "other",
)  # own organisation / other organisation, same tenant / other tenant
TEXT = """IVP Proefstad 2023-2026

Prioriteit 1: Ondermijning aanpakken
Prioriteit 2: Overlast in de buurt terugdringen
Prioriteit 3: Verkeersveiligheid rond scholen
"""


def make_plan(
    tenant: Tenant,
    *,
    text: str = TEXT,
    codes: tuple[str, ...] = ("GM9941",),
    period: str = "2023-2026",
    name: str = "plan.txt",
) -> Plan:
    plan, _ = services.import_plan(
        actor=policy.SYSTEM,
        tenant=tenant,
        data=text.encode(),
        file_name=name,
        municipalities=list(codes),
        period=period,
    )
    return plan


@dataclass
class World:
    tenant: Tenant
    other_tenant: Tenant
    plan: Plan
    other_plan: Plan
    users: dict[tuple[str, str], User] = field(default_factory=dict)

    def user(self, role: str, relation: str) -> User:
        return self.users[(role, relation)]


def build_world() -> World:
    tenant = TenantFactory(slug="proefstad", name="Proefstad")
    other = TenantFactory(slug="elders", name="Elders")
    own_org = OrganisationFactory(tenant=tenant)
    colleague_org = OrganisationFactory(tenant=tenant)
    other_org = OrganisationFactory(tenant=other)
    w = World(tenant, other, make_plan(tenant), make_plan(other, name="elders.txt"))
    for role in ROLES:
        for relation, org in (("own", own_org), ("colleague", colleague_org), ("other", other_org)):
            # No password: pages are reached with force_login, the API with a token (and
            # hashing 21 passwords with Argon2 per world is slow).
            user = User(username=f"{role}-{relation}", organisation=org, roles=[role])
            user.set_unusable_password()
            user.save()
            w.users[(role, relation)] = user
    return w
