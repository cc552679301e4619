"""Processing facts of person-related records (``core.models.ProcessingRecord``): stamping them
on creation, moving the retention date with a status, and the registry of retention tasks that
``wijkkompas retention run`` runs for every app. Imports no app and no model (apps import it from
their ``apps.py``): apps register their task in ``ready()``."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.module_loading import import_string

if TYPE_CHECKING:  # core.models imports this module; models cannot load before the registry
    from wijkkompas.core.models import ProcessingRecord

RESIDENT = "bewoner"  # the author of what a resident entered (public form, survey)
SYSTEM_AUTHOR = "systeem"


@dataclass(frozen=True)
class Provenance:
    """On what basis, for what, from whom and by whom a record is made."""

    legal_basis: str
    purpose: str
    source_organisation: str
    author: str


def months_after(start: date | datetime, months: int) -> date:
    """The calendar date ``months`` months after ``start`` (day clipped to the month's end);
    negative ``months`` go back. A moment counts on its Dutch calendar day, whatever time zone
    the datetime carries (one fetched from the database is UTC, one just made may be local)."""
    if isinstance(start, datetime):
        day = timezone.localdate(start) if timezone.is_aware(start) else start.date()
    else:
        day = start
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def author_of(user: Any) -> str:
    """How a record names its author: the username of a signed-in user, else ``"bewoner"`` for
    a resident and ``"systeem"`` for a job."""
    if user is None:
        return RESIDENT
    if getattr(user, "is_system", False) or not getattr(user, "is_authenticated", False):
        return SYSTEM_AUTHOR
    return user.get_username()


def stamp(
    record: ProcessingRecord, provenance: Provenance, *, start: date | datetime, months: int
) -> ProcessingRecord:
    """Set the processing facts on a record that is about to be saved: kept ``months`` months
    after ``start``. Texts are cut to the columns' lengths."""
    record.set_facts(provenance)
    record.retain_until = months_after(start, months)
    return record


def move_term(record: ProcessingRecord, *, start: date | datetime, months: int) -> list[str]:
    """A new status starts a new term; returns the field names to save."""
    record.retain_until = months_after(start, months)
    return ["retain_until"]


# --- retention tasks ----------------------------------------------------------------------------

RetentionTask = Callable[..., dict[str, int]]
"""Called as ``task(actor=…, now=datetime, tenant=Tenant | None)``; removes or anonymises what
is past its ``retain_until`` and returns counts with Dutch labels as keys."""

_TASKS: dict[str, RetentionTask | str] = {}


def register_retention(name: str, task: RetentionTask | str) -> None:
    """An app adds its retention task (idempotent per name), normally in ``AppConfig.ready()``.
    A dotted path (``"wijkkompas.knowledge.retention.remove_expired_tips"``) is imported when
    the task runs, so ``ready()`` need not import the app's models."""
    _TASKS[name] = task


def retention_tasks() -> dict[str, RetentionTask]:
    return {name: import_string(t) if isinstance(t, str) else t for name, t in _TASKS.items()}


AccessSection = Callable[[Any], dict[str, Any]]
"""Called with the person (``signals.Subject``) of an AVG art. 15 request; returns the app's
part of the export (Dutch keys) or ``{}`` when it holds nothing about them."""

_ACCESS: dict[str, AccessSection | str] = {}


def register_access_section(name: str, section: AccessSection | str) -> None:
    """An app adds what it stores about a person to the art. 15 export (idempotent per name;
    a dotted path is imported when the export runs), normally in ``AppConfig.ready()``."""
    _ACCESS[name] = section


def access_sections() -> dict[str, AccessSection]:
    return {name: import_string(s) if isinstance(s, str) else s for name, s in _ACCESS.items()}
