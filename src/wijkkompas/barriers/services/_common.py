"""What every barrier write shares: the change log and audit entry, the optimistic lock
(``core.versioning``, with the barrier module's own Dutch message) and model validation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F

from wijkkompas.accounts import audit, policy
from wijkkompas.barriers.models import BarrierModel, ChangeLog, Element, Session, Step
from wijkkompas.core import versioning

STALE_MESSAGE = (
    "Iemand anders heeft {what} intussen gewijzigd (u bewerkte versie {yours}, nu is het versie {current}). "
    "Uw invoer is niet opgeslagen maar staat hieronder nog; bekijk de nieuwe versie en sla opnieuw op."
)

MODEL_FIELDS = ("title", "phenomenon", "scope", "status", "owner", "description")
STEP_FIELDS = ("title", "description")
ELEMENT_FIELDS = Element.EDITABLE_FIELDS
SESSION_FIELDS = ("held_on", "title", "notes")


def _value(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(obj, name) for name in fields}


def _model_of(obj: Any) -> BarrierModel:
    """The model an object belongs to (a model itself, a step's or session's, an element's step's)."""
    if isinstance(obj, BarrierModel):
        return obj
    if isinstance(obj, Element):
        return obj.step.model
    return obj.model


def log(
    actor: Any,
    action: str,
    obj: Any,
    summary: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """One entry in the change log of the root of ``obj``'s model and one in the audit trail."""
    root = _model_of(obj).root()
    ChangeLog.objects.create(
        model_id_ref=root.pk,
        tenant_id_ref=root.tenant_id,
        actor_username=getattr(actor, "username", "") or "systeem",
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        summary=summary[:400],
        before=before or {},
        after=after or {},
    )
    audit.record(
        actor=actor,
        action=f"barrier_{action}",
        obj=obj,
        tenant_id=root.tenant_id,
        detail={"model": root.pk, "summary": summary[:200]},
    )


def _what(obj: Any) -> str:
    if isinstance(obj, BarrierModel):
        return "dit model"
    if isinstance(obj, Step):
        return f"stap '{obj.title}'"
    if isinstance(obj, Session):
        return f"sessie '{obj.title}'"
    return "dit element"


def locked_for_write(
    actor: Any, action: str, object_type: str, obj: Any, version: int | str | None
) -> Any:
    """Ask the policy, lock the stored row and refuse a stale or unversioned write: the row as
    stored, to change inside the caller's transaction."""
    policy.require(actor, action, object_type, obj)
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    versioning.check_version(
        current.version,
        version,
        detail=STALE_MESSAGE.format(what=_what(current), yours=version, current=current.version),
        current={"id": current.pk, "version": current.version},
    )
    return current


def set_fields(obj: Any, allowed: tuple[str, ...], changes: dict[str, Any]) -> None:
    """Apply the changes; an explicit null on a field that cannot be empty is refused (Django's
    full_clean skips empty values of blank fields, so the database would refuse it instead)."""
    for name, value in changes.items():
        if name not in allowed:
            raise ValueError(f"Unknown field {name}")
        if value is None and not obj._meta.get_field(name).null:
            raise ValidationError(
                {name: "Mag niet leeg (null) zijn; laat het veld weg of stuur tekst."}
            )
        setattr(obj, name, value)


def full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude or [], validate_unique=False, validate_constraints=False)


def edit_fields(
    actor: Any,
    object_type: str,
    obj: Any,
    version: int | str | None,
    allowed: tuple[str, ...],
    changes: dict[str, Any],
    *,
    exclude: list[str] | None = None,
    prepare: Callable[[Any], None] | None = None,
) -> tuple[Any, dict[str, Any]]:
    """One edit of a versioned row: lock it and check the version, apply ``changes`` (only
    ``allowed`` fields, then ``prepare``), validate and save it as the next version. Returns the
    stored row and its snapshot from before the edit."""
    current = locked_for_write(actor, "edit", object_type, obj, version)
    before = snapshot(current, allowed)
    set_fields(current, allowed, changes)
    if prepare is not None:
        prepare(current)
    full_clean(current, exclude)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    return current, before
