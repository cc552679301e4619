"""What programmes hand out: the progress report as HTML, PDF (WeasyPrint) and DOCX
(python-docx), all drawn from one snapshot; the minutes as PDF (the confidential part only
when asked and allowed); a meeting invitation as an iCalendar file."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
import icalendar
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wijkkompas.core.pdf import render_pdf
from wijkkompas.programmes.models import Meeting, Minutes

REPORT_TEMPLATE = "programmes/report_document.html"
# Characters XML 1.0 cannot hold (control characters other than tab, newline, return): Word's
# format is XML, so python-docx refuses them; a typed or pasted one must not break the download.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    """The snapshot with every string stripped of characters XML cannot hold."""
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


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


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def report_docx(content: dict[str, Any], *, report: Any) -> bytes:
    """The same report as a Word document (municipal college templates are Word)."""
    content = _xml_safe(content)
    p, r = content["programme"], content["report"]
    document = docx.Document()
    document.core_properties.title = r["title"]
    document.core_properties.author = "Wijkkompas"
    document.add_heading(r["title"], level=0)
    document.add_paragraph(
        f"{p['title']} · {p['municipality']} · periode {_date(r['period_start'])} t/m "
        f"{_date(r['period_end'])}"
    )
    if report is not None and report.is_published:
        document.add_paragraph(
            f"Gepubliceerd; vastgelegd met controlegetal (SHA-256) {report.snapshot_hash}."
        )
    else:
        document.add_paragraph("Concept: nog niet gepubliceerd.")
    document.add_heading("Het programma", level=1)
    areas = ", ".join(f"{a['name']} ({a['code']})" for a in p["areas"]) or "–"
    _table(
        document,
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
    document.add_paragraph(f"Probleemdefinitie: {p['problem_definition'] or '–'}")
    document.add_paragraph(f"Doelen: {p['goals'] or '–'}")
    document.add_heading("Stappen en go/no-go-besluiten", level=1)
    for s in content["steps"]:
        document.add_heading(f"{s['position']}. {s['title']} — {s['status']}", level=2)
        if s["override_reason"]:
            document.add_paragraph(
                f"Gestart zonder go/no-go-besluit (override door de coördinator): "
                f"{s['override_reason']}"
            )
        d = s["decision"]
        if d:
            document.add_paragraph(
                f"Besluit: {d['outcome']} door {d['body']} op {_date(d['decided_on'])}. "
                f"{d['rationale']}"
            )
            for f in d["facts"]:
                source = f" (bron: {f['source']})" if f["source"] else ""
                document.add_paragraph(
                    f"{f['kind']}: {f['statement']}{source}", style="List Bullet"
                )
    document.add_heading("Acties per partner", level=1)
    _table(
        document,
        ["Organisatie", "Gereed", "Te laat", "Open"],
        [[a["organisation"], a["done"], a["late"], a["open"]] for a in content["actions"]],
    )
    document.add_paragraph(content["rounding_note"])
    document.add_heading("Indicatoren", level=1)
    for i in content["indicators"]:
        document.add_heading(i["name"], level=2)
        document.add_paragraph(
            f"{i['link']}. Nulmeting {i['baseline']} ({i['baseline_year'] or '–'}), streefwaarde "
            f"{i['target']} ({i['target_year'] or '–'})."
        )
        _table(
            document,
            ["Jaar", "Waarde", "Bron"],
            [[str(pt["year"]), pt["text"], pt["source"]] for pt in i["points"]],
        )
    if content["meetings"]:
        document.add_heading("Overleggen en besluiten in de periode", level=1)
        for m in content["meetings"]:
            document.add_paragraph(f"{_date(m['date'])}: {m['title']}")
            for d in m["decisions"]:
                document.add_paragraph(d, style="List Bullet")
    document.add_heading("Risico's", level=1)
    document.add_paragraph(r["risks"] or "–")
    document.add_heading("Volgende stappen", level=1)
    document.add_paragraph(r["next_steps"] or "–")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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
