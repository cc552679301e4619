"""Writes on the work of a programme: actions (by hand, from a meeting decision, from a barrier
of a barrier model) and meetings with their minutes (approved minutes are read-only; an
amendment is a new version) and decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.barriers.models import Element
from wijkkompas.programmes.models import (
    Action,
    Meeting,
    MeetingDecision,
    Minutes,
    Programme,
    Step,
)
from wijkkompas.programmes.services import actor_user, bump, clean_text, locked

ACTION_FIELDS = (
    "title",
    "owner_organisation",
    "owner_role",
    "due_date",
    "status",
    "result",
    "step",
)
# What a partner (not the lead) may change of the actions its organisation owns.
PARTNER_ACTION_FIELDS = ("status", "result")
MEETING_FIELDS = ("kind", "title", "starts_at", "duration_minutes", "location", "agenda")


def programme_organisations(programme: Programme) -> set[int]:
    return {
        programme.lead_organisation_id,
        *programme.partners.values_list("organisation_id", flat=True),
    }


def _check_owner(programme: Programme, org: Organisation | None) -> None:
    if org is None:
        raise ValidationError({"owner_organisation": "Kies de organisatie die eigenaar is."})
    if org.pk not in programme_organisations(programme):
        raise ValidationError(
            {"owner_organisation": "De eigenaar moet trekker of partner van het programma zijn."}
        )


def _check_step(programme: Programme, step: Step | None) -> None:
    if step is not None and step.programme_id != programme.pk:
        raise ValidationError({"step": "Deze stap hoort bij een ander programma."})


@transaction.atomic
def create_action(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    owner_organisation: Organisation | None,
    owner_role: str = "",
    due_date: dt.date | None = None,
    step: Step | None = None,
    meeting_decision: MeetingDecision | None = None,
    barrier: Element | None = None,
    status: str = Action.Status.OPEN,
) -> Action:
    policy.require(actor, "create", "programme_action", Action(programme=programme))
    _check_owner(programme, owner_organisation)
    _check_step(programme, step)
    if status not in Action.Status.values:
        raise ValidationError({"status": "Onbekende status."})
    origin = Action.Origin.HAND
    if meeting_decision is not None:
        if meeting_decision.meeting.programme_id != programme.pk:
            raise ValidationError(
                {"meeting_decision": "Dit besluit hoort bij een ander programma."}
            )
        origin = Action.Origin.OVERLEG
    if barrier is not None:
        if barrier.kind != Element.Kind.BARRIERE:
            raise ValidationError({"barrier": "Alleen een barrière wordt een actie."})
        if barrier.step.model.root().tenant_id != programme.tenant_id:
            raise ValidationError({"barrier": "Deze barrière hoort bij een andere gemeente."})
        origin = Action.Origin.BARRIERE
    if step is None:
        step = programme.steps.filter(status=Step.Status.ACTIEF).first()
    action = Action.objects.create(
        programme=programme,
        step=step,
        title=clean_text(title, "title", required=True, max_length=300),
        owner_organisation=owner_organisation,
        owner_role=clean_text(owner_role, "owner_role", max_length=120),
        due_date=due_date,
        status=status,
        origin=origin,
        meeting_decision=meeting_decision,
        barrier=barrier,
    )
    audit.record(
        actor=actor,
        action="programme_action_created",
        obj=action,
        tenant_id=programme.tenant_id,
        detail={"programme": programme.pk, "origin": origin},
    )
    return action


@transaction.atomic
def action_from_barrier(
    *, actor: Any, programme: Programme, barrier: Element, due_date: dt.date | None = None
) -> Action:
    """The barrier becomes an action of the programme: its text, its owner (when that
    organisation takes part, else the lead) and its due date."""
    policy.require(actor, "view", "barrier_element", barrier)
    existing = programme.actions.filter(barrier=barrier).first()
    if existing is not None:
        raise ValidationError({"barrier": "Deze barrière is al een actie van dit programma."})
    owner = barrier.owner
    if owner is None or owner.pk not in programme_organisations(programme):
        owner = programme.lead_organisation
    return create_action(
        actor=actor,
        programme=programme,
        title=barrier.text,
        owner_organisation=owner,
        due_date=due_date or barrier.due_date,
        barrier=barrier,
    )


@transaction.atomic
def update_action(*, actor: Any, action: Action, version: Any, **changes: Any) -> Action:
    current = locked(actor, "edit", "programme_action", action, version)
    programme = current.programme
    manager = policy.can(actor, "edit", "programme", programme)
    allowed = ACTION_FIELDS if manager else PARTNER_ACTION_FIELDS
    for name, value in changes.items():
        if name not in ACTION_FIELDS:
            raise ValueError(f"Unknown field {name}")
        if name not in allowed:
            raise ValidationError(
                {name: "Alleen de trekker wijzigt dit; u wijzigt status en resultaat."}
            )
        if name == "title":
            value = clean_text(value, "title", required=True, max_length=300)
        if name in ("result", "owner_role"):
            value = value or ""
        if name == "status" and value not in Action.Status.values:
            raise ValidationError({"status": "Onbekende status."})
        if name == "owner_organisation":
            _check_owner(programme, value)
        if name == "step":
            _check_step(programme, value)
        setattr(current, name, value)
    bump(current, changes.keys())
    audit.record(
        actor=actor,
        action="programme_action_updated",
        obj=current,
        tenant_id=programme.tenant_id,
        detail={"programme": programme.pk, "fields": sorted(changes), "status": current.status},
    )
    return current


# --- meetings ----------------------------------------------------------------------------


def _check_participants(programme: Programme, participants: Iterable[Organisation]) -> list:
    allowed = programme_organisations(programme)
    participants = list(participants)
    if any(o.pk not in allowed for o in participants):
        raise ValidationError(
            {"participants": "Deelnemers zijn de trekker en de partners van het programma."}
        )
    return participants


@transaction.atomic
def create_meeting(
    *,
    actor: Any,
    programme: Programme,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    duration_minutes: int = 90,
    location: str = "",
    agenda: str = "",
    participants: Iterable[Organisation] = (),
) -> Meeting:
    policy.require(actor, "create", "programme_meeting", Meeting(programme=programme))
    if kind not in Meeting.Kind.values:
        raise ValidationError({"kind": "Onbekende soort overleg."})
    if starts_at is None:
        raise ValidationError({"starts_at": "Geef het begin van het overleg."})
    if not 5 <= int(duration_minutes or 0) <= 24 * 60:
        raise ValidationError({"duration_minutes": "Tussen 5 minuten en een dag."})
    members = _check_participants(programme, participants)
    meeting = Meeting.objects.create(
        programme=programme,
        kind=kind,
        title=clean_text(title, "title", required=True, max_length=200),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=clean_text(location, "location", max_length=200),
        agenda=agenda or "",
    )
    meeting.participants.set(members)
    audit.record(
        actor=actor,
        action="programme_meeting_created",
        obj=meeting,
        tenant_id=programme.tenant_id,
        detail={"programme": programme.pk},
    )
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor: Any,
    meeting: Meeting,
    version: Any,
    participants: Iterable[Organisation] | None = None,
    **changes: Any,
) -> Meeting:
    current = locked(actor, "edit", "programme_meeting", meeting, version)
    for name, value in changes.items():
        if name not in MEETING_FIELDS:
            raise ValueError(f"Unknown field {name}")
        if name == "title":
            value = clean_text(value, "title", required=True, max_length=200)
        if name in ("location", "agenda"):
            value = value or ""
        setattr(current, name, value)
    bump(current, changes.keys())
    if participants is not None:
        current.participants.set(_check_participants(current.programme, participants))
    audit.record(
        actor=actor,
        action="programme_meeting_updated",
        obj=current,
        tenant_id=current.programme.tenant_id,
        detail={"fields": sorted(changes)},
    )
    return current


def current_minutes(meeting: Meeting) -> Minutes | None:
    return meeting.minutes.order_by("-number").first()


@transaction.atomic
def save_minutes(
    *, actor: Any, meeting: Meeting, version: Any, text: str, confidential_text: str = ""
) -> Minutes:
    """Write the draft minutes (the first version, or the open amendment). Approved minutes
    are read-only: amend them instead."""
    current = locked(actor, "edit", "programme_meeting", meeting, version)
    minutes = current_minutes(current)
    if minutes is not None and minutes.status == Minutes.Status.VASTGESTELD:
        raise ValidationError(
            {
                "text": "Dit verslag is vastgesteld en kan niet meer worden gewijzigd. "
                "Maak een wijziging (nieuwe versie) aan."
            }
        )
    text = clean_text(text, "text", required=True)
    if minutes is None:
        minutes = Minutes(meeting=current, number=1)
    minutes.text = text
    minutes.confidential_text = confidential_text or ""
    minutes.written_by = actor_user(actor)
    minutes.save()
    bump(current, [])
    audit.record(
        actor=actor,
        action="programme_minutes_saved",
        obj=minutes,
        tenant_id=current.programme.tenant_id,
        detail={"meeting": current.pk, "number": minutes.number},
    )
    return minutes


@transaction.atomic
def approve_minutes(*, actor: Any, meeting: Meeting, version: Any) -> Minutes:
    current = locked(actor, "edit", "programme_meeting", meeting, version)
    minutes = current_minutes(current)
    if minutes is None or minutes.status != Minutes.Status.CONCEPT:
        raise ValidationError({"text": "Er is geen conceptverslag om vast te stellen."})
    minutes.status = Minutes.Status.VASTGESTELD
    minutes.approved_by = actor_user(actor)
    minutes.approved_at = timezone.now()
    minutes.save(update_fields=["status", "approved_by", "approved_at"])
    bump(current, [])
    audit.record(
        actor=actor,
        action="programme_minutes_approved",
        obj=minutes,
        tenant_id=current.programme.tenant_id,
        detail={"meeting": current.pk, "number": minutes.number},
    )
    return minutes


@transaction.atomic
def amend_minutes(*, actor: Any, meeting: Meeting, version: Any, reason: str) -> Minutes:
    """A new draft version of approved minutes, starting as a copy; the approved one stays."""
    current = locked(actor, "edit", "programme_meeting", meeting, version)
    minutes = current_minutes(current)
    if minutes is None or minutes.status != Minutes.Status.VASTGESTELD:
        raise ValidationError({"reason": "Alleen een vastgesteld verslag krijgt een wijziging."})
    amended = Minutes.objects.create(
        meeting=current,
        number=minutes.number + 1,
        text=minutes.text,
        confidential_text=minutes.confidential_text,
        amendment_reason=clean_text(reason, "reason", required=True, max_length=300),
        written_by=actor_user(actor),
    )
    bump(current, [])
    audit.record(
        actor=actor,
        action="programme_minutes_amended",
        obj=amended,
        tenant_id=current.programme.tenant_id,
        reason=amended.amendment_reason,
        detail={"meeting": current.pk, "number": amended.number},
    )
    return amended


@transaction.atomic
def add_meeting_decision(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    action_owner: Organisation | None = None,
    action_due: dt.date | None = None,
    action_role: str = "",
) -> MeetingDecision:
    """A decision of the meeting; with an owner it becomes an action of the programme too."""
    policy.require(actor, "edit", "programme_meeting", meeting)
    decision = MeetingDecision.objects.create(
        meeting=meeting, text=clean_text(text, "text", required=True, max_length=400)
    )
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    audit.record(
        actor=actor,
        action="programme_meeting_decision_created",
        obj=decision,
        tenant_id=meeting.programme.tenant_id,
        detail={"meeting": meeting.pk},
    )
    if action_owner is not None:
        create_action(
            actor=actor,
            programme=meeting.programme,
            title=decision.text,
            owner_organisation=action_owner,
            owner_role=action_role,
            due_date=action_due,
            meeting_decision=decision,
        )
    return decision
