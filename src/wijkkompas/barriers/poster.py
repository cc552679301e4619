"""The one-page poster of a barrier model in the CCV style: steps as columns (arrow-shaped headers),
the four elements as rows with their own colour. Drawn server-side as SVG on an A3-landscape
canvas; the PDF is the same drawing laid out by WeasyPrint (core.pdf.render_pdf).

Legibility: the font size is the largest that makes every cell fit the page, between
``MAX_FONT`` and ``MIN_FONT`` px; text wraps on word boundaries. 9 steps × 12 elements per cell
stays at or above ``MIN_FONT`` (7 px ≈ 5.3 pt on A3 — readable on a printed poster; tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone

from wijkkompas.barriers.models import BarrierModel, Element
from wijkkompas.barriers.selectors import Board, board

WIDTH, HEIGHT = 1587, 1123  # A3 landscape at 96 px per inch
MARGIN = 22
LABEL_WIDTH = 150
TITLE_HEIGHT = 62
FOOTER_HEIGHT = 20
MAX_FONT, MIN_FONT = 15.0, 7.0
CHAR_WIDTH = 0.55  # average glyph width in em for Liberation Sans / Arial, on the safe side
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
STEP_COLOUR = "#154273"
ROW_COLOURS = {  # band (white text, AA contrast) and cell tint
    Element.Kind.GELEGENHEID: ("#0b5e86", "#e3f0f7"),
    Element.Kind.SIGNAAL: ("#7a4d00", "#fbf1dc"),
    Element.Kind.FACILITEERDER: ("#5c2a7e", "#efe6f5"),
    Element.Kind.BARRIERE: ("#a0171e", "#fbe6e7"),
}


def wrap(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap; a word longer than a line is cut."""
    max_chars = max(4, max_chars)
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > max_chars:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: max_chars - 1] + "-")
            word = word[max_chars - 1 :]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= max_chars:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def element_label(el: Element) -> tuple[str, str]:
    """Main text and the small detail line (bewust/onbewust; owner and status of a barrier)."""
    detail = ""
    if el.kind == Element.Kind.FACILITEERDER and el.awareness:
        detail = el.get_awareness_display().lower()
    elif el.kind == Element.Kind.BARRIERE:
        parts = [el.owner.name if el.owner_id else (el.partner_hint or "")]
        if el.status:
            parts.append(el.get_status_display().lower())
        if el.due_date:
            parts.append(el.due_date.strftime("%d-%m-%Y"))
        detail = " · ".join(p for p in parts if p)
    return el.text, detail


@dataclass
class _Layout:
    font: float
    column_width: float
    header_height: float
    row_heights: list[float]


def _cell_height(elements: list[Element], font: float, column_width: float) -> float:
    chars = int((column_width - 14) / (font * CHAR_WIDTH))
    small_chars = int((column_width - 14) / (font * 0.85 * CHAR_WIDTH))
    height = 8.0
    for el in elements:
        text, detail = element_label(el)
        height += len(wrap(text, chars - 2)) * font * 1.18
        if detail:
            height += len(wrap(detail, small_chars - 2)) * font * 0.85 * 1.15
        height += font * 0.45
    return height


def _header_height(b: Board, font: float, column_width: float) -> float:
    head_font = font * 1.1
    chars = int((column_width - 30) / (head_font * CHAR_WIDTH))
    lines = max((len(wrap(f"{i}. {s.title}", chars)) for i, s in enumerate(b.steps, start=1)), default=1)
    subs = max((len(s.submodels.all()) for s in b.steps), default=0)
    return max(46.0, lines * head_font * 1.2 + 18 + subs * font * 1.1)


def layout(b: Board) -> _Layout:
    n = max(1, len(b.steps))
    column_width = (WIDTH - 2 * MARGIN - LABEL_WIDTH) / n
    available = HEIGHT - 2 * MARGIN - TITLE_HEIGHT - FOOTER_HEIGHT
    font = MAX_FONT
    while True:
        header = _header_height(b, font, column_width)
        needed = [
            max([_cell_height(c.elements, font, column_width) for c in row.cells] + [font * 6])
            for row in b.rows
        ]
        if sum(needed) + header <= available or font <= MIN_FONT:
            break
        font = max(MIN_FONT, round(font - 0.25, 2))
    spare = max(0.0, available - header - sum(needed))
    total = sum(needed) or 1
    heights = [h + spare * h / total for h in needed]
    return _Layout(font=font, column_width=column_width, header_height=header, row_heights=heights)


def _text(x: float, y: float, content: str, size: float, *, fill: str = "#1a1a1a", weight: str = "normal",
          style: str = "normal", anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.2f}" font-weight="{weight}" font-style="{style}" '
        f'fill="{fill}" text-anchor="{anchor}">{escape(content)}</text>'
    )


def render_svg(model: BarrierModel, b: Board | None = None) -> str:
    b = b or board(model)
    lay = layout(b)
    f = lay.font
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="420mm" height="297mm" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'font-family="{FONT}" role="img" aria-labelledby="poster-title poster-desc">',
        f'<title id="poster-title">Barrièremodel: {escape(model.title)}</title>',
        f'<desc id="poster-desc">{escape(describe(b))}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(MARGIN, MARGIN + 26, f"Barrièremodel · {model.title}", 26, fill=STEP_COLOUR, weight="bold"),
    ]
    sub = [model.phenomenon, model.get_scope_display(), model.get_status_display()]
    if model.owner_id:
        sub.append(f"eigenaar: {model.owner.name}")
    if model.parent_step_id:
        sub.append(f"submodel van stap '{model.parent_step.title}' in '{model.parent_step.model.title}'")
    if model.is_template:
        sub.append("Landelijk sjabloon: startpunt voor een lokale sessie")
    out.append(_text(MARGIN, MARGIN + 50, " · ".join(sub), 13, fill="#4d4d4d"))

    top = MARGIN + TITLE_HEIGHT
    x0 = MARGIN + LABEL_WIDTH
    cw = lay.column_width
    head_font = f * 1.1
    chars = int((cw - 30) / (head_font * CHAR_WIDTH))
    for i, step in enumerate(b.steps):
        x = x0 + i * cw
        tip = 12
        points = f"{x:.1f},{top:.1f} {x + cw - tip:.1f},{top:.1f} {x + cw:.1f},{top + lay.header_height / 2:.1f} " \
                 f"{x + cw - tip:.1f},{top + lay.header_height:.1f} {x:.1f},{top + lay.header_height:.1f}"
        if i > 0:
            points += f" {x + tip:.1f},{top + lay.header_height / 2:.1f}"
        out.append(f'<polygon points="{points}" fill="{STEP_COLOUR}" stroke="#ffffff" stroke-width="2"/>')
        y = top + 8 + head_font
        for line in wrap(f"{i + 1}. {step.title}", chars):
            out.append(_text(x + (16 if i else 8), y, line, head_font, fill="#ffffff", weight="bold"))
            y += head_font * 1.2
        for subm in step.submodels.all():
            out.append(_text(x + (16 if i else 8), y, f"↳ submodel: {subm.title}"[: chars + 4], f * 0.9, fill="#ffffff",
                             style="italic"))
            y += f * 1.1

    y_row = top + lay.header_height + 4
    for row, height in zip(b.rows, lay.row_heights, strict=True):
        band, tint = ROW_COLOURS[row.kind]
        out.append(f'<rect x="{MARGIN}" y="{y_row:.1f}" width="{LABEL_WIDTH - 6}" height="{height - 4:.1f}" fill="{band}"/>')
        out.append(_text(MARGIN + 8, y_row + 22, row.label, 15, fill="#ffffff", weight="bold"))
        ly = y_row + 42
        for line in wrap(row.explanation, 19):
            out.append(_text(MARGIN + 8, ly, line, 11.5, fill="#ffffff"))
            ly += 14
        for i, cell in enumerate(row.cells):
            x = x0 + i * cw
            out.append(
                f'<rect x="{x + 2:.1f}" y="{y_row:.1f}" width="{cw - 4:.1f}" height="{height - 4:.1f}" '
                f'fill="{tint}" stroke="{band}" stroke-width="0.8"/>'
            )
            main_chars = int((cw - 14) / (f * CHAR_WIDTH)) - 2
            small = f * 0.85
            small_chars = int((cw - 14) / (small * CHAR_WIDTH)) - 2
            y = y_row + 6 + f
            for el in cell.elements:
                text, detail = element_label(el)
                for j, line in enumerate(wrap(text, main_chars)):
                    if j == 0:
                        out.append(_text(x + 6, y, "•", f, fill=band, weight="bold"))
                    out.append(_text(x + 6 + f * 0.7, y, line, f))
                    y += f * 1.18
                if detail:
                    for line in wrap(detail, small_chars):
                        out.append(_text(x + 6 + f * 0.7, y - f * 0.1, line, small, fill="#333333", style="italic"))
                        y += small * 1.15
                y += f * 0.45
        y_row += height
    stamp = timezone.localtime().strftime("%d-%m-%Y")
    out.append(_text(MARGIN, HEIGHT - MARGIN + 4, f"Wijkkompas · barrièremodel naar de methode van het CCV · "
                                                   f"afgedrukt {stamp}", 11, fill="#4d4d4d"))
    out.append("</svg>")
    return "\n".join(out)


def describe(b: Board) -> str:
    """A text alternative: steps in order and the number of elements of each kind."""
    parts = []
    for i, step in enumerate(b.steps):
        counts = ", ".join(f"{len(row.cells[i].elements)} {row.label.lower()}" for row in b.rows)
        parts.append(f"Stap {i + 1} {step.title}: {counts}")
    return "; ".join(parts) or "Nog geen stappen."


def render_pdf(model: BarrierModel) -> bytes:
    from wijkkompas.core.pdf import render_pdf as core_render_pdf

    b = board(model)
    return core_render_pdf("barriers/poster_pdf.html", {"model": model, "svg": render_svg(model, b).split("\n", 1)[1]})
