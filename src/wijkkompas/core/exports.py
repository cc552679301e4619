"""Tabular exports (CSV with ';' as Dutch spreadsheets expect, and XLSX) as HTTP responses.

Every cell passes through here, so this is the one place that makes exported text inert: a text
cell a spreadsheet would read as a formula (it starts with ``= + - @``, a tab or a carriage
return) gets a leading apostrophe in CSV, the usual OWASP remedy, and is stored as a plain string
cell in XLSX (openpyxl would otherwise write it as a real formula). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """A text cell that could start a formula, prefixed with an apostrophe; others unchanged."""
    return "'" + value if looks_like_formula(value) else value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM so Excel reads UTF-8
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    import openpyxl  # ~0.8 s to import: loaded only when a spreadsheet is asked for
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    for row_number, row in enumerate([header, *rows], start=1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XLSX refuses
            cell = ws.cell(row=row_number, column=column)
            cell.value = value
            if looks_like_formula(value):
                cell.data_type = "s"  # text, never a formula; the cell shows what was typed
            if row_number == 1:
                cell.font = openpyxl.styles.Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(
    filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(sheet_title, header, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
