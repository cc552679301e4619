"""Ids in a request resolved to objects of the model's tenant; an unknown id is invalid input
(422 through the core handler), not a 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from wijkkompas.accounts.models import Organisation
from wijkkompas.barriers.models import BarrierModel, Element, Session


def organisation(model: BarrierModel, pk: int | None, field: str) -> Organisation | None:
    if pk is None:
        return None
    org = Organisation.objects.filter(pk=pk, tenant_id=model.tenant_id).first()
    if org is None:
        raise ValidationError({field: f"Organisatie {pk} bestaat niet in deze gemeente."})
    return org


def element_fields(model: BarrierModel, data: dict[str, Any]) -> dict[str, Any]:
    """The element fields of a request with ``owner_id``, ``target_id`` and ``session_id`` as
    objects (only those the request names)."""
    out = dict(data)
    if "owner_id" in out:
        out["owner"] = organisation(model, out.pop("owner_id"), "owner_id")
    if "target_id" in out:
        pk = out.pop("target_id")
        out["target"] = None
        if pk is not None:
            out["target"] = Element.objects.filter(pk=pk, step__model=model).first()
            if out["target"] is None:
                raise ValidationError({"target_id": f"Element {pk} staat niet in dit model."})
    if "session_id" in out:
        pk = out.pop("session_id")
        out["session"] = None
        if pk is not None:
            out["session"] = Session.objects.filter(pk=pk, model=model).first()
            if out["session"] is None:
                raise ValidationError({"session_id": f"Sessie {pk} hoort niet bij dit model."})
    return out


def participants(model: BarrierModel, ids: list[int] | None) -> list[Organisation]:
    return [organisation(model, pk, "participant_ids") for pk in ids or []]
