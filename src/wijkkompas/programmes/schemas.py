"""Request and response schemas of the programmes API (/api/v1/programmes …)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic.json_schema import SkipJsonSchema

from wijkkompas.core.api_support import BodySchema, IsoDate, IsoDateTime, NonBlank, ObjectId, one_of
from wijkkompas.programmes import reporting
from wijkkompas.programmes.models import Action, Decision, Fact, Meeting, Partner, Programme

Omit = SkipJsonSchema[None]
VERSION = Field(..., description="De versie die u las (optimistische vergrendeling)")


class TemplateOut(Schema):
    id: int
    key: str
    title: str
    origin: str
    description: str
    lead_time: str
    steps: list[dict]
    national: bool = Field(..., alias="is_national")

    @staticmethod
    def resolve_is_national(obj) -> bool:
        return obj.tenant_id is None


class TemplateIn(BodySchema):
    key: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9-]+$")]
    title: NonBlank
    description: str = ""
    steps: list[dict] = Field(..., min_length=1)


class PartnerOut(Schema):
    organisation_id: int
    organisation: str
    role: str
    contribution: str

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.name


class ProgrammeOut(Schema):
    id: int
    title: str
    theme_id: int | None
    area_codes: list[str]
    problem_definition: str
    goals: str
    lead_organisation_id: int
    coordinator_id: int | None
    steering_group: str
    start_date: dt.date | None
    planned_end: dt.date | None
    status: str
    method_id: int | None
    partners: list[PartnerOut]
    version: int

    @staticmethod
    def resolve_partners(obj) -> list:
        return list(obj.partners.select_related("organisation"))


class PartnerIn(BodySchema):
    organisation_id: ObjectId
    role: one_of(Partner.Role)  # type: ignore[valid-type]
    contribution: str = ""


class ProgrammeIn(BodySchema):
    template_id: ObjectId
    title: Annotated[str, Field(min_length=1, max_length=200, pattern=r"[^\s]")]
    lead_organisation_id: ObjectId | None = None
    theme_id: ObjectId | None = None
    area_codes: list[str] = []
    problem_definition: str = ""
    goals: str = ""
    steering_group: Annotated[str, Field(max_length=300)] = ""
    start_date: IsoDate | None = None
    planned_end: IsoDate | None = None
    partners: list[PartnerIn] = []


class ProgrammePatch(BodySchema):
    version: int = VERSION
    title: Annotated[str, Field(min_length=1, max_length=200)] | Omit = None
    area_codes: list[str] | Omit = None
    problem_definition: str | Omit = None
    goals: str | Omit = None
    steering_group: Annotated[str, Field(max_length=300)] | Omit = None
    planned_end: IsoDate | None = None
    status: one_of(Programme.Status) | Omit = None  # type: ignore[valid-type]


class FactOut(Schema):
    statement: str
    kind: str
    source: str


class DecisionOut(Schema):
    outcome: str
    rationale: str
    body: str
    meeting_id: int | None
    decided_on: dt.date
    facts: list[FactOut]

    @staticmethod
    def resolve_facts(obj) -> list:
        return list(obj.facts.all())


class ProgrammeStepOut(Schema):
    id: int
    position: int
    title: str
    description: str
    result: str
    substeps: list[str]
    has_gate: bool
    status: str
    started_on: dt.date | None
    closed_on: dt.date | None
    override_reason: str
    decision: DecisionOut | None
    version: int

    @staticmethod
    def resolve_decision(obj):
        return getattr(obj, "decision", None)


class FactIn(BodySchema):
    statement: NonBlank
    kind: one_of(Fact.Kind)  # type: ignore[valid-type]
    source: str = ""


class DecisionIn(BodySchema):
    version: int = VERSION
    outcome: one_of(Decision.Outcome)  # type: ignore[valid-type]
    rationale: NonBlank
    body: one_of(Decision.Body)  # type: ignore[valid-type]
    decided_on: IsoDate
    meeting_id: ObjectId | None = None
    facts: list[FactIn] = Field(..., min_length=1)


class StartIn(BodySchema):
    version: int = VERSION
    override_reason: str = ""


class ActionOut(Schema):
    id: int
    title: str
    owner_organisation_id: int
    owner_role: str
    due_date: dt.date | None
    status: str
    result: str
    origin: str
    step_id: int | None
    meeting_decision_id: int | None
    barrier_id: int | None
    overdue: bool = Field(..., alias="is_overdue")
    version: int


class ActionIn(BodySchema):
    title: Annotated[str, Field(min_length=1, max_length=300, pattern=r"[^\s]")]
    owner_organisation_id: ObjectId | None = None
    owner_role: Annotated[str, Field(max_length=120)] = ""
    due_date: IsoDate | None = None
    barrier_id: ObjectId | None = None


class ActionPatch(BodySchema):
    version: int = VERSION
    title: Annotated[str, Field(min_length=1, max_length=300)] | Omit = None
    owner_role: Annotated[str, Field(max_length=120)] | Omit = None
    due_date: IsoDate | None = None
    status: one_of(Action.Status) | Omit = None  # type: ignore[valid-type]
    result: str | Omit = None


class MinutesOut(Schema):
    number: int
    text: str
    status: str
    amendment_reason: str
    approved_at: dt.datetime | None


class ProgrammeMeetingOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: dt.datetime
    duration_minutes: int
    location: str
    agenda: str
    participant_ids: list[int]
    decisions: list[str]
    minutes: list[MinutesOut]
    version: int

    @staticmethod
    def resolve_participant_ids(obj) -> list[int]:
        return sorted(o.pk for o in obj.participants.all())

    @staticmethod
    def resolve_decisions(obj) -> list[str]:
        return [d.text for d in obj.decisions.all()]

    @staticmethod
    def resolve_minutes(obj) -> list:
        return list(obj.minutes.order_by("number"))


class ProgrammeMeetingIn(BodySchema):
    kind: one_of(Meeting.Kind)  # type: ignore[valid-type]
    title: Annotated[str, Field(min_length=1, max_length=200, pattern=r"[^\s]")]
    starts_at: IsoDateTime
    duration_minutes: int = Field(90, ge=5, le=1440)
    location: Annotated[str, Field(max_length=200)] = ""
    agenda: str = ""
    participant_ids: list[ObjectId] = []


class MinutesIn(BodySchema):
    version: int = VERSION
    text: NonBlank
    confidential_text: str = ""


class VersionIn(BodySchema):
    version: int = VERSION


class AmendIn(BodySchema):
    version: int = VERSION
    reason: NonBlank


class MeetingDecisionIn(BodySchema):
    text: Annotated[str, Field(min_length=1, max_length=400, pattern=r"[^\s]")]
    action_owner_id: ObjectId | None = None
    action_due: IsoDate | None = None


class PointOut(Schema):
    year: int
    value: float | None
    text: str
    suppressed: bool
    source: str


class ProgrammeIndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    area_code: str
    wijkbeeld_indicator_code: str | None
    points: list[PointOut]
    version: int

    @staticmethod
    def resolve_points(obj) -> list[dict]:
        return reporting.indicator_series(obj)

    @staticmethod
    def resolve_wijkbeeld_indicator_code(obj) -> str | None:
        return obj.wijkbeeld_indicator.code if obj.wijkbeeld_indicator_id else None


class IndicatorIn(BodySchema):
    name: Annotated[str, Field(min_length=1, max_length=200, pattern=r"[^\s]")]
    unit: Annotated[str, Field(max_length=60)] = ""
    baseline: float | None = None
    baseline_year: int | None = Field(None, ge=1900, le=2200)
    target: float | None = None
    target_year: int | None = Field(None, ge=1900, le=2200)
    area_code: Annotated[str, Field(max_length=10)] = ""
    wijkbeeld_indicator_code: Annotated[str, Field(max_length=80)] | None = None


class MeasurementIn(BodySchema):
    version: int = VERSION
    year: int = Field(..., ge=1900, le=2200)
    value: float
    source: NonBlank


class ReportOut(Schema):
    id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    risks: str
    next_steps: str
    status: str
    published_at: dt.datetime | None
    snapshot_hash: str
    version: int


class ReportIn(BodySchema):
    title: Annotated[str, Field(min_length=1, max_length=200, pattern=r"[^\s]")]
    period_start: IsoDate
    period_end: IsoDate
    risks: str = ""
    next_steps: str = ""


class ReportPatch(BodySchema):
    version: int = VERSION
    title: Annotated[str, Field(min_length=1, max_length=200)] | Omit = None
    period_start: IsoDate | Omit = None
    period_end: IsoDate | Omit = None
    risks: str | Omit = None
    next_steps: str | Omit = None


ReportFormat = Literal["pdf", "docx"]
