"""Small template helpers for the survey forms and result tables."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    if mapping is None:
        return None
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def getlist(mapping: Any, key: str) -> list:
    if hasattr(mapping, "getlist"):
        return mapping.getlist(key)
    return []


@register.filter
def scale_values(question: Any) -> range:
    return range(question.scale_min, question.scale_max + 1)


@register.filter
def option_label(value: str, questions: Any) -> str:
    for q in questions:
        if value in q.option_labels:
            return q.option_labels[value]
    return value


@register.filter
def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


@register.filter
def decimal(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


@register.filter
def scale_share(mean: float | None, question: Any) -> float | None:
    """Where a mean lies on its question's scale (0..1), for the bar beside the figure."""
    if mean is None or question.scale_max <= question.scale_min:
        return None
    return (mean - question.scale_min) / (question.scale_max - question.scale_min)
