"""Every form the Kerncijfers reach us in lands on the same figures: OData keys, the StatLine CSV
download with label headers (current and older layout), that download re-saved by Excel, R and
pandas, and the .xlsx forms. The headers are those of the real files in ../shared/data/real/kwb
(85984NED OData keys; the StatLine 2024 download; R's write.csv of the 2019 one)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from wijkkompas.accounts import policy
from wijkkompas.areas import services
from wijkkompas.areas.importers.common import ImportRefused
from wijkkompas.areas.importers.kwb_forms import label_key, read_table
from wijkkompas.areas.models import Area, Indicator
from wijkkompas.areas.tests.helpers import stored

# (OData key, StatLine label) per column, as the 2024 files name them.
COLUMNS = [
    ("WijkenEnBuurten", "Wijken en buurten"),
    ("Gemeentenaam_1", "Regioaanduiding/Gemeentenaam (naam)"),
    ("SoortRegio_2", "Regioaanduiding/Soort regio (omschrijving)"),
    ("Codering_3", "Regioaanduiding/Codering (code)"),
    ("AantalInwoners_5", "Bevolking/Aantal inwoners (aantal)"),
    ("Mannen_6", "Bevolking/Geslacht/Mannen (aantal)"),
    ("k_15Tot25Jaar_9", "Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)"),
    (
        "GemiddeldeHuishoudensgrootte_33",
        "Bevolking/Particuliere huishoudens/Gemiddelde huishoudensgrootte (aantal)",
    ),
]
ROWS = [
    ["Nederland", "Nederland", "Land", "NL00", "17942942", "8920768", "2202159", "2,12"],
    ["Amsterdam", "Amsterdam", "Gemeente", "GM0363", "931298", "461001", "120950", "1,82"],
    ["Burgwallen-Oude Zijde", "Amsterdam", "Wijk", "WK0363AA", "4140", "2155", "x", "1,46"],
    ["Kop Zeedijk", "Amsterdam", "Buurt", "BU0363AA01", "1095", "585", ".", "1,39"],
    ["Súdwest-Fryslân", "Súdwest-Fryslân", "Gemeente", "GM1900", "91765", "45815", "10620", "2,23"],
    ["Wijk 00 Annen", "Aa en Hunze", "Wijk", "WK168000", "3590", "1750", "355", "2,28"],
]
KEYS = ["AantalInwoners", "Mannen", "k_15Tot25Jaar", "GemiddeldeHuishoudensgrootte"]


def _odata(tmp_path):
    lines = [";".join(["ID", *(k for k, _ in COLUMNS)])]
    for n, row in enumerate(ROWS):
        padded = [row[0], row[1].ljust(40), row[2].ljust(10), row[3].ljust(10)]
        lines.append(";".join([str(n), *padded, *(c.replace(",", ".") for c in row[4:])]))
    return _write(tmp_path / "85984NED.csv", "\n".join(lines) + "\n", "utf-8")


def _statline(tmp_path):
    """StatLine's CSV download: quoted labels, ";", padded descriptive cells, BOM, CRLF."""
    lines = [";".join(f'"{label}"' for _, label in COLUMNS)]
    for row in ROWS:
        cells = [row[0], row[1].ljust(40), row[2].ljust(10), row[3].ljust(10)]
        lines.append(";".join([*(f'"{c}"' for c in cells), *row[4:]]))
    return _write(
        tmp_path / "Kerncijfers_wijken_en_buurten_2024_03122026.csv",
        "\ufeff" + "\r\n".join(lines) + "\r\n",
        "utf-8",
    )


def _old_layout_rows():
    """StatLine's older layout: title, blank line, "Onderwerp", subjects joined by "|", units."""
    subjects = [""] + [label.rsplit(" (", 1)[0].replace("/", "|") for _, label in COLUMNS[1:]]
    units = ["Wijken en buurten"] + [label.rsplit(" (", 1)[1][:-1] for _, label in COLUMNS[1:]]
    return [
        ["Kerncijfers wijken en buurten 2024"],
        [""],
        ["", "Onderwerp"],
        subjects,
        units,
        *ROWS,
        ["Bron: CBS"],
    ]


def _old_layout(tmp_path):
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        _old_layout_rows()
    )
    return _write(tmp_path / "kwb_oud.csv", "\ufeff" + out.getvalue(), "utf-8")


def _excel(tmp_path):
    """Opened in Excel and saved as CSV: ";", no quotes, Windows-1252."""
    lines = [";".join(label for _, label in COLUMNS)]
    lines += [";".join(c.strip() for c in row) for row in ROWS]
    return _write(tmp_path / "kwb_excel_2024.csv", "\r\n".join(lines) + "\r\n", "cp1252")


def _excel_unicode(tmp_path):
    """Excel's "Unicode text": tabs between cells, UTF-16 with a byte-order mark."""
    lines = ["\t".join(label for _, label in COLUMNS)]
    lines += ["\t".join(c.strip() for c in row) for row in ROWS]
    return _write(tmp_path / "kwb_unicode_2024.txt", "\r\n".join(lines) + "\r\n", "utf-16")


def _r_header(label: str) -> str:
    """What R's make.names does to a header: every character but letters and digits → "."."""
    return "".join(ch if ch.isalnum() else "." for ch in label)


def _r(tmp_path):
    """R's write.csv: ",", strings quoted (decimal commas kept, so those are strings), numbers
    bare, NA for missing, row numbers under an empty header."""

    def cell(c: str) -> str:
        return "NA" if c == "." else c if c.isdigit() else f'"{c}"'

    lines = [",".join(['""', *(f'"{_r_header(label)}"' for _, label in COLUMNS)])]
    lines += [",".join([f'"{n}"', *map(cell, row)]) for n, row in enumerate(ROWS, start=1)]
    return _write(tmp_path / "kwb_R_2024.csv", "\n".join(lines) + "\n", "utf-8")


def _pandas(tmp_path, index_header=""):
    """pandas to_csv: ",", the index column first, decimal points, empty cells for missing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([index_header, *(_r_header(label) for _, label in COLUMNS)])
    for n, row in enumerate(ROWS):
        cells = ["" if c == "." else c.replace(",", ".") for c in row]
        writer.writerow([str(n), *cells])
    return _write(tmp_path / f"kwb_pandas{index_header[:3]}_2024.csv", out.getvalue(), "utf-8")


def _xlsx(tmp_path, rows, name):
    wb = Workbook()
    for row in rows:
        wb.active.append(
            [
                int(c) if c.isdigit() else float(c.replace(",", ".")) if c[:1].isdigit() else c
                for c in row
            ]
        )
    path = tmp_path / name
    wb.save(path)
    return path


def _write(path, text, encoding):
    path.write_bytes(text.encode(encoding))
    return path


FORMS = {
    "odata": (_odata, "odata"),
    "statline": (_statline, "statline"),
    "statline-oud": (_old_layout, "statline-oud"),
    "excel-csv": (_excel, "statline"),
    "excel-unicode": (_excel_unicode, "statline"),
    "r": (_r, "opnieuw-opgeslagen"),
    "pandas": (_pandas, "opnieuw-opgeslagen"),
    "pandas-unnamed": (lambda p: _pandas(p, "Unnamed: 0"), "opnieuw-opgeslagen"),
    "xlsx": (
        lambda p: _xlsx(p, [[label for _, label in COLUMNS], *ROWS], "kwb_2024.xlsx"),
        "statline",
    ),
    "xlsx-oud": (lambda p: _xlsx(p, _old_layout_rows(), "kwb_oud_2024.xlsx"), "statline-oud"),
}


def _figures():
    return {(s.area, s.indicator, s.period, s.value, s.status) for s in stored()}


@pytest.fixture
def reference(tmp_path, db):
    """The figures the OData form stores (checked by hand below)."""
    services.import_file(actor=policy.SYSTEM, kind="cbs", path=_odata(tmp_path), year=2024)
    figures = _figures()
    Area.objects.all().delete()
    return figures


def test_reference_figures_are_the_files_figures(reference):
    assert ("GM0363", "AantalInwoners", "2024", 931298.0, "ok") in reference
    assert ("WK0363AA", "k_15Tot25Jaar", "2024", None, "geheim") in reference  # "x"
    assert not any(f[0] == "BU0363AA01" and f[1] == "k_15Tot25Jaar" for f in reference)  # "."
    assert ("NL00", "GemiddeldeHuishoudensgrootte", "2024", 2.12, "ok") in reference
    assert len(reference) == 6 * 4 - 1


@pytest.mark.parametrize("form", list(FORMS))
def test_every_form_lands_on_the_same_figures(form, reference, tmp_path):
    make, expected_form = FORMS[form]
    path = make(tmp_path)
    table = read_table(path)
    assert table.form == expected_form
    assert [c.key for c in table.columns if c.is_figure] == KEYS
    counts = services.import_file(actor=policy.SYSTEM, kind="cbs", path=path, year=2024)
    assert counts["rows"] == len(ROWS)
    assert _figures() == reference
    assert set(Indicator.objects.values_list("code", flat=True)) == set(KEYS)
    assert Area.objects.get(code="WK168000").name == "Wijk 00 Annen"
    assert Area.objects.get(code="GM1900").name == "Súdwest-Fryslân"  # cp1252 in the Excel form


def test_a_file_without_codes_is_refused_saying_which_column_to_add(tmp_path, db):
    text = "\r\n".join(
        ";".join(f'"{c}"' for c in (row[0], row[1], row[4]))
        for row in [[label for _, label in COLUMNS], *ROWS]
    )
    path = _write(tmp_path / "kwb_zonder_codes_2024.csv", text, "utf-8")
    with pytest.raises(ImportRefused) as refused:
        services.import_file(actor=policy.SYSTEM, kind="cbs", path=path)
    assert "Regioaanduiding/Codering (code)" in refused.value.message
    assert Area.objects.count() == 0


def test_unknown_label_columns_get_one_key_whatever_program_saved_them(tmp_path):
    label = "Bevolking/Burgerlijke staat/Gescheiden ex-partners (aantal)"
    assert label_key(label) == label_key(_r_header(label))
    assert label_key(label) == "bevolking-burgerlijke-staat-gescheiden-ex-partners-aantal"
    assert label_key("Bedrijven/Financiële diensten (aantal)") == label_key(
        "Bedrijven.Financi.le.diensten..aantal."
    )


@pytest.mark.django_db
def test_next_years_renumbered_keys_keep_the_indicator(tmp_path):
    """CBS renumbers the key suffixes every year; an index profile names one indicator."""
    services.import_file(actor=policy.SYSTEM, kind="cbs", path=_odata(tmp_path), year=2024)
    renumbered = tmp_path / "85984NED.csv"
    text = renumbered.read_text(encoding="utf-8").replace("AantalInwoners_5", "AantalInwoners_7")
    later = _write(tmp_path / "kwb_2025.csv", text, "utf-8")
    services.import_file(actor=policy.SYSTEM, kind="cbs", path=later, year=2025)
    assert Indicator.objects.filter(code__startswith="AantalInwoners").count() == 1
    periods = {s.period for s in stored(area="GM0363", indicator="AantalInwoners")}
    assert periods == {"2024", "2025"}


@pytest.mark.django_db
def test_refusal_counts_every_error_and_names_the_first(tmp_path):
    lines = [";".join(["ID", *(k for k, _ in COLUMNS)])]
    for n in range(627):
        lines.append(f"{n};Buurt {n};Amsterdam;Buurt;BU0363z{n:03d};{n};1;1;1,5")
    path = _write(tmp_path / "85984NED_kapot.csv", "\n".join(lines) + "\n", "utf-8")
    with pytest.raises(ImportRefused) as refused:
        services.import_file(actor=policy.SYSTEM, kind="cbs", path=path)
    assert refused.value.total == 627
    assert refused.value.errors[0].row == 2 and refused.value.errors[0].column == "Codering_3"
    assert "… en nog 607 fouten (627 in totaal)." in refused.value.message


@pytest.mark.django_db
def test_a_file_with_no_readable_figure_at_all_is_refused_cell_by_cell(tmp_path):
    lines = [";".join(["ID", *(k for k, _ in COLUMNS)])]
    for n, row in enumerate(ROWS):
        lines.append(";".join([str(n), *row[:4], *(["veel"] * 4)]))
    path = _write(tmp_path / "85984NED_veel.csv", "\n".join(lines) + "\n", "utf-8")
    with pytest.raises(ImportRefused) as refused:
        services.import_file(actor=policy.SYSTEM, kind="cbs", path=path)
    assert refused.value.total == len(ROWS) * 4
    assert "'veel' is geen getal" in refused.value.message
    assert Area.objects.count() == 0
