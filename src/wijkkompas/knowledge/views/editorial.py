"""The redactie: the tips queue, creating, editing and deleting knowledge objects, their
history and restoring an earlier version."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wijkkompas.accounts import audit, policy
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.forms import initial_from, submit
from wijkkompas.knowledge import selectors, services
from wijkkompas.knowledge.forms import FORMS, DeleteForm, TipHandleForm
from wijkkompas.knowledge.models import Revision, Theme, Tip
from wijkkompas.knowledge.snapshots import OBJECT_TYPES, label_of
from wijkkompas.knowledge.views._labels import (
    FIELD_LABELS,
    NEW_TYPE,
    THIS_TYPE,
    TYPE_NAMES,
    readable,
    reloaded_version,
)

IN_USE = (
    "Dit kan niet worden verwijderd: het is in gebruik in een of meer themadossiers "
    "van gemeenten. Er is niets gewijzigd."
)


def editorial_index(request):
    policy.require(request.user, "list", "knowledge_tip")
    status = request.GET.get("status", Tip.Status.OPEN)
    if status not in Tip.Status.values and status != "alle":
        status = Tip.Status.OPEN
    tips = selectors.tips(request.user, status="" if status == "alle" else status)
    return render(
        request,
        "knowledge/editorial.html",
        {
            "tips": Paginator(tips, 30).get_page(request.GET.get("pagina")),
            "status": status,
            "statuses": Tip.Status.choices,
            "open_count": selectors.tips(request.user, status=Tip.Status.OPEN).count(),
            "revisions": selectors.recent_revisions(),
            "type_names": TYPE_NAMES,
        },
    )


def tip_detail(request, pk: int):
    tip = selectors.get_tip(request.user, pk)
    form = TipHandleForm(
        request.POST or None,
        initial={"version": tip.version, "status": Tip.Status.ACCEPTED, "note": tip.handling_note},
    )
    saved, status = submit(
        form,
        lambda data: services.handle_tip(
            actor=request.user,
            tip=tip,
            status=data["status"],
            note=data["note"],
            expected_version=data["version"],
        ),
        current_version=partial(reloaded_version, tip),
    )
    if saved is not None:
        messages.success(request, "De tip is afgehandeld.")
        return redirect("knowledge:editorial")
    if status == 409:
        return render(request, "knowledge/tip_detail.html", {"tip": tip, "form": form}, status=409)
    if tip.contact:
        audit.record(
            actor=request.user,
            action="knowledge_tip_viewed",
            obj=tip,
            reason="contactgegevens ingezien",
        )
    about = selectors.find_object(tip.about_type, tip.about_id)
    return render(
        request,
        "knowledge/tip_detail.html",
        {"tip": tip, "form": form, "about_url": about.get_absolute_url() if about else None},
    )


@require_http_methods(["GET", "POST"])
def object_create(request, object_type: str):
    if object_type not in OBJECT_TYPES:
        raise Http404
    policy.require(request.user, "create", object_type)
    form = FORMS[object_type](request.POST or None)
    obj, _ = submit(
        form,
        lambda data: services.create_object(
            actor=request.user, object_type=object_type, **_values(form)
        ),
    )
    if obj is not None:
        messages.success(
            request, f"{TYPE_NAMES[object_type].capitalize()} '{label_of(obj)}' is aangemaakt."
        )
        if object_type == "theme":
            messages.info(
                request, "Voeg nu de aanbevolen bronnen toe met 'Bron toevoegen aan dit thema'."
            )
        return redirect(obj.get_absolute_url())
    return _object_form(request, form, object_type, None)


def _values(form) -> dict:
    fields, m2m = form.model_values()
    return {"fields": fields, "m2m": m2m}


def _object_form(request, form, object_type: str, obj, status: int = 200):
    return render(
        request,
        "knowledge/object_form.html",
        {
            "form": form,
            "object_type": object_type,
            "type_name": TYPE_NAMES[object_type],
            "new_type": NEW_TYPE[object_type],
            "obj": obj,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def object_edit(request, object_type: str, pk: int):
    obj = selectors.get_object(request.user, "edit", object_type, pk)
    form = FORMS[object_type](request.POST or None, instance=obj)
    saved, status = submit(
        form,
        lambda data: services.update_object(
            actor=request.user,
            obj=obj,
            expected_version=data.get("version"),
            note=data.get("note", ""),
            **_values(form),
        ),
        current_version=partial(reloaded_version, obj),
    )
    if saved is not None:
        messages.success(request, f"De wijziging is opgeslagen (versie {saved.version}).")
        return redirect(saved.get_absolute_url())
    obj.refresh_from_db()
    return _object_form(request, form, object_type, obj, status)


@require_http_methods(["GET", "POST"])
def object_delete(request, object_type: str, pk: int):
    obj = selectors.get_object(request.user, "delete", object_type, pk)
    form = DeleteForm(request.POST or None, initial=initial_from(obj))

    def delete(data: dict) -> bool:
        try:
            services.delete_object(
                actor=request.user,
                obj=obj,
                expected_version=data["version"],
                note=data["note"],
            )
        except ProtectedError:
            raise Conflict(IN_USE) from None
        return True

    deleted, status = submit(form, delete)
    if deleted:
        messages.success(
            request, f"'{label_of(obj)}' is verwijderd. De geschiedenis blijft bewaard."
        )
        return redirect("knowledge:index")
    return render(
        request,
        "knowledge/object_delete.html",
        {"form": form, "obj": obj, "type_name": TYPE_NAMES[object_type]},
        status=status,
    )


def object_history(request, object_type: str, pk: int):
    obj = selectors.find_object(object_type, pk)
    if obj is None:
        revisions = selectors.history_of_deleted(request.user, object_type, pk)
        label = revisions[0].object_label
    else:
        revisions = selectors.history(request.user, object_type, obj)
        label = label_of(obj)
    revisions = list(revisions)
    for r in revisions:
        r.changed_labels = [FIELD_LABELS.get(f, f) for f in r.changed_fields]
    return render(
        request,
        "knowledge/history.html",
        {
            "obj": obj,
            "label": label,
            "revisions": revisions,
            "object_type": object_type,
            "type_name": TYPE_NAMES[object_type],
            "this_type": THIS_TYPE[object_type],
        },
    )


@require_http_methods(["GET", "POST"])
def revision_detail(request, pk: int):
    revision = selectors.get_revision(request.user, pk)
    obj = selectors.find_object(revision.object_type, revision.object_id)
    status = 200
    error = ""
    if request.method == "POST":
        if obj is None:
            raise Http404
        try:
            obj = services.restore_revision(
                actor=request.user,
                revision=revision,
                expected_version=request.POST.get("version"),
            )
        except Conflict as exc:
            error, status = exc.detail, 409
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            messages.success(
                request, f"Versie {revision.version} is teruggezet als versie {obj.version}."
            )
            return redirect(obj.get_absolute_url())
    previous = selectors.previous_revision(revision)
    theme_names = dict(Theme.objects.values_list("slug", "name"))
    rows = []
    for key, value in revision.snapshot.items():
        before = previous.snapshot.get(key) if previous else None
        rows.append(
            {
                "field": FIELD_LABELS.get(key, key),
                "value": readable(key, value, theme_names),
                "before": readable(key, before, theme_names),
                "changed": previous is not None and before != value,
            }
        )
    can_restore = (
        obj is not None
        and revision.action != Revision.Action.DELETE
        and policy.can(request.user, "edit", revision.object_type, obj)
    )
    return render(
        request,
        "knowledge/revision.html",
        {
            "revision": revision,
            "previous": previous,
            "rows": rows,
            "obj": obj,
            "type_name": TYPE_NAMES[revision.object_type],
            "can_restore": can_restore,
            "error": error,
        },
        status=status,
    )
