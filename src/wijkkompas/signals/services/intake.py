"""Fast intake: a professional records what they saw. Validation runs before the write
transaction so the database write lock is held only for the inserts."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.signals.models import Category, DataClass, Signal
from wijkkompas.signals.services.common import category_of_tenant
from wijkkompas.signals.services.persons import SubjectInput, resolve_subject

_SQLITE_WRITE_LOCK = threading.Lock()


@contextmanager
def _serialised_sqlite_writes():
    """SQLite allows one writer at a time; threads of one process that collide fall into SQLite's
    busy handler, which sleeps in coarse steps (up to 100 ms). Queueing them on a process lock
    instead keeps intake latency flat. PostgreSQL needs no such thing."""
    if connection.vendor != "sqlite":
        yield
        return
    with _SQLITE_WRITE_LOCK:
        yield


def create_signal(
    *,
    actor: Any,
    category: Category | None,
    description: str,
    observed_at: datetime,
    basis: str,
    observation: str,
    urgency: str = Signal.Urgency.NORMAL,
    location: str = "",
    area_code: str = "",
    subject: SubjectInput | None = None,
    special_data: bool = False,
) -> Signal:
    """A professional records what they saw (fast intake). Checks and validation run before the
    write transaction, so the database write lock (SQLite) is held only for the inserts."""
    tenant_id = actor.tenant_id
    policy.require(actor, "create", "signal", Signal(tenant_id=tenant_id))
    errors = {}
    try:
        category = category_of_tenant(category, tenant_id)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not (description or "").strip():
        errors["description"] = "Beschrijf wat u heeft gezien."
    if basis not in Signal.Basis.values:
        errors["basis"] = "Geef aan of het een feit of een aanname is."
    if observation not in Signal.Observation.values:
        errors["observation"] = "Geef aan of het een eigen waarneming is of van horen zeggen."
    if urgency not in Signal.Urgency.values:
        errors["urgency"] = "Kies een urgentie."
    if observed_at is None:
        errors["observed_at"] = "Vul in wanneer u het zag."
    elif observed_at > timezone.now() + timedelta(minutes=5):
        errors["observed_at"] = "Het moment van waarnemen ligt in de toekomst."
    if errors:
        raise ValidationError(errors)
    intake = _Intake(
        category=category,
        description=description,
        observed_at=observed_at,
        basis=basis,
        observation=observation,
        urgency=urgency,
        location=location,
        area_code=area_code,
        subject=subject,
        special_data=special_data,
    )
    with _serialised_sqlite_writes(), transaction.atomic():
        return _store_signal(actor, tenant_id, intake)


@dataclass(frozen=True)
class _Intake:
    """What a professional entered, validated by ``create_signal``."""

    category: Category
    description: str
    observed_at: datetime
    basis: str
    observation: str
    urgency: str
    location: str
    area_code: str
    subject: SubjectInput | None
    special_data: bool


def _store_signal(actor: Any, tenant_id: int, intake: _Intake) -> Signal:
    subject = intake.subject
    subject_obj = (
        resolve_subject(actor=actor, tenant_id=tenant_id, data=subject)
        if subject and subject.kind
        else None
    )
    data_class = DataClass.GEWOON
    if subject_obj is not None and subject_obj.is_person:
        data_class = DataClass.PERSOONSGEGEVENS
    if intake.special_data:
        data_class = DataClass.BIJZONDER
    signal = Signal.objects.create(
        tenant_id=tenant_id,
        category=intake.category,
        data_class=data_class,
        subject=subject_obj,
        source=Signal.Source.PROFESSIONAL,
        reporter=actor,
        reporter_organisation=actor.organisation,
        observed_at=intake.observed_at,
        location=intake.location.strip()[:200],
        area_code=(intake.area_code or (subject_obj.area_code if subject_obj else ""))
        .strip()
        .upper()[:12],
        description=intake.description.strip(),
        basis=intake.basis,
        observation=intake.observation,
        urgency=intake.urgency,
    )
    audit.record(
        actor=actor,
        action="signal_created",
        obj=signal,
        object_type="signal",
        detail={
            "category": intake.category.code,
            "data_class": data_class,
            "person": bool(subject_obj and subject_obj.is_person),
        },
    )
    return signal
