"""Writes on the elements of a model: the opportunities, signals, facilitators and barriers in
the cells of the board (step × kind)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max

from wijkkompas.accounts import policy
from wijkkompas.barriers.models import Element, Step
from wijkkompas.barriers.services._common import (
    ELEMENT_FIELDS,
    edit_fields,
    full_clean,
    locked_for_write,
    log,
    set_fields,
    snapshot,
)


def _renumber(step_id: int, kind: str) -> None:
    for position, pk in enumerate(
        Element.objects.filter(step_id=step_id, kind=kind)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    ):
        Element.objects.filter(pk=pk).exclude(position=position).update(position=position)


def _next_position(step: Step, kind: str) -> int:
    last = Element.objects.filter(step=step, kind=kind).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def _default_status(element: Element) -> None:
    if element.kind == Element.Kind.BARRIERE and not element.status:
        element.status = Element.BarrierStatus.IDEE


@transaction.atomic
def add_element(*, actor: Any, step: Step, kind: str, text: str, **fields: Any) -> Element:
    policy.require(actor, "edit", "barrier_step", step)
    element = Element(step=step, kind=kind, text=text, position=_next_position(step, kind))
    set_fields(element, ELEMENT_FIELDS, fields)
    _default_status(element)
    full_clean(element)
    element.save()
    log(
        actor,
        "element_added",
        element,
        f"{element.get_kind_display()} toegevoegd bij '{step.title}': {text}",
        after=snapshot(element, ("kind", *ELEMENT_FIELDS)),
    )
    return element


@transaction.atomic
def update_element(*, actor: Any, element: Element, version: int | None, **changes: Any) -> Element:
    current, before = edit_fields(
        actor,
        "barrier_element",
        element,
        version,
        ELEMENT_FIELDS,
        changes,
        prepare=_default_status,
    )
    after = snapshot(current, ELEMENT_FIELDS)
    changed = [name for name in ELEMENT_FIELDS if before[name] != after[name]]
    log(
        actor,
        "element_updated",
        current,
        f"{current.get_kind_display()} '{current.text}' gewijzigd ({', '.join(changed) or 'geen velden'})",
        before=before,
        after=after,
    )
    return current


@transaction.atomic
def move_element(*, actor: Any, element: Element, direction: str) -> Element:
    """Move within its cell (up/down) or to the neighbouring step (left/right, appended at the end).

    Moving does not change the text, so it does not need the version; it bumps it, so an editor
    who had the element open sees that it moved."""
    policy.require(actor, "edit", "barrier_element", element)
    current = Element.objects.select_for_update().get(pk=element.pk)
    step = current.step
    if direction in ("up", "down"):
        siblings = list(
            Element.objects.select_for_update()
            .filter(step_id=step.pk, kind=current.kind)
            .order_by("position", "id")
        )
        index = next(i for i, e in enumerate(siblings) if e.pk == current.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return current
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, e in enumerate(siblings):
            Element.objects.filter(pk=e.pk).exclude(position=position).update(position=position)
        summary = f"'{current.text}' {'omhoog' if direction == 'up' else 'omlaag'} verplaatst in '{step.title}'"
    elif direction in ("left", "right"):
        steps = list(Step.objects.filter(model_id=step.model_id).order_by("position", "id"))
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        other = index - 1 if direction == "left" else index + 1
        if not 0 <= other < len(steps):
            return current
        target_step = steps[other]
        Element.objects.filter(pk=current.pk).update(
            step=target_step, position=_next_position(target_step, current.kind)
        )
        _renumber(step.pk, current.kind)
        summary = f"'{current.text}' verplaatst van '{step.title}' naar '{target_step.title}'"
    else:
        raise ValueError(f"Unknown direction {direction}")
    Element.objects.filter(pk=current.pk).update(version=F("version") + 1)
    current.refresh_from_db()
    log(actor, "element_moved", current, summary)
    return current


@transaction.atomic
def delete_element(*, actor: Any, element: Element, version: int | None) -> None:
    current = locked_for_write(actor, "delete", "barrier_element", element, version)
    step = current.step
    log(
        actor,
        "element_deleted",
        current,
        f"{current.get_kind_display()} '{current.text}' verwijderd uit '{step.title}'",
        before=snapshot(current, ("kind", *ELEMENT_FIELDS)),
    )
    current.delete()
    _renumber(step.pk, current.kind)
