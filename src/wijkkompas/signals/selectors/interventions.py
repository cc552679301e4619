"""Interventions as each user may see them, and the lookups of one with the policy action bound
in the name."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from wijkkompas.accounts import policy
from wijkkompas.signals.models import Intervention

_INTERVENTIONS = Intervention.objects.select_related("case", "owner")


def interventions_visible_to(user: Any, *, status: str = "") -> QuerySet[Intervention]:
    qs = policy.visible(user, "list", "intervention", _INTERVENTIONS.all())
    return qs.filter(status=status) if status else qs


def interventions_for_export(user: Any) -> QuerySet[Intervention]:
    return policy.visible(user, "export", "intervention", _INTERVENTIONS.all())


def get_intervention_for_view(user: Any, pk: int) -> Intervention:
    return policy.get_object_or_404(user, "view", "intervention", _INTERVENTIONS.all(), pk=pk)


def get_intervention_for_edit(user: Any, pk: int) -> Intervention:
    return policy.get_object_or_404(user, "edit", "intervention", _INTERVENTIONS.all(), pk=pk)
