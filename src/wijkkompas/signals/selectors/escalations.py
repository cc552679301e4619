"""Escalations as each user may see them: on the case side the regisseur and OOV-adviseur, and the
receiving organisation once approved; the lookups of one with the policy action bound in the name."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from wijkkompas.accounts import policy
from wijkkompas.signals.models import Escalation

_ESCALATIONS = Escalation.objects.select_related("case", "target", "requested_by", "approver")


def escalations_visible_to(user: Any) -> QuerySet[Escalation]:
    return policy.visible(
        user, "list", "escalation", Escalation.objects.select_related("case", "target")
    )


def get_escalation_for_view(user: Any, pk: int) -> Escalation:
    return policy.get_object_or_404(user, "view", "escalation", _ESCALATIONS.all(), pk=pk)


def get_escalation_for_decision(user: Any, pk: int) -> Escalation:
    """An escalation the user may approve or reject (four eyes: not the requester)."""
    return policy.get_object_or_404(user, "approve", "escalation", _ESCALATIONS.all(), pk=pk)


def get_escalation_for_export(user: Any, pk: int) -> Escalation:
    return policy.get_object_or_404(user, "export", "escalation", _ESCALATIONS.all(), pk=pk)
