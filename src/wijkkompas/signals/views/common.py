"""What the signals views (and the API, for ``read_audited``) share: paging, the covenant
partners as form choices, reading one object with its audit row, and the plain form page with the
edit-view pattern on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wijkkompas.accounts import policy
from wijkkompas.core.forms import submit
from wijkkompas.signals import selectors


def page(request: HttpRequest, queryset, per_page: int = 50) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("pagina"))


def audited_page(request: HttpRequest, queryset, object_type: str) -> Page:
    """A page of a list that shows person-related data, with its audit row."""
    listed = page(request, queryset)
    selectors.audit_list(request.user, object_type, [obj.pk for obj in listed])
    return listed


def list_page(
    request: HttpRequest,
    object_type: str,
    list_of: Callable[..., Any],
    template: str,
    *,
    statuses: Any = None,
    **context: Any,
) -> HttpResponse:
    """A list of person-related data: the policy's list check, then the audited page of
    ``list_of(user, **filters)`` in ``template``. With ``statuses`` (a model's ``Status``
    choices) the list is filtered by ``?status=`` (an unknown status shows everything)."""
    user = request.user
    policy.require(user, "list", object_type)
    filters = {}
    if statuses is not None:
        status = request.GET.get("status", "")
        filters["status"] = status if status in statuses.values else ""
        context |= {"statuses": statuses.choices, "status": status}
    if outside_covenant(user):
        # Nothing is shared with an organisation outside the covenant: say so once instead of
        # an empty list that looks like nothing happened.
        return render(
            request,
            "signals/outside_covenant.html",
            {"section": SECTION_TITLES.get(object_type, "Signalen")},
        )
    listed = audited_page(request, list_of(user, **filters), object_type)
    return render(request, template, {"page": listed, **context})


SECTION_TITLES = {
    "signal": "Signalen",
    "case": "Casussen",
    "meeting": "Casusoverleggen",
    "intervention": "Interventies",
    "escalation": "Escalaties",
    "person": "Personen",
}


def outside_covenant(user: Any) -> bool:
    """The user's organisation belongs to the tenant but takes no part in its covenant."""
    return bool(
        user.tenant_id
        and user.organisation_id
        and not partners(user).filter(pk=user.organisation_id).exists()
    )


def partners(user: Any):
    return selectors.covenant_partners(user.tenant_id)


def read_audited[T](
    user: Any, load: Callable[[Any, int], T], pk: int, object_type: str, *, action: str = ""
) -> T:
    """One object through its policy-checked selector (``load``), with the audit row every read
    of person-related data needs (``action`` defaults to ``<object_type>_viewed``)."""
    obj = load(user, pk)
    selectors.audit_read(user, obj, object_type, action=action)
    return obj


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


def edit_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    saved: str,
    title: str,
    back: str,
    versioned: Model | None = None,
    then: Any = None,
    **extra: Any,
) -> HttpResponse:
    """The edit-view pattern on the one-form page: ``core.forms.submit``; when saved, the message
    ``saved`` and a redirect to ``then`` (default: the saved object); otherwise the form again with
    its errors (409 on a conflict, the stored version of ``versioned`` in the form)."""
    result, status = submit(
        form, save, current_version=stored_version(versioned) if versioned is not None else None
    )
    if result is not None:
        messages.success(request, saved)
        return redirect(then or result)
    return form_page(request, form, title=title, back=back, status=status, **extra)


def post_back(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    saved: str,
    invalid: str,
    back: Any,
) -> HttpResponse:
    """A small form posted from a detail page: validate, ``save(cleaned_data)`` (a service call),
    say how it went as a message (``invalid`` for an incomplete form, the service's own words when
    it refuses) and go back to the page."""
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect(back)
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, saved)
    return redirect(back)
