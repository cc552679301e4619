"""Models from the JSON exchange format: an uploaded file, a copy of a national template, and
(re)loading the national templates themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.barriers import interchange
from wijkkompas.barriers.models import BarrierModel
from wijkkompas.barriers.services._common import log

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates_data"


def _import(
    *,
    actor: Any,
    tenant: Tenant,
    data: Any,
    based_on: BarrierModel | None,
    source: str,
) -> BarrierModel:
    model = interchange.import_data(data, tenant=tenant)
    if based_on is not None:
        model.based_on = based_on
        model.save(update_fields=["based_on"])
    what = f"sjabloon '{based_on.title}'" if based_on else (source or "JSON-bestand")
    log(actor, "model_imported", model, f"Model '{model.title}' gemaakt uit {what}")
    return model


@transaction.atomic
def import_model(*, actor: Any, tenant: Tenant, data: Any, source: str = "") -> BarrierModel:
    """Build a model from the JSON exchange format; refuses (ImportRefused) a bad file and changes nothing."""
    policy.require(actor, "create", "barrier_model", BarrierModel(tenant=tenant))
    return _import(actor=actor, tenant=tenant, data=data, based_on=None, source=source)


@transaction.atomic
def instantiate_template(*, actor: Any, template: BarrierModel, tenant: Tenant) -> BarrierModel:
    """Copy a national template into a tenant in one action, as a starting point for a local session."""
    policy.require(actor, "create", "barrier_model", BarrierModel(tenant=tenant))
    if not template.is_template or template.parent_step_id is not None:
        raise ValidationError(
            {
                "template_id": "Alleen een landelijk sjabloon op het hoogste niveau kan worden "
                "gekopieerd; dit is een deelmodel. Kopieer het sjabloon waar het bij hoort."
            }
        )
    data = interchange.export_data(template)
    data["model"]["status"] = BarrierModel.Status.CONCEPT
    data["model"]["scope"] = BarrierModel.Scope.LOKAAL
    data["model"]["title"] = data["model"]["title"].removesuffix(" (sjabloon)")
    return _import(actor=actor, tenant=tenant, data=data, based_on=template, source="")


@transaction.atomic
def load_templates(*, actor: Any = policy.SYSTEM, stdout: Any = None) -> list[BarrierModel]:
    """(Re)load the national templates from templates_data/*.json through the importer.

    Idempotent: a template whose file has not changed is left alone; a changed file replaces it
    (tenant copies keep their content, their ``based_on`` link is re-pointed)."""
    loaded = []
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        key = path.stem
        data = interchange.parse_json(path.read_bytes())
        existing = BarrierModel.objects.filter(
            tenant=None, template_key=key, parent_step=None
        ).first()
        if (
            existing is not None
            and interchange.export_data(existing)["model"] == _normalised(data)["model"]
        ):
            loaded.append(existing)
            continue
        model = interchange.import_data(data, tenant=None)
        if existing is not None:
            BarrierModel.objects.filter(based_on=existing).update(based_on=model)
            existing.delete()
        model.template_key = key
        model.save(update_fields=["template_key"])
        log(
            actor,
            "template_loaded",
            model,
            f"Landelijk sjabloon '{model.title}' geladen uit {path.name}",
        )
        loaded.append(model)
        if stdout:
            stdout.write(f"Sjabloon geladen: {model.title}")
    return loaded


class _Rollback(Exception):
    pass


def _normalised(data: dict) -> dict:
    """What ``export_data`` would produce for ``data`` (refs renumbered, elements grouped by kind),
    computed by a throw-away import that is rolled back."""
    result: dict = {}
    try:
        with transaction.atomic():
            result = interchange.export_data(interchange.import_data(data, tenant=None))
            raise _Rollback
    except _Rollback:
        pass
    return result
