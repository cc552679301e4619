"""Server-side SVG: the choropleth map, trend lines, the index breakdown and a histogram. No
scripts, no external services; every chart has a text alternative (aria-label + a table on the page)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Sequential, colour-blind-safe (light → dark = low → high) and a neutral grey for "no figure".
PALETTE = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
NO_DATA = "#d9d9d9"
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
    name: str
    geometry: dict | None
    value: float | None  # None = no figure or suppressed
    label: str  # the text shown for the value ("<5", "afgeschermd", "12,5")


def class_breaks(values: Sequence[float], n: int = 5) -> list[float]:
    """Quantile breaks (upper bounds of the first n-1 classes)."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return []
    return [vals[min(len(vals) - 1, int(len(vals) * q / n))] for q in range(1, n)]


def colour_for(value: float | None, breaks: list[float]) -> str:
    if value is None:
        return NO_DATA
    for i, b in enumerate(breaks):
        if value <= b:
            return PALETTE[i]
    return PALETTE[len(breaks)] if breaks else PALETTE[2]


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for poly in geometry["coordinates"] for ring in poly]


def choropleth(
    areas: list[MapArea], *, title: str, width: int = 640, height: int = 520
) -> tuple[SafeString, list[tuple[str, str]]]:
    """The map SVG and its legend entries (colour, text)."""
    shapes = [a for a in areas if a.geometry]
    if not shapes:
        return mark_safe(""), []
    lons, lats = [], []
    for a in shapes:
        for ring in _rings(a.geometry):
            for lon, lat in ring:
                lons.append(lon)
                lats.append(lat)
    lat_mid = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(lat_mid))
    x0, x1 = min(lons) * kx, max(lons) * kx
    y0, y1 = min(lats), max(lats)
    pad = 10
    scale = min((width - 2 * pad) / max(x1 - x0, 1e-9), (height - 2 * pad) / max(y1 - y0, 1e-9))

    def point(lon: float, lat: float) -> str:
        return f"{pad + (lon * kx - x0) * scale:.1f},{pad + (y1 - lat) * scale:.1f}"

    breaks = class_breaks([a.value for a in shapes])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" class="area-map">'
    ]
    for a in shapes:
        d = " ".join(
            "M" + " L".join(point(lon, lat) for lon, lat in ring) + " Z"
            for ring in _rings(a.geometry)
        )
        parts.append(
            f'<path d="{d}" fill="{colour_for(a.value, breaks)}" stroke="#333" stroke-width="1" fill-rule="evenodd" data-code="{escape(a.code)}">'
            f"<title>{escape(a.name)}: {escape(a.label)}</title></path>"
        )
    parts.append("</svg>")
    legend = []
    lower = None
    for i, b in enumerate(breaks):
        legend.append((PALETTE[i], f"{fmt(lower) if lower is not None else 'laagste'} – {fmt(b)}"))
        lower = b
    if breaks:
        legend.append((PALETTE[len(breaks)], f"hoger dan {fmt(breaks[-1])}"))
    legend.append((NO_DATA, "geen cijfer of afgeschermd"))
    return mark_safe("".join(parts)), legend  # noqa: S308 - every text is escaped above


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
