"""The overview of models and national templates; creating, importing and copying a model."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.barriers import forms, interchange, selectors, services
from wijkkompas.barriers.views._board import board_context
from wijkkompas.core.forms import submit, without_version

MAX_IMPORT_BYTES = 5_000_000


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
            "templates": selectors.templates_visible_to(request.user),
            "can_create": policy.can(request.user, "create", "barrier_model"),
            "import_form": forms.ImportForm(),
        },
    )


def model_create(request):
    policy.require(request.user, "create", "barrier_model")
    form = forms.ModelForm(
        request.POST or None, organisations=selectors.partner_choices(request.user)
    )
    model, _ = submit(
        form,
        lambda data: services.create_model(
            actor=request.user, tenant=request.user.tenant, **without_version(data)
        ),
    )
    if model is not None:
        messages.success(
            request, f"Barrièremodel '{model.title}' is aangemaakt. Voeg nu de stappen toe."
        )
        return redirect("barriers:detail", model.pk)
    return render(request, "barriers/model_form.html", {"form": form, "model": None})


@require_POST
def model_import(request):
    # Asked here, not only in the service: a refused file must not tell a reader more than 403.
    policy.require(request.user, "create", "barrier_model")
    form = forms.ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise interchange.ImportRefused(
                    [
                        f"(bestand): {upload.size // 1_000_000} MB is te groot; maximaal {MAX_IMPORT_BYTES // 1_000_000} MB."
                    ]
                )
            model = services.import_model(
                actor=request.user,
                tenant=request.user.tenant,
                data=interchange.parse_json(upload.read()),
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
    ctx = board_context(request, template)
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
    model = services.instantiate_template(
        actor=request.user, template=template, tenant=request.user.tenant
    )
    messages.success(
        request,
        f"'{model.title}' is gekopieerd uit het landelijke sjabloon. Het is een startpunt: pas het in de sessies aan op de eigen situatie.",
    )
    return redirect("barriers:detail", model.pk)
