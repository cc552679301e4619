"""The published Kennisbank: public reading and search, and the tip form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from wijkkompas.accounts import policy
from wijkkompas.knowledge import search, selectors, services
from wijkkompas.knowledge.forms import SearchForm, TipForm
from wijkkompas.knowledge.views._labels import editing


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
    practices = selectors.practices(request.user)
    instruments = selectors.instruments(request.user)
    return render(
        request,
        "knowledge/index.html",
        {
            "rows": rows,
            "questions": questions,
            "search_form": SearchForm(),
            **selectors.counts(),
            "n_practices": practices.count(),
            "n_instruments": instruments.count(),
            "practices": practices,
            "instruments": instruments,
            **editing(request, "theme"),
        },
    )


def _detail(
    request, object_type: str, extra: Callable[[Any], dict[str, Any]] | None = None, **lookup: Any
):
    """The page ``knowledge/<object_type>.html`` of one published object, with ``extra(obj)``
    and the editing links in its context."""
    obj = selectors.get_published(request.user, object_type, **lookup)
    context = {
        object_type: obj,
        **(extra(obj) if extra else {}),
        **editing(request, object_type, obj),
    }
    return render(request, f"knowledge/{object_type}.html", context)


@login_not_required
def theme_detail(request, slug: str):
    def extra(theme) -> dict[str, Any]:
        return {
            "overview": selectors.theme_overview(theme),
            "practices": selectors.practices(request.user, theme=theme.slug),
            "instruments": selectors.instruments(request.user, theme=theme.slug),
            "can_edit_sources": policy.can(request.user, "edit", "source"),
        }

    return _detail(request, "theme", extra, slug=slug)


@login_not_required
def question_detail(request, number: int):
    def extra(question) -> dict[str, Any]:
        return {
            "per_theme": [
                {"theme": t, "entries": selectors.recommended_entries(t, question)}
                for t in selectors.themes(request.user)
            ],
            "instruments": selectors.instruments(request.user, question=question.number),
        }

    return _detail(request, "question", extra, number=number)


@login_not_required
def source_detail(request, slug: str):
    return _detail(
        request, "source", lambda source: {"entries": selectors.source_entries(source)}, slug=slug
    )


@login_not_required
def practice_detail(request, slug: str):
    return _detail(request, "practice", slug=slug)


@login_not_required
def instrument_detail(request, slug: str):
    return _detail(request, "instrument", slug=slug)


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
    about_key = request.GET.get("over") or request.POST.get("over") or ""
    object_type, _, pk = about_key.partition(":")
    about = selectors.find_object(object_type, int(pk) if pk.isdigit() else None)
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
                request=request,  # the rate limit counts per client address
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
