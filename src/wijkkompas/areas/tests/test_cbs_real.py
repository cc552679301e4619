"""The Kerncijfers files users really download (``../shared/data/real/kwb``, see its SOURCES.md):
each imports in one go, or is refused with a message that says what to download instead; at
least 50 random cells per file are served by the API exactly as the file has them (or
suppressed, where the rules say so)."""

from __future__ import annotations

import csv
import io
import math
import random

import pytest

from wijkkompas.accounts import policy
from wijkkompas.areas import index as area_index
from wijkkompas.areas import services
from wijkkompas.areas.importers.common import SKIP, ImportRefused, parse_value, utf8
from wijkkompas.areas.importers.kwb_forms import read_table
from wijkkompas.areas.models import Area, IndexComponent, IndexProfile, Indicator
from wijkkompas.conftest import REAL_DATA_DIR

KWB = REAL_DATA_DIR / "kwb"
# file → (rows imported, year); None: the file has no area codes and must be refused.
EXPECTED = {
    "Swienn-ScientificDataAnalysisProject/Kerncijfers_wijken_en_buurten_2024_geslachten.csv": (
        18310,
        2024,
    ),
    "dertje-cbs_datasets/85984NED.csv": (10000, 2024),
    "elakyc15-Group-7/Kerncijfers_wijken_en_buurten_2019.csv": (580, 2019),
    "Swienn-ScientificDataAnalysisProject/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv": None,
    "elakyc15-Group-7/Kerncijfers_wijken_en_buurten_2015.csv": None,
}


def _real(name):
    path = KWB / name
    if not path.is_file():
        pytest.skip(f"Geen echt bestand {path} (../shared/data/real ontbreekt)")
    return path


def _raw_rows(path):
    """The file's rows read plainly with the csv module (independent of the importer's reader)."""
    text = utf8(path.read_bytes()).decode("utf-8")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _served(client, code):
    """Every observation the API serves for an area, all pages."""
    url, items = f"/api/v1/areas/{code}/observations?page_size=500", []
    while url:
        page = client.get(url)
        assert page.status_code == 200, (code, page.content[:300])
        body = page.json()
        items.extend(body["results"])
        url = body["next"]
    return items


def test_every_real_kwb_file_is_known_here():
    """A file added to the folder gets an expectation here (or this fails)."""
    if not KWB.is_dir():
        pytest.skip("../shared/data/real ontbreekt")
    present = {str(p.relative_to(KWB)) for p in KWB.rglob("*.csv")}
    assert present <= set(EXPECTED), present - set(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if e is not None])
def test_real_file_imports_and_api_serves_its_cells(name, demo, api_client_for):
    path = _real(name)
    rows_expected, year = EXPECTED[name]
    counts = services.import_file(actor=policy.SYSTEM, kind="cbs", path=path)
    assert counts["rows"] == rows_expected
    table = read_table(path)
    raw = _raw_rows(path)
    header_at = table.first_line - 2
    header, data = raw[header_at], [r for r in raw[header_at + 1 :] if any(c.strip() for c in r)]
    code_col = table.keys.index("Codering")
    figure_cols = [i for i, c in enumerate(table.columns) if c.is_figure]
    client = api_client_for(demo["oov"])
    rng = random.Random(len(data))
    checked = 0
    served_by_code: dict[str, dict] = {}
    for _ in range(60):
        row = rng.choice(data)
        col = rng.choice(figure_cols)
        code = row[code_col].strip()
        if code not in served_by_code:
            served_by_code[code] = {(o["indicator"], o["period"]): o for o in _served(client, code)}
        served = served_by_code[code].get((table.columns[col].key, str(year)))
        parsed = parse_value(row[col])
        if parsed is SKIP:
            assert served is None, (code, header[col], row[col], served)
        else:
            value, status = parsed
            assert served is not None, (code, header[col], row[col])
            assert served["status"] == status
            if served["suppressed"]:
                assert served["value"] is None
                small_count = table.columns[col].entry.kind == "aantal" and 0 < value < 5
                population = _population(served_by_code[code], year)
                assert small_count or population is None or population < 50, (code, served)
            else:
                assert served["value"] == pytest.approx(value, abs=1e-9), (code, header[col])
        checked += 1
    assert checked >= 50


def _population(observations, year):
    found = observations.get(("AantalInwoners", str(year)))
    return None if found is None or found["value"] is None else found["value"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if e is None])
def test_real_file_without_codes_is_refused_saying_what_to_download(name):
    path = _real(name)
    with pytest.raises(ImportRefused) as refused:
        services.import_file(actor=policy.SYSTEM, kind="cbs", path=path)
    message = refused.value.message
    assert path.name in message and "Codering" in message and "StatLine" in message
    assert Area.objects.count() == 0 and Indicator.objects.count() == 0


@pytest.mark.django_db
def test_national_statline_file_includes_amsterdam_and_feeds_the_2024_index():
    path = _real(
        "Swienn-ScientificDataAnalysisProject/Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
    )
    services.import_file(actor=policy.SYSTEM, kind="cbs", path=path)
    amsterdam = Area.objects.filter(municipality_code="GM0363", year=2024)
    assert amsterdam.count() == 1 + 110 + 517
    assert Area.objects.get(code="BU0363AA01", year=2024).parent.code == "WK0363AA"
    assert Area.objects.get(code="WK168000", year=2024).name == "Wijk 00 Annen"
    profile = IndexProfile.objects.create(name="jongeren", level="buurt")
    IndexComponent.objects.create(
        profile=profile,
        indicator=Indicator.objects.get(code="k_15Tot25Jaar"),
        weight=1.0,
        direction="hoger_slechter",
        per_1000_inhabitants=True,
    )
    result = area_index.compute(profile, year=2024, municipality_code="GM0363")
    scored = [s for s in result.scores.tolist() if not math.isnan(s)]
    assert len(result.codes) == 517 and len(scored) > 400


@pytest.mark.django_db
def test_odata_file_imports_amsterdam_and_den_haag():
    """The 130-column OData file (the first 10,000 rows of 85984NED): Amsterdam's 628 rows with
    alphanumeric codes and 's-Gravenhage's numeric ones; its descriptive columns are no
    indicators."""
    services.import_file(
        actor=policy.SYSTEM, kind="cbs", path=_real("dertje-cbs_datasets/85984NED.csv")
    )
    assert Area.objects.filter(municipality_code="GM0363", year=2024).count() == 628
    assert Area.objects.filter(municipality_code="GM0518", year=2024).count() == 1 + 44 + 114
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert not codes & {"ID", "Codering", "SoortRegio", "Gemeentenaam", "MeestVoorkomendePostcode"}
    assert not any(c.startswith("Indelingswijziging") for c in codes)


@pytest.mark.django_db
def test_odata_and_statline_forms_of_one_year_land_on_the_same_indicators():
    """The 2024 OData file (keys) and the 2024 StatLine download (labels) fill the same
    indicators: a label file re-imported over the key file changes nothing of its population."""
    odata = _real("dertje-cbs_datasets/85984NED.csv")
    statline = _real(
        "Swienn-ScientificDataAnalysisProject/Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
    )
    services.import_file(actor=policy.SYSTEM, kind="cbs", path=odata)
    before = Indicator.objects.count()
    services.import_file(actor=policy.SYSTEM, kind="cbs", path=statline)
    assert Indicator.objects.count() == before  # all 8 StatLine figure columns known already
    assert Indicator.objects.filter(code__startswith="AantalInwoners").count() == 1
