"""The elements in the cells of the board: add, edit, move, delete."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.views.decorators.http import require_POST

from wijkkompas.barriers import forms, selectors, services
from wijkkompas.barriers.views._board import (
    board_error,
    board_response,
    confirm_delete,
    inline_form,
    posted_delete,
    submit_edit,
    validation_text,
)


@require_POST
def element_add(request, pk: int):
    model = selectors.get_model(request.user, "view", pk)
    form = forms.ElementAddForm(request.POST)
    if not form.is_valid():
        if "step" in form.cleaned_data and "kind" in form.cleaned_data:
            return board_error(
                request,
                model,
                add_error=(form.cleaned_data["step"], form.cleaned_data["kind"]),
                add_message=" ".join(form.errors.get("text", ["Vul een tekst in."])),
                add_value=request.POST.get("text", ""),
            )
        raise Http404
    step = selectors.get_step(request.user, "edit", form.cleaned_data["step"], model=model)
    session = None
    if form.cleaned_data.get("session"):
        session = selectors.get_session(
            request.user, "view", form.cleaned_data["session"], model=model
        )
    try:
        element = services.add_element(
            actor=request.user,
            step=step,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            session=session,
        )
    except ValidationError as exc:
        return board_error(
            request,
            model,
            add_error=(step.pk, form.cleaned_data["kind"]),
            add_message=validation_text(exc),
            add_value=form.cleaned_data["text"],
        )
    return board_response(
        request, model, anchor=f"el-{element.pk}", focus=f"add-{step.pk}-{element.kind}"
    )


def element_edit(request, pk: int, el_id: int):
    model = selectors.get_model(request.user, "view", pk)
    element = selectors.get_element(request.user, "edit", el_id, model=model)
    form = forms.ElementForm(
        request.POST or None,
        element=element,
        organisations=selectors.partner_choices(request.user, model),
        targets=selectors.target_choices(model),
        sessions=model.sessions.all(),
    )
    saved, status = submit_edit(
        request, form, services.update_element, lambda data: form.changes(), element=element
    )
    if saved is not None:
        return board_response(request, model, anchor=f"el-{element.pk}", focus=f"edit-{element.pk}")
    ctx = {
        "model": model,
        "element": element,
        "form": form,
        # After a conflict ``element`` holds what is stored now; the form keeps the user's input.
        "current": element if status == 409 else None,
    }
    return inline_form(
        request, "element_form.html", ctx, status, target=f"#el-{element.pk}", swap="outerHTML"
    )


@require_POST
def element_move(request, pk: int, el_id: int):
    model = selectors.get_model(request.user, "view", pk)
    element = selectors.get_element(request.user, "edit", el_id, model=model)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down", "left", "right"):
        raise Http404
    services.move_element(actor=request.user, element=element, direction=direction)
    return board_response(
        request, model, anchor=f"el-{element.pk}", focus=f"mv-{element.pk}-{direction}"
    )


def element_delete(request, pk: int, el_id: int):
    model = selectors.get_model(request.user, "view", pk)
    element = selectors.get_element(request.user, "delete", el_id, model=model)
    if request.method != "POST":
        return confirm_delete(
            request, model, element, f"{element.get_kind_display().lower()} '{element.text}'"
        )
    posted_delete(
        request,
        lambda version: services.delete_element(
            actor=request.user, element=element, version=version
        ),
    )
    return board_response(request, model)
