"""Server-rendered SVG charts of the information position (no JavaScript, also used in the PDF).

Each chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``; the pages show the
same figures in a data table next to it, so the chart is never the only way to read them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wijkkompas.dossiers.selectors import HistoryPoint, Share

BLUE = "#154273"
TRACK = "#e8eef5"
GRID = "#b4b4b4"
TEXT = "#1a1a1a"
FONT = 'font-family="Segoe UI, Roboto, Helvetica, Arial, sans-serif"'


def _percent_text(share: Share) -> str:
    if share.total == 0:
        return "geen aanbevolen bronnen"
    return f"{share.percent}% ({share.reached} van {share.total})"


def _head(chart_id: str, width: int, height: int, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-titel {chart_id}-beschrijving">'
        f'<title id="{chart_id}-titel">{escape(title)}</title>'
        f'<desc id="{chart_id}-beschrijving">{escape(desc)}</desc>'
    )


def bar_chart(shares: Sequence[Share], *, chart_id: str, title: str) -> SafeString:
    """Horizontal bars: one per share, 0-100%, with the figure written next to each bar."""
    label_w, bar_w, value_w, row_h, top = 230, 300, 190, 30, 8
    width = label_w + bar_w + value_w
    height = top + row_h * len(shares) + 8
    desc = "; ".join(f"{s.label}: {_percent_text(s)}" for s in shares)
    parts = [_head(chart_id, width, height, title, desc)]
    for i, share in enumerate(shares):
        y = top + i * row_h
        filled = round(bar_w * share.ratio)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" font-size="14" fill="{TEXT}" {FONT}>{escape(share.label)}</text>'
            f'<rect x="{label_w}" y="{y + 5}" width="{bar_w}" height="20" fill="{TRACK}" stroke="{GRID}" stroke-width="1"/>'
        )
        if filled:
            parts.append(
                f'<rect x="{label_w}" y="{y + 5}" width="{filled}" height="20" fill="{BLUE}"/>'
            )
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 19}" font-size="14" fill="{TEXT}" {FONT}>{escape(_percent_text(share))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _date_label(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def history_chart(points: Sequence[HistoryPoint], *, chart_id: str, title: str) -> SafeString:
    """A line of the overall share over the dates on which statuses changed."""
    width, height = 680, 240
    left, right, top, bottom = 52, 24, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    if points:
        desc = "Totaal aandeel aangeboorde bronnen per datum: " + "; ".join(
            f"{_date_label(p.date)}: {_percent_text(p.overall)}" for p in points
        )
    else:
        desc = "Nog geen statuswijzigingen vastgelegd."
    parts = [_head(chart_id, width, height, title, desc)]
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * pct / 100
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{TEXT}" {FONT}>{pct}%</text>'
        )
    if points:
        first, last = points[0].date, points[-1].date
        span = (last - first).days or 1

        def xy(p: HistoryPoint) -> tuple[float, float]:
            x = left + (plot_w / 2 if len(points) == 1 else plot_w * (p.date - first).days / span)
            y = top + plot_h - plot_h * p.overall.ratio
            return x, y

        coords = [xy(p) for p in points]
        if len(coords) > 1:
            # A step line: the share holds until the next change.
            path = [f"M{coords[0][0]:.1f},{coords[0][1]:.1f}"]
            path += [f"H{x:.1f}V{y:.1f}" for x, y in coords[1:]]
            parts.append(
                f'<path d="{" ".join(path)}" fill="none" stroke="{BLUE}" stroke-width="3"/>'
            )
        for p, (x, y) in zip(points, coords, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{BLUE}"><title>{escape(_date_label(p.date))}: '
                f"{escape(_percent_text(p.overall))}</title></circle>"
            )
        labels = [points[0]] if len(points) == 1 else [points[0], points[-1]]
        for p in labels:
            x, _ = xy(p)
            anchor = "middle" if len(points) == 1 else ("start" if p is points[0] else "end")
            parts.append(
                f'<text x="{x:.1f}" y="{height - 18}" text-anchor="{anchor}" font-size="12" fill="{TEXT}" {FONT}>{_date_label(p.date)}</text>'
            )
    else:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle" font-size="14" fill="{TEXT}" {FONT}>'
            "Nog geen statuswijzigingen</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
