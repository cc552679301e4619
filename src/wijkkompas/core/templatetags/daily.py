"""The menu's count of waiting items (``{% load daily %}{% attention_badge %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from wijkkompas.core import attention

register = template.Library()


@register.simple_tag(takes_context=True)
def attention_badge(context: dict[str, Any]) -> str:
    """A badge with the number of waiting items, or nothing when none wait."""
    request = context.get("request")
    count = attention.menu_total(request) if request else 0
    if not count:
        return ""
    return format_html(
        '<span class="badge attention-count" aria-label="{} wachten op u">{}</span>', count, count
    )
