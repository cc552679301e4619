"""The koersnotitie as a Word document (college templates are Word), from the same context as the
PDF: summary, advice, every question with its findings, the figures with their source and date,
the sources, the practice examples and instruments, the next steps — all texts in full."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from django.utils import formats
from docx.oxml import OxmlElement

from wijkkompas.dossiers import koersnotitie
from wijkkompas.dossiers.models import Dossier
from wijkkompas.dossiers.templatetags.dossier_tags import percent

# Characters XML 1.0 cannot hold (control characters other than tab, newline, return): Word's
# format is XML, so python-docx refuses them; a pasted one must not break the download.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")


def _clean(text: Any) -> str:
    return _NOT_IN_XML.sub("", str(text or ""))


def _inline(text: str) -> str:
    """Markdown inline marks as plain text; a link keeps its address in brackets."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), text)
    return re.sub(r"(\*\*|__|`)", "", text)


def _markdown(document: Any, text: str, *, empty: str) -> None:
    """The adviseur's Markdown as Word paragraphs: headings, bullet and numbered lists and
    paragraphs (lines of one paragraph joined), nothing left out."""
    text = _clean(text).strip()
    if not text:
        document.add_paragraph(empty).runs[0].italic = True
        return
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            document.add_paragraph(_inline(" ".join(paragraph)))
            paragraph.clear()

    for line in text.splitlines():
        if not line.strip():
            flush()
        elif _HEADING.match(line):
            flush()
            document.add_heading(_inline(_HEADING.sub("", line)), level=3)
        elif _BULLET.match(line):
            flush()
            document.add_paragraph(_inline(_BULLET.sub("", line)), style="List Bullet")
        elif _NUMBERED.match(line):
            flush()
            document.add_paragraph(_inline(_NUMBERED.sub("", line)), style="List Number")
        else:
            paragraph.append(line.strip())
    flush()


def _row_properties(row: Any, *, header: bool = False) -> None:
    """Word's page breaks: a row never splits over two pages; the header row repeats."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader") if header else ("w:cantSplit",):
        properties.append(OxmlElement(tag))


def _table(document: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    _row_properties(table.rows[0], header=True)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        added = table.add_row()
        _row_properties(added)
        for cell, text in zip(added.cells, row, strict=True):
            cell.text = _clean(text)


def _percent(share: Any) -> str:
    return f"{share.percent}%" if share.total else "–"


def _day(value: Any) -> str:
    return formats.date_format(value, "j F Y")


def _position(document: Any, ctx: dict) -> None:
    position = ctx["position"]
    document.add_heading("Informatiepositie", level=1)
    document.add_paragraph(
        "Aandeel van de door de Kennisbank aanbevolen bronnen waarvan de gemeente informatie "
        "heeft ontvangen of die structureel zijn geborgd."
    )
    shares = [*position.by_question, *position.by_kind, *position.by_origin, position.overall]
    _table(
        document,
        ["Onderdeel", "Aangeboord", "Aanbevolen", "Aandeel"],
        [[s.label, s.reached, s.total, _percent(s)] for s in shares],
    )
    if position.history:
        points = "; ".join(
            f"{p.date.strftime('%d-%m-%Y')} {percent(p.overall)}" for p in position.history
        )
        document.add_paragraph(f"Verloop (totaal): {points}.")
    document.add_paragraph(
        f"Bron: themadossier in Wijkkompas, stand {_day(ctx['generated_at'])}."
    ).runs[0].italic = True
    if ctx["figure_pins"]:
        document.add_heading("Cijfers uit het wijkbeeld", level=2)
        _table(
            document,
            ["Cijfer of kaart", "Toelichting", "Bron"],
            [
                [p.title, p.note or "–", "Wijkbeeld" + (f" ({p.url})" if p.url else "")]
                for p in ctx["figure_pins"]
            ],
        )


def _questions(document: Any, ctx: dict) -> None:
    document.add_heading("De zes vragen", level=1)
    for s in ctx["sections"]:
        question = s["question"]
        document.add_heading(f"Vraag {question.number}: {_clean(question.text)}", level=2)
        document.add_paragraph(
            f"{question.get_scope_display()} · informatiepositie {percent(s['share'])}"
        ).runs[0].italic = True
        finding = s["finding"]
        _markdown(
            document, finding.text if finding else "", empty="Nog geen bevindingen vastgelegd."
        )
        if s["tapped"]:
            names = ", ".join(r.entry.source.name for r in s["tapped"])
            document.add_paragraph(f"Gebruikte bronnen: {_clean(names)}.")
        for pin in s["pins"]:
            note = f" — {pin.note}" if pin.note else ""
            document.add_paragraph(
                _clean(f"Vastgepind: {pin.get_kind_display()}: {pin.title}{note}"),
                style="List Bullet",
            )
        if s["instruments"]:
            names = ", ".join(i.name for i in s["instruments"])
            document.add_paragraph(f"Instrumenten: {_clean(names)}.")


def _sources_and_practices(document: Any, ctx: dict) -> None:
    document.add_heading("Geraadpleegde bronnen", level=1)
    _table(
        document,
        ["Bron", "Soort", "Vragen", "Status", "Datum"],
        [
            [
                r.entry.source.name,
                r.entry.source.get_kind_display()
                + (" (intern)" if r.entry.source.internal else ""),
                r.questions_label,
                r.status_label,
                r.status.date.strftime("%d-%m-%Y") if r.status else "–",
            ]
            for r in ctx["rows"]
        ],
    )
    if ctx["practices"] or ctx["instruments"]:
        document.add_heading("Praktijkvoorbeelden en instrumenten", level=1)
    for p in ctx["practices"]:
        where = f" ({p.municipality})" if p.municipality else ""
        document.add_heading(_clean(f"{p.title}{where}"), level=3)
        if p.summary:
            document.add_paragraph(_clean(p.summary))
        if p.results:
            document.add_paragraph(_clean("Resultaten: " + "; ".join(map(str, p.results)) + "."))
    for i in ctx["instruments"]:
        document.add_paragraph(_clean(f"{i.name} — {i.purpose}"), style="List Bullet")


def render(dossier: Dossier, *, author: Any = None) -> bytes:
    """The koersnotitie as .docx bytes."""
    ctx = koersnotitie.context(dossier, author=author)
    theme, tenant = ctx["theme"], ctx["tenant"]
    document = docx.Document()
    title = _clean(f"Koersnotitie: {theme.name}")
    document.core_properties.title = title
    document.core_properties.author = "Wijkkompas"
    document.add_heading(title, level=0)
    by = ""
    if author is not None and hasattr(author, "get_full_name"):
        by = f" door {author.get_full_name() or author.username}"
    document.add_paragraph(
        _clean(f"{tenant.name} · themadossier · opgesteld {_day(ctx['generated_at'])}{by}")
    )
    _table(
        document,
        ["Onderdeel", "Inhoud"],
        [
            ["Gemeente", tenant.name],
            ["Thema", theme.name],
            ["Dossier geopend", _day(dossier.opened_at)],
            [
                "Informatiepositie",
                f"{percent(ctx['position'].overall)} van de aanbevolen bronnen aangeboord",
            ],
        ],
    )
    document.add_heading("Samenvatting", level=1)
    _markdown(document, dossier.summary, empty="Nog geen samenvatting vastgelegd.")
    document.add_heading("Advies", level=1)
    _markdown(document, dossier.advice, empty="Nog geen advies vastgelegd.")
    document.add_heading("Het thema", level=1)
    document.add_paragraph(_clean(theme.description))
    _position(document, ctx)
    _questions(document, ctx)
    _sources_and_practices(document, ctx)
    document.add_heading("Volgende stappen", level=1)
    _markdown(document, dossier.next_steps, empty="Nog geen volgende stappen vastgelegd.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
