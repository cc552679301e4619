"""HTML views: thin. The workshop board answers HTMX requests with the board fragment and plain
form posts with a redirect, so everything also works without JavaScript. A refused write
(validation or a stale version) re-renders the user's own input with the message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from wijkkompas.accounts import audit, policy
from wijkkompas.barriers import forms, interchange, poster, selectors, services
from wijkkompas.barriers.models import BarrierModel
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.exports import csv_response, xlsx_response

MAX_IMPORT_BYTES = 5_000_000


def _validation_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [
            f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
            for field, msgs in exc.message_dict.items()
        ]
    return list(exc.messages)


def _apply_errors(form, exc: ValidationError) -> None:
    for field, msgs in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, msgs)


def _board_context(request, model: BarrierModel, **extra) -> dict:
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
        "dossiers": _linkable_dossiers(request, model),
        "dossier_questions": services.DOSSIER_QUESTIONS,
        **extra,
    }


def _linkable_dossiers(request, model: BarrierModel) -> list:
    """Themadossiers of the model's tenant the user may pin to (empty for templates)."""
    if model.tenant_id is None or model.parent_step_id is not None:
        return []
    from wijkkompas.dossiers import selectors as dossier_selectors

    return [
        d
        for d in dossier_selectors.dossiers_visible_to(request.user)
        if policy.can(request.user, "edit", "dossier", d)
    ]


@require_POST
def link_dossier(request, pk: int):
    from wijkkompas.dossiers import selectors as dossier_selectors

    model = selectors.get_model(request.user, "view", pk)
    try:
        dossier = dossier_selectors.get_dossier(
            request.user, int(request.POST.get("dossier", "0")), action="edit"
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
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(_validation_messages(exc)))
    else:
        messages.success(
            request, f"Het model is gekoppeld aan het themadossier '{dossier}' (vraag {question})."
        )
    return redirect("barriers:detail", model.pk)


def _board_response(request, model: BarrierModel, anchor: str = "", **extra) -> HttpResponse:
    if request.htmx:
        return render(request, "barriers/_board.html", _board_context(request, model, **extra))
    url = reverse("barriers:detail", args=[model.pk])
    session = request.POST.get("session")
    if session:
        url += f"?sessie={session}"
    return redirect(url + (f"#{anchor}" if anchor else ""))


# --- overview ------------------------------------------------------------------------------


def index(request):
    can_list_models = policy.can(request.user, "list", "barrier_model")
    if not (can_list_models or policy.can(request.user, "list", "barrier_template")):
        raise PermissionDenied
    return render(
        request,
        "barriers/index.html",
        {
            "can_list_models": can_list_models,
            "models": selectors.models_visible_to(request.user),
            "templates": selectors.templates_visible_to(request.user)
            if policy.can(request.user, "list", "barrier_template")
            else [],
            "can_create": policy.can(request.user, "create", "barrier_model"),
            "import_form": forms.ImportForm(),
        },
    )


def model_create(request):
    policy.require(request.user, "create", "barrier_model")
    organisations = policy.visible(
        request.user, "list", "organisation", request.user.tenant.organisations.all()
    )
    form = forms.ModelForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            model = services.create_model(
                actor=request.user, tenant=request.user.tenant, request=request, **data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, f"Barrièremodel '{model.title}' is aangemaakt. Voeg nu de stappen toe."
            )
            return redirect("barriers:detail", model.pk)
    return render(request, "barriers/model_form.html", {"form": form, "model": None})


@require_POST
def model_import(request):
    policy.require(request.user, "create", "barrier_model")
    form = forms.ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            errors = [
                f"(bestand): {upload.size // 1_000_000} MB is te groot; maximaal {MAX_IMPORT_BYTES // 1_000_000} MB."
            ]
        try:
            if errors:
                raise interchange.ImportRefused(errors)
            data = interchange.parse_json(upload.read())
            model = services.import_model(
                actor=request.user,
                tenant=request.user.tenant,
                data=data,
                request=request,
                source=f"bestand {upload.name}",
            )
        except interchange.ImportRefused as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Barrièremodel '{model.title}' is ingelezen.")
            return redirect("barriers:detail", model.pk)
    return render(
        request,
        "barriers/import_refused.html",
        {
            "form": form,
            "errors": errors,
            "filename": getattr(request.FILES.get("file"), "name", ""),
        },
        status=400,
    )


def template_detail(request, pk: int):
    template = selectors.get_template(request.user, pk)
    ctx = _board_context(request, template)
    ctx.update(
        can_edit=False,
        can_delete=False,
        is_template_view=True,
        can_instantiate=policy.can(request.user, "create", "barrier_model"),
    )
    return render(request, "barriers/detail.html", ctx)


@require_POST
def template_instantiate(request, pk: int):
    template = selectors.get_template(request.user, pk)
    policy.require(request.user, "create", "barrier_model")
    model = services.instantiate_template(
        actor=request.user, template=template, tenant=request.user.tenant, request=request
    )
    messages.success(
        request,
        f"'{model.title}' is gekopieerd uit het landelijke sjabloon. Het is een startpunt: pas het in de sessies aan op de eigen situatie.",
    )
    return redirect("barriers:detail", model.pk)


# --- the board -----------------------------------------------------------------------------


def detail(request, pk: int):
    model = selectors.get_model(request.user, "view", pk)
    return render(request, "barriers/detail.html", _board_context(request, model))


def model_edit(request, pk: int):
    model = selectors.get_model(request.user, "edit", pk)
    organisations = selectors.partner_choices(request.user, model)
    form = forms.ModelForm(request.POST or None, instance=model, organisations=organisations)
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_model(
                actor=request.user,
                model=model,
                version=form.cleaned_data["version"],
                request=request,
                **data,
            )
        except Conflict as exc:
            conflict, status = exc.detail, 409
            model.refresh_from_db()
            form.data = form.data.copy()
            form.data["version"] = model.version
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Het model is opgeslagen.")
            return redirect("barriers:detail", model.pk)
    return render(
        request,
        "barriers/model_form.html",
        {"form": form, "model": model, "conflict": conflict},
        status=status,
    )


def model_delete(request, pk: int):
    model = selectors.get_model(request.user, "delete", pk)
    if request.method == "POST":
        try:
            services.delete_model(
                actor=request.user,
                model=model,
                version=request.POST.get("version"),
                request=request,
            )
        except Conflict as exc:
            messages.error(request, exc.detail)
            return redirect("barriers:detail", model.pk)
        messages.success(request, f"Het model '{model.title}' is verwijderd.")
        if model.parent_step_id:
            return redirect("barriers:detail", model.parent_step.model_id)
        return redirect("barriers:index")
    return render(
        request,
        "barriers/confirm_delete.html",
        {"model": model, "object": model, "what": "dit barrièremodel"},
    )


@require_POST
def step_add(request, pk: int):
    model = selectors.get_model(request.user, "edit", pk)
    form = forms.StepForm(request.POST)
    if form.is_valid():
        step = services.add_step(
            actor=request.user,
            model=model,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            request=request,
        )
        return _board_response(request, model, anchor=f"stap-{step.pk}")
    return _board_error(request, model, step_form=form)


def _board_error(request, model, **extra):
    """Re-render the board (HTMX) or the full page (no JS) with the failing form and its input."""
    ctx = _board_context(request, model, **extra)
    if request.htmx:
        return render(request, "barriers/_board.html", ctx)
    return render(request, "barriers/detail.html", ctx, status=400)


def step_edit(request, pk: int, step_id: int):
    model = selectors.get_model(request.user, "view", pk)
    step = selectors.get_step(request.user, "edit", step_id, model=model)
    initial = {"title": step.title, "description": step.description, "version": step.version}
    form = forms.StepForm(request.POST or None, initial=initial)
    conflict, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_step(
                actor=request.user,
                step=step,
                version=form.cleaned_data["version"],
                request=request,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except Conflict as exc:
            step.refresh_from_db()
            conflict, status = exc.detail, (200 if request.htmx else 409)
            form.data = form.data.copy()
            form.data["version"] = step.version
        else:
            return _board_response(request, model, anchor=f"stap-{step.pk}")
    template = "barriers/_step_form.html" if request.htmx else "barriers/step_form.html"
    response = render(
        request,
        template,
        {"model": model, "step": step, "form": form, "conflict": conflict},
        status=status,
    )
    if request.htmx and request.method == "POST":
        response["HX-Retarget"] = f"#stapkop-{step.pk}"
        response["HX-Reswap"] = "innerHTML"
    return response


@require_POST
def step_move(request, pk: int, step_id: int):
    model = selectors.get_model(request.user, "view", pk)
    step = selectors.get_step(request.user, "edit", step_id, model=model)
    services.move_step(
        actor=request.user, step=step, direction=request.POST.get("direction", ""), request=request
    )
    return _board_response(request, model, anchor=f"stap-{step.pk}")


def step_delete(request, pk: int, step_id: int):
    model = selectors.get_model(request.user, "view", pk)
    step = selectors.get_step(request.user, "delete", step_id, model=model)
    if request.method == "POST":
        try:
            services.delete_step(
                actor=request.user, step=step, version=request.POST.get("version"), request=request
            )
        except Conflict as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, f"Stap '{step.title}' is verwijderd.")
        return redirect("barriers:detail", model.pk)
    return render(
        request,
        "barriers/confirm_delete.html",
        {"model": model, "object": step, "what": f"stap '{step.title}' met al haar elementen"},
    )


@require_POST
def submodel_create(request, pk: int, step_id: int):
    model = selectors.get_model(request.user, "edit", pk)
    step = selectors.get_step(request.user, "edit", step_id, model=model)
    form = forms.SubmodelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Geef het submodel een naam.")
        return redirect("barriers:detail", model.pk)
    sub = services.create_submodel(
        actor=request.user, step=step, title=form.cleaned_data["title"], request=request
    )
    messages.success(
        request,
        f"Submodel '{sub.title}' is geopend bij stap '{step.title}'. Voeg de stappen van het submodel toe.",
    )
    return redirect("barriers:detail", sub.pk)


@require_POST
def element_add(request, pk: int):
    model = selectors.get_model(request.user, "view", pk)
    form = forms.ElementAddForm(request.POST)
    if not form.is_valid():
        if "step" in form.cleaned_data and "kind" in form.cleaned_data:
            return _board_error(
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
            request=request,
        )
    except ValidationError as exc:
        return _board_error(
            request,
            model,
            add_error=(step.pk, form.cleaned_data["kind"]),
            add_message=" ".join(_validation_messages(exc)),
            add_value=form.cleaned_data["text"],
        )
    return _board_response(
        request, model, anchor=f"el-{element.pk}", focus=f"add-{step.pk}-{element.kind}"
    )


def _element_form(request, model, element, data=None):
    return forms.ElementForm(
        data,
        element=element,
        organisations=selectors.partner_choices(request.user, model),
        targets=selectors.target_choices(model),
        sessions=model.sessions.all(),
    )


def element_edit(request, pk: int, el_id: int):
    model = selectors.get_model(request.user, "view", pk)
    element = selectors.get_element(request.user, "edit", el_id, model=model)
    form = _element_form(request, model, element, request.POST or None)
    conflict, status, current = None, 200, None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_element(
                actor=request.user,
                element=element,
                version=form.cleaned_data["version"],
                request=request,
                **form.changes(),
            )
        except Conflict as exc:
            current = selectors.get_element(request.user, "view", el_id, model=model)
            conflict, status = exc.detail, (200 if request.htmx else 409)
            form.data = form.data.copy()
            form.data["version"] = current.version
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return _board_response(
                request, model, anchor=f"el-{element.pk}", focus=f"edit-{element.pk}"
            )
    ctx = {
        "model": model,
        "element": element,
        "form": form,
        "conflict": conflict,
        "current": current,
    }
    template = "barriers/_element_form.html" if request.htmx else "barriers/element_form.html"
    response = render(request, template, ctx, status=status)
    if request.htmx and request.method == "POST":
        response["HX-Retarget"] = f"#el-{element.pk}"
        response["HX-Reswap"] = "outerHTML"
    return response


@require_POST
def element_move(request, pk: int, el_id: int):
    model = selectors.get_model(request.user, "view", pk)
    element = selectors.get_element(request.user, "edit", el_id, model=model)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down", "left", "right"):
        raise Http404
    services.move_element(actor=request.user, element=element, direction=direction, request=request)
    return _board_response(
        request, model, anchor=f"el-{element.pk}", focus=f"mv-{element.pk}-{direction}"
    )


def element_delete(request, pk: int, el_id: int):
    model = selectors.get_model(request.user, "view", pk)
    element = selectors.get_element(request.user, "delete", el_id, model=model)
    if request.method == "POST":
        try:
            services.delete_element(
                actor=request.user,
                element=element,
                version=request.POST.get("version"),
                request=request,
            )
        except Conflict as exc:
            messages.error(request, exc.detail)
        return _board_response(request, model)
    return render(
        request,
        "barriers/confirm_delete.html",
        {
            "model": model,
            "object": element,
            "what": f"{element.get_kind_display().lower()} '{element.text}'",
        },
    )


# --- sessions ------------------------------------------------------------------------------


def sessions(request, pk: int):
    model = selectors.get_model(request.user, "view", pk)
    organisations = selectors.partner_choices(request.user, model)
    can_edit = policy.can(request.user, "edit", "barrier_model", model)
    form = forms.SessionForm(request.POST or None, organisations=organisations)
    if request.method == "POST":
        policy.require(request.user, "edit", "barrier_model", model)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            session = services.create_session(
                actor=request.user, model=model, request=request, **data
            )
            messages.success(
                request,
                f"Sessie '{session.title}' is vastgelegd. Nieuwe elementen op het bord kunt u aan deze sessie koppelen.",
            )
            return redirect(reverse("barriers:detail", args=[model.pk]) + f"?sessie={session.pk}")
    items = model.sessions.prefetch_related("participants", "elements__step").order_by(
        "held_on", "id"
    )
    return render(
        request,
        "barriers/sessions.html",
        {"model": model, "sessions": items, "form": form, "can_edit": can_edit},
    )


def session_edit(request, pk: int, session_id: int):
    model = selectors.get_model(request.user, "view", pk)
    session = selectors.get_session(request.user, "edit", session_id, model=model)
    organisations = selectors.partner_choices(request.user, model)
    initial = {
        "held_on": session.held_on,
        "title": session.title,
        "notes": session.notes,
        "version": session.version,
        "participants": list(session.participants.all()),
    }
    form = forms.SessionForm(request.POST or None, initial=initial, organisations=organisations)
    conflict, status = None, 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "participants")}
        try:
            services.update_session(
                actor=request.user,
                session=session,
                version=form.cleaned_data["version"],
                participants=list(form.cleaned_data["participants"]),
                request=request,
                **data,
            )
        except Conflict as exc:
            session.refresh_from_db()
            conflict, status = exc.detail, 409
            form.data = form.data.copy()
            form.data["version"] = session.version
        else:
            messages.success(request, "De sessie is opgeslagen.")
            return redirect("barriers:sessions", model.pk)
    return render(
        request,
        "barriers/session_form.html",
        {"model": model, "session": session, "form": form, "conflict": conflict},
        status=status,
    )


def session_delete(request, pk: int, session_id: int):
    model = selectors.get_model(request.user, "view", pk)
    session = selectors.get_session(request.user, "delete", session_id, model=model)
    if request.method == "POST":
        try:
            services.delete_session(
                actor=request.user,
                session=session,
                version=request.POST.get("version"),
                request=request,
            )
        except Conflict as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, "De sessie is verwijderd; de elementen blijven staan.")
        return redirect("barriers:sessions", model.pk)
    return render(
        request,
        "barriers/confirm_delete.html",
        {"model": model, "object": session, "what": f"sessie '{session}'"},
    )


# --- outputs -------------------------------------------------------------------------------


def _filename(model: BarrierModel, suffix: str) -> str:
    return f"barrieremodel-{slugify(model.title)[:60] or model.pk}.{suffix}"


def _audit_export(request, model: BarrierModel, what: str) -> None:
    audit.record(
        actor=request.user,
        action="barriers.exported",
        obj=model,
        request=request,
        detail={"format": what},
    )


def poster_pdf(request, pk: int):
    model = selectors.get_model(request.user, "export", pk)
    _audit_export(request, model, "poster-pdf")
    response = HttpResponse(poster.render_pdf(model), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(model, "pdf")}"'
    return response


def poster_svg(request, pk: int):
    model = selectors.get_model(request.user, "export", pk)
    _audit_export(request, model, "poster-svg")
    response = HttpResponse(poster.render_svg(model), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(model, "svg")}"'
    return response


def template_poster(request, pk: int, fmt: str):
    """The poster of a national template, to print as the starting point of a first session."""
    template = selectors.get_template(request.user, pk)
    if fmt == "svg":
        response = HttpResponse(
            poster.render_svg(template), content_type="image/svg+xml; charset=utf-8"
        )
    elif fmt == "pdf":
        response = HttpResponse(poster.render_pdf(template), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{_filename(template, fmt)}"'
    return response


def export_json(request, pk: int):
    model = selectors.get_model(request.user, "export", pk)
    _audit_export(request, model, "json")
    response = HttpResponse(
        interchange.export_json(model), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(model, "json")}"'
    return response


def action_list(request, pk: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    model = selectors.get_model(request.user, "export", pk)
    _audit_export(request, model, f"actielijst-{fmt}")
    barriers = selectors.barriers_visible_to(request.user).filter(step__model=model)
    rows = selectors.action_list_rows(barriers)
    name = f"actielijst-{slugify(model.title)[:60]}.{fmt}"
    if fmt == "csv":
        return csv_response(name, selectors.ACTION_LIST_HEADER, rows)
    return xlsx_response(name, "Actielijst", selectors.ACTION_LIST_HEADER, rows)


def history(request, pk: int):
    model = selectors.get_model(request.user, "history", pk)
    return render(
        request,
        "barriers/history.html",
        {"model": model, "entries": selectors.history(model)[:500]},
    )


# --- follow-up -----------------------------------------------------------------------------


def followup_index(request):
    policy.require(request.user, "view", "barrier_followup")
    return render(
        request,
        "barriers/followup_index.html",
        {"partners": selectors.partners_overview(request.user)},
    )


def _followup_target(request, org_id: int):
    if org_id == 0:
        policy.require(request.user, "view", "barrier_followup")
        return None
    return selectors.get_followup_organisation(request.user, org_id)


def followup_partner(request, org_id: int):
    organisation = _followup_target(request, org_id)
    barriers = list(selectors.barriers_of(request.user, organisation))
    today = timezone.localdate()
    for b in barriers:
        b.overdue = selectors.is_overdue(b, today)
    return render(
        request,
        "barriers/followup_partner.html",
        {
            "organisation": organisation,
            "org_id": org_id,
            "barriers": barriers,
            "today": today,
            "overdue_count": sum(1 for b in barriers if b.overdue),
        },
    )


def followup_export(request, org_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    organisation = _followup_target(request, org_id)
    rows = selectors.action_list_rows(selectors.barriers_of(request.user, organisation))
    audit.record(
        actor=request.user,
        action="barriers.exported",
        object_type="organisation",
        object_id=org_id,
        request=request,
        detail={"format": f"opvolging-{fmt}"},
    )
    name = (
        f"actielijst-{slugify(organisation.name if organisation else 'zonder-eigenaar')[:60]}.{fmt}"
    )
    if fmt == "csv":
        return csv_response(name, selectors.ACTION_LIST_HEADER, rows)
    return xlsx_response(name, "Actielijst", selectors.ACTION_LIST_HEADER, rows)
