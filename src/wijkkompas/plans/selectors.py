"""Reads of plans, always through the policy (objects of another tenant answer 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from wijkkompas.accounts import policy
from wijkkompas.plans.models import Plan, Priority


def plans_visible_to(user: Any) -> QuerySet:
    qs = Plan.objects.prefetch_related("municipalities").annotate(
        n_priorities=Count(
            "priorities", filter=~Q(priorities__status__in=["afgewezen", "samengevoegd"])
        ),
        n_confirmed=Count("priorities", filter=Q(priorities__status="bevestigd")),
    )
    return policy.visible(user, "list", "plan", qs)


def plan_for(user: Any, pk: int, action: str = "view") -> Plan:
    return policy.get_object_or_404(
        user, action, "plan", Plan.objects.prefetch_related("municipalities"), pk=pk
    )


def priority_for(user: Any, pk: int, action: str = "view") -> Priority:
    return policy.get_object_or_404(
        user, action, "priority", Priority.objects.select_related("plan"), pk=pk
    )


def own_plans(user: Any, plans: QuerySet) -> QuerySet:
    """The plans written for the user's own municipality (its tenant's CBS code)."""
    code = getattr(getattr(user, "tenant", None), "cbs_code", "")
    return plans.filter(municipalities__code=code).distinct() if code else plans.none()
