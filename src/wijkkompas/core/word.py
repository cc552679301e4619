"""Word documents (college templates are Word) written with python-docx, the one way for every
app: text stripped of what XML cannot hold, tables whose rows never split over a page and whose
header row repeats.

Styles are set by their id in the default template ("Heading1", "ListBullet" …) rather than by
name: python-docx resolves a name by scanning the whole styles part on every paragraph, which
made a long report twice as slow as the text itself."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from docx.oxml import OxmlElement

# Characters XML 1.0 cannot hold (control characters other than tab, newline, return): a typed
# or pasted one would make python-docx refuse the whole document.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

STYLE_IDS = {"List Bullet": "ListBullet", "List Number": "ListNumber"}


def clean(value: Any) -> str:
    """``value`` as text Word can hold."""
    return _NOT_IN_XML.sub("", str(value if value is not None else ""))


class Word:
    """A document being written: headings, paragraphs, lists and tables, then ``bytes()``."""

    def __init__(self, *, title: str, author: str = "Wijkkompas") -> None:
        self.document = docx.Document()
        self.document.core_properties.title = clean(title)[:255]
        self.document.core_properties.author = author

    def _styled(self, paragraph: Any, style_id: str | None) -> Any:
        if style_id:
            paragraph._p.get_or_add_pPr().style = style_id
        return paragraph

    def heading(self, text: Any, level: int = 1) -> Any:
        return self._styled(
            self.document.add_paragraph(clean(text)), "Title" if level == 0 else f"Heading{level}"
        )

    def paragraph(self, text: Any = "", style: str | None = None) -> Any:
        """A paragraph; ``style`` is a name of the default template ("List Bullet", …)."""
        return self._styled(self.document.add_paragraph(clean(text)), STYLE_IDS.get(style or ""))

    def bullet(self, text: Any) -> Any:
        return self.paragraph(text, "List Bullet")

    def note(self, text: Any) -> Any:
        """An italic line (sources, rounding notes)."""
        paragraph = self.paragraph(text)
        for run in paragraph.runs:
            run.italic = True
        return paragraph

    def table(self, header: list[str], rows: list[list[Any]]) -> Any:
        table = self.document.add_table(rows=1, cols=len(header))
        table._tbl.tblPr.style = "TableGrid"
        _row_properties(table.rows[0], header=True)
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = clean(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            added = table.add_row()
            _row_properties(added)
            for cell, text in zip(added.cells, row, strict=True):
                cell.text = clean(text)
        return table

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _row_properties(row: Any, *, header: bool = False) -> None:
    """Word's page breaks: a row never splits over two pages; the header row repeats."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader") if header else ("w:cantSplit",):
        properties.append(OxmlElement(tag))
