"""History and version comparisons in the words of the page: a stored snapshot (field name →
stored value) as rows of the field's Dutch label and a readable value, so no page shows
``due_date: 2027-01-18`` or ``participants: ['…']``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The field's verbose name with a capital, or ``name`` itself when the model has no such
    field (a snapshot key of its own)."""
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            pass
        else:
            verbose = str(getattr(field, "verbose_name", name))
            return verbose[:1].upper() + verbose[1:]
    return name


def readable_value(model: type[models.Model] | None, name: str, value: Any) -> str:
    """A stored value as text: a choice by its label, an ISO date as a Dutch date, a list joined
    with commas, a yes/no as "ja"/"nee"."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (list, tuple)):
        return ", ".join(readable_value(model, name, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {readable_value(None, k, v)}" for k, v in value.items())
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        choices = dict(getattr(field, "flatchoices", None) or ())
        if value in choices:
            return str(choices[value])
        if isinstance(field, models.DateField) and isinstance(value, str):
            try:
                return date_format(dt.date.fromisoformat(value[:10]), "j F Y")
            except ValueError:
                pass
    return str(value)


def readable_fields(model: type[models.Model] | None, data: dict[str, Any]) -> list[dict[str, str]]:
    """``data`` as ``[{"label": …, "value": …}]`` in its own order, empty values left out."""
    rows = []
    for name, value in data.items():
        text = readable_value(model, name, value)
        if text:
            rows.append({"label": field_label(model, name), "value": text})
    return rows
