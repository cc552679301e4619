"""Real PDF output: a Django template rendered to HTML, laid out by WeasyPrint. Fonts and styles
come from the app itself (no network: WeasyPrint may only fetch our own static files)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _static_file_uri(url: str) -> str:
    """``/static/…`` (which WeasyPrint sees as ``file:///static/…`` with our base URL) becomes the
    file on disk; anything else is refused, so rendering never touches the network or reads a
    file that is not one of our static files."""
    path = url.removeprefix("file://")
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        if found:
            return Path(found).as_uri()
    raise ValueError(f"PDF rendering fetches only the app's own static files: {url}")


@cache
def _weasyprint():
    """WeasyPrint and a fetcher that only reads our own files, built on first use."""
    import weasyprint  # heavy (Pango/cairo bindings, ~2 s): loaded when the first PDF is made

    class LocalOnlyFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch(_static_file_uri(url), headers)

    return weasyprint.HTML, LocalOnlyFetcher()


def render_pdf(template_name: str, context: dict) -> bytes:
    html_class, fetcher = _weasyprint()
    html = render_to_string(template_name, context)
    return html_class(string=html, base_url="/", url_fetcher=fetcher).write_pdf()
