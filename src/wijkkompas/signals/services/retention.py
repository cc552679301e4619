"""Retention at each record's own date (``retain_until``, set from the covenant's terms per
status): signals outside a case deleted, cases anonymised with everything that follows them,
meetings without a case cleared, orphaned subjects removed, public-form client hashes forgotten."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import OperationalError, connection, transaction
from django.utils import timezone

from wijkkompas.accounts import audit, audit_shred, policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.signals.models import (
    ActionItem,
    AgendaItem,
    Case,
    CaseMeeting,
    Category,
    Contribution,
    Signal,
    Subject,
    TriageDecision,
)

ANONYMISED = "(geanonimiseerd)"


@transaction.atomic
def run_retention(
    *, actor: Any = None, now: datetime | None = None, tenant: Tenant | None = None
) -> dict[str, int]:
    """Delete signals outside a case past their date, anonymise cases past theirs (and their
    signals, meeting contributions, interventions and escalation records), clear meetings
    without a case past theirs, remove subjects no longer referenced, and forget public-form
    client hashes after a day. Logs the counts."""
    actor = actor or policy.SYSTEM
    now = now or timezone.now()
    counts = {
        "signals_deleted": 0,
        "cases_anonymised": 0,
        "signals_anonymised": 0,
        "persons_deleted": 0,
        "client_hashes_cleared": 0,
    }
    categories = Category.objects.all()
    if tenant is not None:
        categories = categories.filter(tenant=tenant)
    today = timezone.localdate(now)
    for category in categories:
        policy.require(actor, "delete", "signal", Signal(tenant_id=category.tenant_id))
        # Every signal that is not part of a case goes at its date: dismissed, forwarded and
        # still-in-triage signals alike (``signals.models.processing`` sets the terms).
        expired = Signal.objects.filter(category=category, retain_until__lte=today).exclude(
            status=Signal.Status.IN_CASE
        )
        counts["signals_deleted"] += expired.count()
        audit_shred.destroy("signal", expired.values_list("pk", flat=True))
        expired.delete()
        for case in Case.objects.filter(
            category=category, retain_until__lte=today, anonymised_at__isnull=True
        ):
            counts["signals_anonymised"] += _anonymise_case(case, now)
            counts["cases_anonymised"] += 1
    # A meeting with no case on its agenda has a term of its own.
    lone_meetings = CaseMeeting.objects.filter(retain_until__lte=today, agenda__isnull=True)
    if tenant is not None:
        lone_meetings = lone_meetings.filter(tenant=tenant)
    for meeting in lone_meetings:
        _anonymise_meeting_if_done(meeting, now)
    # Every kind of subject (persons, but also locations and businesses, whose label may be an
    # address or a trade name) goes once no signal refers to it.
    orphans = Subject.objects.filter(signals__isnull=True)
    if tenant is not None:
        orphans = orphans.filter(tenant=tenant)
    counts["persons_deleted"] = orphans.filter(kind=Subject.Kind.PERSON).count()
    audit_shred.destroy("person", orphans.values_list("pk", flat=True))
    orphans.delete()
    hashes = Signal.objects.exclude(client_hash="").filter(received_at__lte=now - timedelta(days=1))
    if tenant is not None:
        hashes = hashes.filter(tenant=tenant)
    counts["client_hashes_cleared"] = hashes.update(client_hash="")
    audit.record(
        actor=actor,
        action="retention_run",
        object_type="signal",
        tenant_id=tenant.pk if tenant else None,
        detail=counts,
        reason="Bewaartermijnen volgens het convenant",
    )
    return counts


def scrub_storage() -> bool:
    """After a retention run, on SQLite: copy the write-ahead log into the database file and
    empty it, so the old page images that still hold the expired text are gone (with
    ``secure_delete`` on, the file itself holds no deleted text). False when another connection
    kept the log busy and the checkpoint could not finish; run it again later. PostgreSQL
    reclaims dead rows by (auto)VACUUM; see the README on backups."""
    if connection.vendor != "sqlite":
        return True
    if connection.in_atomic_block:  # a checkpoint cannot run inside a transaction
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _, _ = cursor.fetchone()
    except OperationalError:  # the log is locked by another connection right now
        return False
    return not busy


def _anonymise_case(case: Case, now: datetime) -> int:
    signals = case.signals.all()
    count = signals.count()
    # The audit trail keeps that it happened, not what was typed about it (crypto-shredding).
    audit_shred.destroy("case", [case.pk])
    audit_shred.destroy("signal", signals.values_list("pk", flat=True))
    audit_shred.destroy("intervention", case.interventions.values_list("pk", flat=True))
    audit_shred.destroy("escalation", case.escalations.values_list("pk", flat=True))
    TriageDecision.objects.filter(signal__case=case).update(reason=ANONYMISED)
    signals.update(
        description=ANONYMISED,
        location="",
        subject=None,
        contact_encrypted="",
        status_token_hash="",
        reporter=None,
        anonymised_at=now,
    )
    case.title = f"Casus {case.pk} {ANONYMISED}"
    case.summary = ""
    case.anonymised_at = now
    case.save(update_fields=["title", "summary", "anonymised_at"])
    case.transitions.update(reason=ANONYMISED)
    AgendaItem.objects.filter(case=case).update(decisions=ANONYMISED)
    Contribution.objects.filter(item__case=case).update(text=ANONYMISED)
    ActionItem.objects.filter(item__case=case).update(description=ANONYMISED)
    for intervention in case.interventions.all():
        intervention.title = intervention.get_kind_display() + " " + ANONYMISED
        intervention.description = ""
        intervention.result = ""
        intervention.save(update_fields=["title", "description", "result"])
    for escalation in case.escalations.all():
        escalation.shared = {
            "onderdelen": escalation.shared.get("onderdelen", []),
            "geanonimiseerd_op": now.isoformat(),
        }
        escalation.reason = ANONYMISED
        escalation.decision_note = ANONYMISED if escalation.decision_note else ""
        escalation.save(update_fields=["shared", "reason", "decision_note"])
    for meeting in CaseMeeting.objects.filter(agenda__case=case).distinct():
        _anonymise_meeting_if_done(meeting, now)
    return count


def _anonymise_meeting_if_done(meeting: CaseMeeting, now: datetime) -> None:
    """A meeting's own title and notes may name anyone on its agenda: they go once every case
    discussed in it has been anonymised (the meeting itself stays, as a date in the series)."""
    if meeting.agenda.filter(case__anonymised_at__isnull=True).exists():
        return
    meeting.title = f"Casusoverleg {timezone.localtime(meeting.starts_at):%d-%m-%Y}"
    meeting.notes = ""
    meeting.save(update_fields=["title", "notes"])
    audit_shred.destroy("meeting", [meeting.pk])
