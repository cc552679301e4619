"""The procesregisseur's work on a signal: corrections, a triage decision and feedback."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from wijkkompas.core.api_support import BodySchema, NonBlank, ObjectId, one_of
from wijkkompas.signals import selectors, services
from wijkkompas.signals.api.common import writes
from wijkkompas.signals.api.intake import SignalOut
from wijkkompas.signals.models import DataClass, Feedback, Signal, TriageDecision


class SignalPatch(BodySchema):
    version: int
    category: str = Field(..., max_length=60)
    urgency: one_of(Signal.Urgency)
    data_class: one_of(DataClass)
    reason: NonBlank = Field(..., max_length=500)


class TriageIn(BodySchema):
    decision: one_of(TriageDecision.Kind) = Field(
        ..., description="afwijzen, toevoegen, casus, doorsturen of urgent"
    )
    reason: NonBlank = Field(..., max_length=2000)
    case_id: ObjectId | None = None
    case_title: str = Field("", max_length=200)
    organisation_id: ObjectId | None = None


class TriageOut(Schema):
    id: int
    signal_id: int
    kind: str
    reason: str
    case_id: int | None
    organisation_id: int | None
    at: datetime


class FeedbackIn(BodySchema):
    message: one_of(Feedback.Message)
    channel: one_of(Feedback.Channel)


class FeedbackOut(Schema):
    id: int
    signal_id: int
    message: str
    text: str
    channel: str
    given_at: datetime

    @staticmethod
    def resolve_text(feedback) -> str:
        return feedback.get_message_display()


@writes(
    "patch",
    "/signals/{signal_id}",
    SignalOut,
    summary="Categorie, urgentie of gegevensklasse corrigeren",
)
def update_signal(request, signal_id: int, payload: SignalPatch):
    user = request.auth
    return services.update_signal(
        actor=user,
        signal=selectors.get_signal_for_edit(user, signal_id),
        category=selectors.category_by_code(user, payload.category),
        **payload.dict(exclude={"category"}),
    )


@writes(
    "post", "/signals/{signal_id}/triage", TriageOut, summary="Triagebesluit met reden", status=201
)
def triage_signal(request, signal_id: int, payload: TriageIn):
    user = request.auth
    return services.triage_signal(
        actor=user,
        signal=selectors.get_signal_for_triage(user, signal_id),
        case=selectors.find_case_of_tenant(user, payload.case_id),
        organisation=selectors.organisation_of_tenant(user, payload.organisation_id),
        **payload.dict(exclude={"case_id", "organisation_id"}),
    )


@writes(
    "post",
    "/signals/{signal_id}/feedback",
    FeedbackOut,
    summary="Terugkoppeling aan de melder vastleggen",
    status=201,
)
def give_signal_feedback(request, signal_id: int, payload: FeedbackIn):
    user = request.auth
    return services.give_feedback(
        actor=user,
        signal=selectors.get_signal_for_feedback(user, signal_id),
        **payload.dict(),
    )
