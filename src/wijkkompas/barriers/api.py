"""API for barrier models under /api/v1/barrier-models/…: thin over the same services and
selectors as the HTML side. Stale writes answer 409 (problem+json with the current version)."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.barriers import interchange, poster, selectors, services
from wijkkompas.barriers.models import BarrierModel, Element, Session
from wijkkompas.core.api_support import LinkPagination, problem

router = Router(tags=["barrièremodellen"])

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


class VersionIn(Schema):
    version: int


# --- helpers -------------------------------------------------------------------------------


def _invalid(request, exc: ValidationError):
    errors = [
        {"loc": [field], "msg": " ".join(msgs), "type": "value_error"}
        for field, msgs in getattr(exc, "message_dict", {"__all__": exc.messages}).items()
    ]
    return problem(
        request, 422, "Ongeldige invoer", "Een of meer velden zijn ongeldig.", invalid_params=errors
    )


def _org(model: BarrierModel, pk: int | None, field: str) -> Organisation | None:
    if pk is None:
        return None
    org = Organisation.objects.filter(pk=pk, tenant_id=model.tenant_id).first()
    if org is None:
        raise ValidationError({field: f"Organisatie {pk} bestaat niet in deze gemeente."})
    return org


def _resolve_element_fields(request, model: BarrierModel, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "owner_id" in out:
        out["owner"] = _org(model, out.pop("owner_id"), "owner_id")
    if "target_id" in out:
        pk = out.pop("target_id")
        out["target"] = None
        if pk is not None:
            target = Element.objects.filter(pk=pk, step__model=model).first()
            if target is None:
                raise ValidationError({"target_id": f"Element {pk} staat niet in dit model."})
            out["target"] = target
    if "session_id" in out:
        pk = out.pop("session_id")
        out["session"] = None
        if pk is not None:
            session = Session.objects.filter(pk=pk, model=model).first()
            if session is None:
                raise ValidationError({"session_id": f"Sessie {pk} hoort niet bij dit model."})
            out["session"] = session
    return out


# --- models --------------------------------------------------------------------------------


@router.get(
    "/barrier-models",
    response=list[ModelOut],
    operation_id="list_barrier_models",
    summary="Barrièremodellen van de eigen gemeente",
)
@paginate(LinkPagination)
def list_models(request):
    return selectors.models_visible_to(request.auth).order_by("title", "id")


@router.post(
    "/barrier-models",
    response={201: ModelOut},
    operation_id="create_barrier_model",
    summary="Nieuw barrièremodel",
)
def create_model(request, payload: ModelIn):
    user = request.auth
    policy.require(user, "create", "barrier_model")
    data = payload.dict()
    try:
        owner = _org(BarrierModel(tenant=user.tenant), data.pop("owner_id"), "owner_id")
        model = services.create_model(
            actor=user, tenant=user.tenant, owner=owner, request=request, **data
        )
    except ValidationError as exc:
        return _invalid(request, exc)
    return Status(201, model)


@router.get(
    "/barrier-models/templates",
    response=list[ModelOut],
    operation_id="list_barrier_templates",
    summary="Landelijke sjablonen (startpunt voor een lokale sessie)",
)
@paginate(LinkPagination)
def list_templates(request):
    return selectors.templates_visible_to(request.auth).order_by("title", "id")


@router.post(
    "/barrier-models/templates/{template_id}/instantiate",
    response={201: ModelOut},
    operation_id="instantiate_barrier_template",
    summary="Sjabloon kopiëren naar de eigen gemeente",
)
def instantiate_template(request, template_id: int):
    user = request.auth
    template = selectors.get_template(user, template_id)
    policy.require(user, "create", "barrier_model")
    return Status(
        201,
        services.instantiate_template(
            actor=user, template=template, tenant=user.tenant, request=request
        ),
    )


@router.post(
    "/barrier-models/import",
    response={201: ModelOut},
    operation_id="import_barrier_model",
    summary="Model inlezen uit het JSON-uitwisselformaat (alles of niets)",
)
def import_model(request):
    user = request.auth
    policy.require(user, "create", "barrier_model")
    try:
        data = interchange.parse_json(request.body)
        model = services.import_model(
            actor=user, tenant=user.tenant, data=data, request=request, source="API"
        )
    except interchange.ImportRefused as exc:
        return problem(
            request,
            400,
            "Bestand geweigerd",
            "Het bestand is niet ingelezen; er is niets gewijzigd.",
            invalid_params=[
                {"loc": [e.split(":", 1)[0]], "msg": e.split(":", 1)[-1].strip()}
                for e in exc.errors
            ],
        )
    return Status(201, model)


@router.get(
    "/barrier-models/{model_id}",
    response=ModelOut,
    operation_id="get_barrier_model",
    summary="Eén barrièremodel (ook een submodel)",
)
def get_model(request, model_id: int):
    return selectors.get_model(request.auth, "view", model_id)


@router.patch(
    "/barrier-models/{model_id}",
    response=ModelOut,
    operation_id="update_barrier_model",
    summary="Model wijzigen (met versie)",
)
def update_model(request, model_id: int, payload: ModelPatch):
    model = selectors.get_model(request.auth, "edit", model_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    try:
        if "owner_id" in data:
            data["owner"] = _org(model, data.pop("owner_id"), "owner_id")
        return services.update_model(
            actor=request.auth, model=model, version=version, request=request, **data
        )
    except ValidationError as exc:
        return _invalid(request, exc)


@router.delete(
    "/barrier-models/{model_id}",
    response={204: None},
    operation_id="delete_barrier_model",
    summary="Model verwijderen (met versie)",
)
def delete_model(request, model_id: int, version: int):
    model = selectors.get_model(request.auth, "delete", model_id)
    services.delete_model(actor=request.auth, model=model, version=version, request=request)
    return Status(204, None)


@router.get(
    "/barrier-models/{model_id}/export",
    operation_id="export_barrier_model",
    summary="Model als JSON (uitwisselformaat, terug in te lezen)",
)
def export_model(request, model_id: int):
    model = selectors.get_model(request.auth, "export", model_id)
    audit.record(
        actor=request.auth,
        action="barriers.exported",
        obj=model,
        request=request,
        detail={"format": "json"},
    )
    return interchange.export_data(model)


@router.get(
    "/barrier-models/{model_id}/poster",
    operation_id="barrier_model_poster",
    summary="Poster als PDF (A3 liggend) of SVG",
)
def poster_file(request, model_id: int, format: Literal["pdf", "svg"] = "pdf"):
    model = selectors.get_model(request.auth, "export", model_id)
    audit.record(
        actor=request.auth,
        action="barriers.exported",
        obj=model,
        request=request,
        detail={"format": f"poster-{format}"},
    )
    if format == "svg":
        return HttpResponse(poster.render_svg(model), content_type="image/svg+xml; charset=utf-8")
    return HttpResponse(poster.render_pdf(model), content_type="application/pdf")


# --- steps ---------------------------------------------------------------------------------


@router.get(
    "/barrier-models/{model_id}/steps",
    response=list[StepOut],
    operation_id="list_barrier_steps",
    summary="Stappen van een model, van links naar rechts",
)
@paginate(LinkPagination)
def list_steps(request, model_id: int):
    model = selectors.get_model(request.auth, "view", model_id)
    return model.steps.prefetch_related("submodels").order_by("position", "id")


@router.post(
    "/barrier-models/{model_id}/steps",
    response={201: StepOut},
    operation_id="create_barrier_step",
    summary="Stap toevoegen (achteraan)",
)
def create_step(request, model_id: int, payload: StepIn):
    model = selectors.get_model(request.auth, "edit", model_id)
    return Status(
        201, services.add_step(actor=request.auth, model=model, request=request, **payload.dict())
    )


@router.patch(
    "/barrier-models/{model_id}/steps/{step_id}",
    response=StepOut,
    operation_id="update_barrier_step",
    summary="Stap wijzigen (met versie)",
)
def update_step(request, model_id: int, step_id: int, payload: StepPatch):
    model = selectors.get_model(request.auth, "view", model_id)
    step = selectors.get_step(request.auth, "edit", step_id, model=model)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.update_step(
        actor=request.auth, step=step, version=version, request=request, **data
    )


@router.post(
    "/barrier-models/{model_id}/steps/{step_id}/move",
    response=StepOut,
    operation_id="move_barrier_step",
    summary="Stap een plaats naar links of rechts",
)
def move_step(request, model_id: int, step_id: int, payload: StepMoveIn):
    model = selectors.get_model(request.auth, "view", model_id)
    step = selectors.get_step(request.auth, "edit", step_id, model=model)
    return services.move_step(
        actor=request.auth, step=step, direction=payload.direction, request=request
    )


@router.delete(
    "/barrier-models/{model_id}/steps/{step_id}",
    response={204: None},
    operation_id="delete_barrier_step",
    summary="Stap met haar elementen verwijderen (met versie)",
)
def delete_step(request, model_id: int, step_id: int, version: int):
    model = selectors.get_model(request.auth, "view", model_id)
    step = selectors.get_step(request.auth, "delete", step_id, model=model)
    services.delete_step(actor=request.auth, step=step, version=version, request=request)
    return Status(204, None)


# --- elements ------------------------------------------------------------------------------


@router.get(
    "/barrier-models/{model_id}/elements",
    response=list[ElementOut],
    operation_id="list_barrier_elements",
    summary="Gelegenheden, signalen, faciliteerders en barrières van een model",
)
@paginate(LinkPagination)
def list_elements(request, model_id: int, kind: Kind | None = None, step_id: int | None = None):
    model = selectors.get_model(request.auth, "view", model_id)
    qs = Element.objects.filter(step__model=model).order_by(
        "step__position", "kind", "position", "id"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if step_id:
        qs = qs.filter(step_id=step_id)
    return qs


@router.post(
    "/barrier-models/{model_id}/elements",
    response={201: ElementOut},
    operation_id="create_barrier_element",
    summary="Element toevoegen aan een cel (stap × soort)",
)
def create_element(request, model_id: int, payload: ElementIn):
    model = selectors.get_model(request.auth, "view", model_id)
    data = payload.dict()
    step = selectors.get_step(request.auth, "edit", data.pop("step_id"), model=model)
    try:
        fields = _resolve_element_fields(request, model, data)
        kind, text = fields.pop("kind"), fields.pop("text")
        return Status(
            201,
            services.add_element(
                actor=request.auth, step=step, kind=kind, text=text, request=request, **fields
            ),
        )
    except ValidationError as exc:
        return _invalid(request, exc)


@router.get(
    "/barrier-models/{model_id}/elements/{element_id}",
    response=ElementOut,
    operation_id="get_barrier_element",
    summary="Eén element",
)
def get_element(request, model_id: int, element_id: int):
    model = selectors.get_model(request.auth, "view", model_id)
    return selectors.get_element(request.auth, "view", element_id, model=model)


@router.patch(
    "/barrier-models/{model_id}/elements/{element_id}",
    response=ElementOut,
    operation_id="update_barrier_element",
    summary="Element wijzigen (met versie)",
)
def update_element(request, model_id: int, element_id: int, payload: ElementPatch):
    model = selectors.get_model(request.auth, "view", model_id)
    element = selectors.get_element(request.auth, "edit", element_id, model=model)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    try:
        fields = _resolve_element_fields(request, model, data)
        return services.update_element(
            actor=request.auth, element=element, version=version, request=request, **fields
        )
    except ValidationError as exc:
        return _invalid(request, exc)


@router.post(
    "/barrier-models/{model_id}/elements/{element_id}/move",
    response=ElementOut,
    operation_id="move_barrier_element",
    summary="Element verplaatsen binnen de cel of naar een andere stap",
)
def move_element(request, model_id: int, element_id: int, payload: MoveIn):
    model = selectors.get_model(request.auth, "view", model_id)
    element = selectors.get_element(request.auth, "edit", element_id, model=model)
    return services.move_element(
        actor=request.auth, element=element, direction=payload.direction, request=request
    )


@router.delete(
    "/barrier-models/{model_id}/elements/{element_id}",
    response={204: None},
    operation_id="delete_barrier_element",
    summary="Element verwijderen (met versie)",
)
def delete_element(request, model_id: int, element_id: int, version: int):
    model = selectors.get_model(request.auth, "view", model_id)
    element = selectors.get_element(request.auth, "delete", element_id, model=model)
    services.delete_element(actor=request.auth, element=element, version=version, request=request)
    return Status(204, None)


# --- sessions ------------------------------------------------------------------------------


@router.get(
    "/barrier-models/{model_id}/sessions",
    response=list[SessionOut],
    operation_id="list_barrier_sessions",
    summary="Expertsessies van een model",
)
@paginate(LinkPagination)
def list_sessions(request, model_id: int):
    model = selectors.get_model(request.auth, "view", model_id)
    return model.sessions.prefetch_related("participants", "elements").order_by("held_on", "id")


@router.post(
    "/barrier-models/{model_id}/sessions",
    response={201: SessionOut},
    operation_id="create_barrier_session",
    summary="Expertsessie vastleggen",
)
def create_session(request, model_id: int, payload: SessionIn):
    model = selectors.get_model(request.auth, "edit", model_id)
    data = payload.dict()
    try:
        participants = [_org(model, pk, "participant_ids") for pk in data.pop("participant_ids")]
        return Status(
            201,
            services.create_session(
                actor=request.auth, model=model, participants=participants, request=request, **data
            ),
        )
    except ValidationError as exc:
        return _invalid(request, exc)


@router.get(
    "/barrier-models/{model_id}/sessions/{session_id}",
    response=SessionOut,
    operation_id="get_barrier_session",
    summary="Eén expertsessie",
)
def get_session(request, model_id: int, session_id: int):
    model = selectors.get_model(request.auth, "view", model_id)
    return selectors.get_session(request.auth, "view", session_id, model=model)


@router.patch(
    "/barrier-models/{model_id}/sessions/{session_id}",
    response=SessionOut,
    operation_id="update_barrier_session",
    summary="Expertsessie wijzigen (met versie)",
)
def update_session(request, model_id: int, session_id: int, payload: SessionPatch):
    model = selectors.get_model(request.auth, "view", model_id)
    session = selectors.get_session(request.auth, "edit", session_id, model=model)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    try:
        participants = None
        if "participant_ids" in data:
            ids = data.pop("participant_ids") or []
            participants = [_org(model, pk, "participant_ids") for pk in ids]
        return services.update_session(
            actor=request.auth,
            session=session,
            version=version,
            participants=participants,
            request=request,
            **data,
        )
    except ValidationError as exc:
        return _invalid(request, exc)


@router.delete(
    "/barrier-models/{model_id}/sessions/{session_id}",
    response={204: None},
    operation_id="delete_barrier_session",
    summary="Expertsessie verwijderen (met versie)",
)
def delete_session(request, model_id: int, session_id: int, version: int):
    model = selectors.get_model(request.auth, "view", model_id)
    session = selectors.get_session(request.auth, "delete", session_id, model=model)
    services.delete_session(actor=request.auth, session=session, version=version, request=request)
    return Status(204, None)
