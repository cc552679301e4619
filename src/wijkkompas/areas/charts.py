"""Server-side SVG: trend lines, the index breakdown and a histogram (no scripts, no external
services; every chart has a text alternative: aria-label + a table on the page). For the
interactive map (``static/areas/map.js``) only the colour classes and the legend are made here."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Sequential, colour-blind-safe (light → dark = low → high) and a neutral grey for "no figure".
PALETTE = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
NO_DATA = "#d9d9d9"
WATER = "#b9d7ea"
INK = "#1a1a1a"


def fmt(value: float | None, decimals: int = 1) -> str:
    """Dutch number formatting: 1.234 and 12,5."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@dataclass
class MapArea:
    code: str
    value: float | None  # None = no figure or suppressed
    label: str  # the text shown for the value ("<5", "afgeschermd", "12,5")
    is_water: bool = False


def class_breaks(values: Sequence[float | None], n: int = 5) -> list[float]:
    """Quantile breaks (upper bounds of the first classes, at most n-1, without repeats)."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return []
    breaks = [vals[min(len(vals) - 1, int(len(vals) * q / n))] for q in range(1, n)]
    return sorted(set(b for b in breaks if b < vals[-1])) or []


def class_of(value: float | None, breaks: list[float]) -> int | None:
    """The colour class (index into PALETTE) of a value; None for no figure."""
    if value is None:
        return None
    for i, b in enumerate(breaks):
        if value <= b:
            return i
    return len(breaks)


def map_classes(
    areas: list[MapArea], *, decimals: int = 1, unit: str = "gebieden"
) -> tuple[dict[str, dict], list[dict]]:
    """The colour class and shown text per area code (for the map script) and the legend: one
    entry per class with readable bounds in Dutch number format and how many areas it holds."""
    values = [a.value for a in areas if a.value is not None and not a.is_water]
    breaks = class_breaks(values)
    palette = PALETTE if len(breaks) >= 4 else PALETTE[1 : 2 + len(breaks)]
    by_code: dict[str, dict] = {}
    counts = [0] * (len(breaks) + 1)
    no_data = water = 0
    for a in areas:
        klass = None if a.is_water else class_of(a.value, breaks)
        if a.is_water:
            water += 1
        elif klass is None:
            no_data += 1
        else:
            counts[klass] += 1
        by_code[a.code] = {
            "text": a.label,
            "colour": WATER if a.is_water else (NO_DATA if klass is None else palette[klass]),
        }
    legend = []
    if values:
        bounds = [min(values), *breaks, max(values)]
        for i in range(len(breaks) + 1):
            lo, hi = fmt(bounds[i], decimals), fmt(bounds[i + 1], decimals)
            if i == 0:
                text = lo + " tot en met " + hi if lo != hi else lo
            else:
                text = "boven " + lo + " tot en met " + hi
            legend.append({"colour": palette[i], "text": text, "count": counts[i]})
    if no_data or not values:
        legend.append({"colour": NO_DATA, "text": "geen cijfer of afgeschermd", "count": no_data})
    if water:
        legend.append({"colour": WATER, "text": "water", "count": water})
    for entry in legend:
        entry["unit"] = unit
    return by_code, legend


def trend(
    points: list[tuple[int, float | None]], *, title: str, width: int = 260, height: int = 110
) -> SafeString:
    """A small line chart over the years; missing or suppressed years are gaps."""
    known = [(x, y) for x, y in points if y is not None]
    alt = f"{title}: " + "; ".join(
        f"{x}: {fmt(y) if y is not None else 'geen cijfer'}" for x, y in points
    )
    if not known:
        return mark_safe(f'<p class="help">{escape(alt)}</p>')  # noqa: S308
    xs = [x for x, _ in points]
    ys = [y for _, y in known]
    lo, hi = min(0.0, min(ys)), max(ys)
    if hi == lo:
        hi = lo + 1
    left, right, top, bottom = 44, 10, 10, 22

    def px(x: int) -> float:
        return left + (x - xs[0]) / max(xs[-1] - xs[0], 1) * (width - left - right)

    def py(y: float) -> float:
        return top + (hi - y) / (hi - lo) * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(alt)}" class="trend">'
    ]
    parts.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#6b6b6b"/>'
    )
    parts.append(
        f'<text x="{left - 4}" y="{py(hi) + 4:.1f}" text-anchor="end" font-size="10" fill="{INK}">{escape(fmt(hi))}</text>'
    )
    parts.append(
        f'<text x="{left - 4}" y="{py(lo) + 4:.1f}" text-anchor="end" font-size="10" fill="{INK}">{escape(fmt(lo))}</text>'
    )
    for x in (xs[0], xs[-1]):
        parts.append(
            f'<text x="{px(x):.1f}" y="{height - 6}" text-anchor="middle" font-size="10" fill="{INK}">{x}</text>'
        )
    segment: list[str] = []
    for x, y in points:
        if y is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="#154273" stroke-width="2"/>'
                )
            segment = []
            continue
        segment.append(f"{px(x):.1f},{py(y):.1f}")
        parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" fill="#154273"/>')
    if len(segment) > 1:
        parts.append(
            f'<polyline points="{" ".join(segment)}" fill="none" stroke="#154273" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def breakdown(items: list[tuple[str, float]], *, title: str, width: int = 560) -> SafeString:
    """Horizontal bars of each indicator's contribution to the index (negative to the left)."""
    if not items:
        return mark_safe("")
    row_h, label_w = 26, 230
    height = row_h * len(items) + 10
    span = max(max(abs(v) for _, v in items), 1e-9)
    mid = label_w + (width - label_w) / 2
    half = (width - label_w) / 2 - 40
    alt = f"{title}: " + "; ".join(f"{name} {fmt(v, 2)}" for name, v in items)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(alt)}" class="breakdown">'
    ]
    parts.append(f'<line x1="{mid}" y1="0" x2="{mid}" y2="{height}" stroke="#6b6b6b"/>')
    for i, (name, v) in enumerate(items):
        y = 5 + i * row_h
        w = abs(v) / span * half
        x = mid if v >= 0 else mid - w
        colour = "#b30000" if v >= 0 else "#1d6b2f"
        short = name if len(name) <= 34 else name[:33] + "…"
        parts.append(f'<text x="0" y="{y + 16}" font-size="12" fill="{INK}">{escape(short)}</text>')
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 4}" width="{max(w, 1):.1f}" height="16" fill="{colour}"/>'
        )
        tx = x + w + 4 if v >= 0 else x - 4
        anchor = "start" if v >= 0 else "end"
        parts.append(
            f'<text x="{tx:.1f}" y="{y + 16}" font-size="11" text-anchor="{anchor}" fill="{INK}">{escape(fmt(v, 2))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def histogram(
    values: list[float], *, title: str, bins: int = 12, width: int = 560, height: int = 200
) -> tuple[SafeString, list[tuple[float, float, int]]]:
    """Distribution of an indicator over areas: the SVG and its bins (lower, upper, number of areas)."""
    if not values:
        return mark_safe(""), []
    lo, hi = min(values), max(values)
    if hi == lo:
        hi = lo + 1
    step = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / step))] += 1
    table = [(lo + i * step, lo + (i + 1) * step, c) for i, c in enumerate(counts)]
    top = max(counts)
    left, bottom = 30, 24
    bw = (width - left - 10) / bins
    alt = f"{title}: " + "; ".join(f"{fmt(a)} tot {fmt(b)}: {c} gebieden" for a, b, c in table)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(alt)}" class="histogram">'
    ]
    for i, c in enumerate(counts):
        h = c / top * (height - bottom - 10) if top else 0
        parts.append(
            f'<rect x="{left + i * bw + 1:.1f}" y="{height - bottom - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" fill="#154273"/>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 6}" font-size="11" fill="{INK}">{escape(fmt(lo))}</text>'
    )
    parts.append(
        f'<text x="{width - 10}" y="{height - 6}" font-size="11" text-anchor="end" fill="{INK}">{escape(fmt(hi))}</text>'
    )
    parts.append(
        f'<text x="{left - 4}" y="16" font-size="11" text-anchor="end" fill="{INK}">{top}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts)), table  # noqa: S308
