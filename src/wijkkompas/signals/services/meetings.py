"""Casusoverleg: planning with covenant partners, the agenda, each partner's contribution,
decisions and action items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.core.versioning import save_versioned
from wijkkompas.signals.models import ActionItem, AgendaItem, Case, CaseMeeting, Contribution
from wijkkompas.signals.services.common import require_party_org


def _clean_participants(tenant_id: int, participants: list[Organisation]) -> list[Organisation]:
    if not participants:
        raise ValidationError({"participants": "Kies ten minste één deelnemende partner."})
    return [
        require_party_org(tenant_id, p, "participants", "deelnemer aan het casusoverleg")
        for p in participants
    ]


@transaction.atomic
def create_meeting(
    *,
    actor: Any,
    title: str,
    starts_at: datetime,
    location: str = "",
    participants: list[Organisation],
    cases: list[Case] | None = None,
) -> CaseMeeting:
    tenant_id = actor.tenant_id
    policy.require(actor, "create", "meeting", CaseMeeting(tenant_id=tenant_id))
    if not (title or "").strip():
        raise ValidationError({"title": "Geef het overleg een titel."})
    if starts_at is None:
        raise ValidationError({"starts_at": "Vul datum en tijd in."})
    participants = _clean_participants(tenant_id, participants)
    meeting = CaseMeeting.objects.create(
        tenant_id=tenant_id,
        title=title.strip()[:200],
        starts_at=starts_at,
        location=(location or "").strip()[:200],
        chair_id=actor.organisation_id,
        created_by=actor,
    )
    meeting.participants.set({*participants, actor.organisation})
    for case in cases or []:
        add_agenda_item(actor=actor, meeting=meeting, case=case)
    audit.record(actor=actor, action="meeting_created", obj=meeting, object_type="meeting")
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor: Any,
    meeting: CaseMeeting,
    version: int | None,
    title: str,
    starts_at: datetime,
    location: str,
    participants: list[Organisation],
    notes: str,
    status: str,
) -> CaseMeeting:
    policy.require(actor, "edit", "meeting", meeting)
    if not (title or "").strip():
        raise ValidationError({"title": "Geef het overleg een titel."})
    if starts_at is None:
        raise ValidationError({"starts_at": "Vul datum en tijd in."})
    if status not in CaseMeeting.Status.values:
        raise ValidationError({"status": "Kies een status."})
    participants = _clean_participants(meeting.tenant_id, participants)
    meeting.title, meeting.starts_at, meeting.location = (
        title.strip()[:200],
        starts_at,
        (location or "").strip()[:200],
    )
    meeting.notes, meeting.status = (notes or "").strip(), status
    save_versioned(meeting, version, ["title", "starts_at", "location", "notes", "status"])
    meeting.participants.set({*participants, meeting.chair})
    audit.record(actor=actor, action="meeting_edited", obj=meeting, object_type="meeting")
    return meeting


@transaction.atomic
def delete_meeting(*, actor: Any, meeting: CaseMeeting, reason: str = "") -> None:
    policy.require(actor, "delete", "meeting", meeting)
    audit.record(
        actor=actor,
        action="meeting_deleted",
        obj=meeting,
        object_type="meeting",
        reason=reason,
        detail={"title": meeting.title},
    )
    meeting.delete()


@transaction.atomic
def add_agenda_item(*, actor: Any, meeting: CaseMeeting, case: Case) -> AgendaItem:
    policy.require(actor, "edit", "meeting", meeting)
    if case is None or not policy.can(actor, "edit", "case", case):
        raise ValidationError({"case": "Kies een casus die u mag bewerken."})
    order = (meeting.agenda.count() or 0) + 1
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(meeting=meeting, case=case, order=order)
    except IntegrityError:
        raise ValidationError({"case": "Deze casus staat al op de agenda."}) from None
    meeting.save(update_fields=["retain_until"])  # kept as long as its longest-kept case
    audit.record(
        actor=actor,
        action="agenda_item_added",
        obj=meeting,
        object_type="meeting",
        detail={"case": case.pk},
    )
    return item


def _record_on_agenda(actor: Any, action: str, item: AgendaItem) -> None:
    """The audit row of a change to one agenda item: on the meeting, naming the case."""
    audit.record(
        actor=actor,
        action=action,
        obj=item.meeting,
        object_type="meeting",
        detail={"case": item.case_id},
    )


DECISIONS_CONFLICT = (
    "Iemand anders heeft de besluiten bij deze casus intussen gewijzigd. Uw tekst is niet "
    "opgeslagen; vergelijk hem met de huidige besluiten en sla opnieuw op."
)


@transaction.atomic
def record_decisions(
    *, actor: Any, item: AgendaItem, version: int | None, decisions: str
) -> AgendaItem:
    """Write the decisions of the meeting on one agenda item. ``version`` is the version of the
    item the user read: a stale or missing one is refused with ``Conflict`` (409)."""
    policy.require(actor, "edit", "meeting", item.meeting)
    item.decisions = (decisions or "").strip()
    save_versioned(item, version, ["decisions"], detail=DECISIONS_CONFLICT)
    _record_on_agenda(actor, "meeting_decisions", item)
    return item


@transaction.atomic
def add_contribution(*, actor: Any, item: AgendaItem, text: str) -> Contribution:
    """A partner's input on a case on the agenda, always in the name of the author's organisation."""
    policy.require(actor, "contribute", "meeting", item.meeting)
    if not (text or "").strip():
        raise ValidationError({"text": "Schrijf uw inbreng."})
    contribution = Contribution.objects.create(
        item=item, organisation_id=actor.organisation_id, author=actor, text=text.strip()
    )
    _record_on_agenda(actor, "meeting_contribution", item)
    return contribution


@transaction.atomic
def add_action_item(
    *,
    actor: Any,
    item: AgendaItem,
    description: str,
    owner: Organisation | None,
    due_date: date | None,
) -> ActionItem:
    policy.require(actor, "edit", "meeting", item.meeting)
    if not (description or "").strip():
        raise ValidationError({"description": "Beschrijf de actie."})
    owner = require_party_org(item.meeting.tenant_id, owner, "owner", "eigenaar van de actie")
    action = ActionItem.objects.create(
        item=item, description=description.strip()[:300], owner=owner, due_date=due_date
    )
    _record_on_agenda(actor, "meeting_action_item", item)
    return action
