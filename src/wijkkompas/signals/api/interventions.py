"""Interventions: the list, adding one to a case, the CSV export, one intervention and its
progress."""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Schema

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import BodySchema, IsoDate, NonBlank, ObjectId, one_of
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.api.common import paged, reads, writes
from wijkkompas.signals.models import Intervention
from wijkkompas.signals.views.common import read_audited


class InterventionIn(BodySchema):
    case_id: ObjectId
    kind: one_of(Intervention.Kind)
    title: NonBlank = Field(..., max_length=200)
    description: str = Field("", max_length=10000)
    owner_id: ObjectId
    due_date: IsoDate | None = None


class InterventionPatch(BodySchema):
    version: int
    status: one_of(Intervention.Status)
    result: str = Field("", max_length=10000)
    due_date: IsoDate | None = None


class InterventionOut(Schema):
    id: int
    case_id: ObjectId
    kind: str
    title: str
    description: str
    owner_id: int
    owner: str
    due_date: date | None
    status: str
    result: str
    version: int

    @staticmethod
    def resolve_owner(intervention) -> str:
        return str(intervention.owner)


@paged("/interventions", InterventionOut, summary="Interventies", audited="intervention")
def list_interventions(request, status: str = Query("", max_length=20)):
    user = request.auth
    policy.require(user, "list", "intervention")
    return selectors.interventions_visible_to(user, status=status)


@writes("post", "/interventions", InterventionOut, summary="Interventie toevoegen", status=201)
def create_intervention(request, payload: InterventionIn):
    user = request.auth
    return services.create_intervention(
        actor=user,
        case=selectors.get_case_for_view(user, payload.case_id),
        owner=selectors.organisation_of_tenant(user, payload.owner_id),
        **payload.dict(exclude={"case_id", "owner_id"}),
    )


@reads("/interventions/export", None, summary="Interventies als CSV")
def export_interventions(request):
    return exports.interventions_csv(request.auth)


@reads("/interventions/{intervention_id}", InterventionOut, summary="Eén interventie")
def get_intervention(request, intervention_id: int):
    return read_audited(
        request.auth, selectors.get_intervention_for_view, intervention_id, "intervention"
    )


@writes(
    "patch",
    "/interventions/{intervention_id}",
    InterventionOut,
    summary="Status en resultaat bijwerken",
)
def update_intervention(request, intervention_id: int, payload: InterventionPatch):
    user = request.auth
    return services.update_intervention(
        actor=user,
        intervention=selectors.get_intervention_for_edit(user, intervention_id),
        **payload.dict(),
    )
