"""What programmes hand out: the progress report as HTML, PDF (WeasyPrint) and DOCX
(python-docx), all drawn from one snapshot; the minutes as PDF (the confidential part only
when asked and allowed); a meeting invitation as an iCalendar file."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import icalendar
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wijkkompas.core import word
from wijkkompas.core.pdf import render_pdf
from wijkkompas.programmes.models import Meeting, Minutes

REPORT_TEMPLATE = "programmes/report_document.html"


def trend_svg(points: list[dict[str, Any]], *, width: int = 320, height: int = 90) -> SafeString:
    """A small line chart of the shown values (suppressed points leave a gap), with the years
    as labels; plain SVG so the page and the PDF draw the same picture."""
    shown = [p for p in points if p.get("value") is not None]
    if len(shown) < 2:
        return SafeString("")
    values = [p["value"] for p in shown]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 40) / max(len(points) - 1, 1)
    index = {p["year"]: i for i, p in enumerate(points)}
    coords = [
        (20 + index[p["year"]] * step, 10 + (height - 35) * (1 - (p["value"] - low) / span))
        for p in shown
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    labels = "".join(
        f'<text x="{20 + i * step:.1f}" y="{height - 5}" font-size="9" text-anchor="middle">'
        f"{escape(p['year'])}</text>"
        for i, p in enumerate(points)
    )
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#154273"/>' for x, y in coords)
    title = "Verloop: " + ", ".join(f"{p['year']} {p['text']}" for p in points)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<polyline points="{line}" fill="none" stroke="#154273" stroke-width="2"/>'
        f"{dots}{labels}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text above is escaped, numbers are formatted


def report_context(content: dict[str, Any], *, report: Any) -> dict[str, Any]:
    indicators = [{**i, "chart": trend_svg(i["points"])} for i in content["indicators"]]
    return {"c": content, "indicators": indicators, "report": report}


def report_html(content: dict[str, Any], *, report: Any) -> str:
    return render_to_string(REPORT_TEMPLATE, report_context(content, report=report))


def report_pdf(content: dict[str, Any], *, report: Any) -> bytes:
    return render_pdf(REPORT_TEMPLATE, report_context(content, report=report))


def _date(iso: str) -> str:
    if not iso:
        return "–"
    return dt.date.fromisoformat(iso).strftime("%d-%m-%Y")


def report_docx(content: dict[str, Any], *, report: Any) -> bytes:
    """The same report as a Word document (municipal college templates are Word)."""
    p, r = content["programme"], content["report"]
    doc = word.Word(title=r["title"])
    doc.heading(r["title"], level=0)
    doc.paragraph(
        f"{p['title']} · {p['municipality']} · periode {_date(r['period_start'])} t/m "
        f"{_date(r['period_end'])}"
    )
    if report is not None and report.is_published:
        doc.paragraph(
            f"Gepubliceerd; vastgelegd met controlegetal (SHA-256) {report.snapshot_hash}."
        )
    else:
        doc.paragraph("Concept: nog niet gepubliceerd.")
    doc.heading("Het programma", level=1)
    areas = ", ".join(f"{a['name']} ({a['code']})" for a in p["areas"]) or "–"
    doc.table(
        ["Onderdeel", "Inhoud"],
        [
            ["Werkwijze", p["method"] or "–"],
            ["Thema", p["theme"] or "–"],
            ["Gebieden", areas],
            ["Trekker", p["lead"]],
            ["Stuurgroep", p["steering_group"] or "–"],
            ["Status", p["status"]],
        ],
    )
    doc.paragraph(f"Probleemdefinitie: {p['problem_definition'] or '–'}")
    doc.paragraph(f"Doelen: {p['goals'] or '–'}")
    doc.heading("Stappen en go/no-go-besluiten", level=1)
    for s in content["steps"]:
        doc.heading(f"{s['position']}. {s['title']} — {s['status']}", level=2)
        if s["override_reason"]:
            doc.paragraph(
                f"Gestart zonder go/no-go-besluit (override door de coördinator): "
                f"{s['override_reason']}"
            )
        d = s["decision"]
        if d:
            doc.paragraph(
                f"Besluit: {d['outcome']} door {d['body']} op {_date(d['decided_on'])}. "
                f"{d['rationale']}"
            )
            for f in d["facts"]:
                source = f" (bron: {f['source']})" if f["source"] else ""
                doc.bullet(f"{f['kind']}: {f['statement']}{source}")
    doc.heading("Acties per partner", level=1)
    doc.table(
        ["Organisatie", "Gereed", "Te laat", "Open"],
        [[a["organisation"], a["done"], a["late"], a["open"]] for a in content["actions"]],
    )
    doc.paragraph(content["rounding_note"])
    doc.heading("Indicatoren", level=1)
    for i in content["indicators"]:
        doc.heading(i["name"], level=2)
        doc.paragraph(
            f"{i['link']}. Nulmeting {i['baseline']} ({i['baseline_year'] or '–'}), streefwaarde "
            f"{i['target']} ({i['target_year'] or '–'})."
        )
        doc.table(
            ["Jaar", "Waarde", "Bron"],
            [[str(pt["year"]), pt["text"], pt["source"]] for pt in i["points"]],
        )
    if content["meetings"]:
        doc.heading("Overleggen en besluiten in de periode", level=1)
        for m in content["meetings"]:
            doc.paragraph(f"{_date(m['date'])}: {m['title']}")
            for d in m["decisions"]:
                doc.bullet(d)
    doc.heading("Risico's", level=1)
    doc.paragraph(r["risks"] or "–")
    doc.heading("Volgende stappen", level=1)
    doc.paragraph(r["next_steps"] or "–")
    return doc.bytes()


def minutes_pdf(meeting: Meeting, minutes: Minutes, *, confidential: bool) -> bytes:
    return render_pdf(
        "programmes/minutes_pdf.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "confidential": confidential,
            "decisions": list(meeting.decisions.all()),
            "participants": list(meeting.participants.order_by("name")),
            "generated_at": timezone.now(),
        },
    )


def invitation_ics(meeting: Meeting) -> bytes:
    """An invitation for calendars: title, time, place, agenda (no attendee addresses)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Wijkkompas//Aanpak//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"programme-meeting-{meeting.pk}@wijkkompas")
    event.add("summary", f"{meeting.title} ({meeting.programme.title})")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes))
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.version)
    if meeting.location:
        event.add("location", meeting.location)
    agenda = "\n".join(f"{i}. {item}" for i, item in enumerate(meeting.agenda_items(), 1))
    partners = ", ".join(o.name for o in meeting.participants.order_by("name"))
    event.add("description", f"Agenda:\n{agenda or '–'}\n\nDeelnemers: {partners or '–'}")
    calendar.add_component(event)
    return calendar.to_ical()


def filename(text: str, ext: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "aanpak"
    return f"{slug}.{ext}"
