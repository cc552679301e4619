"""Fieldwork in the AVG art. 15 export: the visits that raised a signal about a person and the
information checks of those addresses, with notes, answers and results in full."""

from __future__ import annotations

from datetime import date

import pytest

from wijkkompas.accounts.roles import Role
from wijkkompas.fieldwork import services
from wijkkompas.knowledge.models import Source
from wijkkompas.signals import selectors as signal_selectors
from wijkkompas.signals.models import Signal
from wijkkompas.signals.services.persons import SubjectInput, resolve_subject

from .factories import build_world

pytestmark = pytest.mark.django_db


def test_visits_and_checks_behind_a_persons_signal_are_in_the_access_export():
    world = build_world()
    pro = world.user(Role.PROFESSIONAL, "team")
    regisseur = world.user(Role.PROCESREGISSEUR, "own")
    source = Source.objects.create(
        slug="politie-bron", name="Politie (BVH)", kind=Source.Kind.PARTNER, internal=False
    )
    services.record_check(
        actor=regisseur,
        address=world.address,
        sources=[source],
        result="Bekend bij de politie om overlast.",
        strategy="weerbaarheid",
        companions=[],
    )
    visit = services.record_visit(
        actor=pro,
        address=world.address,
        outcome="gesprek",
        notes="Zoon des huizes noemt een neef.",
        answers={world.campaign.questions[0]["key"]: "nee"},
    )
    signal = services.raise_signal(
        actor=pro,
        visit=visit,
        description="Jongere wordt opgehaald door onbekenden.",
        basis=Signal.Basis.FACT,
        observation=Signal.Observation.OWN,
    )
    person = resolve_subject(
        actor=regisseur,
        tenant_id=world.tenant.pk,
        data=SubjectInput(kind="persoon", name="Test Bewoner", birth_date=date(2008, 5, 6)),
    )
    Signal.objects.filter(pk=signal.pk).update(subject=person)  # as triage links it
    beheerder = world.user(Role.BEHEERDER, "own")
    data = signal_selectors.access_export(beheerder, person, reason="Verzoek van betrokkene")
    (shown,) = data["veldwerkbezoeken"]
    visit.refresh_from_db()
    assert shown["id"] == visit.pk and shown["signaal"] == signal.pk
    assert shown["notities"] == "Zoon des huizes noemt een neef."
    assert shown["antwoorden"] == {world.campaign.questions[0]["key"]: "nee"}
    assert shown["adres"] == str(world.address)
    assert shown["bewaard_tot"] == visit.retain_until.isoformat()
    assert shown["grondslag"] == world.campaign.legal_basis
    (check,) = data["informatiechecks_voor_een_bezoek"]
    assert check["resultaat"] == "Bekend bij de politie om overlast."
    assert check["bronnen"] == ["Politie (BVH)"]


def test_a_person_without_fieldwork_records_gets_no_fieldwork_section():
    world = build_world()
    regisseur = world.user(Role.PROCESREGISSEUR, "own")
    person = resolve_subject(
        actor=regisseur,
        tenant_id=world.tenant.pk,
        data=SubjectInput(kind="persoon", name="Ander", birth_date=date(2001, 1, 1)),
    )
    data = signal_selectors.access_export(
        world.user(Role.BEHEERDER, "own"), person, reason="Verzoek"
    )
    assert "veldwerkbezoeken" not in data
