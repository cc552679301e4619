"""Factories and a small but complete covenant world for the signals tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import factory
from django.utils import timezone

from wijkkompas.accounts.models import Organisation, Tenant, User
from wijkkompas.accounts.roles import ALL_ROLES, Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, TenantFactory
from wijkkompas.signals import services
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    CaseMeeting,
    Category,
    Covenant,
    CovenantParty,
    DataClass,
    Escalation,
    Intervention,
    Signal,
    Subject,
)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    tenant = factory.SubFactory(TenantFactory)
    code = factory.Sequence(lambda n: f"categorie-{n}")
    name = factory.Sequence(lambda n: f"Categorie {n}")
    theme = Category.Theme.JONGE_AANWAS
    purpose = "Tijdig signaleren en samen ingrijpen."
    legal_basis = "Art. 6 lid 1 sub e AVG en het convenant"
    public = True


def make_covenant(
    tenant: Tenant, controller: Organisation, parties: list[Organisation]
) -> Covenant:
    covenant = Covenant.objects.create(
        tenant=tenant, name=f"Convenant {tenant.name}", controller=controller
    )
    for org in parties:
        CovenantParty.objects.create(covenant=covenant, organisation=org)
    return covenant


def grant(
    category: Category,
    organisation: Organisation,
    role: str,
    max_class: int = DataClass.BIJZONDER,
    identify: bool = True,
) -> AccessGrant:
    return AccessGrant.objects.create(
        category=category,
        organisation=organisation,
        role=role,
        max_data_class=max_class,
        may_identify=identify,
    )


RELATIONS = ("own", "partner", "nonpartner", "other")
ROLES = sorted(ALL_ROLES)


@dataclass
class World:
    """Tenant A (covenant: O1 = controller/owner, O2 = partner; O3 not in the covenant) and
    tenant B (its own covenant with O4). Every object of interest belongs to O1 in tenant A;
    O2 takes part in the case and the meeting and receives the escalation."""

    tenant_a: Tenant
    tenant_b: Tenant
    orgs: dict[str, Organisation]
    users: dict[tuple[str, str], User]
    category: Category
    category_b: Category
    person: Subject
    signal: Signal
    case: Case
    meeting: CaseMeeting
    intervention: Intervention
    escalation: Escalation
    extra: dict = field(default_factory=dict)

    def user(self, role: str, relation: str) -> User:
        return self.users[(role, relation)]


def build_world() -> World:
    tenant_a = TenantFactory(slug="stad-a", name="Stad A")
    tenant_b = TenantFactory(slug="stad-b", name="Stad B")
    orgs = {
        "own": OrganisationFactory(
            tenant=tenant_a, name="Gemeente A", kind=Organisation.Kind.GEMEENTE
        ),
        "partner": OrganisationFactory(
            tenant=tenant_a, name="Politie A", kind=Organisation.Kind.POLITIE
        ),
        "nonpartner": OrganisationFactory(
            tenant=tenant_a, name="Corporatie A", kind=Organisation.Kind.WONINGCORPORATIE
        ),
        "other": OrganisationFactory(
            tenant=tenant_b, name="Gemeente B", kind=Organisation.Kind.GEMEENTE
        ),
    }
    make_covenant(tenant_a, orgs["own"], [orgs["own"], orgs["partner"]])
    make_covenant(tenant_b, orgs["other"], [orgs["other"]])
    category = CategoryFactory(tenant=tenant_a, code="cat-a", name="Ronselen A")
    category_b = CategoryFactory(tenant=tenant_b, code="cat-b", name="Ronselen B")
    for role in ROLES:
        # Grants for every role, so the matrix tests role gates and relations; grants and
        # data classes have their own tests.
        grant(category, orgs["own"], role)
        grant(category, orgs["partner"], role)
        grant(
            category, orgs["nonpartner"], role
        )  # a grant without covenant membership gives nothing
        grant(category_b, orgs["other"], role)
    users = {}
    for role in ROLES:
        for relation in RELATIONS:
            # No password hashing (argon2 is slow by design); tests log in with force_login.
            users[(role, relation)] = User.objects.create(
                username=f"{role}-{relation}",
                organisation=orgs[relation],
                roles=[role],
                password="!",
            )
    regisseur = users[(Role.PROCESREGISSEUR, "own")]
    signal = services.create_signal(
        actor=regisseur,
        category=category,
        description="Jongere met dure spullen, vertelt over pakketjes.",
        observed_at=timezone.now() - timedelta(days=2),
        basis=Signal.Basis.FACT,
        observation=Signal.Observation.OWN,
        location="Parkstraat",
        area_code="BU00010101",
        subject=services.SubjectInput(
            kind="persoon", name="Test Jongere", birth_date=date(2010, 1, 2), address="Laan 1"
        ),
    )
    case = services.create_case(
        actor=regisseur,
        title="Casus A",
        summary="Samenvatting",
        category=category,
        data_class=DataClass.PERSOONSGEGEVENS,
        partners=[orgs["partner"]],
        signals=[signal],
    )
    meeting = services.create_meeting(
        actor=regisseur,
        title="Casusoverleg A",
        starts_at=timezone.now() + timedelta(days=3),
        participants=[orgs["partner"]],
        cases=[case],
    )
    intervention = services.create_intervention(
        actor=regisseur,
        case=case,
        kind=Intervention.Kind.PREVENTION,
        title="Mentortraject",
        owner=orgs["own"],
        due_date=date.today() + timedelta(days=30),
    )
    escalation = services.request_escalation(
        actor=regisseur,
        case=case,
        track=Escalation.Track.RIEC,
        target=orgs["partner"],
        legal_basis="Convenant art. 7",
        reason="Preventie volstaat niet.",
        share=["casus", "signalen"],
    )
    services.decide_escalation(
        actor=users[(Role.OOV_ADVISEUR, "own")],
        escalation=escalation,
        approve=True,
        note="Akkoord.",
    )
    signal.refresh_from_db()
    return World(
        tenant_a,
        tenant_b,
        orgs,
        users,
        category,
        category_b,
        signal.subject,
        signal,
        case,
        meeting,
        intervention,
        escalation,
    )


def colleague(w: World, role: str, relation: str, name: str = "collega") -> User:
    """A second user with the same role in the same organisation as ``w.user(role, relation)``:
    two people who may both edit the same object (the concurrent-write tests)."""
    return User.objects.create(
        username=f"{role}-{relation}-{name}",
        organisation=w.orgs[relation],
        roles=[role],
        password="!",
    )


def record_signal(actor: User, category: Category, **kwargs) -> Signal:
    """A signal through the intake service, with plain defaults for what the test does not name."""
    defaults = {
        "description": "Waarneming",
        "observed_at": timezone.now() - timedelta(hours=2),
        "basis": "feit",
        "observation": "eigen",
    }
    return services.create_signal(actor=actor, category=category, **{**defaults, **kwargs})
