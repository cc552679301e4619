"""Read-side queries of accounts, already filtered by the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import AuditEvent, Organisation, User


def audit_events_visible_to(user: Any, *, filters: dict | None = None) -> QuerySet[AuditEvent]:
    qs = policy.visible(user, "list", "audit_event", AuditEvent.objects.all())
    f = filters or {}
    if f.get("actor"):
        qs = qs.filter(actor_username__icontains=f["actor"])
    if f.get("action"):
        qs = qs.filter(action=f["action"])
    if f.get("object_type"):
        qs = qs.filter(object_type=f["object_type"])
    if f.get("date_from"):
        qs = qs.filter(at__date__gte=f["date_from"])
    if f.get("date_to"):
        qs = qs.filter(at__date__lte=f["date_to"])
    return qs


def audit_filter_choices(user: Any) -> tuple[list[str], list[str]]:
    """The action codes and object types in the trail the user may see (for the filters)."""
    qs = policy.visible(user, "list", "audit_event", AuditEvent.objects.all()).order_by()
    actions = list(qs.values_list("action", flat=True).distinct())
    return actions, list(qs.values_list("object_type", flat=True).distinct())


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    return policy.visible(user, "list", "organisation", Organisation.objects.all())


def demo_users_present() -> bool:
    """Production refuses to start while any active demo user exists."""
    return User.objects.filter(is_demo=True, is_active=True).exists()
