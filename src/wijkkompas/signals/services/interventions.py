"""Interventions on a case (care, prevention, administrative, repressive) and their progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.core.records import author_of
from wijkkompas.core.versioning import save_versioned
from wijkkompas.signals.models import Case, Intervention
from wijkkompas.signals.services.common import require_party_org


@transaction.atomic
def create_intervention(
    *,
    actor: Any,
    case: Case,
    kind: str,
    title: str,
    owner: Organisation | None,
    description: str = "",
    due_date: date | None = None,
) -> Intervention:
    policy.require(
        actor, "create", "intervention", Intervention(tenant_id=case.tenant_id, case=case)
    )
    errors = {}
    if kind not in Intervention.Kind.values:
        errors["kind"] = "Kies het soort interventie: zorg, preventie, bestuurlijk of repressief."
    if not (title or "").strip():
        errors["title"] = "Beschrijf de interventie kort."
    if errors:
        raise ValidationError(errors)
    owner = require_party_org(case.tenant_id, owner, "owner", "eigenaar")
    intervention = Intervention.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        kind=kind,
        title=title.strip()[:200],
        description=(description or "").strip(),
        owner=owner,
        due_date=due_date,
        author=author_of(actor),
    )
    audit.record(
        actor=actor,
        action="intervention_created",
        obj=intervention,
        object_type="intervention",
        detail={"case": case.pk},
    )
    return intervention


@transaction.atomic
def update_intervention(
    *,
    actor: Any,
    intervention: Intervention,
    version: int | None,
    status: str,
    result: str,
    due_date: date | None,
) -> Intervention:
    policy.require(actor, "edit", "intervention", intervention)
    if status not in Intervention.Status.values:
        raise ValidationError({"status": "Kies een status."})
    if status == Intervention.Status.DONE and not (result or "").strip():
        raise ValidationError(
            {"result": "Beschrijf het resultaat voordat u de interventie afrondt."}
        )
    intervention.status, intervention.result, intervention.due_date = (
        status,
        (result or "").strip(),
        due_date,
    )
    save_versioned(intervention, version, ["status", "result", "due_date"])
    audit.record(
        actor=actor,
        action="intervention_edited",
        obj=intervention,
        object_type="intervention",
        detail={"status": status},
    )
    return intervention
