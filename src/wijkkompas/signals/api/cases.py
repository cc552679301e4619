"""Cases: the list, opening one (with the signals that lead to it), editing, the go/no-go
decision, the timeline and its CSV export."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Query, Schema

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import BodySchema, NonBlank, ObjectId, one_of
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.api.common import paged, reads, writes
from wijkkompas.signals.models import CaseTransition, DataClass
from wijkkompas.signals.views.common import read_audited


class CaseIn(BodySchema):
    title: NonBlank = Field(..., max_length=200)
    summary: str = Field("", max_length=10000)
    category: str = Field(..., max_length=60)
    data_class: one_of(DataClass) = 1
    partner_ids: list[ObjectId] = []
    signal_ids: list[ObjectId] = []


class CasePatch(BodySchema):
    version: int
    title: NonBlank = Field(..., max_length=200)
    summary: str = Field("", max_length=10000)
    data_class: one_of(DataClass)
    partner_ids: list[ObjectId] = []


class CaseOut(Schema):
    id: int
    title: str
    summary: str
    category: str
    data_class: int
    status: str
    organisation_id: int
    partner_ids: list[int]
    created_at: datetime
    closed_at: datetime | None
    version: int

    @staticmethod
    def resolve_category(case) -> str:
        return case.category.code

    @staticmethod
    def resolve_partner_ids(case) -> list[int]:
        return sorted(p.pk for p in case.partners.all())


class TransitionIn(BodySchema):
    decision: one_of(CaseTransition.Decision) = Field(..., description="go of no_go")
    reason: NonBlank = Field(..., max_length=2000)
    version: int | None = Field(None, description="de versie die u las; zonder versie: 409")


class TimelineOut(Schema):
    at: datetime
    kind: str
    text: str
    reason: str


@paged(
    "/cases",
    CaseOut,
    summary="Casussen van de eigen organisatie of waarin zij partner is",
    audited="case",
)
def list_cases(request, status: str = Query("", max_length=20)):
    user = request.auth
    policy.require(user, "list", "case")
    return selectors.cases_visible_to(user, status=status).prefetch_related("partners")


@writes("post", "/cases", CaseOut, summary="Casus openen", status=201)
def create_case(request, payload: CaseIn):
    user = request.auth
    signals = [selectors.get_signal_for_triage(user, pk) for pk in payload.signal_ids]
    return services.create_case(
        actor=user,
        title=payload.title,
        summary=payload.summary,
        category=selectors.category_by_code(user, payload.category),
        data_class=payload.data_class,
        partners=selectors.organisations_of_tenant(user, payload.partner_ids),
        signals=signals,
    )


@reads("/cases/{case_id}", CaseOut, summary="Eén casus")
def get_case(request, case_id: int):
    return read_audited(request.auth, selectors.get_case_for_view, case_id, "case")


@writes(
    "patch",
    "/cases/{case_id}",
    CaseOut,
    summary="Casus bijwerken (versie verplicht; 409 bij verouderde versie)",
)
def update_case(request, case_id: int, payload: CasePatch):
    user = request.auth
    return services.update_case(
        actor=user,
        case=selectors.get_case_for_edit(user, case_id),
        partners=selectors.organisations_of_tenant(user, payload.partner_ids),
        **payload.dict(exclude={"partner_ids"}),
    )


@writes("post", "/cases/{case_id}/transitions", CaseOut, summary="Go/no-go-besluit", status=201)
def transition_case(request, case_id: int, payload: TransitionIn):
    user = request.auth
    case = selectors.get_case_for_transition(user, case_id)
    services.transition_case(actor=user, case=case, **payload.dict())
    return case


@reads("/cases/{case_id}/timeline", list[TimelineOut], summary="Tijdlijn van een casus")
def get_case_timeline(request, case_id: int):
    user = request.auth
    case = read_audited(
        user, selectors.get_case_for_view, case_id, "case", action="case_timeline_viewed"
    )
    return selectors.case_timeline(user, case)


@reads("/cases/{case_id}/export", None, summary="Tijdlijn als CSV")
def export_case(request, case_id: int):
    user = request.auth
    case = read_audited(
        user, selectors.get_case_for_export, case_id, "case", action="case_exported"
    )
    return exports.case_timeline_csv(user, case)
