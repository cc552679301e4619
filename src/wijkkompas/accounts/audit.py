"""The one function that writes the audit trail (DESIGN.md §3: who, when, what, why), and the
audit context that tells it who is acting, from where, in which request.

The context (actor, client address, request id) is bound per request by
``accounts.middleware.AuditContextMiddleware`` and updated by the API's token authentication, so a
service deep below a view or endpoint records the right actor and address without ``request``
being passed down. Outside a request (CLI, demo loader, retention run) the context is empty and
``record`` falls back to ``policy.SYSTEM`` with no address.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from wijkkompas.accounts import audit_chain, audit_shred, policy
from wijkkompas.accounts.models import AuditEvent


@dataclass(frozen=True)
class AuditContext:
    """Who acts in the current request. ``actor`` may be a lazy ``request.user``; it is only
    evaluated when an event is recorded."""

    actor: Any = None
    client_address: str | None = None
    request_id: str = ""


_context: ContextVar[AuditContext | None] = ContextVar("wijkkompas_audit_context", default=None)

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _from_trusted_proxy(request: HttpRequest) -> bool:
    trusted = settings.FORWARDED_ALLOW_IPS
    return "*" in trusted or request.META.get("REMOTE_ADDR") in trusted


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address. ``X-Forwarded-For`` is believed only when the request comes from a
    trusted proxy (``FORWARDED_ALLOW_IPS``, as for gunicorn), and then its last hop, the one that
    proxy added; otherwise a client could put any address in the trail or dodge a rate limit
    with a made-up header."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _from_trusted_proxy(request):
        return forwarded.split(",")[-1].strip() or remote
    return remote


def request_id_for(request: HttpRequest) -> str:
    """A trusted proxy's ``X-Request-ID`` (so the trail matches its logs), else a fresh one."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if given and _from_trusted_proxy(request) and _REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def current() -> AuditContext | None:
    """The audit context of the running request, or None outside one."""
    return _context.get()


@contextmanager
def bound(
    actor: Any = None, client_address: str | None = None, request_id: str = ""
) -> Iterator[AuditContext]:
    """Bind an audit context for the duration of a block (a request, or a test)."""
    context = AuditContext(actor=actor, client_address=client_address, request_id=request_id)
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def set_actor(actor: Any) -> None:
    """Name the actor of the running request once it is known (the API's bearer token is checked
    after the middleware ran). Outside a request this does nothing."""
    context = _context.get()
    if context is not None:
        _context.set(replace(context, actor=actor))


class _FromContext:
    def __repr__(self) -> str:
        return "<actor from the audit context>"


FROM_CONTEXT: Any = _FromContext()


def record(
    *,
    action: str,
    actor: Any = FROM_CONTEXT,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    reason: str = "",
    request: HttpRequest | None = None,
    tenant_id: int | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event. ``obj`` fills object type, id and tenant when given; explicit arguments
    win. The actor may be a user, the CLI's ``policy.SYSTEM`` or None (anonymous); left out, it is the
    request's actor (``policy.SYSTEM`` outside a request). Client address and request id come from the
    audit context; ``request=`` is still accepted and wins for the address."""
    context = _context.get()
    if actor is FROM_CONTEXT:
        actor = context.actor if context is not None else policy.SYSTEM
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
    object_id = "" if object_id in (None, "") else str(object_id)
    reason, detail = audit_shred.protect(object_type, object_id, reason, detail or {})
    address = client_address(request) if request is not None else None
    if address is None and context is not None:
        address = context.client_address
    return audit_chain.append(
        at=timezone.now(),
        actor_id=actor.pk if is_user else None,
        actor_username=(
            actor.username if actor is not None and getattr(actor, "username", "") else "anoniem"
        ),
        organisation_id=actor.organisation_id if is_user else None,
        tenant_id=tenant_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        client_address=address,
        request_id=context.request_id if context is not None and context.request_id else None,
        detail=detail,
    )


def record_refusal(exc: BaseException) -> None:
    """The one audit row of a refused request (DESIGN.md §3: a denied attempt on data is logged
    like a read): called once per request by the 403/404 handlers, HTML and API. Only refusals
    the policy made (``policy.Denied``, ``policy.Hidden``) are recorded: a 404 for an object
    that does not exist names no data."""
    if not isinstance(exc, policy.Refused):
        return
    record(
        action="access_denied" if isinstance(exc, policy.Denied) else "access_hidden",
        object_type=exc.object_type,
        object_id=exc.object_id or "",
        detail={"requested": exc.action},
    )
