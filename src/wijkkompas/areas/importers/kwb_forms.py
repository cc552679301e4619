"""The forms CBS publishes the *Kerncijfers wijken en buurten* in, recognised from the file itself
and mapped onto one set of column keys, so every form lands on the same indicators.

- **OData keys** (the TypedDataSet, cbsodata, our own exports): ``ID;WijkenEnBuurten;
  Gemeentenaam_1;SoortRegio_2;Codering_3;…;AantalInwoners_5``. The ``_5`` suffix is a column
  number that CBS renumbers every year, so a column's identity is the key without it.
- **StatLine CSV download, label headers**: ``"Wijken en buurten";"Regioaanduiding/Codering
  (code)";"Bevolking/Aantal inwoners (aantal)"`` — subject path and unit.
- **StatLine, older layout**: a title line, a blank line, ``"";"Onderwerp"``, one line of
  subjects joined by ``|`` and one of units, the data, and a closing ``Bron: CBS``.
- **Re-saved** by Excel (``;``, possibly Windows-1252), R (``write.csv``: ``,``, ``NA``, every
  character that is not a letter or digit in a header written as ``.``, and a first column of row
  numbers) or pandas (``,``, an unnamed index column).
- **.xlsx**: the same layouts in a worksheet.

Labels are stable across years, keys are not. A column known to the catalogue (by key or by one of
its StatLine labels) gets the catalogue's key; an unknown label gets a key made from the label
itself (``label_key``), written the same way whichever program re-saved the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wijkkompas.areas.catalogue import (
    CBS_COLUMNS,
    COUNT,
    RATE,
    Entry,
    alnum,
    base_key,
    canonical_key,
    cbs_entry,
    is_descriptive,
    label_index,
)
from wijkkompas.areas.importers.cells import csv_header
from wijkkompas.areas.importers.common import utf8

# Descriptive columns in label form, by their letters-and-digits-only text, onto the key base the
# importer works with (the OData names).
_DESCRIPTIVE_LABELS = {
    "wijkenenbuurten": "WijkenEnBuurten",
    "regioaanduidinggemeentenaamnaam": "Gemeentenaam",
    "regioaanduidingsoortregioomschrijving": "SoortRegio",
    "regioaanduidingcoderingcode": "Codering",
    "regioaanduidingindelingswijzigingwijkenenbuurtencode": "IndelingswijzigingWijkenEnBuurten",
    "regioaanduidingindelingswijzigingwijkenbuurtencode": "IndelingswijzigingWijkenEnBuurten",
    "regioaanduidingindelingswijzigingwijkbuurtcode": "IndelingswijzigingWijkenEnBuurten",
    "regioaanduidingindelingswijziginggemeentewijkbuurtcode": "IndelingswijzigingWijkenEnBuurten",
    "postcodemeestvoorkomendepostcodepostcode": "MeestVoorkomendePostcode",
    "postcodedekkingspercentagepercentage": "Dekkingspercentage",
    "postcodedekkingspercentagecode": "Dekkingspercentage",
    "id": "ID",
}
ROW_NUMBER = "Rijnummer"  # the index column R and pandas write in front
_ODATA_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_UNIT = re.compile(r"\s*\(([^()]*)\)\s*$")

FORM_LABELS = {
    "odata": "CBS-kolomsleutels (OData / cbsodata)",
    "statline": "StatLine CSV-download met kolomnamen",
    "statline-oud": "StatLine CSV-download, oudere indeling (titel en twee kopregels)",
    "opnieuw-opgeslagen": "StatLine-download opnieuw opgeslagen (R, pandas of Excel)",
}


def label_key(label: str) -> str:
    """The key of a column known only by its label: its words in lower case joined by "-"
    (``bevolking-burgerlijke-staat-ongehuwd-aantal``), the same for the StatLine text and for R's
    ``Bevolking.Burgerlijke.staat.Ongehuwd..aantal.``; at most 80 characters."""
    key = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    if len(key) > 80:
        key = key[:71] + "-" + hashlib.sha256(key.encode()).hexdigest()[:8]
    return key


@dataclass(frozen=True)
class Column:
    """One column of the file: its header as written, the key it is imported under, and for a
    figure column the catalogue entry (name, unit, kind)."""

    header: str
    key: str
    entry: Entry | None = None

    @property
    def is_figure(self) -> bool:
        return self.entry is not None


@dataclass
class KwbTable:
    """A Kerncijfers file, recognised: which form, its columns, and where its data rows are.
    ``first_line`` is the file line of the first data row (the header is line 1 in most forms);
    ``data`` holds the file as UTF-8 bytes from that line on when every line has the header's
    width (the fast reader's input), ``rows`` the data rows as strings otherwise."""

    form: str
    columns: list[Column]
    first_line: int
    delimiter: str
    title: str = ""
    data: bytes | None = None
    rows: list[list[str]] | None = field(default=None, repr=False)

    @property
    def form_label(self) -> str:
        return FORM_LABELS[self.form]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def table_from_rows(header: list[str], rows: list[list[str]]) -> KwbTable:
    """A table handed over as strings (the OData records fetched with ``--table``)."""
    return _from_rows([header, *rows], delimiter=";")


def read_table(path: Path) -> KwbTable:
    """Recognise the form of a Kerncijfers file (CSV in any of its forms, or .xlsx).

    Only the first and last lines are parsed to find the header and any closing lines; a file
    whose header is its first line and whose every line has the header's width (the usual case,
    and a national file is 15 MB) is handed on as bytes for the fast reader, never split into
    Python strings here."""
    if path.suffix.lower() == ".xlsx":
        return _from_rows(list(_xlsx_rows(path)), delimiter=";")
    raw = utf8(path.read_bytes())
    header, delimiter, regular = csv_header(raw)
    if regular and len(_filled(header)) > 1 and not _is_old_marker(header):
        return _regular(header, raw, delimiter)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8")), delimiter=delimiter))
    return _from_rows(rows, delimiter=delimiter)


def _regular(header: list[str], raw: bytes, delimiter: str) -> KwbTable:
    """A file whose first line is the header and whose every line is as wide."""
    headers = [h.strip() for h in header]
    body = raw.find(b"\n") + 1 or len(raw)
    sample = raw[body : body + (1 << 14)].decode("utf-8", errors="replace").splitlines()[:5]
    first_cells = [next(csv.reader([line], delimiter=delimiter), [""])[0] for line in sample]
    columns = _columns(headers, first_cells)
    return KwbTable(_form_of(headers, delimiter), columns, 2, delimiter, data=raw[body:])


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # heavy (~0.8 s): only for an .xlsx file

    wb = load_workbook(path, read_only=True, data_only=True)
    for row in wb.worksheets[0].iter_rows(values_only=True):
        yield ["" if c is None else (repr(c) if isinstance(c, float) else str(c)) for c in row]


def _filled(row: list[str]) -> list[str]:
    return [c for c in row if c.strip()]


def _from_rows(rows: list[list[str]], *, delimiter: str) -> KwbTable:
    """Find the header among the first lines (skipping a title and blank lines), join the older
    layout's two header lines, drop a closing ``Bron: CBS`` and map every header cell."""
    at, titles = 0, []
    while at < len(rows) and len(_filled(rows[at])) <= 1 and not _is_old_marker(rows[at]):
        titles.extend(_filled(rows[at]))
        at += 1
    end = len(rows)
    while end > at + 1 and (len(_filled(rows[end - 1])) <= 1 or _is_source_line(rows[end - 1])):
        end -= 1
    if at < len(rows) and _is_old_marker(rows[at]) and at + 2 < end:
        headers = _old_headers(rows[at + 1], rows[at + 2])
        form, header_line = "statline-oud", at + 3
    else:
        headers = [h.strip() for h in rows[at]] if at < len(rows) else []
        header_line = at + 1
        form = _form_of(headers, delimiter)
    columns = _columns(headers, [r[0] if r else "" for r in rows[header_line : header_line + 5]])
    return KwbTable(
        form,
        columns,
        header_line + 1,
        delimiter,
        " ".join(titles),
        rows=rows[header_line:end],
    )


def _is_old_marker(row: list[str]) -> bool:
    return [c.strip().lower() for c in _filled(row)] in (["onderwerp"], ["onderwerpen"])


def _is_source_line(row: list[str]) -> bool:
    return bool(row) and row[0].strip().lower().startswith(("bron:", "bron ", "centraal bureau"))


def _old_headers(subjects: list[str], units: list[str]) -> list[str]:
    """The older layout's subject line (``Inkomen|Inkomen van personen|…``) and unit line
    (``x 1 000 euro``) as one label per column; a column without a subject is a row heading
    (``Wijken en buurten``), taken from the unit line."""
    width = max(len(subjects), len(units))
    out = []
    for i in range(width):
        subject = subjects[i].strip() if i < len(subjects) else ""
        unit = units[i].strip() if i < len(units) else ""
        if not subject:
            out.append(unit)
        else:
            path = "/".join(part.strip() for part in subject.split("|"))
            out.append(f"{path} ({unit})" if unit else path)
    return out


def _form_of(headers: list[str], delimiter: str) -> str:
    descriptive = {base_key(h) for h in headers if is_descriptive(h)}
    if {"Codering", "WijkenEnBuurten", "SoortRegio"} & descriptive:
        return "odata"
    resaved = (
        delimiter == ","
        or any("." in h and "/" not in h and " " not in h for h in headers)
        or (headers and headers[0] in ("", "Unnamed: 0"))
    )
    return "opnieuw-opgeslagen" if resaved else "statline"


def _columns(headers: list[str], first_cells: list[str]) -> list[Column]:
    labels = label_index()
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for i, header in enumerate(headers):
        column = _column(i, header, first_cells, labels)
        if column.is_figure:  # a key twice in one table (herkomst, energy per dwelling type)
            seen[column.key] = seen.get(column.key, 0) + 1
            if seen[column.key] > 1:
                column = Column(header, f"{column.key}-{seen[column.key]}", column.entry)
        columns.append(column)
    return columns


def _column(i: int, header: str, first_cells: list[str], labels: dict[str, str]) -> Column:
    if i == 0 and header in ("", "Unnamed: 0") and all(c.strip().isdigit() for c in first_cells):
        return Column(header, ROW_NUMBER)
    squeezed = alnum(header)
    if _ODATA_KEY.match(header):
        if is_descriptive(header):
            return Column(header, base_key(header))
        if squeezed not in _DESCRIPTIVE_LABELS:
            return Column(header, canonical_key(header), cbs_entry(header))
    if squeezed in _DESCRIPTIVE_LABELS:
        return Column(header, _DESCRIPTIVE_LABELS[squeezed])
    known = labels.get(squeezed)
    if known is not None:
        return Column(header, known, CBS_COLUMNS[known])
    return Column(header, label_key(header), _label_entry(header))


def _label_entry(header: str) -> Entry:
    """Name, unit and kind of a column known only by its label. A count (unit "aantal", and no
    average or ratio in the name) is suppressed when small; when in doubt it is a count."""
    if "/" in header or "(" in header or " " in header:
        m = _UNIT.search(header)
        unit = m.group(1).strip() if m else ""
        path = [p.strip() for p in (header[: m.start()] if m else header).split("/") if p.strip()]
    else:  # R / pandas: "Bevolking.Geslacht.Mannen..aantal."
        text = header.strip(".")
        label, _, unit = text.rpartition("..")
        if not label:
            label, unit = text, ""
        path = [label.replace(".", " ").strip()]
        unit = unit.replace(".", " ").strip()
    name = path[-1] if path else header
    if len(path) > 2:
        name = f"{name} ({path[-2]})"
    hints = ("gemiddeld", "relatief", "percentage", "dichtheid", "afstand", "per ", "aandeel")
    is_count = unit.lower() in ("aantal", "") and not any(h in name.lower() for h in hints)
    return Entry(
        name=name[:250],
        unit=unit[:60],
        kind=COUNT if is_count else RATE,
        theme=(path[0] if len(path) > 1 else "")[:80],
        definition=f"CBS Kerncijfers wijken en buurten, kolom '{header}'.",
    )
