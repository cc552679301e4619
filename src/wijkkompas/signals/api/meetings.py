"""Casusoverleg: planning, one meeting with its agenda as the user may see it, editing,
cancelling, contributions, decisions, action items and the minutes as PDF."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema, Status

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import BodySchema, IsoDate, IsoDateTime, NonBlank, ObjectId, one_of
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.api.common import paged, reads, writes
from wijkkompas.signals.models import CaseMeeting
from wijkkompas.signals.views.common import read_audited


class AgendaOut(Schema):
    """Built from a ``selectors.AgendaRow``: a case not shared with the user's organisation shows
    only its id."""

    case_id: int
    case_title: str | None
    decisions: str | None
    version: int = Field(..., description="versie van de besluiten; stuur deze mee bij PUT")

    @staticmethod
    def resolve_case_id(row) -> int:
        return row.item.case_id

    @staticmethod
    def resolve_version(row) -> int:
        return row.item.version

    @staticmethod
    def resolve_case_title(row) -> str | None:
        return row.item.case.title if row.case_visible else None

    @staticmethod
    def resolve_decisions(row) -> str | None:
        return row.item.decisions if row.case_visible else None


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    location: str
    chair_id: int
    participant_ids: list[int]
    status: str
    version: int
    agenda: list[AgendaOut]

    @staticmethod
    def resolve_participant_ids(meeting) -> list[int]:
        return sorted(p.pk for p in meeting.participants.all())

    @staticmethod
    def resolve_agenda(meeting, context) -> list:
        return selectors.meeting_agenda(context["request"].auth, meeting)


class MeetingIn(BodySchema):
    title: NonBlank = Field(..., max_length=200)
    starts_at: IsoDateTime
    location: str = Field("", max_length=200)
    participant_ids: list[ObjectId]
    case_ids: list[ObjectId] = []


class MeetingPatch(BodySchema):
    version: int
    title: NonBlank = Field(..., max_length=200)
    starts_at: IsoDateTime
    location: str = Field("", max_length=200)
    participant_ids: list[ObjectId]
    notes: str = Field("", max_length=10000)
    status: one_of(CaseMeeting.Status) = "gepland"


class AgendaItemIn(BodySchema):
    case_id: ObjectId


class AgendaTextIn(BodySchema):
    text: NonBlank = Field(..., max_length=10000)


class DecisionsIn(BodySchema):
    text: str = Field(..., max_length=10000)
    version: int | None = Field(
        None,
        description="de versie van het agendapunt die u las (agenda[].version); verouderd of "
        "zonder versie: 409 met de huidige versie",
    )


class ActionItemIn(BodySchema):
    description: NonBlank = Field(..., max_length=300)
    owner_id: ObjectId
    due_date: IsoDate | None = None


@paged("/meetings", MeetingOut, summary="Casusoverleggen", audited="meeting")
def list_meetings(request):
    user = request.auth
    policy.require(user, "list", "meeting")
    return selectors.meetings_visible_to(user).prefetch_related("participants")


@writes("post", "/meetings", MeetingOut, summary="Casusoverleg plannen", status=201)
def create_meeting(request, payload: MeetingIn):
    user = request.auth
    cases = [selectors.get_case_for_edit(user, pk) for pk in payload.case_ids]
    return services.create_meeting(
        actor=user,
        title=payload.title,
        starts_at=payload.starts_at,
        location=payload.location,
        participants=selectors.organisations_of_tenant(user, payload.participant_ids),
        cases=cases,
    )


@reads("/meetings/{meeting_id}", MeetingOut, summary="Eén casusoverleg")
def get_meeting(request, meeting_id: int):
    return read_audited(request.auth, selectors.get_meeting_for_view, meeting_id, "meeting")


@writes("patch", "/meetings/{meeting_id}", MeetingOut, summary="Casusoverleg bijwerken")
def update_meeting(request, meeting_id: int, payload: MeetingPatch):
    user = request.auth
    return services.update_meeting(
        actor=user,
        meeting=selectors.get_meeting_for_edit(user, meeting_id),
        participants=selectors.organisations_of_tenant(user, payload.participant_ids),
        **payload.dict(exclude={"participant_ids"}),
    )


@writes(
    "delete",
    "/meetings/{meeting_id}",
    None,
    summary="Nog niet gehouden overleg annuleren",
    status=204,
)
def delete_meeting(request, meeting_id: int):
    user = request.auth
    meeting = selectors.get_meeting_for_delete(user, meeting_id)
    services.delete_meeting(actor=user, meeting=meeting)
    return Status(204, None)


@reads("/meetings/{meeting_id}/minutes", None, summary="Verslag als PDF")
def export_meeting_minutes(request, meeting_id: int):
    user = request.auth
    meeting = read_audited(
        user,
        selectors.get_meeting_for_export,
        meeting_id,
        "meeting",
        action="meeting_minutes_exported",
    )
    return exports.meeting_minutes_pdf(user, meeting)


@writes(
    "post",
    "/meetings/{meeting_id}/agenda",
    MeetingOut,
    summary="Casus op de agenda zetten",
    status=201,
)
def add_meeting_agenda_item(request, meeting_id: int, payload: AgendaItemIn):
    user = request.auth
    meeting = selectors.get_meeting_for_edit(user, meeting_id)
    case = selectors.get_case_for_view(user, payload.case_id)
    services.add_agenda_item(actor=user, meeting=meeting, case=case)
    return meeting


@writes(
    "post",
    "/meetings/{meeting_id}/agenda/{case_id}/contributions",
    MeetingOut,
    summary="Inbreng van de eigen organisatie bij een casus op de agenda",
    status=201,
)
def add_meeting_contribution(request, meeting_id: int, case_id: int, payload: AgendaTextIn):
    user = request.auth
    item = selectors.get_agenda_item_for_contribution(user, meeting_id=meeting_id, case_id=case_id)
    selectors.get_case_for_view(user, case_id)  # only on a case shared with the organisation
    services.add_contribution(actor=user, item=item, text=payload.text)
    return item.meeting


@writes(
    "put",
    "/meetings/{meeting_id}/agenda/{case_id}/decisions",
    MeetingOut,
    summary="Besluiten bij een casus op de agenda vastleggen (versie verplicht; 409 bij verouderde versie)",
)
def record_meeting_decisions(request, meeting_id: int, case_id: int, payload: DecisionsIn):
    user = request.auth
    item = selectors.get_agenda_item_for_edit(user, meeting_id=meeting_id, case_id=case_id)
    services.record_decisions(
        actor=user, item=item, version=payload.version, decisions=payload.text
    )
    return item.meeting


@writes(
    "post",
    "/meetings/{meeting_id}/agenda/{case_id}/actions",
    MeetingOut,
    summary="Actie met eigenaar toevoegen",
    status=201,
)
def add_meeting_action_item(request, meeting_id: int, case_id: int, payload: ActionItemIn):
    user = request.auth
    item = selectors.get_agenda_item_for_edit(user, meeting_id=meeting_id, case_id=case_id)
    services.add_action_item(
        actor=user,
        item=item,
        owner=selectors.organisation_of_tenant(user, payload.owner_id),
        **payload.dict(exclude={"owner_id"}),
    )
    return item.meeting
