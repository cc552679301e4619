"""Real PDF output: a Django template rendered to HTML, laid out by WeasyPrint. Fonts and styles
come from the app itself (no network: WeasyPrint may only fetch our own static files)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _local_only_fetcher(url: str, *args, **kwargs):
    """Resolve /static/… to files on disk; refuse anything else so rendering never touches the network."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://"):
        return default_url_fetcher(url, *args, **kwargs)
    static_prefix = settings.STATIC_URL
    if url.startswith(static_prefix):
        path = finders.find(url[len(static_prefix) :])
        if path:
            return default_url_fetcher(Path(path).as_uri(), *args, **kwargs)
    raise ValueError(f"PDF rendering does not fetch external resources: {url}")


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url="/", url_fetcher=_local_only_fetcher).write_pdf()
