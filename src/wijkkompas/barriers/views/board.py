"""The board of one model: the model's own data, its steps (the columns) and sub-models, and
pinning it to a themadossier."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wijkkompas.barriers import forms, selectors, services
from wijkkompas.barriers.views._board import (
    board_context,
    board_error,
    board_response,
    confirm_delete,
    inline_form,
    posted_delete,
    submit_edit,
    validation_text,
)
from wijkkompas.core.forms import submit, without_version
from wijkkompas.dossiers import selectors as dossier_selectors


def detail(request, pk: int):
    model = selectors.get_model(request.user, "view", pk)
    return render(request, "barriers/detail.html", board_context(request, model))


def model_edit(request, pk: int):
    model = selectors.get_model(request.user, "edit", pk)
    form = forms.ModelForm(
        request.POST or None,
        instance=model,
        organisations=selectors.partner_choices(request.user, model),
    )
    saved, status = submit_edit(request, form, services.update_model, without_version, model=model)
    if saved is not None:
        messages.success(request, "Het model is opgeslagen.")
        return redirect("barriers:detail", model.pk)
    return render(
        request, "barriers/model_form.html", {"form": form, "model": model}, status=status
    )


def model_delete(request, pk: int):
    model = selectors.get_model(request.user, "delete", pk)
    if request.method != "POST":
        return confirm_delete(request, model, model, "dit barrièremodel")
    deleted = posted_delete(
        request,
        lambda version: services.delete_model(actor=request.user, model=model, version=version),
    )
    if not deleted:
        return redirect("barriers:detail", model.pk)
    messages.success(request, f"Het model '{model.title}' is verwijderd.")
    if model.parent_step_id:
        return redirect("barriers:detail", model.parent_step.model_id)
    return redirect("barriers:index")


@require_POST
def link_dossier(request, pk: int):
    model = selectors.get_model(request.user, "view", pk)
    try:
        dossier = dossier_selectors.get_dossier_for_pinning(
            request.user, int(request.POST.get("dossier", "0"))
        )
        question = int(request.POST.get("question", "2"))
    except ValueError:
        raise Http404 from None
    if question not in services.DOSSIER_QUESTIONS:
        raise Http404
    try:
        services.link_to_dossier(
            actor=request.user,
            model=model,
            dossier=dossier,
            question_number=question,
        )
    except ValidationError as exc:
        messages.error(request, validation_text(exc))
    else:
        messages.success(
            request, f"Het model is gekoppeld aan het themadossier '{dossier}' (vraag {question})."
        )
    return redirect("barriers:detail", model.pk)


# --- steps ---------------------------------------------------------------------------------


@require_POST
def step_add(request, pk: int):
    model = selectors.get_model(request.user, "edit", pk)
    form = forms.StepForm(request.POST)
    step, _ = submit(
        form,
        lambda data: services.add_step(
            actor=request.user,
            model=model,
            title=data["title"],
            description=data["description"],
        ),
    )
    if step is None:
        return board_error(request, model, step_form=form)
    return board_response(request, model, anchor=f"stap-{step.pk}")


def step_edit(request, pk: int, step_id: int):
    model = selectors.get_model(request.user, "view", pk)
    step = selectors.get_step(request.user, "edit", step_id, model=model)
    initial = {"title": step.title, "description": step.description, "version": step.version}
    form = forms.StepForm(request.POST or None, initial=initial)
    saved, status = submit_edit(
        request,
        form,
        services.update_step,
        lambda data: {"title": data["title"], "description": data["description"]},
        step=step,
    )
    if saved is not None:
        return board_response(request, model, anchor=f"stap-{step.pk}")
    ctx = {"model": model, "step": step, "form": form, "conflict": status == 409}
    return inline_form(
        request,
        "step_form.html",
        ctx,
        status,
        target=f"#stapkop-{step.pk}",
        swap="innerHTML",
    )


@require_POST
def step_move(request, pk: int, step_id: int):
    model = selectors.get_model(request.user, "view", pk)
    step = selectors.get_step(request.user, "edit", step_id, model=model)
    services.move_step(actor=request.user, step=step, direction=request.POST.get("direction", ""))
    return board_response(request, model, anchor=f"stap-{step.pk}")


def step_delete(request, pk: int, step_id: int):
    model = selectors.get_model(request.user, "view", pk)
    step = selectors.get_step(request.user, "delete", step_id, model=model)
    if request.method != "POST":
        return confirm_delete(request, model, step, f"stap '{step.title}' met al haar elementen")
    deleted = posted_delete(
        request,
        lambda version: services.delete_step(actor=request.user, step=step, version=version),
    )
    if deleted:
        messages.success(request, f"Stap '{step.title}' is verwijderd.")
    return redirect("barriers:detail", model.pk)


@require_POST
def submodel_create(request, pk: int, step_id: int):
    model = selectors.get_model(request.user, "edit", pk)
    step = selectors.get_step(request.user, "edit", step_id, model=model)
    form = forms.SubmodelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Geef het submodel een naam.")
        return redirect("barriers:detail", model.pk)
    sub = services.create_submodel(actor=request.user, step=step, title=form.cleaned_data["title"])
    messages.success(
        request,
        f"Submodel '{sub.title}' is geopend bij stap '{step.title}'. Voeg de stappen van het submodel toe.",
    )
    return redirect("barriers:detail", sub.pk)
