"""The one-page poster of a barrier model in the CCV style: steps as columns (arrow-shaped headers),
the four elements as rows with their own colour. Drawn server-side as SVG on an A3-landscape
canvas; the PDF is the same drawing laid out by WeasyPrint (core.pdf.render_pdf).

Legibility: the font size is the largest that makes every cell fit the page, between
``MAX_FONT`` and ``MIN_FONT`` px; text wraps on word boundaries. 9 steps × 12 elements per cell
stays at or above ``MIN_FONT`` (6.5 px ≈ 4.9 pt on A3) for sticky-note length texts (tested); text
is measured with Liberation Sans metrics (= Arial). Should a model be denser still, the drawing is
scaled down to keep it on one page rather than cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone

from wijkkompas.barriers.models import BarrierModel, Element
from wijkkompas.barriers.selectors import Board, board
from wijkkompas.core.pdf import render_pdf as core_render_pdf

WIDTH, HEIGHT = 1587, 1123  # A3 landscape at 96 px per inch
MARGIN = 22
LABEL_WIDTH = 124
TITLE_HEIGHT = 62
FOOTER_HEIGHT = 20
MAX_FONT, MIN_FONT = 15.0, 6.5
CHAR_WIDTH = 0.55  # average glyph width in em for Liberation Sans / Arial, on the safe side
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
STEP_COLOUR = "#154273"
ROW_COLOURS = {  # band (white text, AA contrast) and cell tint
    Element.Kind.GELEGENHEID: ("#0b5e86", "#e3f0f7"),
    Element.Kind.SIGNAAL: ("#7a4d00", "#fbf1dc"),
    Element.Kind.FACILITEERDER: ("#5c2a7e", "#efe6f5"),
    Element.Kind.BARRIERE: ("#a0171e", "#fbe6e7"),
}


_FONT_FILES = {
    False: (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    ),
    True: (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    ),
}


@lru_cache(maxsize=2)
def _metrics(bold: bool):
    """Liberation Sans (metric-compatible with Arial) at 100 px, or None to fall back to an estimate."""
    try:  # imported here: optional, the layout falls back to an estimate without Pillow
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow comes with WeasyPrint
        return None
    for path in _FONT_FILES[bold]:
        if Path(path).is_file():
            return ImageFont.truetype(path, 100)
    return None


@lru_cache(maxsize=50_000)
def _width100(text: str, bold: bool) -> float:
    font = _metrics(bold)
    if font is None:
        return len(text) * CHAR_WIDTH * 100 * (1.08 if bold else 1.0)
    return font.getlength(text)


def text_width(text: str, size: float, bold: bool = False) -> float:
    return _width100(text, bold) * size / 100


def wrap(text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``max_width`` px at font ``size``; a word wider than a line is cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while text_width(word, size, bold) > max_width and len(word) > 3:
            cut = len(word) - 1
            while cut > 2 and text_width(word[:cut] + "-", size, bold) > max_width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if not current or text_width(candidate, size, bold) <= max_width:
            current = candidate
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


LINE = 1.13  # line height in em
GAP = 0.35  # space between two elements in em
SMALL = 0.85  # detail line size relative to the element text
PAD = 6  # cell padding in px


@dataclass
class _Layout:
    font: float
    column_width: float
    header_height: float
    row_heights: list[float]
    scale: float = (
        1.0  # < 1 only when even MIN_FONT does not fit: the drawing is shrunk to the page
    )

    @property
    def text_width(self) -> float:
        return self.column_width - 2 * PAD - self.font * 0.75  # room for the bullet


def _element_lines(el: Element, font: float, width: float) -> tuple[list[str], list[str]]:
    text, detail = element_label(el)
    return wrap(text, width, font), (wrap(detail, width, font * SMALL) if detail else [])


def _cell_height(elements: list[Element], font: float, width: float) -> float:
    height = PAD + font * 0.3
    for el in elements:
        main, detail = _element_lines(el, font, width)
        height += len(main) * font * LINE + len(detail) * font * SMALL * LINE + font * GAP
    return height + PAD


def _header_lines(b: Board, font: float, column_width: float) -> list[list[str]]:
    return [
        wrap(f"{i}. {s.title}", column_width - 28, font * 1.1, bold=True)
        for i, s in enumerate(b.steps, start=1)
    ]


def _header_height(b: Board, font: float, column_width: float) -> float:
    lines = max((len(x) for x in _header_lines(b, font, column_width)), default=1)
    subs = max((len(s.submodels.all()) for s in b.steps), default=0)
    return max(46.0, lines * font * 1.1 * 1.2 + 16 + subs * font * 1.1)


def layout(b: Board) -> _Layout:
    n = max(1, len(b.steps))
    column_width = (WIDTH - 2 * MARGIN - LABEL_WIDTH) / n
    available = HEIGHT - 2 * MARGIN - TITLE_HEIGHT - FOOTER_HEIGHT
    font = MAX_FONT
    while True:
        width = column_width - 2 * PAD - font * 0.75
        header = _header_height(b, font, column_width)
        needed = [
            max([_cell_height(c.elements, font, width) for c in row.cells] + [font * 6]) + 4
            for row in b.rows
        ]
        if sum(needed) + header <= available or font <= MIN_FONT:
            break
        font = max(MIN_FONT, round(font - 0.25, 2))
    total = header + sum(needed)
    scale = min(1.0, available / total)
    spare = max(0.0, available - total)
    rows = sum(needed) or 1
    heights = [h + spare * h / rows for h in needed]
    return _Layout(
        font=font, column_width=column_width, header_height=header, row_heights=heights, scale=scale
    )


def _text(
    x: float,
    y: float,
    content: str,
    size: float,
    *,
    fill: str = "#1a1a1a",
    weight: str = "normal",
    style: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.2f}" font-weight="{weight}" font-style="{style}" '
        f'fill="{fill}">{escape(content)}</text>'
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
        _text(
            MARGIN,
            MARGIN + 26,
            f"Barrièremodel · {model.title}",
            26,
            fill=STEP_COLOUR,
            weight="bold",
        ),
    ]
    sub = [model.phenomenon, model.get_scope_display(), model.get_status_display()]
    if model.owner_id:
        sub.append(f"eigenaar: {model.owner.name}")
    if model.parent_step_id:
        sub.append(
            f"submodel van stap '{model.parent_step.title}' in '{model.parent_step.model.title}'"
        )
    if model.is_template:
        sub.append("Landelijk sjabloon: startpunt voor een lokale sessie")
    out.append(_text(MARGIN, MARGIN + 50, " · ".join(sub), 13, fill="#4d4d4d"))

    top = MARGIN + TITLE_HEIGHT
    if lay.scale < 1:
        out.append(f'<g transform="translate(0 {top}) scale({lay.scale:.4f}) translate(0 {-top})">')
    x0 = MARGIN + LABEL_WIDTH
    cw = lay.column_width
    head_font = f * 1.1
    for i, (step, lines) in enumerate(zip(b.steps, _header_lines(b, f, cw), strict=True)):
        x = x0 + i * cw
        tip = 12
        hh = lay.header_height
        points = (
            f"{x:.1f},{top:.1f} {x + cw - tip:.1f},{top:.1f} {x + cw:.1f},{top + hh / 2:.1f} "
            f"{x + cw - tip:.1f},{top + hh:.1f} {x:.1f},{top + hh:.1f}"
        )
        if i > 0:
            points += f" {x + tip:.1f},{top + hh / 2:.1f}"
        out.append(
            f'<polygon points="{points}" fill="{STEP_COLOUR}" stroke="#ffffff" stroke-width="2"/>'
        )
        y = top + 7 + head_font
        indent = 16 if i else 8
        for line in lines:
            out.append(_text(x + indent, y, line, head_font, fill="#ffffff", weight="bold"))
            y += head_font * 1.2
        for subm in step.submodels.all():
            label = wrap(f"↳ submodel: {subm.title}", cw - 28, f * 0.9)[0]
            out.append(_text(x + indent, y, label, f * 0.9, fill="#ffffff", style="italic"))
            y += f * 1.1

    y_row = top + lay.header_height + 4
    width = lay.text_width
    for row, height in zip(b.rows, lay.row_heights, strict=True):
        band, tint = ROW_COLOURS[row.kind]
        out.append(
            f'<rect x="{MARGIN}" y="{y_row:.1f}" width="{LABEL_WIDTH - 6}" height="{height - 4:.1f}" fill="{band}"/>'
        )
        out.append(_text(MARGIN + 7, y_row + 20, row.label, 14, fill="#ffffff", weight="bold"))
        ly = y_row + 38
        for line in wrap(row.explanation, LABEL_WIDTH - 20, 11):
            out.append(_text(MARGIN + 7, ly, line, 11, fill="#ffffff"))
            ly += 13
        for i, cell in enumerate(row.cells):
            x = x0 + i * cw
            out.append(
                f'<rect x="{x + 2:.1f}" y="{y_row:.1f}" width="{cw - 4:.1f}" height="{height - 4:.1f}" '
                f'fill="{tint}" stroke="{band}" stroke-width="0.8"/>'
            )
            y = y_row + PAD + f
            for el in cell.elements:
                main, detail = _element_lines(el, f, width)
                out.append(_text(x + PAD, y, "•", f, fill=band, weight="bold"))
                for line in main:
                    out.append(_text(x + PAD + f * 0.75, y, line, f))
                    y += f * LINE
                for line in detail:
                    out.append(
                        _text(
                            x + PAD + f * 0.75,
                            y - f * 0.1,
                            line,
                            f * SMALL,
                            fill="#333333",
                            style="italic",
                        )
                    )
                    y += f * SMALL * LINE
                y += f * GAP
        y_row += height
    if lay.scale < 1:
        out.append("</g>")
    stamp = timezone.localtime().strftime("%d-%m-%Y")
    out.append(
        _text(
            MARGIN,
            HEIGHT - MARGIN + 4,
            f"Wijkkompas · barrièremodel naar de methode van het CCV · afgedrukt {stamp}",
            11,
            fill="#4d4d4d",
        )
    )
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
    b = board(model)
    return core_render_pdf(
        "barriers/poster_pdf.html", {"model": model, "svg": render_svg(model, b).split("\n", 1)[1]}
    )
