"""Writes on the expert sessions of a model (who took part, what was agreed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.barriers.models import BarrierModel, Session
from wijkkompas.barriers.services._common import (
    SESSION_FIELDS,
    edit_fields,
    full_clean,
    locked_for_write,
    log,
    snapshot,
)


def _check_participants(model: BarrierModel, participants: list[Organisation]) -> None:
    wrong = [o.name for o in participants if o.tenant_id != model.tenant_id]
    if wrong:
        raise ValidationError(
            {"participants": f"Deze organisaties horen niet bij deze gemeente: {', '.join(wrong)}."}
        )


def _with_participants(session: Session) -> dict[str, Any]:
    return {
        **snapshot(session, SESSION_FIELDS),
        "participants": sorted(o.name for o in session.participants.all()),
    }


@transaction.atomic
def create_session(
    *,
    actor: Any,
    model: BarrierModel,
    held_on: dt.date,
    title: str,
    notes: str = "",
    participants: list[Organisation] | None = None,
) -> Session:
    policy.require(actor, "edit", "barrier_model", model)
    participants = list(participants or [])
    _check_participants(model, participants)
    session = Session(model=model, held_on=held_on, title=title, notes=notes)
    full_clean(session)
    session.save()
    session.participants.set(participants)
    log(
        actor,
        "session_created",
        session,
        f"Sessie '{session}' vastgelegd",
        after=_with_participants(session),
    )
    return session


@transaction.atomic
def update_session(
    *,
    actor: Any,
    session: Session,
    version: int | None,
    participants: list[Organisation] | None = None,
    **changes: Any,
) -> Session:
    current, fields_before = edit_fields(
        actor, "barrier_session", session, version, SESSION_FIELDS, changes
    )
    before = {**fields_before, "participants": _with_participants(current)["participants"]}
    if participants is not None:
        _check_participants(current.model, list(participants))
        current.participants.set(participants)
    log(
        actor,
        "session_updated",
        current,
        f"Sessie '{current}' gewijzigd",
        before=before,
        after=_with_participants(current),
    )
    return current


@transaction.atomic
def delete_session(*, actor: Any, session: Session, version: int | None) -> None:
    current = locked_for_write(actor, "delete", "barrier_session", session, version)
    log(
        actor,
        "session_deleted",
        current,
        f"Sessie '{current}' verwijderd",
        before=snapshot(current, SESSION_FIELDS),
    )
    current.delete()
