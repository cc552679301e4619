"""Priority extraction on the project's own labelled set of fictional plans (tests/fixtures,
written in our own words; expected.json lists each plan's priorities), and reading PDF, HTML and
text. Targets: recall ≥ 0.9, precision ≥ 0.8."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader, PdfWriter

from wijkkompas.core.pdf import render_pdf
from wijkkompas.plans import extraction, reading

FIXTURES = Path(__file__).parent / "fixtures"


def _scores() -> tuple[float, float, dict]:
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    misses = {}
    for name, titles in expected.items():
        read = reading.read((FIXTURES / name).read_bytes(), name)
        got = {extraction.key(c.title) for c in extraction.extract(read.pages, read.kind)}
        want = {extraction.key(t) for t in titles}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if got != want:
            misses[name] = {"extra": sorted(got - want), "missed": sorted(want - got)}
    return tp / (tp + fp), tp / (tp + fn), misses


def test_precision_and_recall_of_priorities():
    precision, recall, misses = _scores()
    print(f"priorities: precision {precision:.2f}, recall {recall:.2f}; {misses}")
    assert recall >= 0.9, misses
    assert precision >= 0.8, misses


def test_each_rule_gives_title_location_and_evidence():
    text = (FIXTURES / "plan_b.txt").read_text(encoding="utf-8")
    first = extraction.extract([text])[0]
    assert first.title == "Veilige woonwijken"
    assert first.rule == "genummerd" and first.location.startswith("regel ")
    assert first.evidence.startswith("Prioriteit 1:")
    toc = extraction.extract([(FIXTURES / "plan_a.txt").read_text(encoding="utf-8")])
    assert {c.rule for c in toc} == {"inhoud"}
    bullets = extraction.extract([(FIXTURES / "plan_c.txt").read_text(encoding="utf-8")])
    assert bullets[0].evidence.startswith("Onze prioriteiten zijn:")


def test_table_of_contents_prefers_a_priorities_chapter_over_themes():
    """Real plans set "Prioriteiten" apart from "Strategische thema's" and "Overige …"."""
    toc = [
        "Inhoudsopgave",
        "3 Prioriteiten 6",
        "3.1 Prioriteit 1: Ondermijning 6",
        "3.2 Woonoverlast 7",
        "4 Strategische thema’s 9",
        "4.1 Verkeersveiligheid 9",
    ]
    titles = [c.title for c in extraction.extract(["\n".join(toc)])]
    assert titles == ["Ondermijning", "Woonoverlast"]
    themes_only = [
        "Inhoud",
        "2 Onze thema’s 4",
        "2.1 Jeugd 4",
        "3 Overige thema's 8",
        "3.1 Brand 8",
    ]
    assert [c.title for c in extraction.extract(["\n".join(themes_only)])] == ["Jeugd"]
    inline = "Daarom extra inzetten op de thema’s ondermijning, risicojongeren en cybercrime."
    assert [c.title for c in extraction.extract([inline])] == [
        "Ondermijning",
        "Risicojongeren",
        "Cybercrime",
    ]


def test_html_strips_scripts_navigation_and_tags():
    read = reading.read((FIXTURES / "plan_f.html").read_bytes(), "plan_f.html")
    assert read.kind == "html" and "Kreekdorp" in read.title
    assert "Prioriteit 9" not in read.text and "Zoeken" not in read.text
    assert "- Ondermijning en drugscriminaliteit" in read.text


def _pdf(pages: list[str]) -> bytes:
    html_pages = "".join(f'<div style="page-break-after: always">{p}</div>' for p in pages)
    return render_pdf("plans/test_pages.html", {"body": html_pages})


def test_pdf_text_layer_per_page_and_scanned_pages_reported():
    text_pdf = _pdf(["<p>Prioriteit 1: Ondermijning</p>", "<p>Prioriteit 2: Woninginbraak</p>"])
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf)).pages[:2]:
        writer.add_page(page)
    writer.add_blank_page(width=595, height=842)  # a page without a text layer
    out = io.BytesIO()
    writer.write(out)
    read = reading.read(out.getvalue(), "ivp.pdf")
    assert read.kind == "pdf" and read.scanned_pages == [3]
    cands = extraction.extract(read.pages, "pdf")
    assert [(c.title, c.location) for c in cands] == [
        ("Ondermijning", "pagina 1"),
        ("Woninginbraak", "pagina 2"),
    ]


def test_a_fully_scanned_pdf_is_refused_not_silently_empty():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(
        ValidationError, match=r"gescand\.pdf: geen enkele pagina heeft een tekstlaag"
    ):
        reading.read(out.getvalue(), "gescand.pdf")


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "leeg.txt", "leeg.txt: het bestand is leeg"),
        (b"%PDF-1.4 kapot", "kapot.pdf", "kapot.pdf: dit is geen leesbare PDF"),
        (b"geen pdf", "nep.pdf", "nep.pdf: dit is geen leesbare PDF"),
        (b"\x00\x01\x02binary" * 10, "data.bin", "data.bin: dit is geen tekstbestand"),
        (b"<html><body><script>x</script></body></html>", "leeg.html", "geen leesbare tekst"),
    ],
)
def test_unreadable_files_are_refused_in_dutch(data, name, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        reading.read(data, name)
