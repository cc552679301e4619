"""Request and response schemas of the barrier-model API. Responses are built by ninja from the
model objects; inputs name organisations, targets and sessions by id."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic.json_schema import SkipJsonSchema

from wijkkompas.barriers.models import Session
from wijkkompas.core.api_support import BodySchema, IsoDate, ObjectId

# A PATCH field that may be left out but not sent as null (the column cannot be empty): the
# document shows no null, the service refuses one with a 422.
Omit = SkipJsonSchema[None]

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


class ModelIn(BodySchema):
    title: str = Field(..., min_length=1, max_length=200)
    phenomenon: str = Field(..., min_length=1, max_length=200)
    scope: Scope = "lokaal"
    status: ModelStatus = "concept"
    description: str = ""
    owner_id: ObjectId | None = None


class ModelPatch(BodySchema):
    version: int = Field(..., description="De versie die u las (optimistische vergrendeling)")
    title: Annotated[str, Field(min_length=1, max_length=200)] | Omit = None
    phenomenon: Annotated[str, Field(min_length=1, max_length=200)] | Omit = None
    scope: Scope | Omit = None
    status: ModelStatus | Omit = None
    description: str | Omit = None
    owner_id: ObjectId | None = None


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


class StepIn(BodySchema):
    title: str = Field(..., min_length=1, max_length=120)
    description: str = ""


class StepPatch(BodySchema):
    version: int
    title: Annotated[str, Field(min_length=1, max_length=120)] | Omit = None
    description: str | Omit = None


class MoveIn(BodySchema):
    direction: Literal["up", "down", "left", "right"] = Field(
        ..., description="up/down binnen de cel; left/right naar de vorige/volgende stap"
    )


class StepMoveIn(BodySchema):
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


class ElementIn(BodySchema):
    step_id: ObjectId
    kind: Kind
    text: str = Field(..., min_length=1, max_length=300)
    awareness: Awareness = ""
    owner_id: ObjectId | None = None
    partner_hint: str = ""
    status: BarrierStatus = ""
    due_date: IsoDate | None = None
    expected_effect: str = ""
    notes: str = ""
    target_id: ObjectId | None = None
    session_id: ObjectId | None = None


class ElementPatch(BodySchema):
    version: int
    text: Annotated[str, Field(min_length=1, max_length=300)] | Omit = None
    awareness: Awareness | Omit = None
    owner_id: ObjectId | None = None
    partner_hint: str | Omit = None
    status: BarrierStatus | Omit = None
    due_date: IsoDate | None = None
    expected_effect: str | Omit = None
    notes: str | Omit = None
    target_id: ObjectId | None = None
    session_id: ObjectId | None = None


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


class SessionIn(BodySchema):
    held_on: IsoDate
    title: str = Field(..., min_length=1, max_length=200)
    notes: str = ""
    participant_ids: list[ObjectId] = []


class SessionPatch(BodySchema):
    version: int
    held_on: IsoDate | Omit = None
    title: Annotated[str, Field(min_length=1, max_length=200)] | Omit = None
    notes: str | Omit = None
    participant_ids: list[ObjectId] | None = None
