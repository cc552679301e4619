"""Request and response schemas of the barrier-model API. Responses are built by ninja from the
model objects; inputs name organisations, targets and sessions by id."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from wijkkompas.barriers.models import Session

Scope = Literal["lokaal", "regionaal", "landelijk"]
ModelStatus = Literal["concept", "in_ontwikkeling", "vastgesteld", "in_uitvoering", "gearchiveerd"]
Kind = Literal["gelegenheid", "signaal", "faciliteerder", "barriere"]
Awareness = Literal["", "bewust", "onbewust"]
BarrierStatus = Literal["", "idee", "gepland", "in_uitvoering", "gerealiseerd", "gestopt"]


class ModelOut(Schema):
    id: int
    title: str
    phenomenon: str
    scope: str
    status: str
    description: str
    owner_id: int | None
    parent_step_id: int | None
    based_on_id: int | None
    is_template: bool
    version: int


class ModelIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    phenomenon: str = Field(..., min_length=1, max_length=200)
    scope: Scope = "lokaal"
    status: ModelStatus = "concept"
    description: str = ""
    owner_id: int | None = None


class ModelPatch(Schema):
    version: int = Field(..., description="De versie die u las (optimistische vergrendeling)")
    title: str | None = Field(None, min_length=1, max_length=200)
    phenomenon: str | None = Field(None, min_length=1, max_length=200)
    scope: Scope | None = None
    status: ModelStatus | None = None
    description: str | None = None
    owner_id: int | None = None


class StepOut(Schema):
    id: int
    model_id: int
    position: int
    title: str
    description: str
    submodel_ids: list[int] = Field(..., description="Submodellen die deze stap verdiepen")
    version: int

    @staticmethod
    def resolve_submodel_ids(obj) -> list[int]:
        return sorted(m.pk for m in obj.submodels.all())


class StepIn(Schema):
    title: str = Field(..., min_length=1, max_length=120)
    description: str = ""


class StepPatch(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = None


class MoveIn(Schema):
    direction: Literal["up", "down", "left", "right"] = Field(
        ..., description="up/down binnen de cel; left/right naar de vorige/volgende stap"
    )


class StepMoveIn(Schema):
    direction: Literal["left", "right"]


class ElementOut(Schema):
    id: int
    step_id: int
    kind: str
    position: int
    text: str
    awareness: str
    owner_id: int | None
    partner_hint: str
    status: str
    due_date: dt.date | None
    expected_effect: str
    notes: str
    target_id: int | None
    session_id: int | None
    version: int


class ElementIn(Schema):
    step_id: int
    kind: Kind
    text: str = Field(..., min_length=1, max_length=300)
    awareness: Awareness = ""
    owner_id: int | None = None
    partner_hint: str = ""
    status: BarrierStatus = ""
    due_date: dt.date | None = None
    expected_effect: str = ""
    notes: str = ""
    target_id: int | None = None
    session_id: int | None = None


class ElementPatch(Schema):
    version: int
    text: str | None = Field(None, min_length=1, max_length=300)
    awareness: Awareness | None = None
    owner_id: int | None = None
    partner_hint: str | None = None
    status: BarrierStatus | None = None
    due_date: dt.date | None = None
    expected_effect: str | None = None
    notes: str | None = None
    target_id: int | None = None
    session_id: int | None = None


class SessionOut(Schema):
    id: int
    model_id: int
    held_on: dt.date
    title: str
    notes: str
    participant_ids: list[int]
    element_ids: list[int]
    version: int

    @staticmethod
    def resolve_participant_ids(obj: Session) -> list[int]:
        return sorted(o.pk for o in obj.participants.all())

    @staticmethod
    def resolve_element_ids(obj: Session) -> list[int]:
        return sorted(e.pk for e in obj.elements.all())


class SessionIn(Schema):
    held_on: dt.date
    title: str = Field(..., min_length=1, max_length=200)
    notes: str = ""
    participant_ids: list[int] = []


class SessionPatch(Schema):
    version: int
    held_on: dt.date | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    notes: str | None = None
    participant_ids: list[int] | None = None
