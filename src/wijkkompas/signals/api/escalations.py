"""Escalations to the repressive track: the list, requesting one (four eyes), one escalation with
what was shared, the decision and the record as PDF."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import BodySchema, NonBlank, ObjectId, one_of
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.api.common import paged, reads, writes
from wijkkompas.signals.models import Escalation
from wijkkompas.signals.services.escalations import SHARE_OPTIONS, shared_content
from wijkkompas.signals.views.common import read_audited


class EscalationIn(BodySchema):
    case_id: ObjectId
    track: one_of(Escalation.Track)
    target_id: ObjectId
    legal_basis: NonBlank = Field(..., max_length=300)
    reason: NonBlank = Field(..., max_length=5000)
    share: list[Literal[tuple(SHARE_OPTIONS)]] = Field(
        ..., min_length=1, description="welke onderdelen gedeeld worden"
    )


class EscalationDecisionIn(BodySchema):
    approve: bool
    note: NonBlank = Field(..., max_length=2000)


class EscalationOut(Schema):
    id: int
    case_id: ObjectId
    track: str
    target_id: int
    target: str
    legal_basis: str
    reason: str
    status: str
    shared: dict
    requested_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_target(escalation) -> str:
        return str(escalation.target)

    @staticmethod
    def resolve_shared(escalation) -> dict:
        """The parts chosen and, once approved, the frozen content decrypted (never the stored
        token); a request awaiting approval shares nothing yet."""
        return shared_content(escalation)


@paged(
    "/escalations",
    EscalationOut,
    summary="Escalaties naar het repressieve spoor",
    audited="escalation",
)
def list_escalations(request):
    user = request.auth
    policy.require(user, "list", "escalation")
    return selectors.escalations_visible_to(user)


@writes(
    "post", "/escalations", EscalationOut, summary="Escalatie aanvragen (vier ogen)", status=201
)
def create_escalation(request, payload: EscalationIn):
    user = request.auth
    return services.request_escalation(
        actor=user,
        case=selectors.get_case_for_view(user, payload.case_id),
        target=selectors.organisation_of_tenant(user, payload.target_id),
        **payload.dict(exclude={"case_id", "target_id"}),
    )


@reads("/escalations/{escalation_id}", EscalationOut, summary="Eén escalatie met wat er gedeeld is")
def get_escalation(request, escalation_id: int):
    return read_audited(
        request.auth, selectors.get_escalation_for_view, escalation_id, "escalation"
    )


@writes(
    "post",
    "/escalations/{escalation_id}/decision",
    EscalationOut,
    summary="Escalatie goedkeuren of afwijzen",
)
def decide_escalation(request, escalation_id: int, payload: EscalationDecisionIn):
    user = request.auth
    return services.decide_escalation(
        actor=user,
        escalation=selectors.get_escalation_for_decision(user, escalation_id),
        **payload.dict(),
    )


@reads("/escalations/{escalation_id}/export", None, summary="Verstrekkingsverslag als PDF")
def export_escalation(request, escalation_id: int):
    user = request.auth
    escalation = read_audited(
        user,
        selectors.get_escalation_for_export,
        escalation_id,
        "escalation",
        action="escalation_exported",
    )
    return exports.escalation_pdf(escalation)
