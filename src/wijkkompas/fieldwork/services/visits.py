"""The information check before a visit, the visit itself, a signal raised from it and the
feedback promised to the resident or business ("we hear you and we act"). Checks and visits are
person-related records: stamped with their processing facts and kept for the term of their
status (``TERMS``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.core import crypto
from wijkkompas.core.records import Provenance, author_of, move_term, stamp
from wijkkompas.core.versioning import save_versioned
from wijkkompas.fieldwork.models import Address, Campaign, InformationCheck, Visit
from wijkkompas.signals import services as signal_services
from wijkkompas.signals.models import Signal

# Retention in months after the record (or its last status change).
CHECK_MONTHS = 12
TERMS: dict[str, int] = {
    Visit.Outcome.NOBODY: 3,
    Visit.Outcome.NOT_FOUND: 3,
    Visit.Outcome.REFUSED: 12,
    Visit.Outcome.CONTACT: 12,
    Visit.Outcome.OTHER: 12,
}
SIGNAL_MONTHS = 24  # a visit that raised a signal: as long as the covenant's own terms run
REVISIT_DAYS = 2  # nobody home: come back two days later (another day part), not on a Sunday


def _provenance(actor: Any, campaign: Campaign) -> Provenance:
    org = getattr(actor, "organisation", None)
    return Provenance(
        legal_basis=campaign.legal_basis,
        purpose=campaign.purpose,
        source_organisation=org.name if org is not None else "systeem",
        author=author_of(actor),
    )


def suggest_revisit(visited_at: datetime) -> date:
    """The suggested next visit after nobody was home."""
    day = timezone.localtime(visited_at).date() + timedelta(days=REVISIT_DAYS)
    return day + timedelta(days=1) if day.weekday() == 6 else day


def _companions(organisations: Iterable[Organisation], tenant_id: int) -> list[Organisation]:
    orgs = list(organisations)
    if any(o.tenant_id != tenant_id for o in orgs):
        raise ValidationError({"companions": "Een organisatie hoort niet bij de eigen gemeente."})
    return orgs


@transaction.atomic
def record_check(
    *,
    actor: Any,
    address: Address,
    sources: Iterable[Any],
    result: str,
    strategy: str,
    companions: Iterable[Organisation] = (),
    checked_at: datetime | None = None,
) -> InformationCheck:
    """A human records which sources were checked, what they said and the chosen strategy."""
    campaign = address.campaign
    draft = InformationCheck(
        tenant_id=address.tenant_id,
        campaign=campaign,
        address=address,
        organisation_id=actor.organisation_id,
    )
    policy.require(actor, "create", "information_check", draft)
    sources = list(sources)
    errors = {}
    if not sources:
        errors["sources"] = "Kies welke bronnen zijn geraadpleegd."
    if not (result or "").strip():
        errors["result"] = "Beschrijf het resultaat van de check."
    if strategy not in InformationCheck.Strategy.values:
        errors["strategy"] = "Kies een strategie."
    if errors:
        raise ValidationError(errors)
    team = _companions(companions, address.tenant_id)
    draft.checked_by = actor if getattr(actor, "pk", None) else None
    draft.checked_at = checked_at or timezone.now()
    draft.result_encrypted = crypto.encrypt(result.strip())
    draft.strategy = strategy
    stamp(draft, _provenance(actor, campaign), start=draft.checked_at, months=CHECK_MONTHS)
    draft.save()
    draft.sources.set(sources)
    draft.companions.set(team)
    audit.record(
        actor=actor,
        action="information_check_created",
        obj=draft,
        object_type="information_check",
        detail={"strategy": strategy, "sources": len(sources)},
    )
    return draft


def latest_check(address: Address) -> InformationCheck | None:
    return InformationCheck.objects.filter(address=address).order_by("-checked_at", "-id").first()


def _answers(campaign: Campaign, answers: dict[str, Any] | None) -> dict[str, str]:
    answers = answers or {}
    out, errors = {}, {}
    questions = {q["key"]: q for q in campaign.questions}
    for key, value in answers.items():
        question = questions.get(key)
        if question is None:
            errors[f"answers.{key}"] = f"De vraag {key!r} hoort niet bij deze campagne."
            continue
        text = str(value if value is not None else "").strip()
        if not text:
            continue
        if question["kind"] == "ja_nee" and text not in ("ja", "nee"):
            errors[f"answers.{key}"] = f"{question['label']}: antwoord ja of nee."
        elif question["kind"] == "keuze" and text not in question["choices"]:
            errors[f"answers.{key}"] = f"{question['label']}: kies een van de keuzes."
        out[key] = text[:2000]
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    address: Address,
    outcome: str,
    visited_at: datetime | None = None,
    answers: dict[str, Any] | None = None,
    notes: str = "",
    next_visit_on: date | None = None,
    feedback_promise: str = "",
    client_key: str = "",
) -> Visit:
    """One visit at one address. A visit saved from a phone carries the device's key for it
    (``client_key``): sent again after a lost connection, it is recorded once, not twice. Where the
    campaign requires it, no visit without an information check (and none when the check
    decided not to visit)."""
    campaign = address.campaign
    draft = Visit(
        tenant_id=address.tenant_id,
        campaign=campaign,
        address=address,
        organisation_id=actor.organisation_id,
    )
    policy.require(actor, "create", "visit", draft)
    client_key = (client_key or "").strip()[:40]
    if client_key:
        earlier = Visit.objects.filter(tenant_id=address.tenant_id, client_key=client_key).first()
        if earlier is not None:
            return earlier
    errors = {}
    if outcome not in Visit.Outcome.values:
        errors["outcome"] = "Kies de uitkomst van het bezoek."
    if campaign.status == Campaign.Status.CLOSED:
        errors["__all__"] = "Deze campagne is afgesloten; er kunnen geen bezoeken meer bij."
    if campaign.requires_check:
        check = latest_check(address)
        if check is None:
            errors["__all__"] = (
                "Voor dit adres is eerst een informatiecheck nodig; die is nog niet vastgelegd."
            )
        elif check.strategy == InformationCheck.Strategy.NO_VISIT:
            errors["__all__"] = "De informatiecheck besloot dit adres niet te bezoeken."
    visited_at = visited_at or timezone.now()
    if visited_at > timezone.now() + timedelta(minutes=5):
        errors["visited_at"] = "Het moment van het bezoek ligt in de toekomst."
    if errors:
        raise ValidationError(errors)
    draft.answers_encrypted = (
        crypto.encrypt(json.dumps(_answers(campaign, answers))) if answers else ""
    )
    draft.notes_encrypted = crypto.encrypt(notes.strip()) if (notes or "").strip() else ""
    draft.visited_by = actor if getattr(actor, "pk", None) else None
    draft.visited_at = visited_at
    draft.outcome = outcome
    if outcome == Visit.Outcome.NOBODY and next_visit_on is None:
        next_visit_on = suggest_revisit(visited_at)
    draft.next_visit_on = next_visit_on
    draft.feedback_promise = (feedback_promise or "").strip()[:300]
    draft.feedback = Visit.Feedback.PROMISED if draft.feedback_promise else Visit.Feedback.NONE
    draft.client_key = client_key
    stamp(draft, _provenance(actor, campaign), start=visited_at, months=TERMS[outcome])
    draft.save()
    Address.objects.filter(pk=address.pk).update(
        status=outcome, visits_count=F("visits_count") + 1, revisit_on=next_visit_on
    )
    audit.record(
        actor=actor,
        action="visit_created",
        obj=draft,
        object_type="visit",
        detail={"outcome": outcome, "address": address.pk},
    )
    return draft


@transaction.atomic
def raise_signal(
    *,
    actor: Any,
    visit: Visit,
    description: str,
    basis: str,
    observation: str,
    urgency: str = Signal.Urgency.NORMAL,
) -> Signal:
    """A signal of undermining seen on a visit goes straight into the covenant process (the
    signals app's intake and triage), linked to the visit and placed at its address."""
    policy.require(actor, "edit", "visit", visit)
    if visit.signal_id is not None:
        raise ValidationError({"__all__": "Bij dit bezoek is al een signaal gemeld."})
    campaign = visit.campaign
    signal = signal_services.create_signal(
        actor=actor,
        category=campaign.signal_category,
        description=description,
        observed_at=visit.visited_at,
        basis=basis,
        observation=observation,
        urgency=urgency,
        location=str(visit.address),
        area_code=visit.address.area_code,
    )
    visit.signal = signal
    fields = ["signal", *move_term(visit, start=visit.visited_at, months=SIGNAL_MONTHS)]
    visit.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="visit_signal_raised",
        obj=visit,
        object_type="visit",
        detail={"signal": signal.pk},
    )
    return signal


@transaction.atomic
def give_feedback(*, actor: Any, visit: Visit, version: int | str | None) -> Visit:
    """The feedback promised at the door was given."""
    policy.require(actor, "edit", "visit", visit)
    if visit.feedback != Visit.Feedback.PROMISED:
        raise ValidationError({"feedback": "Bij dit bezoek is geen terugkoppeling toegezegd."})
    visit.feedback = Visit.Feedback.GIVEN
    visit.feedback_given_at = timezone.now()
    save_versioned(visit, version, ["feedback", "feedback_given_at"])
    audit.record(actor=actor, action="visit_feedback_given", obj=visit, object_type="visit")
    return visit


def purge_expired(*, actor: Any, now: datetime, tenant: Any = None) -> dict[str, int]:
    """The retention task (``wijkkompas retention run``): visits and information checks past
    their ``retain_until`` are deleted."""
    today = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    visits = Visit.objects.filter(retain_until__lt=today)
    checks = InformationCheck.objects.filter(retain_until__lt=today)
    if tenant is not None:
        visits, checks = visits.filter(tenant=tenant), checks.filter(tenant=tenant)
    with transaction.atomic():
        n_visits = visits.count()
        n_checks = checks.count()
        visits.delete()
        checks.delete()
        if n_visits or n_checks:
            audit.record(
                actor=actor,
                action="fieldwork_retention_run",
                object_type="visit",
                detail={"visits": n_visits, "checks": n_checks},
            )
    return {"Veldwerkbezoeken verwijderd": n_visits, "Informatiechecks verwijderd": n_checks}
