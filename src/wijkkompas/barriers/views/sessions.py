"""The expert sessions of a model."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.barriers import forms, selectors, services
from wijkkompas.barriers.views._board import confirm_delete, posted_delete, submit_edit
from wijkkompas.core.forms import submit, without_version


def sessions(request, pk: int):
    # Recording a session changes the model: a POST needs the edit rule at the lookup.
    model = selectors.get_model(request.user, "edit" if request.method == "POST" else "view", pk)
    form = forms.SessionForm(
        request.POST or None, organisations=selectors.partner_choices(request.user, model)
    )
    session, _ = submit(
        form,
        lambda data: services.create_session(
            actor=request.user, model=model, **without_version(data)
        ),
    )
    if session is not None:
        messages.success(
            request,
            f"Sessie '{session.title}' is vastgelegd. Nieuwe elementen op het bord kunt u aan deze sessie koppelen.",
        )
        return redirect(reverse("barriers:detail", args=[model.pk]) + f"?sessie={session.pk}")
    return render(
        request,
        "barriers/sessions.html",
        {
            "model": model,
            "sessions": selectors.sessions_of(model),
            "form": form,
            "can_edit": policy.can(request.user, "edit", "barrier_model", model),
        },
    )


def session_edit(request, pk: int, session_id: int):
    model = selectors.get_model(request.user, "view", pk)
    session = selectors.get_session(request.user, "edit", session_id, model=model)
    initial = {
        "held_on": session.held_on,
        "title": session.title,
        "notes": session.notes,
        "version": session.version,
        "participants": list(session.participants.all()),
    }
    form = forms.SessionForm(
        request.POST or None,
        initial=initial,
        organisations=selectors.partner_choices(request.user, model),
    )

    saved, status = submit_edit(
        request,
        form,
        services.update_session,
        lambda data: {
            **without_version(data),
            "participants": list(data["participants"]),
        },
        session=session,
    )
    if saved is not None:
        messages.success(request, "De sessie is opgeslagen.")
        return redirect("barriers:sessions", model.pk)
    return render(
        request,
        "barriers/session_form.html",
        {"model": model, "session": session, "form": form, "conflict": status == 409},
        status=status,
    )


def session_delete(request, pk: int, session_id: int):
    model = selectors.get_model(request.user, "view", pk)
    session = selectors.get_session(request.user, "delete", session_id, model=model)
    if request.method != "POST":
        return confirm_delete(request, model, session, f"sessie '{session}'")
    deleted = posted_delete(
        request,
        lambda version: services.delete_session(
            actor=request.user, session=session, version=version
        ),
    )
    if deleted:
        messages.success(request, "De sessie is verwijderd; de elementen blijven staan.")
    return redirect("barriers:sessions", model.pk)
