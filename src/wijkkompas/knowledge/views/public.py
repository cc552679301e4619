"""The published Kennisbank: public reading and search, and the tip form."""

from __future__ import annotations

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


@login_not_required
def theme_detail(request, slug: str):
    theme = selectors.get_published(request.user, "theme", slug=slug)
    return render(
        request,
        "knowledge/theme.html",
        {
            "theme": theme,
            "overview": selectors.theme_overview(theme),
            "practices": selectors.practices(request.user, theme=theme.slug),
            "instruments": selectors.instruments(request.user, theme=theme.slug),
            "can_edit_sources": policy.can(request.user, "edit", "source"),
            **editing(request, "theme", theme),
        },
    )


@login_not_required
def question_detail(request, number: int):
    question = selectors.get_published(request.user, "question", number=number)
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
            **editing(request, "question", question),
        },
    )


@login_not_required
def source_detail(request, slug: str):
    source = selectors.get_published(request.user, "source", slug=slug)
    return render(
        request,
        "knowledge/source.html",
        {
            "source": source,
            "entries": selectors.source_entries(source),
            **editing(request, "source", source),
        },
    )


@login_not_required
def practice_detail(request, slug: str):
    practice = selectors.get_published(request.user, "practice", slug=slug)
    return render(
        request,
        "knowledge/practice.html",
        {"practice": practice, **editing(request, "practice", practice)},
    )


@login_not_required
def instrument_detail(request, slug: str):
    instrument = selectors.get_published(request.user, "instrument", slug=slug)
    return render(
        request,
        "knowledge/instrument.html",
        {"instrument": instrument, **editing(request, "instrument", instrument)},
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
