"""Markdown written by users rendered to sanitised HTML (no scripts, no styles, no raw attributes)."""

import markdown as _markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render(text: str) -> str:
    html = _markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
