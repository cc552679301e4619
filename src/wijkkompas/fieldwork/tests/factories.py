"""Factories and a small complete fieldwork world: a municipality with two square buurten on the
map, a campaign led by one organisation with a team partner, an outsider and another tenant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wijkkompas.accounts.models import Organisation, Tenant, User
from wijkkompas.accounts.roles import ALL_ROLES, Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, TenantFactory
from wijkkompas.areas.models import Area, Level
from wijkkompas.fieldwork import importer, services
from wijkkompas.fieldwork.models import Address, Campaign
from wijkkompas.signals.models import Category
from wijkkompas.signals.tests.factories import CategoryFactory, grant, make_covenant

GM = "GM9999"
BUURT_WEST, BUURT_EAST = "BU99990001", "BU99990002"
RELATIONS = ("own", "team", "outsider", "other")
ROLES = sorted(ALL_ROLES)
QUESTIONS = [
    {"label": "Voelt u zich veilig in de buurt?", "kind": "ja_nee"},
    {"label": "Wat valt u op?", "kind": "tekst"},
]


def _square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_map(year: int = 2024) -> None:
    """GM9999 with two buurten: west (5.00–5.01 E) and east (5.01–5.02 E), 52.00–52.01 N."""
    gm = Area.objects.create(
        code=GM, year=year, level=Level.GEMEENTE, name="Proefstad", municipality_code=GM
    )
    wk = Area.objects.create(
        code="WK999900", year=year, level=Level.WIJK, name="Proefwijk", parent=gm,
        municipality_code=GM,
    )  # fmt: skip
    for code, name, lon in ((BUURT_WEST, "West", 5.0), (BUURT_EAST, "Oost", 5.01)):
        Area.objects.create(
            code=code, year=year, level=Level.BUURT, name=name, parent=wk,
            municipality_code=GM, geometry=_square(lon, 52.0),
        )  # fmt: skip


def csv_file(
    rows: list[str], header: str = "straat;huisnummer;toevoeging;postcode;plaats;bag_id;lat;lon"
) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def address_rows(
    n: int, *, street: str = "Flatlaan", lon: float = 5.005, bag: bool = True
) -> list[str]:
    """``n`` addresses in the west buurt (or east with lon > 5.01); BAG ids 1..n if ``bag``."""
    letters = "".join(c for c in street.upper() if c.isalpha())[:2]
    postcode = "1234AB" if street == "Flatlaan" else "1234" + letters
    return [
        f"{street};{i + 1};;{postcode};Proefstad;{f'{i + 1:016d}' if bag else ''};52.005;{lon}"
        for i in range(n)
    ]


@dataclass
class World:
    tenant: Tenant
    other_tenant: Tenant
    orgs: dict[str, Organisation]
    users: dict[tuple[str, str], User]
    campaign: Campaign
    category: Category
    address: Address
    second: Address

    def user(self, role: str, relation: str) -> User:
        return self.users[(role, relation)]


def build_world(*, requires_check: bool = True) -> World:
    make_map()
    tenant = TenantFactory(slug="proefstad", name="Proefstad", cbs_code=GM)
    other_tenant = TenantFactory(slug="elders", name="Elders")
    orgs = {
        "own": OrganisationFactory(tenant=tenant, name="Gemeente Proefstad"),
        "team": OrganisationFactory(
            tenant=tenant, name="Politie Proefstad", kind=Organisation.Kind.POLITIE
        ),
        "outsider": OrganisationFactory(
            tenant=tenant, name="Corporatie Proefstad", kind=Organisation.Kind.WONINGCORPORATIE
        ),
        "other": OrganisationFactory(tenant=other_tenant, name="Gemeente Elders"),
    }
    make_covenant(tenant, orgs["own"], [orgs["own"], orgs["team"]])
    make_covenant(other_tenant, orgs["other"], [orgs["other"]])
    category = CategoryFactory(tenant=tenant, code="ondermijning", name="Ondermijning")
    for role in ROLES:
        grant(category, orgs["own"], role)
        grant(category, orgs["team"], role)
    users = {
        (role, relation): User.objects.create(
            username=f"fw-{role}-{relation}",
            organisation=orgs[relation],
            roles=[role],
            password="!",
        )
        for role in ROLES
        for relation in RELATIONS
    }
    lead = users[(Role.OOV_ADVISEUR, "own")]
    campaign = services.create_campaign(
        actor=lead,
        name="Knock and talk Proefstad",
        kind=Campaign.Kind.BUSINESS,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        team_organisations=[orgs["team"]],
        team_roles=[Role.PROFESSIONAL, Role.PROCESREGISSEUR, Role.OOV_ADVISEUR],
        check_roles=[Role.PROCESREGISSEUR, Role.OOV_ADVISEUR],
        requires_check=requires_check,
        questions=QUESTIONS,
        signal_category=category,
        legal_basis="Art. 6 lid 1 sub e AVG; Gemeentewet art. 172",
        purpose="Bedrijven weerbaar maken tegen ondermijning",
    )
    rows = importer.read_upload(csv_file(address_rows(2)), filename="lijst.csv")
    services.import_addresses(actor=lead, campaign=campaign, rows=rows, filename="lijst.csv")
    first, second = Address.objects.filter(campaign=campaign).order_by("number")
    return World(tenant, other_tenant, orgs, users, campaign, category, first, second)
