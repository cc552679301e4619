"""Form plumbing shared by every app's HTML views: service errors onto form fields, and the
edit-view pattern (validate, save through a service, show validation errors and conflicts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wijkkompas.core.api_support import Conflict


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form fields it names; messages for fields the
    form does not have (and ``__all__``) go on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def submit[T](
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    current_version: Callable[[], int | None] | None = None,
) -> tuple[T | None, int]:
    """The edit-view pattern. For a bound form: validate, then ``save(cleaned_data)`` (a service
    call). Returns ``(result, status)``:

    - ``(result, 200)`` when saved;
    - ``(None, 200)`` when the form or the service found invalid input (errors are on the form);
    - ``(None, 409)`` on a conflict: the message is on the form, and when ``current_version`` is
      given the form's ``version`` field now holds the stored version, so saving again after
      checking overwrites deliberately.

    An unbound form returns ``(None, 200)``: the view just renders it."""
    if not form.is_bound or not form.is_valid():
        return None, 200
    try:
        return save(form.cleaned_data), 200
    except ValidationError as exc:
        apply_errors(form, exc)
        return None, 200
    except Conflict as exc:
        form.add_error(None, exc.detail)
        if current_version is not None and "version" in form.fields:
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = current_version()
        return None, 409


def without_version(data: dict[str, Any]) -> dict[str, Any]:
    """``cleaned_data`` minus the ``version`` field, for a service that takes it separately."""
    return {k: v for k, v in data.items() if k != "version"}


def initial_from(obj: Any, *names: str, **overrides: Any) -> dict[str, Any]:
    """An edit form's ``initial`` from the object as stored: the named attributes (a related
    manager as the list of its objects), always the ``version`` that was read when the object
    has one (every versioned write names it), then ``overrides``."""
    initial = {}
    for name in (*names, "version"):
        if name == "version" and not hasattr(obj, "version"):
            continue
        value = getattr(obj, name)
        initial[name] = list(value.all()) if hasattr(value, "all") else value
    return {**initial, **overrides}


def picked(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """The named values of a form's ``cleaned_data``, as the keyword arguments of a service."""
    return {name: data[name] for name in names}


class ChoicesForm(forms.Form):
    """A form whose choice fields get their querysets when it is made: ``querysets`` maps a field
    to the keyword that brings them, e.g. ``{"owner": "partners"}`` for
    ``Form(data, partners=…)``. A field a subclass removes again is passed over."""

    querysets: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        given = {keyword: kwargs.pop(keyword, None) for keyword in set(self.querysets.values())}
        super().__init__(*args, **kwargs)
        for field, keyword in self.querysets.items():
            if field in self.fields:
                self.fields[field].queryset = given[keyword]
