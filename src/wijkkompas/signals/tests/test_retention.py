"""Retention: move the clock past the covenant's terms (``now=``) and prove the data is gone or
anonymised, while data within its term stays untouched."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from wijkkompas.accounts import audit_chain, audit_shred
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.signals import services
from wijkkompas.signals.models import (
    ActionItem,
    Case,
    CaseMeeting,
    Contribution,
    Escalation,
    Intervention,
    Signal,
    Subject,
    TriageDecision,
)

from .factories import build_world

pytestmark = pytest.mark.django_db


def _dismissed_signal(w, name: str) -> Signal:
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    signal = services.create_signal(
        actor=w.user(Role.PROFESSIONAL, "own"),
        category=w.category,
        description="Onterecht signaal",
        observed_at=timezone.now(),
        basis="aanname",
        observation="horen_zeggen",
        subject=services.SubjectInput(kind="persoon", name=name, birth_date=date(2008, 8, 8)),
    )
    services.triage_signal(
        actor=regisseur, signal=signal, decision="afwijzen", reason="Bleek een misverstand"
    )
    return signal


def _close(w) -> Case:
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    item = w.meeting.agenda.get()
    services.add_contribution(
        actor=w.user(Role.PROFESSIONAL, "partner"),
        item=item,
        text="Broer van de jongere is bekend.",
    )
    services.add_action_item(
        actor=regisseur,
        item=item,
        description="Huisbezoek bij familie",
        owner=w.orgs["partner"],
        due_date=None,
    )
    services.transition_case(
        actor=regisseur,
        case=w.case,
        version=w.case.version,
        decision="no_go",
        reason="Jongere verhuisd naar andere gemeente",
    )
    return Case.objects.get(pk=w.case.pk)


def test_dismissed_signals_are_deleted_after_their_term():
    w = build_world()
    term = w.category.retention_dismissed_months
    signal = _dismissed_signal(w, "Verkeerd Persoon")
    person_id = signal.subject_id

    kept = services.run_retention(now=timezone.now() + timedelta(days=30 * term - 10))
    assert kept["signals_deleted"] == 0 and Signal.objects.filter(pk=signal.pk).exists()

    counts = services.run_retention(now=timezone.now() + timedelta(days=31 * term + 1))
    assert counts["signals_deleted"] == 1 and counts["persons_deleted"] == 1
    assert not Signal.objects.filter(pk=signal.pk).exists()
    assert not TriageDecision.objects.filter(signal_id=signal.pk).exists()
    assert not Subject.objects.filter(pk=person_id).exists()
    assert Signal.objects.filter(pk=w.signal.pk).exists()  # the open case's signal is untouched
    event = AuditEvent.objects.filter(action="retention_run").latest("id")
    assert event.actor_username == "systeem" and event.detail["signals_deleted"] == 1


def test_closed_cases_are_anonymised_after_their_term():
    w = build_world()
    case = _close(w)
    term = w.category.retention_closed_months
    services.run_retention(now=case.closed_at + timedelta(days=30 * term - 10))
    assert Case.objects.get(pk=case.pk).anonymised_at is None

    counts = services.run_retention(now=case.closed_at + timedelta(days=31 * term + 1))
    assert (
        counts["cases_anonymised"] == 1
        and counts["signals_anonymised"] == 1
        and counts["persons_deleted"] == 1
    )
    case.refresh_from_db()
    assert case.anonymised_at and "Casus A" not in case.title and case.summary == ""
    signal = Signal.objects.get(pk=w.signal.pk)
    assert (
        signal.subject is None
        and signal.description == services.ANONYMISED
        and signal.location == ""
        and signal.reporter is None
    )
    assert not Subject.objects.filter(pk=w.person.pk).exists()
    assert not Contribution.objects.exclude(text=services.ANONYMISED).exists()
    assert not ActionItem.objects.exclude(description=services.ANONYMISED).exists()
    assert Intervention.objects.get(pk=w.intervention.pk).title.endswith(services.ANONYMISED)
    shared = Escalation.objects.get(pk=w.escalation.pk).shared
    assert (
        "casus" not in shared
        and "signalen" not in shared
        and shared["onderdelen"] == ["casus", "signalen"]
    )
    assert all(t.reason == services.ANONYMISED for t in case.transitions.all())
    # What stays is the statistics: category, buurt and month, the fields the aggregates count
    # by (a single signal's cell is itself left out of the published table, being under 5).
    kept = Signal.objects.get(pk=w.signal.pk)
    assert (kept.area_code, kept.category_id) == ("BU00010101", w.signal.category_id)
    assert kept.observed_at == w.signal.observed_at
    # Running again changes nothing.
    again = services.run_retention(now=case.closed_at + timedelta(days=31 * term + 2))
    assert again["cases_anonymised"] == 0


def test_retention_command_runs_as_system_and_reports_counts():
    w = build_world()
    _dismissed_signal(w, "Derde Persoon")
    out = StringIO()
    future = (timezone.now() + timedelta(days=400)).strftime("%Y-%m-%d")
    call_command("retention", "run", "--peildatum", future, stdout=out)
    assert "1 afgewezen signalen verwijderd" in out.getvalue()
    assert AuditEvent.objects.filter(action="retention_run", actor_username="systeem").exists()


def _audit_texts() -> str:
    """Everything the audit trail stores, as the database holds it."""
    return " ".join(
        f"{reason} {detail}"
        for reason, detail in AuditEvent.objects.values_list("reason", "detail")
    )


def test_expired_texts_leave_the_audit_trail_too_and_the_chain_still_verifies():
    """Crypto-shredding: the reasons typed about a case and a dismissed signal are stored
    encrypted per record; retention destroys the keys, so the trail keeps that it happened and
    verifies, but no longer says what was typed."""
    w = build_world()
    CaseMeeting.objects.filter(pk=w.meeting.pk).update(
        title="Overleg over Test Jongere", notes="Moeder belt terug"
    )
    Escalation.objects.filter(pk=w.escalation.pk).update(decision_note="Akkoord, zie dossier")
    Subject.objects.create(tenant=w.tenant_a, kind=Subject.Kind.LOCATION, label="Dorpsstraat 1")
    dismissed = _dismissed_signal(w, "Verkeerd Persoon")
    case = _close(w)
    typed = ["Jongere verhuisd naar andere gemeente", "Bleek een misverstand"]
    stored = _audit_texts()
    assert not any(text in stored for text in typed)  # never in plaintext, even before retention
    transition = AuditEvent.objects.filter(object_type="case", object_id=str(case.pk)).exclude(
        reason=""
    )
    assert typed[0] in {audit_shred.readable(e)[0] for e in transition}

    term = max(w.category.retention_closed_months, w.category.retention_dismissed_months)
    services.run_retention(now=case.closed_at + timedelta(days=31 * term + 2))

    assert not Signal.objects.filter(pk=dismissed.pk).exists()
    meeting = CaseMeeting.objects.get(pk=w.meeting.pk)
    assert meeting.title.startswith("Casusoverleg ") and meeting.notes == ""
    assert Escalation.objects.get(pk=w.escalation.pk).decision_note in ("", services.ANONYMISED)
    assert not Subject.objects.filter(signals__isnull=True).exists()  # no orphan of any kind
    readable = {audit_shred.readable(e)[0] for e in AuditEvent.objects.all()}
    assert not any(text in readable for text in typed)
    assert audit_shred.SHREDDED in readable
    assert AuditEvent.objects.filter(object_type="case", object_id=str(case.pk)).exists()
    assert audit_chain.verify().intact
