"""The plans API under /api/v1/ (mounted in wijkkompas/api.py): plans with their
municipalities and period, priorities with field, theme and confidence, a priority's change
(stale versions 409) and the comparison. The same policy and services as the pages."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Query, Schema
from pydantic.json_schema import SkipJsonSchema

from wijkkompas.core.api_support import ApiRouter, BodySchema, IsoDateTime
from wijkkompas.plans import comparison as cmp
from wijkkompas.plans import exporting, selectors, services
from wijkkompas.plans.models import Priority

router = ApiRouter(tags=["ivp-analyse"])
Omit = SkipJsonSchema[None]
Status = Literal["voorgesteld", "bevestigd", "afgewezen"]


class MunicipalityOut(Schema):
    code: str
    name: str


class PlanOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    period: str
    source_url: str
    file_kind: str
    scanned_pages: list[int]
    imported_at: IsoDateTime
    municipalities: list[MunicipalityOut]
    joint: bool
    version: int

    @staticmethod
    def resolve_municipalities(obj: Any) -> list[dict]:
        return [{"code": m.code, "name": m.name} for m in obj.municipalities.all()]

    @staticmethod
    def resolve_joint(obj: Any) -> bool:
        return obj.is_joint


class PriorityOut(Schema):
    id: int
    plan_id: int
    title: str
    location: str
    evidence: str
    rule: str
    origin: str
    status: str
    merged_into_id: int | None
    field_codes: list[str]
    theme_codes: list[str]
    confidence: float | None
    deciding_words: list[str]
    classified: bool
    corrected: bool
    version: int

    @staticmethod
    def resolve_classified(obj: Any) -> bool:
        return bool(obj.field_codes)


class PriorityPatch(BodySchema):
    version: int = Field(..., description="De versie die u las (optimistische vergrendeling)")
    title: str | Omit = None
    location: str | Omit = None
    status: Status | Omit = None
    theme_codes: list[str] | Omit = None


class ComparisonFilter(Schema):
    weergave: Literal["plan", "gemeente"] = "plan"
    per: Literal["klasse", "periode", "totaal"] = "klasse"
    alleen_bevestigd: bool = True


class PlanCategoryOut(Schema):
    code: str
    name: str
    count: int
    share: int


class GroupOut(Schema):
    key: str
    label: str
    plans: int
    priorities: int
    categories: list[PlanCategoryOut]
    themes: list[PlanCategoryOut]


class ComparisonOut(Schema):
    view: str
    by: str
    confirmed_only: bool
    summary: str
    groups: list[GroupOut]


@router.get("/plans/comparison", response=ComparisonOut, summary="Vergelijking van plannen")
def plan_comparison(request, filters: Query[ComparisonFilter]):
    plans = selectors.plans_visible_to(request.auth)
    kwargs = {"view": filters.weergave, "confirmed_only": filters.alleen_bevestigd}
    total = cmp.compare(plans, by="totaal", **kwargs)
    return {
        "view": filters.weergave,
        "by": filters.per,
        "confirmed_only": filters.alleen_bevestigd,
        "summary": cmp.national_summary(total[0]) if total else "",
        "groups": [g.as_dict() for g in cmp.compare(plans, by=filters.per, **kwargs)],
    }


@router.get("/plans/export", response=list[dict], summary="Alle plannen met prioriteiten (JSON)")
def export_plans(request):
    return exporting.plans_json(request.auth)


@router.paged("/plans", PlanOut, summary="Plannen van de eigen gemeente")
def list_plans(request):
    return selectors.plans_visible_to(request.auth)


@router.get("/plans/{plan_id}", response=PlanOut, summary="Eén plan")
def get_plan(request, plan_id: int):
    return selectors.plan_for(request.auth, plan_id)


@router.paged("/plans/{plan_id}/priorities", PriorityOut, summary="Prioriteiten van een plan")
def list_plan_priorities(request, plan_id: int):
    plan = selectors.plan_for(request.auth, plan_id)
    return Priority.objects.filter(plan=plan).order_by("position", "pk")


@router.get("/priorities/{priority_id}", response=PriorityOut, summary="Eén prioriteit")
def get_priority(request, priority_id: int):
    return selectors.priority_for(request.auth, priority_id)


@router.patch("/priorities/{priority_id}", response=PriorityOut, summary="Prioriteit wijzigen")
def update_priority(request, priority_id: int, payload: PriorityPatch):
    p = selectors.priority_for(request.auth, priority_id, "edit")
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.update_priority(actor=request.auth, priority=p, **data)
