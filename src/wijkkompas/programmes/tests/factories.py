"""Programmes for tests, made through the services (the demo accounts of Voorbeeldstad)."""

from __future__ import annotations

import datetime as dt

from wijkkompas.accounts.demo import organisation
from wijkkompas.areas.models import Area, Level
from wijkkompas.programmes import services
from wijkkompas.programmes.models import MethodTemplate, Programme

NIEUWLAND = "BU99010201"


def ensure_area(code: str = NIEUWLAND, name: str = "Nieuwland") -> Area:
    area, _ = Area.objects.get_or_create(
        code=code, year=2024, defaults={"name": name, "level": Level.BUURT}
    )
    return area


def integrale_werkwijze() -> MethodTemplate:
    services.load_templates()
    return MethodTemplate.objects.get(tenant=None, key="integrale-werkwijze")


def make_programme(
    actor, *, title: str = "Preventieve aanpak jonge aanwas", partners=None
) -> Programme:
    """A programme led by the actor's organisation with police and youth work as partners."""
    ensure_area()
    tenant = actor.tenant
    if partners is None:
        partners = [
            (organisation(tenant.slug, "politie"), "kernteam"),
            (organisation(tenant.slug, "jongerenwerk"), "uitvoering"),
        ]
    return services.start_programme(
        actor=actor,
        tenant=tenant,
        template=integrale_werkwijze(),
        title=title,
        lead_organisation=actor.organisation,
        coordinator=actor,
        area_codes=[NIEUWLAND],
        problem_definition="Jongeren in de buurt worden benaderd voor drugsklussen.",
        goals="Minder jongeren die instromen.",
        steering_group="Burgemeester, teamchef politie, directeur jongerenwerk",
        planned_end=dt.date(2027, 12, 31),
        partners=partners,
    )


FACTS = [
    {
        "statement": "Politie registreert ronselen bij de school",
        "kind": "feit",
        "source": "Politie",
    },
    {"statement": "Jongeren zouden worden betaald per klus", "kind": "aanname", "source": ""},
]


def go(actor, step, outcome: str = "go"):
    step.refresh_from_db()
    return services.record_decision(
        actor=actor,
        step=step,
        version=step.version,
        outcome=outcome,
        rationale="De probleemdefinitie wordt gedragen.",
        body="stuurgroep",
        decided_on=dt.date(2026, 3, 1),
        facts=FACTS,
    )
