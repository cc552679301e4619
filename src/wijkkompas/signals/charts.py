"""The statistics page's chart: signals per category as horizontal bars, drawn on the server as
inline SVG (no script, no CDN). Only published (rounded) counts are drawn; a suppressed count
gets no bar and reads "<5", as in the table beside it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK, BAR = "#1a1a1a", "#01689b"


def count_bars(rows: list[dict], *, title: str, width: int = 560) -> SafeString:
    """``rows`` of ``{"category_name", "count", "display"}`` (``suppression.published_count``)."""
    if not rows:
        return mark_safe("")
    row_h, label_w, value_w = 26, 230, 50
    height = row_h * len(rows) + 10
    top = max([r["count"] or 0 for r in rows] + [1])
    alt = f"{title}: " + "; ".join(f"{r['category_name']} {r['display']}" for r in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(alt)}" class="chart">'
    ]
    for i, r in enumerate(rows):
        y = 5 + i * row_h
        name = str(r["category_name"])
        short = name if len(name) <= 34 else name[:33] + "…"
        w = (r["count"] or 0) / top * (width - label_w - value_w)
        parts.append(f'<text x="0" y="{y + 16}" font-size="12" fill="{INK}">{escape(short)}</text>')
        if w:
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="16" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 16}" font-size="11" fill="{INK}">'
            f"{escape(r['display'])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text is escaped above)
