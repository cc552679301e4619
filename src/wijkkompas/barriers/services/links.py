"""A barrier model pinned to a themadossier (question 2 or 5), through the dossiers app's own
service, which asks the policy's "pin" action."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.barriers.models import BarrierModel
from wijkkompas.barriers.services._common import log
from wijkkompas.dossiers import services as dossier_services
from wijkkompas.dossiers.models import Dossier, DossierPin

DOSSIER_QUESTIONS = {
    2: "Hoe kom je als gemeente tot een effectieve aanpak?",
    5: "Hoe ziet de lokale aanpak er nu uit?",
}


def link_to_dossier(
    *,
    actor: Any,
    model: BarrierModel,
    dossier: Dossier,
    question_number: int = 2,
    note: str = "",
) -> DossierPin:
    """Pin this model to a themadossier. Re-linking the same model updates the pin."""
    policy.require(actor, "view", "barrier_model", model)
    if dossier.tenant_id != model.tenant_id:
        raise ValidationError({"dossier": "Het themadossier hoort bij een andere gemeente."})
    pin = dossier_services.pin_item(
        actor=actor,
        dossier=dossier,
        question_number=question_number,
        kind="barrier_model",
        title=f"Barrièremodel: {model.title}",
        url=reverse("barriers:detail", args=[model.pk]),
        note=note or model.description[:500],
        reference=f"barriers.model:{model.pk}",
    )
    log(
        actor,
        "linked_to_dossier",
        model,
        f"Gekoppeld aan themadossier '{dossier}' (vraag {question_number})",
    )
    return pin
