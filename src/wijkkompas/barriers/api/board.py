"""/barrier-models/{model_id}/steps, /elements and /sessions: the contents of one model."""

from ninja import Router, Status
from ninja.pagination import paginate

from wijkkompas.barriers import selectors, services
from wijkkompas.barriers.api import _inputs
from wijkkompas.barriers.api.schemas import (
    ElementIn,
    ElementOut,
    ElementPatch,
    Kind,
    MoveIn,
    SessionIn,
    SessionOut,
    SessionPatch,
    StepIn,
    StepMoveIn,
    StepOut,
    StepPatch,
)
from wijkkompas.core.api_support import LinkPagination

router = Router()


def _in_model(request, model_id: int, get, action: str, pk: int):
    """An object of the model ``model_id`` for ``action`` (404 outside the user's view)."""
    model = selectors.get_model(request.auth, "view", model_id)
    return model, get(request.auth, action, pk, model=model)


# --- steps ---------------------------------------------------------------------------------


@router.get(
    "/barrier-models/{model_id}/steps",
    response=list[StepOut],
    operation_id="list_barrier_steps",
    summary="Stappen van een model, van links naar rechts",
)
@paginate(LinkPagination)
def list_steps(request, model_id: int):
    return selectors.steps_of(selectors.get_model(request.auth, "view", model_id))


@router.post(
    "/barrier-models/{model_id}/steps",
    response={201: StepOut},
    operation_id="create_barrier_step",
    summary="Stap toevoegen (achteraan)",
)
def create_step(request, model_id: int, payload: StepIn):
    model = selectors.get_model(request.auth, "edit", model_id)
    return Status(201, services.add_step(actor=request.auth, model=model, **payload.dict()))


@router.patch(
    "/barrier-models/{model_id}/steps/{step_id}",
    response=StepOut,
    operation_id="update_barrier_step",
    summary="Stap wijzigen (met versie)",
)
def update_step(request, model_id: int, step_id: int, payload: StepPatch):
    _, step = _in_model(request, model_id, selectors.get_step, "edit", step_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.update_step(actor=request.auth, step=step, version=version, **data)


@router.post(
    "/barrier-models/{model_id}/steps/{step_id}/move",
    response=StepOut,
    operation_id="move_barrier_step",
    summary="Stap een plaats naar links of rechts",
)
def move_step(request, model_id: int, step_id: int, payload: StepMoveIn):
    _, step = _in_model(request, model_id, selectors.get_step, "edit", step_id)
    return services.move_step(actor=request.auth, step=step, direction=payload.direction)


@router.delete(
    "/barrier-models/{model_id}/steps/{step_id}",
    response={204: None},
    operation_id="delete_barrier_step",
    summary="Stap met haar elementen verwijderen (met versie)",
)
def delete_step(request, model_id: int, step_id: int, version: int):
    _, step = _in_model(request, model_id, selectors.get_step, "delete", step_id)
    services.delete_step(actor=request.auth, step=step, version=version)
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
    return selectors.elements_of(model, kind=kind, step_id=step_id)


@router.post(
    "/barrier-models/{model_id}/elements",
    response={201: ElementOut},
    operation_id="create_barrier_element",
    summary="Element toevoegen aan een cel (stap × soort)",
)
def create_element(request, model_id: int, payload: ElementIn):
    data = payload.dict()
    model, step = _in_model(request, model_id, selectors.get_step, "edit", data.pop("step_id"))
    fields = _inputs.element_fields(model, data)
    kind, text = fields.pop("kind"), fields.pop("text")
    return Status(
        201,
        services.add_element(actor=request.auth, step=step, kind=kind, text=text, **fields),
    )


@router.get(
    "/barrier-models/{model_id}/elements/{element_id}",
    response=ElementOut,
    operation_id="get_barrier_element",
    summary="Eén element",
)
def get_element(request, model_id: int, element_id: int):
    return _in_model(request, model_id, selectors.get_element, "view", element_id)[1]


@router.patch(
    "/barrier-models/{model_id}/elements/{element_id}",
    response=ElementOut,
    operation_id="update_barrier_element",
    summary="Element wijzigen (met versie)",
)
def update_element(request, model_id: int, element_id: int, payload: ElementPatch):
    model, element = _in_model(request, model_id, selectors.get_element, "edit", element_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.update_element(
        actor=request.auth,
        element=element,
        version=version,
        **_inputs.element_fields(model, data),
    )


@router.post(
    "/barrier-models/{model_id}/elements/{element_id}/move",
    response=ElementOut,
    operation_id="move_barrier_element",
    summary="Element verplaatsen binnen de cel of naar een andere stap",
)
def move_element(request, model_id: int, element_id: int, payload: MoveIn):
    _, element = _in_model(request, model_id, selectors.get_element, "edit", element_id)
    return services.move_element(actor=request.auth, element=element, direction=payload.direction)


@router.delete(
    "/barrier-models/{model_id}/elements/{element_id}",
    response={204: None},
    operation_id="delete_barrier_element",
    summary="Element verwijderen (met versie)",
)
def delete_element(request, model_id: int, element_id: int, version: int):
    _, element = _in_model(request, model_id, selectors.get_element, "delete", element_id)
    services.delete_element(actor=request.auth, element=element, version=version)
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
    return selectors.sessions_of(selectors.get_model(request.auth, "view", model_id))


@router.post(
    "/barrier-models/{model_id}/sessions",
    response={201: SessionOut},
    operation_id="create_barrier_session",
    summary="Expertsessie vastleggen",
)
def create_session(request, model_id: int, payload: SessionIn):
    model = selectors.get_model(request.auth, "edit", model_id)
    data = payload.dict()
    participants = _inputs.participants(model, data.pop("participant_ids"))
    return Status(
        201,
        services.create_session(actor=request.auth, model=model, participants=participants, **data),
    )


@router.get(
    "/barrier-models/{model_id}/sessions/{session_id}",
    response=SessionOut,
    operation_id="get_barrier_session",
    summary="Eén expertsessie",
)
def get_session(request, model_id: int, session_id: int):
    return _in_model(request, model_id, selectors.get_session, "view", session_id)[1]


@router.patch(
    "/barrier-models/{model_id}/sessions/{session_id}",
    response=SessionOut,
    operation_id="update_barrier_session",
    summary="Expertsessie wijzigen (met versie)",
)
def update_session(request, model_id: int, session_id: int, payload: SessionPatch):
    model, session = _in_model(request, model_id, selectors.get_session, "edit", session_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    participants = None
    if "participant_ids" in data:
        participants = _inputs.participants(model, data.pop("participant_ids"))
    return services.update_session(
        actor=request.auth,
        session=session,
        version=version,
        participants=participants,
        **data,
    )


@router.delete(
    "/barrier-models/{model_id}/sessions/{session_id}",
    response={204: None},
    operation_id="delete_barrier_session",
    summary="Expertsessie verwijderen (met versie)",
)
def delete_session(request, model_id: int, session_id: int, version: int):
    _, session = _in_model(request, model_id, selectors.get_session, "delete", session_id)
    services.delete_session(actor=request.auth, session=session, version=version)
    return Status(204, None)
