"""Every person-related record carries its legal basis, purpose, source organisation, author and
retention date (AVG art. 5(1)(e), 30): the schema refuses a record without them, every status
of every record has a term, and a status change moves it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from wijkkompas.accounts.roles import Role
from wijkkompas.core.models import ProcessingRecord
from wijkkompas.core.records import months_after
from wijkkompas.knowledge.models import TIP_HANDLED_MONTHS, TIP_OPEN_MONTHS, Tip
from wijkkompas.knowledge.retention import remove_expired_tips
from wijkkompas.signals import privacy_fields, services
from wijkkompas.signals.models import (
    Case,
    CaseMeeting,
    CaseTransition,
    Escalation,
    Intervention,
    Signal,
    Subject,
    TriageDecision,
)

from .factories import build_world, record_signal

pytestmark = pytest.mark.django_db

FACTS = ("legal_basis", "purpose", "source_organisation", "author", "retain_until")
# Categories of data that make a row a record about a person (not an account, a log line or a
# working note): such a row carries the facts itself, or belongs to a row that does.
RECORD_CATEGORIES = {
    "identificatie",
    "bedrijf_locatie",
    "contact",
    "pseudoniem",
    "vrije_tekst",
    "maatregelen",
    "escalatie",
}
# Rows that are part of a record and go with it (cascade or anonymised together): model label ->
# the link to the record that carries the facts.
PART_OF = {
    "signals.TriageDecision": "signal",
    "signals.CaseTransition": "case",
    "signals.AgendaItem": "case",
    "signals.Contribution": "item",
    "signals.ActionItem": "item",
}


def _record_models():
    return [m for m in privacy_fields.our_models() if issubclass(m, ProcessingRecord)]


def _carries_facts(model) -> bool:
    if issubclass(model, ProcessingRecord):
        return True
    link = PART_OF.get(model._meta.label)
    return link is not None and _carries_facts(model._meta.get_field(link).related_model)


def test_every_person_related_record_carries_the_facts_or_belongs_to_one_that_does():
    missing = []
    for model in privacy_fields.our_models():
        categories = {
            privacy_fields.declared_category(model, f) for f in model._meta.concrete_fields
        }
        if categories & RECORD_CATEGORIES and not _carries_facts(model):
            missing.append(model._meta.label)
    assert missing == []
    assert {m._meta.label for m in _record_models()} >= {
        "signals.Subject",
        "signals.Signal",
        "signals.Case",
        "signals.CaseMeeting",
        "signals.Intervention",
        "signals.Escalation",
    }


def test_the_walk_would_fail_on_a_record_without_the_facts(monkeypatch):
    monkeypatch.setitem(PART_OF, "signals.TriageDecision", "actor")  # a link to a user
    assert not _carries_facts(TriageDecision)


def test_the_schema_refuses_a_record_without_its_facts():
    """NOT NULL columns and one check constraint per table, as the database itself reports."""
    with connection.cursor() as cursor:
        for model in _record_models():
            table = model._meta.db_table
            columns = {
                c.name: c for c in connection.introspection.get_table_description(cursor, table)
            }
            for name in FACTS:
                assert columns[name].null_ok is False, (table, name)
            checks = [
                name
                for name, c in connection.introspection.get_constraints(cursor, table).items()
                if c["check"] and name.endswith("_processing_facts")
            ]
            assert checks, table


def test_an_empty_fact_is_refused_by_the_database():
    world = build_world()
    for field in ("legal_basis", "purpose", "source_organisation", "author"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Signal.objects.filter(pk=world.signal.pk).update(**{field: ""})
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=world.case.pk).update(retain_until=None)


def test_facts_come_from_the_covenant_and_the_author():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    for record in (w.signal, w.case, w.intervention, w.escalation, w.meeting, w.person):
        record.refresh_from_db()
        assert all(getattr(record, f) for f in FACTS), record
    assert w.signal.legal_basis == w.category.legal_basis
    assert w.signal.purpose == w.category.purpose[:300]
    assert w.signal.source_organisation == w.orgs["own"].name
    assert w.signal.author == regisseur.username
    assert w.escalation.legal_basis == "Convenant art. 7"
    assert w.intervention.author == regisseur.username
    assert w.person.author == regisseur.username


def test_a_resident_is_the_author_of_a_public_signal():
    w = build_world()
    signal = Signal.objects.create(
        tenant=w.tenant_a,
        category=w.category,
        source=Signal.Source.PUBLIC,
        observed_at=timezone.now(),
        description="Gezien op straat",
        basis=Signal.Basis.ASSUMPTION,
        observation=Signal.Observation.OWN,
    )
    assert signal.author == "bewoner"
    assert signal.source_organisation == "Bewoner (meldformulier)"


def test_every_status_has_a_date_and_a_change_of_status_moves_it():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    c = w.category
    today = timezone.localdate()

    new = record_signal(regisseur, c)
    assert new.status == Signal.Status.NEW
    assert new.retain_until == months_after(new.received_at, c.retention_open_months)

    forwarded = record_signal(regisseur, c)
    services.triage_signal(
        actor=regisseur,
        signal=forwarded,
        decision=TriageDecision.Kind.FORWARD,
        reason="Voor de partner",
        organisation=w.orgs["partner"],
    )
    forwarded.refresh_from_db()
    assert forwarded.status == Signal.Status.FORWARDED
    assert forwarded.retain_until == months_after(today, c.retention_forwarded_months)

    services.triage_signal(
        actor=regisseur, signal=new, decision=TriageDecision.Kind.DISMISS, reason="Geen grond"
    )
    new.refresh_from_db()
    assert new.retain_until == months_after(today, c.retention_dismissed_months)

    # An open case: its last change plus the open-case term; what follows it follows it.
    case = w.case
    assert case.retain_until == months_after(today, c.retention_open_case_months)
    services.transition_case(
        actor=regisseur,
        case=case,
        version=case.version,
        decision=CaseTransition.Decision.NO_GO,
        reason="Afgerond",
    )
    case.refresh_from_db()
    closed_term = months_after(case.closed_at, c.retention_closed_months)
    assert case.status == Case.Status.CLOSED and case.retain_until == closed_term
    for model, pk in (
        (Signal, w.signal.pk),
        (Intervention, w.intervention.pk),
        (Escalation, w.escalation.pk),
        (CaseMeeting, w.meeting.pk),
    ):
        assert model.objects.get(pk=pk).retain_until == closed_term, model
    assert Subject.objects.get(pk=w.person.pk).retain_until == closed_term


def test_a_meeting_without_cases_has_a_term_of_its_own():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    meeting = services.create_meeting(
        actor=regisseur,
        title="Overleg zonder casussen",
        starts_at=timezone.now() + timedelta(days=1),
        participants=[w.orgs["partner"]],
        cases=[],
    )
    assert meeting.retain_until == months_after(
        meeting.starts_at, w.category.retention_closed_months
    )
    services.add_agenda_item(actor=regisseur, meeting=meeting, case=w.case)
    meeting.refresh_from_db()
    assert meeting.retain_until == Case.objects.get(pk=w.case.pk).retain_until


def test_a_tip_carries_its_facts_and_goes_at_its_date():
    now = timezone.now()
    tip = Tip.objects.create(kind="overig", subject="Bron", text="Zie", submitted_at=now)
    assert tip.author == "bezoeker" and tip.legal_basis and tip.purpose
    assert tip.retain_until == months_after(now, TIP_OPEN_MONTHS)
    tip.status, tip.handled_at = Tip.Status.REJECTED, now
    tip.save()
    assert tip.retain_until == months_after(now, TIP_HANDLED_MONTHS)
    kept = remove_expired_tips(actor=None, now=now + timedelta(days=31 * TIP_HANDLED_MONTHS - 40))
    assert kept == {"tips verwijderd": 0}
    gone = remove_expired_tips(actor=None, now=now + timedelta(days=31 * TIP_HANDLED_MONTHS + 1))
    assert gone == {"tips verwijderd": 1} and not Tip.objects.exists()
