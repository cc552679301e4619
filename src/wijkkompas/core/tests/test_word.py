"""core.word: what any app's Word document gets — texts XML can hold, styles by id that Word
and python-docx read back by name, table rows that do not split and a repeating header row."""

import io

import docx
import pytest
from docx.oxml.ns import qn

from wijkkompas.core import word


def test_a_document_reads_back_with_its_styles_texts_and_table_rules():
    doc = word.Word(title="Rapport\x01 2026")
    doc.heading("Titel", level=0)
    doc.heading("Hoofdstuk\x0b 1", level=1)
    doc.heading("Paragraaf", level=3)
    doc.paragraph("Gewone tekst\x00")
    doc.paragraph("Eerste", "List Number")
    doc.bullet("Punt")
    doc.note("Bron: CBS")
    doc.paragraph(0)
    doc.table(["Jaar", "Waarde"], [[2025, "12"], ["2026", None]])

    document = docx.Document(io.BytesIO(doc.bytes()))
    assert document.core_properties.title == "Rapport 2026"
    got = [(p.style.name, p.text) for p in document.paragraphs]
    assert got == [
        ("Title", "Titel"),
        ("Heading 1", "Hoofdstuk 1"),
        ("Heading 3", "Paragraaf"),
        ("Normal", "Gewone tekst"),
        ("List Number", "Eerste"),
        ("List Bullet", "Punt"),
        ("Normal", "Bron: CBS"),
        ("Normal", "0"),
    ]
    assert document.paragraphs[6].runs[0].italic
    (table,) = document.tables
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Jaar", "Waarde"],
        ["2025", "12"],
        ["2026", ""],
    ]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold
    props = [row._tr.trPr for row in table.rows]
    assert all(p.find(qn("w:cantSplit")) is not None for p in props)
    assert props[0].find(qn("w:tblHeader")) is not None
    assert all(p.find(qn("w:tblHeader")) is None for p in props[1:])


def test_python_docx_alone_refuses_what_clean_removes():
    with pytest.raises(ValueError):
        docx.Document().add_paragraph("Risico\x01's")
    assert word.clean("Risico\x01's\ufffe") == "Risico's"
    assert word.clean(None) == ""
