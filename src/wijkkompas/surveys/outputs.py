"""Survey results as downloads: one table of rows for CSV and XLSX (cells made inert by
``core.exports``) and a PDF with the same tables. Only what the results page shows: suppressed
cells as "<t", never free text."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpResponse

from wijkkompas.core import exports
from wijkkompas.core.pdf import render_pdf
from wijkkompas.surveys.results import Difference, SurveyResults

HEADER = (
    "vraagcode",
    "vraag",
    "buurt",
    "antwoord",
    "n",
    "waarde",
    "ondergrens 95%",
    "bovengrens 95%",
    "opmerking",
)
SUPPRESSED = "onderdrukt"


def result_rows(data: SurveyResults) -> list[list]:
    """Per question and shown buurt (and the total): the mean or each option's share (in %)
    with its 95% margin; a suppressed cell keeps its row with "<t" and no figure."""
    rows: list[list] = []
    for result in data.questions:
        for cell in result.cells:
            base = [result.question.code, result.question.text, cell.label]
            if cell.suppressed:
                rows.append([*base, "", f"<{data.threshold}", "", "", "", SUPPRESSED])
                continue
            if cell.mean is not None:
                low, high = cell.interval
                rows.append(
                    [
                        *base,
                        "gemiddelde",
                        cell.n,
                        round(cell.mean, 2),
                        round(low, 2),
                        round(high, 2),
                        "",
                    ]
                )
            for o in cell.options:
                if o.suppressed:
                    rows.append([*base, o.label, cell.n, "", "", "", SUPPRESSED])
                else:
                    rows.append(
                        [
                            *base,
                            o.label,
                            cell.n,
                            round(o.share * 100, 1),
                            round(o.low * 100, 1),
                            round(o.high * 100, 1),
                            "",
                        ]
                    )
    for a in data.hidden_areas:
        rows.append(
            ["", "", a.area.name, "", f"<{data.threshold}", "", "", "", "buurt niet getoond"]
        )
    return rows


def _filename(data: SurveyResults, ext: str) -> str:
    return f"peiling-{data.survey.pk}{'-voorlopig' if data.provisional else ''}.{ext}"


def csv_response(data: SurveyResults) -> HttpResponse:
    return exports.csv_response(_filename(data, "csv"), HEADER, result_rows(data))


def xlsx_response(data: SurveyResults) -> HttpResponse:
    return exports.xlsx_response(_filename(data, "xlsx"), "Uitkomsten", HEADER, result_rows(data))


def pdf_response(data: SurveyResults, differences: Sequence[Difference] | None) -> HttpResponse:
    pdf = render_pdf("surveys/results_pdf.html", {"results": data, "differences": differences})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "pdf")}"'
    return response
