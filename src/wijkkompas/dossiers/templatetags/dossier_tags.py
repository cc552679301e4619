from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from wijkkompas.core.markdown import render

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """User markdown as sanitised HTML (core.markdown strips scripts, styles and attributes)."""
    return mark_safe(render(text))  # noqa: S308 - sanitised by nh3 in core.markdown.render


@register.filter
def status_class(code: str) -> str:
    return {
        "structureel_geborgd": "ok",
        "informatie_ontvangen": "ok",
        "benaderd": "warn",
    }.get(code, "")


@register.filter
def percent(share) -> str:
    """'40% (2 van 5)' or a dash when there is nothing to measure."""
    if share is None or share.total == 0:
        return "–"
    return f"{share.percent}% ({share.reached} van {share.total})"


@register.simple_tag
def kb_url(url_name: str, slug: str) -> str:
    """Link into the Kennisbank when that page exists (the Kennisbank is another module)."""
    try:
        return reverse(url_name, args=[slug])
    except NoReverseMatch:
        return ""


@register.filter
def md_cell(value) -> str:
    """Text safe inside a Markdown table cell: no pipes or line breaks breaking the row."""
    return " ".join(str(value or "").replace("|", "\\|").split())
