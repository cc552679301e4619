"""Writes on the steps of a model (the columns of the board)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from wijkkompas.accounts import policy
from wijkkompas.barriers.models import BarrierModel, Step
from wijkkompas.barriers.services._common import (
    STEP_FIELDS,
    edit_fields,
    full_clean,
    locked_for_write,
    log,
    snapshot,
)


def _renumber_steps(model_id: int) -> None:
    for position, s in enumerate(Step.objects.filter(model_id=model_id).order_by("position", "id")):
        if s.position != position:
            Step.objects.filter(pk=s.pk).update(position=position)


@transaction.atomic
def add_step(*, actor: Any, model: BarrierModel, title: str, description: str = "") -> Step:
    policy.require(actor, "edit", "barrier_model", model)
    last = model.steps.aggregate(m=Max("position"))["m"]
    step = Step(
        model=model, title=title, description=description, position=0 if last is None else last + 1
    )
    full_clean(step)
    step.save()
    log(actor, "step_added", step, f"Stap '{title}' toegevoegd", after=snapshot(step, STEP_FIELDS))
    return step


@transaction.atomic
def update_step(*, actor: Any, step: Step, version: int | None, **changes: Any) -> Step:
    current, before = edit_fields(actor, "barrier_step", step, version, STEP_FIELDS, changes)
    log(
        actor,
        "step_updated",
        current,
        f"Stap '{current.title}' gewijzigd",
        before=before,
        after=snapshot(current, STEP_FIELDS),
    )
    return current


@transaction.atomic
def move_step(*, actor: Any, step: Step, direction: str) -> Step:
    """Swap a step with its left or right neighbour (``direction`` 'left' | 'right')."""
    policy.require(actor, "edit", "barrier_step", step)
    steps = list(
        Step.objects.select_for_update().filter(model_id=step.model_id).order_by("position", "id")
    )
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if direction == "left" else index + 1
    if direction not in ("left", "right") or not 0 <= other < len(steps):
        return steps[index]
    steps[index], steps[other] = steps[other], steps[index]
    for position, s in enumerate(steps):
        if s.position != position:
            Step.objects.filter(pk=s.pk).update(position=position)
    moved = steps[other]
    moved.refresh_from_db()
    word = "links" if direction == "left" else "rechts"
    log(
        actor,
        "step_moved",
        moved,
        f"Stap '{moved.title}' naar {word} verplaatst (nu stap {other + 1})",
    )
    return moved


@transaction.atomic
def delete_step(*, actor: Any, step: Step, version: int | None) -> None:
    current = locked_for_write(actor, "delete", "barrier_step", step, version)
    model = current.model
    log(
        actor,
        "step_deleted",
        current,
        f"Stap '{current.title}' verwijderd",
        before={
            **snapshot(current, STEP_FIELDS),
            "elements": [f"{e.get_kind_display()}: {e.text}" for e in current.elements.all()],
        },
    )
    current.delete()
    _renumber_steps(model.pk)
