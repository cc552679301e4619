"""What the signals views share: paging, the covenant partners as form choices, and the plain
form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijkkompas.signals import selectors


def page(request: HttpRequest, queryset, per_page: int = 50) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("pagina"))


def partners(user: Any):
    return selectors.covenant_partners(user.tenant_id)


def stored_version(obj: Model) -> Callable[[], int | None]:
    """For ``core.forms.submit``: the version now stored, read after a conflict."""
    return lambda: (
        type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    )


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    back: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The one-form page (``signals/simple_form.html``); ``extra`` may set intro, submit, method."""
    return render(
        request,
        "signals/simple_form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=status,
    )
