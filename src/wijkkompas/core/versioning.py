"""Optimistic locking, one rule for every versioned object.

The rule: every write of a versioned object names the version it read. The write goes through
only when that is still the stored version; otherwise, *and when no version is named*, it is
refused with ``Conflict`` (409), which carries the stored version so the client can reload. A
client that cannot say what it read cannot show that it is not overwriting someone else's change,
so a missing version is a conflict, not a free pass.

Objects that do not exist yet (a finding or source status not written before) have version 0."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wijkkompas.core.api_support import Conflict
from wijkkompas.core.models import ProcessingRecord

MISSING_VERSION = (
    "Het is niet bekend welke versie u heeft bewerkt. Laad de pagina opnieuw; "
    "uw invoer is niet opgeslagen."
)


def check_version(
    stored: int,
    expected: int | str | None,
    *,
    detail: str | None = None,
    current: dict[str, Any] | None = None,
) -> None:
    """Refuse a stale or unversioned write. ``stored`` is the version read under
    ``select_for_update`` in the caller's transaction; ``detail`` replaces the generic Dutch
    message; ``current`` (default ``{"version": stored}``) goes back to the client."""
    body = current if current is not None else {"version": stored}
    if expected is None or expected == "":
        raise Conflict(MISSING_VERSION, current=body)
    try:
        matches = int(expected) == stored
    except (TypeError, ValueError):
        matches = False
    if not matches:
        raise Conflict(detail, current=body) if detail else Conflict(current=body)


def save_versioned(
    obj: Any, expected: int | str | None, fields: Iterable[str], *, detail: str | None = None
) -> None:
    """Write ``fields`` of ``obj`` and raise its version by one, in one conditional UPDATE
    (``… WHERE pk = … AND version = expected``): no lock needs to be held beforehand. Refused
    with ``Conflict`` as in ``check_version``."""
    model = type(obj)
    manager = model._default_manager
    fields = list(fields)
    if isinstance(obj, ProcessingRecord):  # a status change moves the retention date
        obj.restamp()
        fields.append("retain_until")
    if expected is None or expected == "":
        stored = manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        check_version(stored or 0, None)
    version = int(expected)
    values = {f: getattr(obj, f) for f in fields if f != "version"}
    updated = manager.filter(pk=obj.pk, version=version).update(version=version + 1, **values)
    if not updated:
        stored = manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        check_version(stored or 0, version, detail=detail)
        # The stored version equals ours yet nothing was updated: the row is gone.
        raise Conflict(detail or "Dit object bestaat niet meer.", current={"version": None})
    obj.version = version + 1
    if isinstance(obj, ProcessingRecord):
        obj.propagate_term()
