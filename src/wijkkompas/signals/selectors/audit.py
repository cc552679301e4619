"""Audit rows for reads of person-related data (who, when, what, and for person records why)."""

from __future__ import annotations

from typing import Any

from wijkkompas.accounts import audit


def audit_read(
    user: Any,
    obj: Any,
    object_type: str,
    *,
    reason: str = "",
    action: str = "",
    detail: dict | None = None,
) -> None:
    audit.record(
        actor=user,
        action=action or f"{object_type}_viewed",
        obj=obj,
        object_type=object_type,
        reason=reason,
        detail=detail,
    )


def audit_list(user: Any, object_type: str, ids: list[int], *, verb: str = "listed") -> None:
    """One audit row for a page of a list that shows (pseudonymised) person-related data, or
    (``verb="exported"``) for an export of such a list, with the ids shown."""
    audit.record(
        actor=user,
        action=f"{object_type}_{verb}",
        object_type=object_type,
        detail={"ids": ids[:500]},
    )
