"""Demo data: the national templates and a jonge-aanwas model in Voorbeeldstad with partners as
barrier owners (some on schedule, one overdue) and two expert sessions. Idempotent."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.demo import organisation
from wijkkompas.accounts.models import Tenant
from wijkkompas.barriers import services
from wijkkompas.barriers.models import BarrierModel, Element

DEMO_TITLE = "Jonge aanwas in drugscriminaliteit"

# barrier text (prefix) -> (partner key, status, due date offset in days from today, expected effect)
OWNERS = {
    "Naschoolse sport": (
        "gemeente",
        "in_uitvoering",
        60,
        "Minder jongeren die doelloos op straat hangen.",
    ),
    "Een vaste jongerenwerker": (
        "jongerenwerk",
        "in_uitvoering",
        30,
        "Een vertrouwde volwassene voor 8 tot 10 jongeren.",
    ),
    "Studiezalen": ("school", "gepland", 120, "Minder uitval op het vmbo."),
    "Voorlichting aan leerlingen": (
        "school",
        "gepland",
        -14,
        "Leerlingen herkennen ronselpraktijken.",
    ),
    "Ronselaars en negatieve rolmodellen": (
        "politie",
        "in_uitvoering",
        90,
        "Ronselaars zien dat ze worden aangepakt.",
    ),
    "Frontlijnprofessionals trainen": (
        "gemeente",
        "gerealiseerd",
        -30,
        "Professionals melden eerder.",
    ),
    "Jongere helpen aan een bijbaan": ("jongerenwerk", "idee", None, ""),
    "Persoonsgerichte aanpak": ("gemeente", "in_uitvoering", 45, "Sluitende aanpak per jongere."),
    "Uitstapbegeleiding": ("corporatie", "idee", 180, "Veilig wonen als onderdeel van uitstappen."),
}


@transaction.atomic
def load(stdout=None) -> None:
    services.load_templates(actor=policy.SYSTEM, stdout=None)
    tenant = Tenant.objects.get(slug="voorbeeldstad")
    if BarrierModel.objects.filter(tenant=tenant, title=DEMO_TITLE, parent_step=None).exists():
        if stdout:
            stdout.write("Barrièremodellen: demo bestond al.")
        return
    template = BarrierModel.objects.get(tenant=None, template_key="jonge-aanwas-drugscriminaliteit")
    model = services.instantiate_template(actor=policy.SYSTEM, template=template, tenant=tenant)
    gemeente = organisation("voorbeeldstad", "gemeente")
    services.update_model(
        actor=policy.SYSTEM,
        model=model,
        version=model.version,
        status=BarrierModel.Status.IN_UITVOERING,
        owner=gemeente,
        description="Lokaal barrièremodel voor de wijk Noord, gemaakt in twee sessies met de partners van het "
        "convenant. Startpunt was het landelijke sjabloon.",
    )
    today = timezone.localdate()
    first = services.create_session(
        actor=policy.SYSTEM,
        model=model,
        held_on=today - dt.timedelta(days=70),
        title="Sessie 1: stappen en gelegenheden",
        notes="Stappen van het pad vastgesteld; de gelegenheden per stap benoemd.",
        participants=[
            organisation("voorbeeldstad", k)
            for k in ("gemeente", "politie", "jongerenwerk", "school")
        ],
    )
    services.create_session(
        actor=policy.SYSTEM,
        model=model,
        held_on=today - dt.timedelta(days=40),
        title="Sessie 2: barrières en eigenaren",
        notes="Barrières geprioriteerd; per barrière een eigenaar en streefdatum afgesproken.",
        participants=[
            organisation("voorbeeldstad", k)
            for k in ("gemeente", "politie", "jongerenwerk", "school", "corporatie")
        ],
    )
    first_step = model.steps.order_by("position").first()
    services.add_element(
        actor=policy.SYSTEM,
        step=first_step,
        kind=Element.Kind.SIGNAAL,
        session=first,
        text="Groepje jongeren rond het winkelcentrum Noord na schooltijd",
    )
    for barrier in Element.objects.filter(step__model=model, kind=Element.Kind.BARRIERE):
        match = next((v for k, v in OWNERS.items() if barrier.text.startswith(k)), None)
        if match is None:
            continue
        key, status, days, effect = match
        services.update_element(
            actor=policy.SYSTEM,
            element=barrier,
            version=barrier.version,
            owner=organisation("voorbeeldstad", key),
            status=status,
            due_date=today + dt.timedelta(days=days) if days is not None else None,
            expected_effect=effect or barrier.expected_effect,
        )
    if stdout:
        stdout.write(
            f"Barrièremodellen: landelijke sjablonen en '{DEMO_TITLE}' in Voorbeeldstad klaar."
        )
