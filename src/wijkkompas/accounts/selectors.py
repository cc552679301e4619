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
        qs = qs.filter(action__icontains=f["action"])
    if f.get("object_type"):
        qs = qs.filter(object_type__icontains=f["object_type"])
    if f.get("date_from"):
        qs = qs.filter(at__date__gte=f["date_from"])
    if f.get("date_to"):
        qs = qs.filter(at__date__lte=f["date_to"])
    return qs


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    return policy.visible(user, "list", "organisation", Organisation.objects.all())


def demo_users_present() -> bool:
    """Production refuses to start while any active demo user exists."""
    return User.objects.filter(is_demo=True, is_active=True).exists()
