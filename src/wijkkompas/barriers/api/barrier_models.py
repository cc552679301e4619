"""/barrier-models: the models themselves, the national templates, import and the outputs."""

from typing import Literal

from django.http import HttpResponse
from ninja import Status

from wijkkompas.accounts import policy
from wijkkompas.barriers import interchange, poster, selectors, services
from wijkkompas.barriers.api import _inputs
from wijkkompas.barriers.api.schemas import ModelIn, ModelOut, ModelPatch
from wijkkompas.barriers.models import BarrierModel
from wijkkompas.core.api_support import ApiRouter, problem

router = ApiRouter()


@router.paged("/barrier-models", ModelOut, summary="Barrièremodellen van de eigen gemeente")
def list_barrier_models(request):
    return selectors.models_visible_to(request.auth).order_by("title", "id")


@router.created("/barrier-models", ModelOut, summary="Nieuw barrièremodel")
def create_barrier_model(request, payload: ModelIn):
    user = request.auth
    # Asked before the owner is looked up, so a reader hears 403 rather than about the owner.
    policy.require(user, "create", "barrier_model")
    data = payload.dict()
    owner = _inputs.organisation(BarrierModel(tenant=user.tenant), data.pop("owner_id"), "owner_id")
    return services.create_model(actor=user, tenant=user.tenant, owner=owner, **data)


@router.paged(
    "/barrier-models/templates",
    ModelOut,
    summary="Landelijke sjablonen (startpunt voor een lokale sessie)",
)
def list_barrier_templates(request):
    return selectors.templates_visible_to(request.auth).order_by("title", "id")


@router.created(
    "/barrier-models/templates/{template_id}/instantiate",
    ModelOut,
    summary="Sjabloon kopiëren naar de eigen gemeente",
)
def instantiate_barrier_template(request, template_id: int):
    user = request.auth
    template = selectors.get_template(user, template_id)
    return services.instantiate_template(actor=user, template=template, tenant=user.tenant)


@router.post(
    "/barrier-models/import",
    response={201: ModelOut},
    summary="Model inlezen uit het JSON-uitwisselformaat (alles of niets)",
)
def import_barrier_model(request):
    user = request.auth
    # Asked before the file is read: a refused file must not tell a reader more than 403.
    policy.require(user, "create", "barrier_model")
    try:
        data = interchange.parse_json(request.body)
        model = services.import_model(actor=user, tenant=user.tenant, data=data, source="API")
    except interchange.ImportRefused as exc:
        # Its own list (a path in the file, not a request field), in the one entry shape.
        return problem(
            request,
            400,
            "Bestand geweigerd",
            "Het bestand is niet ingelezen; er is niets gewijzigd.",
            invalid_params=[
                {
                    "loc": [e.split(":", 1)[0]],
                    "msg": e.split(":", 1)[-1].strip(),
                    "type": "value_error",
                }
                for e in exc.errors
            ],
        )
    return Status(201, model)


@router.get(
    "/barrier-models/{model_id}", response=ModelOut, summary="Eén barrièremodel (ook een submodel)"
)
def get_barrier_model(request, model_id: int):
    return selectors.get_model(request.auth, "view", model_id)


@router.patch(
    "/barrier-models/{model_id}", response=ModelOut, summary="Model wijzigen (met versie)"
)
def update_barrier_model(request, model_id: int, payload: ModelPatch):
    model = selectors.get_model(request.auth, "edit", model_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "owner_id" in data:
        data["owner"] = _inputs.organisation(model, data.pop("owner_id"), "owner_id")
    return services.update_model(actor=request.auth, model=model, version=version, **data)


@router.delete(
    "/barrier-models/{model_id}", response={204: None}, summary="Model verwijderen (met versie)"
)
def delete_barrier_model(request, model_id: int, version: int):
    model = selectors.get_model(request.auth, "delete", model_id)
    services.delete_model(actor=request.auth, model=model, version=version)
    return Status(204, None)


@router.get(
    "/barrier-models/{model_id}/export",
    summary="Model als JSON (uitwisselformaat, terug in te lezen)",
)
def export_barrier_model(request, model_id: int):
    return interchange.export_data(selectors.get_model_to_export(request.auth, model_id, "json"))


@router.get("/barrier-models/{model_id}/poster", summary="Poster als PDF (A3 liggend) of SVG")
def barrier_model_poster(request, model_id: int, format: Literal["pdf", "svg"] = "pdf"):
    model = selectors.get_model_to_export(request.auth, model_id, f"poster-{format}")
    if format == "svg":
        return HttpResponse(poster.render_svg(model), content_type="image/svg+xml; charset=utf-8")
    return HttpResponse(poster.render_pdf(model), content_type="application/pdf")
