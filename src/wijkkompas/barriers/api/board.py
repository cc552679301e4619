"""/barrier-models/{model_id}/steps, /elements and /sessions: the contents of one model.

The three kinds share one set of operations (list, create, read, change, move, delete), so one
builder registers them from a table; what differs per kind is the few lines that turn a request
into a service call (``_add_step``, ``_session_fields`` …)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ninja import Path, Schema, Status
from ninja.pagination import paginate
from ninja.utils import contribute_operation_args

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
from wijkkompas.barriers.models import BarrierModel
from wijkkompas.core.api_support import ApiRouter, LinkPagination, ObjectId

router = ApiRouter()

MODEL = "/barrier-models/{model_id}"


def _in_model(request, model_id: int, get, action: str, pk: int):
    """An object of the model ``model_id`` for ``action`` (404 outside the user's view)."""
    model = selectors.get_model(request.auth, "view", model_id)
    return model, get(request.auth, action, pk, model=model)


def _as_given(model: BarrierModel, data: dict[str, Any]) -> dict[str, Any]:
    return data


@dataclass(frozen=True)
class _Kind:
    """One kind of object inside a model. ``noun`` names the path id (``{noun}_id``), the
    operation ids (``delete_barrier_{noun}``) and the services' keyword (``step=…``)."""

    noun: str
    plural: str
    summaries: dict[str, str]  # per operation; a kind without "get" or "move" has none
    out: type[Schema]
    create_in: type[Schema]
    create: Callable[[Any, int, dict[str, Any]], Any]  # (request, model_id, data) -> new object
    patch_in: type[Schema]
    update: Callable[..., Any]
    get: Callable[..., Any]
    delete: Callable[..., None]
    list_of: Callable[[BarrierModel], Any] | None = None  # None: the kind lists itself
    fields: Callable[[BarrierModel, dict[str, Any]], dict[str, Any]] = _as_given  # patch → kwargs
    move: Callable[..., Any] | None = None
    move_in: type[Schema] | None = None


def _register(kind: _Kind) -> None:
    """Register the operations of ``kind`` (the paths and operation ids of the API contract)."""
    id_name = f"{kind.noun}_id"
    collection = f"{MODEL}/{kind.plural}"
    item = f"{collection}/{{{id_name}}}"
    op = f"barrier_{kind.noun}"

    def with_id(view: Callable[..., Any]) -> Callable[..., Any]:
        """Let ninja pass the path's ``{noun}_id`` to ``view`` among its ``**ids``."""
        contribute_operation_args(view, id_name, int, Path(...))
        return view

    def in_model(request, model_id: int, ids: dict[str, int], action: str):
        return _in_model(request, model_id, kind.get, action, ids[id_name])

    if kind.list_of is not None:

        @router.paged(
            collection, kind.out, operation_id=f"list_{op}s", summary=kind.summaries["list"]
        )
        def list_objects(request, model_id: int):
            return kind.list_of(selectors.get_model(request.auth, "view", model_id))

    @router.post(
        collection,
        response={201: kind.out},
        operation_id=f"create_{op}",
        summary=kind.summaries["create"],
    )
    def create_object(request, model_id: int, payload: kind.create_in):
        return Status(201, kind.create(request, model_id, payload.dict()))

    if "get" in kind.summaries:

        @router.get(
            item, response=kind.out, operation_id=f"get_{op}", summary=kind.summaries["get"]
        )
        @with_id
        def get_object(request, model_id: int, **ids):
            return in_model(request, model_id, ids, "view")[1]

    @router.patch(
        item, response=kind.out, operation_id=f"update_{op}", summary=kind.summaries["update"]
    )
    @with_id
    def update_object(request, model_id: int, payload: kind.patch_in, **ids):
        model, obj = in_model(request, model_id, ids, "edit")
        data = payload.dict(exclude_unset=True)
        version = data.pop("version")
        fields = kind.fields(model, data)
        return kind.update(actor=request.auth, version=version, **{kind.noun: obj}, **fields)

    if kind.move is not None:

        @router.post(
            f"{item}/move",
            response=kind.out,
            operation_id=f"move_{op}",
            summary=kind.summaries["move"],
        )
        @with_id
        def move_object(request, model_id: int, payload: kind.move_in, **ids):
            obj = in_model(request, model_id, ids, "edit")[1]
            return kind.move(actor=request.auth, direction=payload.direction, **{kind.noun: obj})

    @router.delete(
        item, response={204: None}, operation_id=f"delete_{op}", summary=kind.summaries["delete"]
    )
    @with_id
    def delete_object(request, model_id: int, version: int, **ids):
        obj = in_model(request, model_id, ids, "delete")[1]
        kind.delete(actor=request.auth, version=version, **{kind.noun: obj})
        return Status(204, None)


# --- steps ---------------------------------------------------------------------------------


def _add_step(request, model_id: int, data: dict[str, Any]):
    model = selectors.get_model(request.auth, "edit", model_id)
    return services.add_step(actor=request.auth, model=model, **data)


_register(
    _Kind(
        noun="step",
        plural="steps",
        summaries={
            "list": "Stappen van een model, van links naar rechts",
            "create": "Stap toevoegen (achteraan)",
            "update": "Stap wijzigen (met versie)",
            "move": "Stap een plaats naar links of rechts",
            "delete": "Stap met haar elementen verwijderen (met versie)",
        },
        out=StepOut,
        list_of=selectors.steps_of,
        create_in=StepIn,
        create=_add_step,
        patch_in=StepPatch,
        update=services.update_step,
        get=selectors.get_step,
        move_in=StepMoveIn,
        move=services.move_step,
        delete=services.delete_step,
    )
)


# --- elements ------------------------------------------------------------------------------


@router.get(
    f"{MODEL}/elements",
    response=list[ElementOut],
    operation_id="list_barrier_elements",
    summary="Gelegenheden, signalen, faciliteerders en barrières van een model",
)
@paginate(LinkPagination)
def list_elements(
    request, model_id: int, kind: Kind | None = None, step_id: ObjectId | None = None
):
    model = selectors.get_model(request.auth, "view", model_id)
    return selectors.elements_of(model, kind=kind, step_id=step_id)


def _add_element(request, model_id: int, data: dict[str, Any]):
    model, step = _in_model(request, model_id, selectors.get_step, "edit", data.pop("step_id"))
    fields = _inputs.element_fields(model, data)
    kind, text = fields.pop("kind"), fields.pop("text")
    return services.add_element(actor=request.auth, step=step, kind=kind, text=text, **fields)


_register(
    _Kind(
        noun="element",
        plural="elements",
        summaries={
            "create": "Element toevoegen aan een cel (stap × soort)",
            "get": "Eén element",
            "update": "Element wijzigen (met versie)",
            "move": "Element verplaatsen binnen de cel of naar een andere stap",
            "delete": "Element verwijderen (met versie)",
        },
        out=ElementOut,
        create_in=ElementIn,
        create=_add_element,
        patch_in=ElementPatch,
        fields=_inputs.element_fields,
        update=services.update_element,
        get=selectors.get_element,
        move_in=MoveIn,
        move=services.move_element,
        delete=services.delete_element,
    )
)


# --- sessions ------------------------------------------------------------------------------


def _create_session(request, model_id: int, data: dict[str, Any]):
    model = selectors.get_model(request.auth, "edit", model_id)
    participants = _inputs.participants(model, data.pop("participant_ids"))
    return services.create_session(
        actor=request.auth, model=model, participants=participants, **data
    )


def _session_fields(model: BarrierModel, data: dict[str, Any]) -> dict[str, Any]:
    """The change with ``participant_ids`` as organisations (None: the participants stay)."""
    participants = None
    if "participant_ids" in data:
        participants = _inputs.participants(model, data.pop("participant_ids"))
    return {**data, "participants": participants}


_register(
    _Kind(
        noun="session",
        plural="sessions",
        summaries={
            "list": "Expertsessies van een model",
            "create": "Expertsessie vastleggen",
            "get": "Eén expertsessie",
            "update": "Expertsessie wijzigen (met versie)",
            "delete": "Expertsessie verwijderen (met versie)",
        },
        out=SessionOut,
        list_of=selectors.sessions_of,
        create_in=SessionIn,
        create=_create_session,
        patch_in=SessionPatch,
        fields=_session_fields,
        update=services.update_session,
        get=selectors.get_session,
        delete=services.delete_session,
    )
)
