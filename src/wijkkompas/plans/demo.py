"""Demo IVP-analyse: a plan for Voorbeeldstad (GM9901) and one for Buurgemeente (GM9902),
imported from fictional texts (their priorities suggested, to confirm), and the labelled fixture
of 381 confirmed priorities in 18 fictional plans of G4, G40, P10 and other municipalities
(``data/demo_klassen.csv``), two of them joint, reproducing the CCV's national picture of seed 001:
42% veilige woon- en leefomgeving (160) and 28% ondermijning (107). Idempotent."""

from __future__ import annotations

import random
from collections import defaultdict

from django.db import transaction

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.plans import classes, classifier, services, taxonomy
from wijkkompas.plans.models import Field, Plan, PlanMunicipality, Priority, Theme

FIXTURE_TAG = "ivp-fixture-381"
# Reporting category → themes and how many of the 381 priorities each theme gets.
THEME_COUNTS = {
    "high_impact_crime": 48,
    "overlast": 52,
    "fysieke_leefomgeving": 24,
    "huiselijk_geweld": 18,
    "zorg_veiligheid": 18,  # veilige woon- en leefomgeving: 160
    "ondermijning": 107,
    "uitgaan_evenementen": 18,
    "winkels_bedrijven": 16,  # bedrijvigheid: 34
    "jeugdoverlast": 16,
    "middelen": 8,
    "risicojongeren": 14,  # jeugd: 38
    "verkeer": 14,
    "brand_crisis": 8,  # fysiek: 22
    "radicalisering": 8,
    "bestuurlijke_integriteit": 6,
    "digitale_veiligheid": 6,  # integriteit (without ondermijning): 20
}
# (municipalities, period): G4, G40, P10 and others; two joint plans.
FIXTURE_PLANS = [
    (["GM9911"], "2023-2026"),
    (["GM9912"], "2023-2026"),
    (["GM9921"], "2019-2022"),
    (["GM9921"], "2023-2026"),
    (["GM9922"], "2023-2026"),
    (["GM9923"], "2022-2025"),
    (["GM9924"], "2023-2026"),
    (["GM9925"], "2019-2022"),
    (["GM9931", "GM9932", "GM9935"], "2024-2027"),
    (["GM9933"], "2022-2025"),
    (["GM9934"], "2019-2022"),
    (["GM9931"], "2019-2022"),
    (["GM9941"], "2023-2026"),
    (["GM9942"], "2019-2022"),
    (["GM9943", "GM9944"], "2024-2027"),
    (["GM9944"], "2019-2022"),
    (["GM9942"], "2023-2026"),
    (["GM9941"], "2019-2022"),
]
VOORBEELDSTAD_PLAN = """Integraal Veiligheidsplan Voorbeeldstad 2023-2026

Inhoud
1 Inleiding ........ 2
2 Onze speerpunten ........ 3
2.1 Ondermijning in wijken en op bedrijventerreinen ........ 3
2.2 Jonge aanwas in de criminaliteit ........ 4
2.3 Overlast en veiligheidsgevoel in De Flats ........ 5
3 Uitvoering ........ 6

1 Inleiding
Voorbeeldstad is een fictieve gemeente. Dit plan is geschreven voor de demonstratie.

2 Onze speerpunten
Daarnaast zetten we in op:
- Digitale weerbaarheid van ondernemers
- Zorg en veiligheid voor personen met verward gedrag
"""
BUURGEMEENTE_PLAN = """Veiligheid in Buurgemeente 2023-2026

Prioriteit 1: Weerbaar buitengebied
Prioriteit 2: Verkeersveiligheid op de dorpsstraten
Prioriteit 3: Huiselijk geweld
"""


def fixture_items() -> list[tuple[str, str]]:
    """The 381 labelled priorities (theme, title), titles from the labelled examples."""
    by_theme = defaultdict(list)
    for theme, text in classifier.read_examples():
        by_theme[theme].append(text)
    items = []
    for theme, count in THEME_COUNTS.items():
        texts = by_theme[theme]
        items += [(theme, texts[i % len(texts)]) for i in range(count)]
    random.Random(1).shuffle(items)  # seed 001
    return items


@transaction.atomic
def load_fixture(tenant: Tenant) -> None:
    if Plan.objects.filter(tenant=tenant, file_name=FIXTURE_TAG).exists():
        return
    names = classes.names()
    items = fixture_items()
    theme_field = classifier.taxonomy.theme_field()
    share, extra = divmod(len(items), len(FIXTURE_PLANS))
    start = 0
    for n, (codes, period) in enumerate(FIXTURE_PLANS):
        size = share + (1 if n < extra else 0)
        begin, end = (int(y) for y in period.split("-"))
        plan = Plan.objects.create(
            tenant=tenant,
            title=f"IVP {' en '.join(names.get(c, c) for c in codes)} {period} (gelabelde set)",
            start_year=begin,
            end_year=end,
            file_kind=Plan.Kind.TEXT,
            file_name=FIXTURE_TAG,
        )
        PlanMunicipality.objects.bulk_create(
            PlanMunicipality(plan=plan, code=c, name=names.get(c, "")) for c in codes
        )
        Priority.objects.bulk_create(
            Priority(
                plan=plan,
                title=title,
                origin=Priority.Origin.FIXTURE,
                status=Priority.Status.CONFIRMED,
                field_codes=[theme_field[theme]],
                theme_codes=[theme],
                confidence=1.0,
                corrected=True,
                position=i,
            )
            for i, (theme, title) in enumerate(items[start : start + size])
        )
        start += size


def load(stdout=None) -> None:
    # the data migration wrote the taxonomy; a flushed test database lost it (idempotent)
    taxonomy.load(Field, Theme)
    voorbeeldstad = Tenant.objects.get(slug="voorbeeldstad")
    buurgemeente = Tenant.objects.get(slug="buurgemeente")
    load_fixture(voorbeeldstad)
    for tenant, code, text, name in (
        (voorbeeldstad, "GM9901", VOORBEELDSTAD_PLAN, "ivp-voorbeeldstad-2023-2026.txt"),
        (buurgemeente, "GM9902", BUURGEMEENTE_PLAN, "ivp-buurgemeente-2023-2026.txt"),
    ):
        services.import_plan(
            actor=policy.SYSTEM,
            tenant=tenant,
            data=text.encode(),
            file_name=name,
            municipalities=[code],
            period="2023-2026",
            title=text.splitlines()[0],
        )
    if stdout is not None:
        stdout.write(
            "  IVP-analyse: 381 gelabelde prioriteiten in 18 plannen en de plannen van "
            "Voorbeeldstad en Buurgemeente (/ivp/)"
        )
