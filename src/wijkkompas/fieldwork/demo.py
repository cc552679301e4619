"""Demo Veldwerk in Voorbeeldstad (all invented): a house-visit campaign over 360 homes in four
fictional flats in De Flats (Nypels-style: ~270 visited, feedback to residents), and a Knock and
talk campaign on Bedrijventerrein De Haven with information checks and a few visits, one of
which raised a signal. Addresses are placed in their buurt by their coordinates through the same
import service as a real file. Idempotent: a campaign already there is left as it is."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import shapely
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.demo import organisation
from wijkkompas.accounts.models import Tenant, User
from wijkkompas.areas.models import Area, Level
from wijkkompas.core import crypto
from wijkkompas.core.records import Provenance, stamp
from wijkkompas.fieldwork import services
from wijkkompas.fieldwork.importer import Row
from wijkkompas.fieldwork.models import Address, Campaign, Visit
from wijkkompas.fieldwork.services.visits import TERMS
from wijkkompas.knowledge.models import Source
from wijkkompas.signals.models import Category, Signal

HOUSE = "Leefbaarheidsgesprekken De Flats"
KNOCK = "Knock and talk Bedrijventerrein De Haven"
FLATS = ("Nypelsflat", "Torenflat", "Parkflat", "Haagflat")
BUSINESSES = [
    ("Havenweg", 2, "Garagebedrijf", "12345678"),
    ("Havenweg", 4, "Autopoetsbedrijf", "12345679"),
    ("Havenweg", 6, "Shishalounge", "12345680"),
    ("Havenweg", 8, "Kapperszaak", "12345681"),
    ("Kadestraat", 1, "Opslagverhuur", "12345682"),
    ("Kadestraat", 3, "Groothandel", "12345683"),
    ("Kadestraat", 5, "Garagebedrijf", "12345684"),
    ("Kadestraat", 7, "Transportbedrijf", "12345685"),
]
QUESTIONS = [
    {"label": "Voelt u zich veilig in uw flat en de buurt?", "kind": "ja_nee"},
    {"label": "Wat valt u op in de flat of de buurt?", "kind": "tekst"},
    {"label": "Wat moet volgens u als eerste beter?", "kind": "keuze",
     "choices": ["Verlichting", "Overlast", "Schoon en heel", "Contact met buren"]},
]  # fmt: skip
SAFE = "voelt_u_zich_veilig_in_uw_flat_en_de_buurt"
KNOCK_QUESTIONS = [
    {
        "label": "Bent u benaderd voor verdachte verzoeken (huur, opslag, contant)?",
        "kind": "ja_nee",
    },
    {"label": "Weet u waar u een vermoeden kunt melden?", "kind": "ja_nee"},
]


def _buurt(name: str) -> Area | None:
    return (
        Area.objects.filter(
            level=Level.BUURT, municipality_code="GM9901", name=name, geometry__isnull=False
        )
        .order_by("-year")
        .first()
    )


def _points(area: Area, n: int, rng: random.Random) -> list[tuple[float, float]]:
    """``n`` points inside the buurt (deterministic)."""
    polygon = shapely.geometry.shape(area.geometry)
    minx, miny, maxx, maxy = polygon.bounds
    out: list[tuple[float, float]] = []
    while len(out) < n:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(shapely.Point(x, y)):
            out.append((round(x, 6), round(y, 6)))
    return out


def _rows(area: Area, rng: random.Random) -> list[Row]:
    rows, line = [], 2
    points = _points(area, len(FLATS), rng)
    for n, (flat, (lon, lat)) in enumerate(zip(FLATS, points, strict=True)):
        for stairwell in range(1, 7):
            for home in range(1, 16):
                number = stairwell * 100 + home
                rows.append(
                    Row(line, f"{flat}laan", number, "", f"9901F{'ABCD'[n]}", "Voorbeeldstad", "", "", "",
                        f"{flat} portiek {stairwell}", lon + home * 1e-5, lat + stairwell * 1e-5)
                )  # fmt: skip
                line += 1
    return rows


def _visits(campaign: Campaign, users: list[User], rng: random.Random) -> None:
    """~270 of the 360 homes visited (bulk, stamped like the service does)."""
    now = timezone.now()
    addresses = list(Address.objects.filter(campaign=campaign).order_by("id"))
    outcomes = (
        ["gesprek"] * 60 + ["niemand_thuis"] * 25 + ["geen_medewerking"] * 10 + ["anders"] * 5
    )
    visits, updated = [], []
    for i, address in enumerate(addresses):
        if i % 4 == 3:  # a quarter still open
            continue
        user = users[i % len(users)]
        outcome = rng.choice(outcomes)
        at = now - timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 8))
        visit = Visit(
            tenant_id=campaign.tenant_id,
            campaign=campaign,
            address=address,
            visited_by=user,
            organisation_id=user.organisation_id,
            visited_at=at,
            outcome=outcome,
        )
        if outcome == "gesprek":
            answer = rng.choice(["ja", "nee"])
            visit.answers_encrypted = crypto.encrypt(json.dumps({SAFE: answer}))
            if rng.random() < 0.3:
                visit.feedback_promise = (
                    "Laten weten wat er met de verlichting in de portiek gebeurt"
                )
                visit.feedback = (
                    Visit.Feedback.GIVEN if rng.random() < 0.6 else Visit.Feedback.PROMISED
                )
        if outcome == "niemand_thuis":
            visit.next_visit_on = services.suggest_revisit(at)
            address.revisit_on = visit.next_visit_on
        stamp(
            visit,
            Provenance(
                campaign.legal_basis, campaign.purpose, user.organisation.name, user.username
            ),
            start=at,
            months=TERMS[outcome],
        )
        visits.append(visit)
        address.status, address.visits_count = outcome, 1
        updated.append(address)
    Visit.objects.bulk_create(visits, batch_size=500)
    Address.objects.bulk_update(updated, ["status", "visits_count", "revisit_on"], batch_size=500)


def _house_campaign(tenant: Tenant, rng: random.Random) -> None:
    area = _buurt("De Flats")
    if area is None or Campaign.objects.filter(tenant=tenant, name=HOUSE).exists():
        return
    oov = User.objects.get(username="oov")
    campaign = services.create_campaign(
        actor=oov,
        name=HOUSE,
        kind=Campaign.Kind.HOUSE,
        goal="Alle 360 huishoudens van vier flats spreken over veiligheid en leefbaarheid, en "
        "terugkoppelen wat we met hun signalen doen (\u201cwe horen u en we doen iets\u201d).",
        area_codes=[area.code],
        starts_on=date.today() - timedelta(days=45),
        ends_on=date.today() + timedelta(days=45),
        team_organisations=[organisation("voorbeeldstad", k) for k in ("politie", "corporatie")],
        team_roles=["professional", "oov_adviseur", "procesregisseur"],
        questions=QUESTIONS,
        signal_category=Category.objects.filter(tenant=tenant, code="om-intimidatie").first(),
        legal_basis="Art. 6 lid 1 sub e AVG; Gemeentewet art. 172 (openbare orde)",
        purpose="Leefbaarheid en veiligheid in de flats verbeteren met de bewoners",
    )
    services.import_addresses(
        actor=policy.SYSTEM, campaign=campaign, rows=_rows(area, rng), filename="demo-flats.csv"
    )
    users = [User.objects.get(username=u) for u in ("wijkagent", "corporatie", "oov")]
    _visits(campaign, users, rng)


def _knock_campaign(tenant: Tenant, rng: random.Random) -> None:
    area = _buurt("Bedrijventerrein De Haven")
    if area is None or Campaign.objects.filter(tenant=tenant, name=KNOCK).exists():
        return
    regisseur = User.objects.get(username="regisseur")
    campaign = services.create_campaign(
        actor=regisseur,
        name=KNOCK,
        kind=Campaign.Kind.BUSINESS,
        goal="Elk bedrijf op het terrein bezoeken, ook zonder zorgen: weerbaar maken tegen "
        "misbruik door criminelen en signalen van ondermijning ophalen.",
        area_codes=[area.code],
        starts_on=date.today() - timedelta(days=20),
        ends_on=date.today() + timedelta(days=60),
        team_organisations=[organisation("voorbeeldstad", "politie")],
        team_roles=["professional", "procesregisseur", "oov_adviseur"],
        check_roles=["procesregisseur", "oov_adviseur"],
        requires_check=True,
        questions=KNOCK_QUESTIONS,
        signal_category=Category.objects.filter(tenant=tenant, code="om-bedrijf").first(),
        legal_basis="Art. 6 lid 1 sub e AVG; convenant ondermijning (RIEC)",
        purpose="Ondernemers weerbaar maken en signalen van ondermijning doorgeven",
    )
    points = _points(area, len(BUSINESSES), rng)
    rows = [
        Row(i + 2, street, number, "", "9901HV", "Voorbeeldstad", "", kvk, branch, street, lon, lat)
        for i, ((street, number, branch, kvk), (lon, lat)) in enumerate(
            zip(BUSINESSES, points, strict=True)
        )
    ]
    services.import_addresses(
        actor=policy.SYSTEM, campaign=campaign, rows=rows, filename="demo-haven.csv"
    )
    sources = list(
        Source.objects.filter(
            slug__in=["kamer-van-koophandel", "politieregistratie", "bag-brp-ozb"]
        )
    )
    agent = User.objects.get(username="wijkagent")
    addresses = list(Address.objects.filter(campaign=campaign).order_by("street", "number"))
    if not sources:
        return
    for n, address in enumerate(addresses[:5]):
        strategy = "weerbaarheid" if n != 2 else "zichtbaarheid"
        services.record_check(
            actor=regisseur,
            address=address,
            sources=sources,
            result="Geen bijzonderheden in de geraadpleegde registraties."
            if n != 2
            else "Meerdere meldingen van overlast en wisselende huurders; wijkagent gaat mee.",
            strategy=strategy,
            companions=[agent.organisation],
        )
    for n, address in enumerate(addresses[:4]):
        visit = services.record_visit(
            actor=agent,
            address=address,
            outcome="gesprek" if n != 1 else "niemand_thuis",
            notes="Ondernemer kent het meldpunt nog niet; folder achtergelaten." if n == 0 else "",
            feedback_promise="Terugbellen over camerasubsidie" if n == 3 else "",
        )
        if n == 2 and campaign.signal_category is not None:
            services.raise_signal(
                actor=agent,
                visit=visit,
                description="Zaak vrijwel zonder klanten, wel veel contante betalingen en "
                "wisselend personeel; achterruimte afgeschermd.",
                basis=Signal.Basis.ASSUMPTION,
                observation=Signal.Observation.OWN,
            )


@transaction.atomic
def load(stdout=None) -> None:
    tenant = Tenant.objects.filter(slug="voorbeeldstad").first()
    if tenant is None:
        return
    rng = random.Random(9915)
    _house_campaign(tenant, rng)
    _knock_campaign(tenant, rng)
    if stdout is not None:
        stdout.write("  veldwerk: campagnes De Flats (360 adressen) en De Haven (Knock and talk)")
