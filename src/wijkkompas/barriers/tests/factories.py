"""Factories for barrier models; ``build_small_model`` makes a complete model through the services."""

import datetime as dt

import factory

from wijkkompas.accounts.demo import organisation
from wijkkompas.accounts.tests.factories import TenantFactory
from wijkkompas.barriers import services
from wijkkompas.barriers.models import BarrierModel, Element, Session, Step


class BarrierModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BarrierModel

    tenant = factory.SubFactory(TenantFactory)
    title = factory.Sequence(lambda n: f"Model {n}")
    phenomenon = "Hennepteelt"


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    model = factory.SubFactory(BarrierModelFactory)
    title = factory.Sequence(lambda n: f"Stap {n}")
    position = factory.Sequence(lambda n: n)


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    step = factory.SubFactory(StepFactory)
    kind = Element.Kind.SIGNAAL
    text = factory.Sequence(lambda n: f"Element {n}")
    position = factory.Sequence(lambda n: n)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    model = factory.SubFactory(BarrierModelFactory)
    held_on = dt.date(2026, 3, 1)
    title = factory.Sequence(lambda n: f"Sessie {n}")


def build_small_model(actor, title: str = "Drugsafval in het buitengebied") -> BarrierModel:
    """Two steps, every kind, a barrier with owner/target/session/due date, and a sub-model."""
    tenant = actor.tenant
    model = services.create_model(
        actor=actor,
        tenant=tenant,
        title=title,
        phenomenon="Drugsafval",
        description="Testmodel met één element van elke soort.",
    )
    s1 = services.add_step(
        actor=actor, model=model, title="Locatie vinden", description="Een plek zoeken."
    )
    s2 = services.add_step(actor=actor, model=model, title="Dumpen")
    session = services.create_session(
        actor=actor,
        model=model,
        held_on=dt.date(2026, 2, 3),
        title="Sessie 1",
        notes="Eerste ronde.",
        participants=[
            organisation("voorbeeldstad", "gemeente"),
            organisation("voorbeeldstad", "politie"),
        ],
    )
    g = services.add_element(
        actor=actor, step=s1, kind="gelegenheid", text="Leegstaande stallen in het buitengebied"
    )
    services.add_element(
        actor=actor,
        step=s1,
        kind="signaal",
        text="Nieuwe stroomaansluiting bij een leeg erf",
        session=session,
    )
    f = services.add_element(
        actor=actor,
        step=s2,
        kind="faciliteerder",
        text="Loonwerker die afval ophaalt",
        awareness="onbewust",
    )
    services.add_element(
        actor=actor,
        step=s1,
        kind="barriere",
        text="Stallen samen met de wijkagent langsgaan",
        owner=organisation("voorbeeldstad", "politie"),
        status="gepland",
        due_date=dt.date(2026, 6, 1),
        expected_effect="Minder leegstand die misbruikt wordt.",
        notes="Eerst adressen checken.",
        target=g,
        session=session,
    )
    services.add_element(
        actor=actor, step=s2, kind="barriere", text="Afvalbedrijven voorlichten", target=f
    )
    sub = services.create_submodel(actor=actor, step=s2, title="Afvaltransport")
    sub_step = services.add_step(actor=actor, model=sub, title="Ophalen")
    services.add_element(
        actor=actor, step=sub_step, kind="signaal", text="Busje zonder bedrijfsnaam bij nacht"
    )
    return model
