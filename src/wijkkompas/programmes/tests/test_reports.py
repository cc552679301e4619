"""The progress report: frozen on publishing (same hash twice; later edits change only the next
draft), figures with source and year, and no pseudonym, case id or unsuppressed small count in
its HTML, PDF or DOCX; indicators linked to the wijkbeeld follow a new import."""

import datetime as dt
import io
import re

import docx
import pypdf
import pytest
from django.core.exceptions import ValidationError

from wijkkompas.accounts.demo import organisation
from wijkkompas.areas import catalogue, store
from wijkkompas.areas.importers.common import ensure_indicators
from wijkkompas.areas.models import Indicator as AreaIndicator
from wijkkompas.programmes import outputs, reporting, work

from .factories import NIEUWLAND, ensure_area, go, make_programme

pytestmark = pytest.mark.django_db


def _linked_indicator(reg, programme, values: dict[int, float]):
    area = ensure_area()
    ids = ensure_indicators(
        {
            "signalen_totaal": catalogue.Entry(
                "Signalen (Wijkkompas)", "aantal", catalogue.COUNT, catalogue.WORSE, "Lokaal", ""
            )
        },
        source=AreaIndicator.Source.LOKAAL,
        source_detail="Signalen Wijkkompas",
    )
    rows = [(area.pk, ids["signalen_totaal"], str(y), y, float(v), "ok") for y, v in values.items()]
    store.write_cells(rows)
    return reporting.create_indicator(
        actor=reg,
        programme=programme,
        name="Signalen in Nieuwland",
        area_code=NIEUWLAND,
        wijkbeeld_indicator=AreaIndicator.objects.get(code="signalen_totaal"),
    )


def _programme_with_work(demo):
    reg = demo["regisseur"]
    p = make_programme(reg)
    go(reg, p.steps.get(position=1))
    police = organisation("voorbeeldstad", "politie")
    for i in range(3):  # three actions of one partner: a small count
        work.create_action(
            actor=reg,
            programme=p,
            title=f"Actie {i}",
            owner_organisation=police,
            due_date=dt.date(2020, 1, 1),
        )
    return reg, p


def test_publishing_freezes_the_report_and_twice_gives_the_same_hash(demo):
    reg, p = _programme_with_work(demo)
    report = reporting.create_report(
        actor=reg,
        programme=p,
        title="Rapportage Q1",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
        risks="Capaciteit jongerenwerk",
    )
    published = reporting.publish_report(actor=reg, report=report, version=report.version)
    digest = published.snapshot_hash
    assert len(digest) == 64 and digest == reporting.snapshot_hash(published.snapshot)
    again = reporting.publish_report(actor=reg, report=published, version=published.version)
    assert again.snapshot_hash == digest and again.version == published.version
    with pytest.raises(ValidationError):
        reporting.update_report(actor=reg, report=again, version=again.version, risks="Anders")
    # Later work changes the next draft only.
    work.create_action(
        actor=reg,
        programme=p,
        title="Nieuwe actie",
        owner_organisation=organisation("voorbeeldstad", "jongerenwerk"),
    )
    p.title = "Andere titel"
    p.save()
    again.refresh_from_db()
    assert again.snapshot_hash == digest
    assert reporting.content_of(again)["programme"]["title"] == "Preventieve aanpak jonge aanwas"
    draft = reporting.next_draft(actor=reg, report=again)
    assert draft.period_start == dt.date(2026, 4, 1)
    assert reporting.content_of(draft)["programme"]["title"] == "Andere titel"
    assert reporting.content_of(draft)["report"]["risks"] == "Capaciteit jongerenwerk"


def _texts(report) -> dict[str, str]:
    content = reporting.content_of(report)
    html = outputs.report_html(content, report=report)
    pdf = pypdf.PdfReader(io.BytesIO(outputs.report_pdf(content, report=report)))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    document = docx.Document(io.BytesIO(outputs.report_docx(content, report=report)))
    docx_text = "\n".join(
        [para.text for para in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    return {"html": html, "pdf": pdf_text, "docx": docx_text}


def test_no_small_count_pseudonym_or_case_id_in_html_pdf_docx(demo):
    reg, p = _programme_with_work(demo)
    _linked_indicator(reg, p, {2023: 3.0, 2024: 12.0})
    report = reporting.create_report(
        actor=reg,
        programme=p,
        title="Rapportage",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )
    report = reporting.publish_report(actor=reg, report=report, version=report.version)
    for channel, text in _texts(report).items():
        assert "<5" in text or "&lt;5" in text, channel  # three late actions, three signals
        assert not re.search(r"\bP-[0-9A-F]{4,}", text), channel  # no pseudonyms
        assert "casus" not in text.lower(), channel
        assert "Te laat" in text or "te laat" in text.lower(), channel
        # The 2024 signals figure with its source and year.
        assert "12" in text and "2024" in text, channel
        assert "Signalen Wijkkompas" in text, channel
    # The three late actions are never shown as "3".
    content = report.snapshot
    assert content["actions"] == [
        {
            "organisation": "Politie basisteam Voorbeeldstad",
            "done": "<5",
            "late": "<5",
            "open": "<5",
        }
    ]
    points = content["indicators"][0]["points"]
    assert points[0] == {
        "year": 2023,
        "value": None,
        "text": "<5",
        "suppressed": True,
        "source": "Lokale registratie (Signalen Wijkkompas), 2023",
    }


def test_a_linked_indicator_follows_a_new_import_but_the_published_report_does_not(demo):
    reg, p = _programme_with_work(demo)
    indicator = _linked_indicator(reg, p, {2024: 20.0})
    report = reporting.create_report(
        actor=reg,
        programme=p,
        title="R",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )
    report = reporting.publish_report(actor=reg, report=report, version=report.version)
    area = ensure_area()
    store.write_cells([(area.pk, indicator.wijkbeeld_indicator_id, "2025", 2025, 30.0, "ok")])
    assert [pt["year"] for pt in reporting.indicator_series(indicator)] == [2024, 2025]
    assert [pt["year"] for pt in report.snapshot["indicators"][0]["points"]] == [2024]


def test_minutes_pdf_leaves_the_confidential_part_out_and_ics_invites(demo):
    reg, p = _programme_with_work(demo)
    m = work.create_meeting(
        actor=reg,
        programme=p,
        kind="kernteam",
        title="Kernteam",
        starts_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
        agenda="Opening\nActies",
    )
    minutes = work.save_minutes(
        actor=reg,
        meeting=m,
        version=m.version,
        text="Openbaar deel",
        confidential_text="Geheim deel",
    )
    plain = pypdf.PdfReader(io.BytesIO(outputs.minutes_pdf(m, minutes, confidential=False)))
    text = "".join(pg.extract_text() for pg in plain.pages)
    assert "Openbaar deel" in text and "Geheim deel" not in text
    full = pypdf.PdfReader(io.BytesIO(outputs.minutes_pdf(m, minutes, confidential=True)))
    assert "Geheim deel" in "".join(pg.extract_text() for pg in full.pages)
    ics = outputs.invitation_ics(m).decode()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Kernteam" in ics and "Opening" in ics


def test_a_control_character_in_a_text_does_not_break_the_docx(demo):
    """Word's format is XML: a typed or pasted control character is left out, not a 500."""
    reg, p = _programme_with_work(demo)
    report = reporting.create_report(
        actor=reg,
        programme=p,
        title="Voortgang\x01 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        risks="Risico\x01's",
        next_steps="vol\x0bgende",
    )
    with pytest.raises(ValueError):
        docx.Document().add_paragraph("Risico\x01's")  # python-docx refuses the raw string
    document = docx.Document(
        io.BytesIO(outputs.report_docx(reporting.content_of(report), report=report))
    )
    texts = [para.text for para in document.paragraphs]
    assert "Voortgang 2026" in texts and "Risico's" in texts and "volgende" in texts
    assert document.core_properties.title == "Voortgang 2026"
    assert document.paragraphs[0].style.name == "Title"
    assert {para.style.name for para in document.paragraphs} >= {"Heading 1", "List Bullet"}
