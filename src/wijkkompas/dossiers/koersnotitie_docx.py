"""The koersnotitie as a Word document (college templates are Word), from the same context as the
PDF: summary, advice, every question with its findings, the figures with their source and date,
the sources, the practice examples and instruments, the next steps — all texts in full."""

from __future__ import annotations

import re
from typing import Any

from django.utils import formats

from wijkkompas.core import word
from wijkkompas.dossiers import koersnotitie
from wijkkompas.dossiers.models import Dossier
from wijkkompas.dossiers.templatetags.dossier_tags import percent

_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")


def _inline(text: str) -> str:
    """Markdown inline marks as plain text; a link keeps its address in brackets."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), text)
    return re.sub(r"(\*\*|__|`)", "", text)


def _markdown(doc: word.Word, text: str, *, empty: str) -> None:
    """The adviseur's Markdown as Word paragraphs: headings, bullet and numbered lists and
    paragraphs (lines of one paragraph joined), nothing left out."""
    text = word.clean(text).strip()
    if not text:
        doc.note(empty)
        return
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            doc.paragraph(_inline(" ".join(paragraph)))
            paragraph.clear()

    for line in text.splitlines():
        if not line.strip():
            flush()
        elif _HEADING.match(line):
            flush()
            doc.heading(_inline(_HEADING.sub("", line)), level=3)
        elif _BULLET.match(line):
            flush()
            doc.paragraph(_inline(_BULLET.sub("", line)), style="List Bullet")
        elif _NUMBERED.match(line):
            flush()
            doc.paragraph(_inline(_NUMBERED.sub("", line)), style="List Number")
        else:
            paragraph.append(line.strip())
    flush()


def _percent(share: Any) -> str:
    return f"{share.percent}%" if share.total else "–"


def _day(value: Any) -> str:
    return formats.date_format(value, "j F Y")


def _position(doc: word.Word, ctx: dict) -> None:
    position = ctx["position"]
    doc.heading("Informatiepositie", level=1)
    doc.paragraph(
        "Aandeel van de door de Kennisbank aanbevolen bronnen waarvan de gemeente informatie "
        "heeft ontvangen of die structureel zijn geborgd."
    )
    shares = [*position.by_question, *position.by_kind, *position.by_origin, position.overall]
    doc.table(
        ["Onderdeel", "Aangeboord", "Aanbevolen", "Aandeel"],
        [[s.label, s.reached, s.total, _percent(s)] for s in shares],
    )
    if position.history:
        points = "; ".join(
            f"{p.date.strftime('%d-%m-%Y')} {percent(p.overall)}" for p in position.history
        )
        doc.paragraph(f"Verloop (totaal): {points}.")
    doc.note(f"Bron: themadossier in Wijkkompas, stand {_day(ctx['generated_at'])}.")
    if ctx["figure_pins"]:
        doc.heading("Cijfers uit het wijkbeeld", level=2)
        doc.table(
            ["Cijfer of kaart", "Toelichting", "Bron"],
            [
                [p.title, p.note or "–", "Wijkbeeld" + (f" ({p.url})" if p.url else "")]
                for p in ctx["figure_pins"]
            ],
        )


def _questions(doc: word.Word, ctx: dict) -> None:
    doc.heading("De zes vragen", level=1)
    for s in ctx["sections"]:
        question = s["question"]
        doc.heading(f"Vraag {question.number}: {word.clean(question.text)}", level=2)
        doc.note(f"{question.get_scope_display()} · informatiepositie {percent(s['share'])}")
        finding = s["finding"]
        _markdown(doc, finding.text if finding else "", empty="Nog geen bevindingen vastgelegd.")
        if s["tapped"]:
            names = ", ".join(r.entry.source.name for r in s["tapped"])
            doc.paragraph(f"Gebruikte bronnen: {word.clean(names)}.")
        for pin in s["pins"]:
            note = f" — {pin.note}" if pin.note else ""
            doc.paragraph(
                word.clean(f"Vastgepind: {pin.get_kind_display()}: {pin.title}{note}"),
                style="List Bullet",
            )
        if s["instruments"]:
            names = ", ".join(i.name for i in s["instruments"])
            doc.paragraph(f"Instrumenten: {word.clean(names)}.")


def _sources_and_practices(doc: word.Word, ctx: dict) -> None:
    doc.heading("Geraadpleegde bronnen", level=1)
    doc.table(
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
        doc.heading("Praktijkvoorbeelden en instrumenten", level=1)
    for p in ctx["practices"]:
        where = f" ({p.municipality})" if p.municipality else ""
        doc.heading(word.clean(f"{p.title}{where}"), level=3)
        if p.summary:
            doc.paragraph(word.clean(p.summary))
        if p.results:
            doc.paragraph(word.clean("Resultaten: " + "; ".join(map(str, p.results)) + "."))
    for i in ctx["instruments"]:
        doc.bullet(word.clean(f"{i.name} — {i.purpose}"))


def render(dossier: Dossier, *, author: Any = None) -> bytes:
    """The koersnotitie as .docx bytes."""
    ctx = koersnotitie.context(dossier, author=author)
    theme, tenant = ctx["theme"], ctx["tenant"]
    title = word.clean(f"Koersnotitie: {theme.name}")
    doc = word.Word(title=title)
    doc.heading(title, level=0)
    by = ""
    if author is not None and hasattr(author, "get_full_name"):
        by = f" door {author.get_full_name() or author.username}"
    doc.paragraph(
        word.clean(f"{tenant.name} · themadossier · opgesteld {_day(ctx['generated_at'])}{by}")
    )
    doc.table(
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
    doc.heading("Samenvatting", level=1)
    _markdown(doc, dossier.summary, empty="Nog geen samenvatting vastgelegd.")
    doc.heading("Advies", level=1)
    _markdown(doc, dossier.advice, empty="Nog geen advies vastgelegd.")
    doc.heading("Het thema", level=1)
    doc.paragraph(word.clean(theme.description))
    _position(doc, ctx)
    _questions(doc, ctx)
    _sources_and_practices(doc, ctx)
    doc.heading("Volgende stappen", level=1)
    _markdown(doc, dossier.next_steps, empty="Nog geen volgende stappen vastgelegd.")
    return doc.bytes()
