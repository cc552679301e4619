"""Writes on a barrier model itself: create, change, delete, open a sub-model for a step."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.barriers import interchange
from wijkkompas.barriers.models import BarrierModel, Step
from wijkkompas.barriers.services._common import (
    MODEL_FIELDS,
    edit_fields,
    full_clean,
    locked_for_write,
    log,
    snapshot,
)


@transaction.atomic
def create_model(
    *,
    actor: Any,
    tenant: Tenant,
    title: str,
    phenomenon: str,
    scope: str = "lokaal",
    status: str = "concept",
    owner: Organisation | None = None,
    description: str = "",
) -> BarrierModel:
    policy.require(actor, "create", "barrier_model", BarrierModel(tenant=tenant))
    model = BarrierModel(
        tenant=tenant,
        title=title,
        phenomenon=phenomenon,
        scope=scope,
        status=status,
        owner=owner,
        description=description,
    )
    full_clean(model, exclude=["parent_step", "based_on"])
    model.save()
    log(
        actor,
        "model_created",
        model,
        f"Model '{title}' aangemaakt",
        after=snapshot(model, MODEL_FIELDS),
    )
    return model


@transaction.atomic
def update_model(
    *, actor: Any, model: BarrierModel, version: int | None, **changes: Any
) -> BarrierModel:
    current, before = edit_fields(
        actor,
        "barrier_model",
        model,
        version,
        MODEL_FIELDS,
        changes,
        exclude=["parent_step", "based_on", "template_key"],
    )
    log(
        actor,
        "model_updated",
        current,
        f"Model '{current.title}' gewijzigd",
        before=before,
        after=snapshot(current, MODEL_FIELDS),
    )
    return current


@transaction.atomic
def delete_model(*, actor: Any, model: BarrierModel, version: int | None) -> None:
    current = locked_for_write(actor, "delete", "barrier_model", model, version)
    log(
        actor,
        "model_deleted",
        current,
        f"Model '{current.title}' verwijderd",
        before=interchange.export_data(current),
    )
    # Elements of this model targeted from elsewhere are nulled by SET_NULL; owners are PROTECTed, not cascaded.
    current.delete()


@transaction.atomic
def create_submodel(*, actor: Any, step: Step, title: str) -> BarrierModel:
    """Open a sub-model for one step (e.g. katvangers within mobile banditry)."""
    parent = step.model
    policy.require(actor, "edit", "barrier_model", parent)
    sub = BarrierModel.objects.create(
        tenant=parent.tenant,
        parent_step=step,
        title=title,
        phenomenon=parent.phenomenon,
        scope=parent.scope,
        status=BarrierModel.Status.CONCEPT,
        owner=parent.owner,
    )
    log(actor, "submodel_created", sub, f"Submodel '{title}' geopend bij stap '{step.title}'")
    return sub
