"""The one function that writes the audit trail (DESIGN.md §3: who, when, what, why)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from wijkkompas.accounts.models import AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address; behind a proxy the first X-Forwarded-For hop (trusted in production
    only when the proxy sets it)."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return address or None


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    reason: str = "",
    request: HttpRequest | None = None,
    tenant_id: int | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event. ``obj`` fills object type, id and tenant when given; explicit arguments
    win. The actor may be a user, the CLI's ``SYSTEM`` or None (anonymous)."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
        if tenant_id is None:
            tenant_id = getattr(obj, "tenant_id", None)
    is_user = (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and not getattr(actor, "is_system", False)
    )
    if tenant_id is None and is_user:
        tenant_id = actor.tenant_id
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor_id=actor.pk if is_user else None,
        actor_username=(
            actor.username if actor is not None and getattr(actor, "username", "") else "anoniem"
        ),
        organisation_id=actor.organisation_id if is_user else None,
        tenant_id=tenant_id,
        action=action,
        object_type=object_type,
        object_id="" if object_id in (None, "") else str(object_id),
        reason=reason,
        client_address=client_address(request),
        detail=detail or {},
    )
