"""Reading an imported plan into pages (PDF: one per page, from the text layer) or sections
(HTML, text: one). A page without a text layer is reported as scanned; a file that yields no text
at all is refused with a Dutch message naming the file."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
    "section", "article", "td", "th", "dt", "dd", "header", "footer",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "nav", "head", "noscript", "template"}
MIN_PAGE_CHARS = 20


@dataclass
class Reading:
    kind: str
    pages: list[str]
    scanned_pages: list[int] = field(default_factory=list)
    title: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


class _TextParser(HTMLParser):
    """Text of an HTML page with line breaks at block elements; list items keep a bullet."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
        if tag == "title":
            self._in_title = True
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS and self.skip:
            self.skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self.skip:
            self.parts.append(data)


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _refuse(name: str, why: str) -> ValidationError:
    return ValidationError({"file": f"{name}: {why}"})


def read_pdf(data: bytes, name: str) -> Reading:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _refuse(
                name, "de PDF is beveiligd met een wachtwoord en kan niet worden gelezen."
            )
        pages, scanned = [], []
        for number, page in enumerate(reader.pages, start=1):
            text = _tidy(page.extract_text() or "")
            if len(text) < MIN_PAGE_CHARS:
                scanned.append(number)
            pages.append(text)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise _refuse(
            name, "dit is geen leesbare PDF (het bestand is beschadigd of geen PDF)."
        ) from exc
    if not pages:
        raise _refuse(name, "de PDF heeft geen pagina's.")
    if len(scanned) == len(pages):
        raise _refuse(
            name,
            "geen enkele pagina heeft een tekstlaag (een gescande PDF); "
            "laat de PDF eerst herkennen (OCR) of importeer de tekst.",
        )
    return Reading("pdf", pages, scanned)


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(name, "de tekst is niet te lezen (geen UTF-8 of Windows-1252).")


def read_html(data: bytes, name: str) -> Reading:
    parser = _TextParser()
    parser.feed(_decode(data, name))
    parser.close()
    text = _tidy("".join(parser.parts))
    if len(text) < MIN_PAGE_CHARS:
        raise _refuse(name, "de HTML-pagina bevat geen leesbare tekst.")
    return Reading("html", [text], title=_tidy(parser.title))


def read_text(data: bytes, name: str) -> Reading:
    if b"\x00" in data[:4096]:
        raise _refuse(name, "dit is geen tekstbestand (het bevat binaire gegevens).")
    text = _tidy(_decode(data, name))
    if len(text) < MIN_PAGE_CHARS:
        raise _refuse(name, "het bestand bevat (bijna) geen tekst.")
    return Reading("text", [text])


def read(data: bytes, name: str) -> Reading:
    """Recognise the file by its content (PDF signature, HTML markup) and read it."""
    if not data:
        raise _refuse(name, "het bestand is leeg.")
    if data.lstrip()[:5] == b"%PDF-":
        return read_pdf(data, name)
    head = data[:2048].lower()
    if name.lower().endswith(".pdf"):
        raise _refuse(name, "dit is geen leesbare PDF (het bestand is beschadigd of geen PDF).")
    if b"<html" in head or b"<!doctype html" in head or name.lower().endswith((".html", ".htm")):
        return read_html(data, name)
    return read_text(data, name)
