# ruff: noqa: S314 - parses the SVG our own code just generated
"""Poster: the PDF opens and carries every text; the SVG is well-formed; 9 × 12 still fits one page."""

import io
import xml.etree.ElementTree as ET

import pypdf
import pytest

from wijkkompas.barriers import poster, selectors, services
from wijkkompas.barriers.models import Element

SVG_NS = "{http://www.w3.org/2000/svg}"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, _norm(" ".join(page.extract_text() for page in reader.pages))


def _svg_text(svg: str) -> str:
    root = ET.fromstring(svg.encode())
    return _norm(" ".join(t.text or "" for t in root.iter(f"{SVG_NS}text")))


def _all_texts(model):
    b = selectors.board(model)
    return [s.title for s in b.steps], [e.text for e in b.elements()]


def test_pdf_is_one_a3_landscape_page_with_every_step_and_element(small_model):
    reader, text = _pdf_text(poster.render_pdf(small_model))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (
        round(float(box.width) / 72 * 25.4) == 420 and round(float(box.height) / 72 * 25.4) == 297
    )
    steps, elements = _all_texts(small_model)
    # wrapped lines come back with line breaks; compare word sequences
    for snippet in steps + elements + ["Gelegenheden", "Signalen", "Faciliteerders", "Barrières"]:
        assert _norm(snippet) in text, snippet
    assert "Politie basisteam Voorbeeldstad" in text  # barrier owner
    assert "onbewust" in text  # facilitator marking
    assert "submodel: Afvaltransport" in text


def test_svg_is_well_formed_and_accessible(small_model):
    svg = poster.render_svg(small_model)
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("width") == "420mm" and root.get("height") == "297mm"
    assert root.find(f"{SVG_NS}title").text == f"Barrièremodel: {small_model.title}"
    assert "Stap 1 Locatie vinden" in root.find(f"{SVG_NS}desc").text
    text = _svg_text(svg)
    steps, elements = _all_texts(small_model)
    for snippet in steps + elements:
        assert _norm(snippet) in text


def test_special_characters_are_escaped(small_model, demo):
    step = small_model.steps.first()
    services.add_element(
        actor=demo["oov"], step=step, kind="signaal", text='Pand <achter> "de" kerk & co'
    )
    svg = poster.render_svg(small_model)
    ET.fromstring(svg.encode())
    assert "Pand &lt;achter&gt;" in svg


@pytest.fixture
def crowded_model(demo):
    """9 steps × 12 elements in every cell, with realistic sentence lengths."""
    oov = demo["oov"]
    model = services.create_model(
        actor=oov, tenant=oov.tenant, title="Druk model", phenomenon="Test"
    )
    words = [
        "leegstaande",
        "loods",
        "aan",
        "de",
        "rand",
        "van",
        "het",
        "bedrijventerrein",
        "met",
        "veel",
        "verkeer",
        "in",
        "de",
        "nacht",
    ]
    bulk = []
    for s in range(9):
        step = services.add_step(
            actor=oov, model=model, title=f"Stap nummer {s + 1} van het proces"
        )
        for kind in Element.Kind.values:
            for i in range(12):
                text = f"{kind[:4]}{s}{i} " + " ".join(words[: 6 + (i % 8)])
                bulk.append(Element(step=step, kind=kind, position=i, text=text))
    Element.objects.bulk_create(bulk)
    return model


def test_nine_steps_with_twelve_elements_per_cell_stay_on_one_legible_page(crowded_model):
    b = selectors.board(crowded_model)
    lay = poster.layout(b)
    assert lay.font >= poster.MIN_FONT
    # every row fits: header plus rows within the canvas
    assert lay.scale == 1.0
    assert (
        lay.header_height + sum(lay.row_heights)
        <= poster.HEIGHT - 2 * poster.MARGIN - poster.TITLE_HEIGHT - poster.FOOTER_HEIGHT + 0.01
    )
    svg = poster.render_svg(crowded_model, b)
    ET.fromstring(svg.encode())
    reader, text = _pdf_text(poster.render_pdf(crowded_model))
    assert len(reader.pages) == 1
    for el in b.elements()[::37]:
        assert el.text.split()[0] in text


def test_empty_model_still_renders(demo):
    oov = demo["oov"]
    model = services.create_model(actor=oov, tenant=oov.tenant, title="Nog leeg", phenomenon="Test")
    svg = poster.render_svg(model)
    assert "Nog geen stappen." in ET.fromstring(svg.encode()).find(f"{SVG_NS}desc").text
    reader, _ = _pdf_text(poster.render_pdf(model))
    assert len(reader.pages) == 1
