"""Kennisbank pages: public reading and search; editing and tips queue for the redactie."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from wijkkompas.accounts import audit, policy
from wijkkompas.core.api_support import Conflict
from wijkkompas.knowledge import search, selectors, services
from wijkkompas.knowledge.forms import (
    FORMS,
    DeleteForm,
    SearchForm,
    SourceEntryForm,
    TipForm,
    TipHandleForm,
)
from wijkkompas.knowledge.models import Revision, Source, SourceEntry, Theme, Tip
from wijkkompas.knowledge.snapshots import OBJECT_TYPES, label_of

TYPE_NAMES = {
    "theme": "thema",
    "question": "vraag",
    "source": "bron",
    "practice": "praktijkvoorbeeld",
    "instrument": "instrument of methode",
}
FIELD_LABELS = {
    "slug": "Slug",
    "name": "Naam",
    "title": "Titel",
    "description": "Beschrijving",
    "order": "Volgorde",
    "number": "Nummer",
    "text": "Vraag",
    "scope": "Soort",
    "kind": "Soort",
    "internal": "Intern",
    "url": "Webadres",
    "entries": "Per thema",
    "municipality": "Gemeente",
    "neighbourhood": "Wijk of gebied",
    "start_year": "Startjaar",
    "target_group": "Doelgroep",
    "themes": "Thema's",
    "partners": "Partners",
    "summary": "Samenvatting",
    "origin": "Aanleiding",
    "method_steps": "Werkwijze",
    "results": "Resultaten",
    "success_factors": "Succesfactoren",
    "bottlenecks": "Knelpunten",
    "future": "Toekomst",
    "seed": "Brondocument",
    "provider": "Aanbieder",
    "purpose": "Doel",
    "steps": "Stappen",
    "questions": "Vragen",
}


def _editing(request, object_type: str, obj=None) -> dict:
    """What the current user may do here (templates never check roles)."""
    return {
        "can_edit": policy.can(request.user, "edit", object_type, obj)
        if obj is not None
        else policy.can(request.user, "edit", object_type),
        "can_history": policy.can(request.user, "history", object_type, obj)
        if obj is not None
        else False,
        "can_create": policy.can(request.user, "create", object_type),
    }


def _get(request, object_type: str, **lookup):
    return policy.get_object_or_404(
        request.user, "view", object_type, OBJECT_TYPES[object_type], **lookup
    )


# --- public pages -----------------------------------------------------------------------------


@login_not_required
def index(request):
    policy.require(request.user, "list", "theme")
    themes, questions, counts = selectors.theme_matrix(request.user)
    rows = [
        {
            "theme": t,
            "cells": [{"question": q, "count": counts.get((t.pk, q.pk), 0)} for q in questions],
        }
        for t in themes
    ]
    return render(
        request,
        "knowledge/index.html",
        {
            "rows": rows,
            "questions": questions,
            "search_form": SearchForm(),
            "n_sources": Source.objects.count(),
            "n_entries": SourceEntry.objects.count(),
            "n_practices": selectors.practices(request.user).count(),
            "n_instruments": selectors.instruments(request.user).count(),
            "practices": selectors.practices(request.user),
            "instruments": selectors.instruments(request.user),
            **_editing(request, "theme"),
        },
    )


@login_not_required
def theme_detail(request, slug: str):
    theme = _get(request, "theme", slug=slug)
    return render(
        request,
        "knowledge/theme.html",
        {
            "theme": theme,
            "overview": selectors.theme_overview(theme),
            "practices": selectors.practices(request.user, theme=theme.slug),
            "instruments": selectors.instruments(request.user, theme=theme.slug),
            "can_edit_sources": policy.can(request.user, "edit", "source"),
            **_editing(request, "theme", theme),
        },
    )


@login_not_required
def question_detail(request, number: int):
    question = _get(request, "question", number=number)
    per_theme = [
        {"theme": t, "entries": selectors.recommended_entries(t, question)}
        for t in selectors.themes(request.user)
    ]
    return render(
        request,
        "knowledge/question.html",
        {
            "question": question,
            "per_theme": per_theme,
            "instruments": selectors.instruments(request.user, question=question.number),
            **_editing(request, "question", question),
        },
    )


@login_not_required
def source_detail(request, slug: str):
    source = _get(request, "source", slug=slug)
    entries = (
        source.entries.select_related("theme")
        .prefetch_related("questions")
        .order_by("theme__order")
    )
    return render(
        request,
        "knowledge/source.html",
        {"source": source, "entries": entries, **_editing(request, "source", source)},
    )


@login_not_required
def practice_detail(request, slug: str):
    practice = _get(request, "practice", slug=slug)
    return render(
        request,
        "knowledge/practice.html",
        {"practice": practice, **_editing(request, "practice", practice)},
    )


@login_not_required
def instrument_detail(request, slug: str):
    instrument = _get(request, "instrument", slug=slug)
    return render(
        request,
        "knowledge/instrument.html",
        {"instrument": instrument, **_editing(request, "instrument", instrument)},
    )


def filters_from(data) -> tuple[str, search.Filters, SearchForm]:
    form = SearchForm(data or None)
    form.is_valid()
    c = getattr(form, "cleaned_data", {})
    internal = {"intern": True, "extern": False}.get(c.get("internal") or "")
    filters = search.Filters(
        theme=c.get("theme") or "",
        question=c.get("question"),
        kind=c.get("kind") or "",
        internal=internal,
        type=c.get("type") or "",
    )
    return (c.get("q") or "").strip(), filters, form


@login_not_required
def search_view(request):
    policy.require(request.user, "list", "source")
    query, filters, form = filters_from(request.GET)
    hits, count = (
        search.search(query, filters, limit=None) if (query or filters.active()) else ([], 0)
    )
    page = Paginator(hits, 20).get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    context = {
        "form": form,
        "query": query,
        "page": page,
        "count": count,
        "searched": bool(query or filters.active()),
        "params": params.urlencode(),
    }
    template = (
        "knowledge/_search_results.html"
        if request.htmx and not request.htmx.boosted
        else "knowledge/search.html"
    )
    return render(request, template, context)


@login_not_required
@require_http_methods(["GET", "POST"])
def tip_view(request):
    policy.require(request.user, "create", "knowledge_tip")
    about = None
    about_key = request.GET.get("over") or request.POST.get("over") or ""
    object_type, _, pk = about_key.partition(":")
    if object_type in OBJECT_TYPES and pk.isdigit():
        about = OBJECT_TYPES[object_type].objects.filter(pk=int(pk)).first()
    form = TipForm(request.POST or None, initial={"kind": "correctie" if about else "nieuwe_bron"})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            # Honeypot filled in: a bot. Answer as if it worked, store nothing.
            return render(request, "knowledge/tip_done.html", {})
        try:
            services.submit_tip(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
                contact=form.cleaned_data["contact"],
                about=about,
                request=request,
            )
        except services.TipRateLimited:
            form.add_error(
                None, "U heeft het afgelopen uur al veel tips gestuurd. Probeer het later opnieuw."
            )
            return render(
                request,
                "knowledge/tip.html",
                {"form": form, "about": about, "about_key": about_key},
                status=429,
            )
        return render(request, "knowledge/tip_done.html", {"about": about})
    return render(
        request, "knowledge/tip.html", {"form": form, "about": about, "about_key": about_key}
    )


# --- redactie ---------------------------------------------------------------------------------


def editorial_index(request):
    policy.require(request.user, "list", "knowledge_tip")
    status = request.GET.get("status", Tip.Status.OPEN)
    if status not in Tip.Status.values and status != "alle":
        status = Tip.Status.OPEN
    tips = selectors.tips(request.user, status="" if status == "alle" else status)
    revisions = Revision.objects.select_related("actor")[:25]
    return render(
        request,
        "knowledge/editorial.html",
        {
            "tips": Paginator(tips, 30).get_page(request.GET.get("pagina")),
            "status": status,
            "statuses": Tip.Status.choices,
            "open_count": Tip.objects.filter(status=Tip.Status.OPEN).count(),
            "revisions": revisions,
            "type_names": TYPE_NAMES,
        },
    )


def tip_detail(request, pk: int):
    tip = policy.get_object_or_404(request.user, "view", "knowledge_tip", Tip, pk=pk)
    form = TipHandleForm(
        request.POST or None,
        initial={"version": tip.version, "status": Tip.Status.ACCEPTED, "note": tip.handling_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_tip(
                actor=request.user,
                tip=tip,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except Conflict as exc:
            form.add_error(None, exc.detail)
            return render(
                request, "knowledge/tip_detail.html", {"tip": tip, "form": form}, status=409
            )
        messages.success(request, "De tip is afgehandeld.")
        return redirect("knowledge:editorial")
    if tip.contact:
        audit.record(
            actor=request.user,
            action="knowledge.tip_view",
            obj=tip,
            request=request,
            reason="contactgegevens ingezien",
        )
    about_url = None
    if tip.about_type in OBJECT_TYPES and tip.about_id:
        about_obj = OBJECT_TYPES[tip.about_type].objects.filter(pk=tip.about_id).first()
        about_url = about_obj.get_absolute_url() if about_obj else None
    return render(
        request, "knowledge/tip_detail.html", {"tip": tip, "form": form, "about_url": about_url}
    )


def _type_or_404(object_type: str) -> str:
    if object_type not in OBJECT_TYPES:
        raise Http404
    return object_type


@require_http_methods(["GET", "POST"])
def object_create(request, object_type: str):
    _type_or_404(object_type)
    policy.require(request.user, "create", object_type)
    form_class = FORMS[object_type]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields, m2m = form.model_values()
        try:
            obj = services.create_object(
                actor=request.user, object_type=object_type, fields=fields, m2m=m2m, request=request
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"{TYPE_NAMES[object_type].capitalize()} '{label_of(obj)}' is aangemaakt."
            )
            if object_type == "theme":
                messages.info(
                    request, "Voeg nu de aanbevolen bronnen toe met 'Bron toevoegen aan dit thema'."
                )
            return redirect(obj.get_absolute_url())
    return render(
        request,
        "knowledge/object_form.html",
        {
            "form": form,
            "object_type": object_type,
            "type_name": TYPE_NAMES[object_type],
            "obj": None,
        },
    )


@require_http_methods(["GET", "POST"])
def object_edit(request, object_type: str, pk: int):
    obj = policy.get_object_or_404(
        request.user, "edit", _type_or_404(object_type), OBJECT_TYPES[object_type], pk=pk
    )
    form = FORMS[object_type](request.POST or None, instance=obj)
    status = 200
    if request.method == "POST" and form.is_valid():
        fields, m2m = form.model_values()
        try:
            obj = services.update_object(
                actor=request.user,
                obj=obj,
                fields=fields,
                m2m=m2m,
                expected_version=form.cleaned_data.get("version"),
                note=form.cleaned_data.get("note", ""),
                request=request,
            )
        except Conflict as exc:
            form.add_error(None, exc.detail)
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"De wijziging is opgeslagen (versie {obj.version}).")
            return redirect(obj.get_absolute_url())
    obj.refresh_from_db()
    return render(
        request,
        "knowledge/object_form.html",
        {
            "form": form,
            "object_type": object_type,
            "type_name": TYPE_NAMES[object_type],
            "obj": obj,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def object_delete(request, object_type: str, pk: int):
    obj = policy.get_object_or_404(
        request.user, "delete", _type_or_404(object_type), OBJECT_TYPES[object_type], pk=pk
    )
    form = DeleteForm(request.POST or None, initial={"version": obj.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_object(
                actor=request.user,
                obj=obj,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except Conflict as exc:
            form.add_error(None, exc.detail)
            status = 409
        except ProtectedError:
            form.add_error(
                None,
                "Dit kan niet worden verwijderd: het is in gebruik in een of meer themadossiers "
                "van gemeenten. Er is niets gewijzigd.",
            )
            status = 409
        else:
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
    _type_or_404(object_type)
    obj = OBJECT_TYPES[object_type].objects.filter(pk=pk).first()
    if obj is None:
        policy.require(request.user, "history", object_type)
        revisions = Revision.objects.filter(object_type=object_type, object_id=pk).select_related(
            "actor"
        )
        if not revisions:
            raise Http404
        label = revisions[0].object_label
    else:
        revisions = selectors.history(request.user, object_type, obj)
        label = label_of(obj)
    return render(
        request,
        "knowledge/history.html",
        {
            "obj": obj,
            "label": label,
            "revisions": revisions,
            "object_type": object_type,
            "type_name": TYPE_NAMES[object_type],
            "field_labels": FIELD_LABELS,
        },
    )


@require_http_methods(["GET", "POST"])
def revision_detail(request, pk: int):
    revision = get_object_or_404(Revision, pk=pk)
    policy.require(request.user, "history", revision.object_type)
    obj = OBJECT_TYPES[revision.object_type].objects.filter(pk=revision.object_id).first()
    status = 200
    error = ""
    if request.method == "POST":
        if obj is None:
            raise Http404
        try:
            obj = services.restore_revision(
                actor=request.user,
                revision=revision,
                expected_version=int(request.POST.get("version") or 0),
                request=request,
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
    previous = (
        Revision.objects.filter(
            object_type=revision.object_type, object_id=revision.object_id, id__lt=revision.id
        )
        .order_by("-id")
        .first()
    )
    rows = []
    for key, value in revision.snapshot.items():
        before = previous.snapshot.get(key) if previous else None
        rows.append(
            {
                "field": FIELD_LABELS.get(key, key),
                "value": value,
                "before": before,
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


@require_http_methods(["GET", "POST"])
def entry_form(request, pk: int | None = None):
    entry = None
    if pk is not None:
        entry = get_object_or_404(SourceEntry.objects.select_related("source", "theme"), pk=pk)
        policy.require(request.user, "edit", "source", entry.source)
    else:
        policy.require(request.user, "edit", "source")
    initial = {}
    if entry is None:
        if request.GET.get("thema"):
            initial["theme"] = Theme.objects.filter(slug=request.GET["thema"]).first()
        if request.GET.get("bron"):
            initial["source"] = Source.objects.filter(slug=request.GET["bron"]).first()
    form = SourceEntryForm(request.POST or None, instance=entry, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            saved = services.save_source_entry(
                actor=request.user,
                source=entry.source if entry else c["source"],
                theme=c["theme"],
                offers=c["offers"],
                questions=list(c["questions"]),
                entry=entry,
                expected_version=c.get("version"),
                request=request,
            )
        except Conflict as exc:
            form.add_error(None, exc.detail)
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{saved.source} staat nu bij het thema {saved.theme}.")
            first = saved.questions.order_by("number").values_list("number", flat=True).first()
            anchor = f"#bron-{first}-{saved.source.slug}" if first else ""
            return redirect(saved.theme.get_absolute_url() + anchor)
    return render(
        request, "knowledge/entry_form.html", {"form": form, "entry": entry}, status=status
    )


@require_http_methods(["GET", "POST"])
def entry_delete(request, pk: int):
    entry = get_object_or_404(SourceEntry.objects.select_related("source", "theme"), pk=pk)
    policy.require(request.user, "edit", "source", entry.source)
    form = DeleteForm(request.POST or None, initial={"version": entry.version, "note": "-"})
    form.fields["note"].required = False
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_source_entry(
                actor=request.user,
                entry=entry,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except Conflict as exc:
            form.add_error(None, exc.detail)
            status = 409
        else:
            messages.success(request, f"{entry.source} is weggehaald bij het thema {entry.theme}.")
            return redirect(entry.theme.get_absolute_url())
    return render(
        request, "knowledge/entry_delete.html", {"form": form, "entry": entry}, status=status
    )
