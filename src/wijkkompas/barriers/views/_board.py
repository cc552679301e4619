"""The board page and its fragments, shared by the views that change the board."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.barriers import followups, forms, selectors, services
from wijkkompas.barriers.models import BarrierModel
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.forms import submit
from wijkkompas.dossiers import selectors as dossier_selectors


def validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(
            f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
            for field, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def reloaded_version(obj: Any) -> int:
    """For ``core.forms.submit`` after a conflict: the page shows what is stored now."""
    obj.refresh_from_db()
    return obj.version


def submit_edit(
    request: HttpRequest,
    form: Any,
    update: Callable[..., Any],
    changes: Callable[[dict], dict],
    **target: Any,
) -> tuple[Any, int]:
    """``core.forms.submit`` for the edit of one object (``model=…``, ``step=…``) through its
    update service: the version the form carried, the fields ``changes(cleaned_data)`` gives;
    after a conflict the object holds what is stored now."""
    (obj,) = target.values()
    return submit(
        form,
        lambda data: update(actor=request.user, version=data["version"], **target, **changes(data)),
        current_version=partial(reloaded_version, obj),
    )


def linkable_dossiers(user: Any, model: BarrierModel) -> list:
    """Themadossiers the user may pin this model to (none for templates and sub-models)."""
    if model.tenant_id is None or model.parent_step_id is not None:
        return []
    return list(dossier_selectors.dossiers_for_pinning(user).select_related("tenant"))


def board_context(request: HttpRequest, model: BarrierModel, **extra: Any) -> dict:
    b = selectors.board(model)
    session_id = request.GET.get("sessie") or request.POST.get("session") or ""
    current_session = next((s for s in b.sessions if str(s.pk) == str(session_id)), None)
    add_error = extra.pop("add_error", None)
    if add_error:
        for row in b.rows:
            for cell in row.cells:
                if cell.step.pk == add_error[0] and cell.kind == add_error[1]:
                    cell.error = extra.pop("add_message", "")
                    cell.value = extra.pop("add_value", "")
    submodels = [
        (step, sub, selectors.board(sub)) for step in b.steps for sub in step.submodels.all()
    ]
    followups.attach(request.user, [e for e in b.elements() if e.kind == "barriere"])
    return {
        "model": model,
        "board": b,
        "lineage": selectors.lineage(model),
        "can_edit": policy.can(request.user, "edit", "barrier_model", model),
        "can_delete": policy.can(request.user, "delete", "barrier_model", model),
        "current_session": current_session,
        "today": timezone.localdate(),
        "submodels": submodels,
        "step_form": forms.StepForm(),
        "dossiers": linkable_dossiers(request.user, model),
        "dossier_questions": services.DOSSIER_QUESTIONS,
        **extra,
    }


def board_response(
    request: HttpRequest, model: BarrierModel, anchor: str = "", **extra: Any
) -> HttpResponse:
    """After a change: the board fragment (HTMX) or a redirect back to the board."""
    if request.htmx:
        return render(request, "barriers/_board.html", board_context(request, model, **extra))
    url = reverse("barriers:detail", args=[model.pk])
    session = request.POST.get("session")
    if session:
        url += f"?sessie={session}"
    return redirect(url + (f"#{anchor}" if anchor else ""))


def board_error(request: HttpRequest, model: BarrierModel, **extra: Any) -> HttpResponse:
    """Re-render the board (HTMX) or the full page (no JS) with the failing form and its input."""
    ctx = board_context(request, model, **extra)
    if request.htmx:
        return render(request, "barriers/_board.html", ctx)
    return render(request, "barriers/detail.html", ctx, status=400)


def inline_form(
    request: HttpRequest, template: str, ctx: dict, status: int, *, target: str, swap: str
) -> HttpResponse:
    """An edit form that sits in the board: a fragment aimed back at its place for HTMX (200 on a
    conflict too, so htmx swaps it), the full page without JavaScript."""
    if request.htmx:
        response = render(request, f"barriers/_{template}", ctx, status=200)
        if request.method == "POST":
            response["HX-Retarget"] = target
            response["HX-Reswap"] = swap
        return response
    return render(request, f"barriers/{template}", ctx, status=status)


def confirm_delete(request: HttpRequest, model: BarrierModel, obj: Any, what: str) -> HttpResponse:
    return render(
        request, "barriers/confirm_delete.html", {"model": model, "object": obj, "what": what}
    )


def posted_delete(request: HttpRequest, delete: Callable[[str | None], None]) -> bool:
    """Run ``delete(version)`` for a confirmed POST; a conflict becomes an error message.
    True when deleted."""
    try:
        delete(request.POST.get("version"))
    except Conflict as exc:
        messages.error(request, exc.detail)
        return False
    return True
