"""Police registered crime (47018NED yearly, 47022NED monthly): the TypedDataSet and StatLine
label forms, descriptive columns, alphanumeric codes, refusals, idempotency and the real file."""

import csv
import random
from pathlib import Path

import pytest

from wijkkompas.accounts import policy
from wijkkompas.areas import services
from wijkkompas.areas.catalogue import CRIME_TYPES
from wijkkompas.areas.importers.common import SKIP, ImportRefused, parse_value
from wijkkompas.areas.importers.police import parse_period
from wijkkompas.areas.models import Area, ImportRun, Indicator
from wijkkompas.areas.tests.helpers import figure, stored
from wijkkompas.conftest import REAL_DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures"
MONTHLY = FIXTURES / "47022NED_maandcijfers_2023.csv"
LABELS = FIXTURES / "47022NED_statline_labels.csv"
AMSTERDAM = FIXTURES / "47018NED_amsterdam_alfanumeriek.csv"
REAL = REAL_DATA_DIR / "police" / "dat-nguyen96-Micro-Neighbourhood" / "cbs_crime_test.csv"


def run(path: Path) -> dict:
    return services.import_file(actor=policy.SYSTEM, kind="police", path=path)


def national_file(
    path: Path,
    *,
    municipalities: int = 342,
    wijken: int = 9,
    buurten: int = 5,
    crimes: int = len(CRIME_TYPES),
    period: str = "2023JJ00",
    seed: int = 7,
) -> int:
    """A 47018NED file in the TypedDataSet form as pandas writes it (comma-separated,
    space-padded keys, blank Gemeentenaam/SoortRegio as in the real file, a municipality name
    on the gemeente rows): NL00 and ``municipalities`` × (1 + ``wijken`` × (1 + ``buurten``))
    regions × ``crimes`` crime types, figures with "." and "x" now and then. The defaults give a
    national-sized file (18,811 regions × 36 crime types ≈ 677,000 rows). Returns the rows."""
    rng = random.Random(seed)
    codes = list(CRIME_TYPES)[:crimes]
    regions = [("NL00", "Land", "")]
    for g in range(1, municipalities + 1):
        regions.append((f"GM{g:04d}", "Gemeente", f"Gemeente {g}"))
        for w in range(wijken):
            regions.append((f"WK{g:04d}{w:02d}", "", ""))
            regions += [(f"BU{g:04d}{w:02d}{b:02d}", "", "") for b in range(buurten)]
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "ID,SoortMisdrijf,WijkenEnBuurten,Perioden,GeregistreerdeMisdrijven_1,"
            "Gemeentenaam_2,SoortRegio_3\n"
        )
        for code, kind, name in regions:
            for crime in codes:
                r = rng.random()
                cell = "." if r < 0.05 else "x" if r < 0.06 else str(rng.randint(0, 400))
                fh.write(
                    f"{n},{crime.ljust(6)},{code.ljust(10)},{period},{cell},"
                    f"{name.ljust(30)},{kind.ljust(8)}\n"
                )
                n += 1
    return n


@pytest.mark.django_db
def test_monthly_file_keeps_months_and_markers():
    counts = run(MONTHLY)
    assert counts == {"rows": 12, "areas": 2, "observations": 11, "indicators": 2}
    assert figure("GM0606", "0.0.0", "2023-03").value == 431
    assert figure("BU06060101", "1.1.1", "2023-01").value == 1
    secret = figure("BU06060101", "1.1.1", "2023-02")
    assert secret.value is None and secret.status == "geheim"
    assert figure("BU06060101", "1.1.1", "2023-03").value == 0  # "-" nihil
    assert figure("BU06060101", "0.0.0", "2023-03") is None  # "."
    assert {s.period for s in stored()} == {"2023-01", "2023-02", "2023-03"}
    assert Area.objects.get(code="BU06060101").parent.code == "WK060601"


@pytest.mark.django_db
def test_reimport_is_idempotent_and_replaces_what_the_file_covers(tmp_path):
    run(MONTHLY)
    before = stored()
    areas = Area.objects.count()
    assert run(MONTHLY)["observations"] == len(before)
    assert stored() == before and Area.objects.count() == areas
    changed = tmp_path / "47022NED_maandcijfers_2023.csv"
    changed.write_text(
        MONTHLY.read_text(encoding="utf-8").replace('"    18"', '"     ."'), encoding="utf-8"
    )
    run(changed)
    assert figure("BU06060101", "0.0.0", "2023-01") is None
    assert len(stored()) == len(before) - 1
    assert ImportRun.objects.filter(kind="police").count() == 3


@pytest.mark.django_db
def test_statline_label_download_stores_the_same_figures_as_the_typed_data():
    counts = run(LABELS)
    assert counts == {"rows": 8, "areas": 2, "observations": 8, "indicators": 2}
    labelled = stored()
    assert Indicator.objects.get(code="1.1.1").name.endswith("Diefstal/inbraak woning")
    assert not Indicator.objects.exclude(code__in=["0.0.0", "1.1.1"]).exists()
    run(MONTHLY)
    typed = [s for s in stored() if s.period in ("2023-01", "2023-02")]
    assert typed == labelled
    # The region label names a new area; an existing area keeps its name.
    assert Area.objects.get(code="BU06060101").name == "Centrum"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023JJ00", ("2023", 2023)),
        ("2023MM04", ("2023-04", 2023)),
        ("2023KW02", ("2023-K2", 2023)),
        ("2023", ("2023", 2023)),
        ("2024*", ("2024", 2024)),
        ("2023 april", ("2023-04", 2023)),
        ("2023 December", ("2023-12", 2023)),
        ("2023 1e kwartaal", ("2023-K1", 2023)),
        ("2023MM13", None),
        ("2023 mai", None),
        ("april 2023", None),
    ],
)
def test_periods_in_both_forms(text, expected):
    assert parse_period(text) == expected


@pytest.mark.django_db
def test_provisional_statline_period_marks_the_figures(tmp_path):
    path = tmp_path / "47018NED_voorlopig.csv"
    path.write_text(
        '"Soort misdrijf";"Wijken en buurten";"Perioden";"Geregistreerde misdrijven (aantal)"\n'
        '"Totaal misdrijven";"GM0606";"2024*";"4012"\n'
        '"Totaal misdrijven";"GM0606";"2023";"3998"\n',
        encoding="utf-8",
    )
    run(path)
    assert figure("GM0606", "0.0.0", "2024").status == "voorlopig"
    assert figure("GM0606", "0.0.0", "2024").value == 4012
    assert figure("GM0606", "0.0.0", "2023").status == "ok"


@pytest.mark.django_db
def test_statline_file_with_region_names_only_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "47022NED_namen.csv"
    lines = LABELS.read_text(encoding="utf-8-sig").splitlines()
    rows = [line.split(";") for line in lines]
    path.write_text(
        "\n".join(";".join(r[:2] + r[3:]) for r in rows) + "\n", encoding="utf-8"
    )  # without the Codering column
    with pytest.raises(ImportRefused) as exc:
        run(path)
    message = exc.value.message
    assert (
        "47022NED_namen.csv, rij 2, kolom Wijken en buurten: 'Schiedam' is geen CBS-gebiedscode"
        in message
    )
    assert "Regioaanduiding/Codering" in message
    assert len(exc.value.errors) == 8
    assert not stored() and Area.objects.count() == 0 and Indicator.objects.count() == 0


@pytest.mark.django_db
def test_alphanumeric_codes_and_descriptive_columns():
    counts = run(AMSTERDAM)
    assert counts == {"rows": 8, "areas": 4, "observations": 8, "indicators": 2}
    assert set(Indicator.objects.values_list("code", flat=True)) == {"0.0.0", "1.1.1"}
    buurt = Area.objects.get(code="BU0363AA01")
    assert buurt.level == "buurt" and buurt.parent.code == "WK0363AA"
    assert buurt.parent.parent.code == "GM0363" and buurt.municipality_code == "GM0363"
    assert Area.objects.get(code="GM0363").name == "Amsterdam"  # from Gemeentenaam_2
    assert Area.objects.get(code="GM0363").municipality_class == "G4"
    assert figure("BU0363AA01", "1.1.1").value == 17
    assert figure("WK0363AA", "0.0.0").value == 9873


@pytest.mark.django_db
def test_municipality_name_does_not_rename_a_named_area():
    run(AMSTERDAM)
    Area.objects.filter(code="GM0363").update(name="Gemeente Amsterdam")
    run(AMSTERDAM)
    assert Area.objects.get(code="GM0363").name == "Gemeente Amsterdam"


def _variant(tmp_path: Path, line: int, column: str, new: str, source: Path = AMSTERDAM) -> Path:
    rows = list(csv.reader(source.open(encoding="utf-8")))
    rows[line - 1][rows[0].index(column)] = new
    out = tmp_path / "47018NED_kapot.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "column", "bad", "expected"),
    [
        (
            6,
            "SoortRegio_3",
            "Wijk",
            "rij 6, kolom SoortRegio_3: soort regio 'Wijk' past niet bij code BU0363AA01",
        ),
        (2, "SoortRegio_3", "Buurt", "rij 2, kolom SoortRegio_3"),
        (
            4,
            "WijkenEnBuurten",
            "WK0363aa",
            "rij 4, kolom WijkenEnBuurten: 'WK0363aa' is geen CBS-gebiedscode",
        ),
        (
            3,
            "SoortMisdrijf",
            "inbraak",
            "rij 3, kolom SoortMisdrijf: 'inbraak' is geen soort misdrijf",
        ),
        (5, "Perioden", "2023XX00", "rij 5, kolom Perioden"),
        (7, "GeregistreerdeMisdrijven_1", "veel", "rij 7, kolom GeregistreerdeMisdrijven_1"),
        (
            8,
            "GeregistreerdeMisdrijven_1",
            "-3",
            "rij 8, kolom GeregistreerdeMisdrijven_1: een aantal",
        ),
        (9, "SoortMisdrijf", "0.0.0", "rij 9: 0.0.0 / BU0363AA02 / 2023JJ00 staat ook al in rij 8"),
    ],
)
def test_refusals_name_file_row_and_column_and_write_nothing(tmp_path, line, column, bad, expected):
    with pytest.raises(ImportRefused) as exc:
        run(_variant(tmp_path, line, column, bad))
    assert f"47018NED_kapot.csv, {expected}" in exc.value.message
    assert len(exc.value.errors) == 1, exc.value.message
    assert not stored() and Area.objects.count() == 0 and Indicator.objects.count() == 0
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_refusal_keeps_what_was_stored(tmp_path):
    run(AMSTERDAM)
    before = stored()
    with pytest.raises(ImportRefused):
        run(_variant(tmp_path, 6, "SoortRegio_3", "Gemeente"))
    assert stored() == before


@pytest.mark.django_db
def test_every_bad_cell_is_counted(tmp_path):
    path = tmp_path / "47018NED_veel_fouten.csv"
    national_file(path, municipalities=2, wijken=2, buurten=2, crimes=10)  # 150 rows
    lines = path.read_text(encoding="utf-8").splitlines()
    bad = [lines[0]]
    for k, line in enumerate(lines[1:]):
        cells = line.split(",")
        if k % 2 == 0:
            cells[3] = "2023"  # still a period
            cells[4] = "veel"
        else:
            cells[3] = "2023JJ99"
        bad.append(",".join(cells))
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as exc:
        run(path)
    errors = exc.value.errors
    assert len(errors) == 150
    assert sum(e.column == "Perioden" for e in errors) == 75
    assert sum(e.column == "GeregistreerdeMisdrijven_1" for e in errors) == 75
    assert not stored()


@pytest.mark.django_db
def test_header_refusals(tmp_path):
    path = tmp_path / "47018NED_kop.csv"
    path.write_text("ID;SoortMisdrijf;Perioden;Gemeentenaam_2\n0;0.0.0;2023JJ00;Schiedam\n")
    with pytest.raises(ImportRefused) as exc:
        run(path)
    assert "kopregel, kolom WijkenEnBuurten: verplichte kolom ontbreekt" in exc.value.message
    assert "geen kolom met aantallen" in exc.value.message


@pytest.mark.django_db
def test_generated_file_is_pivoted_cell_for_cell(tmp_path):
    path = tmp_path / "47018NED_gegenereerd.csv"
    rows = national_file(path, municipalities=3, wijken=3, buurten=2)
    counts = run(path)
    assert counts["rows"] == rows == (1 + 3 * (1 + 3 * 3)) * 36
    assert counts["indicators"] == 36 and counts["areas"] == 31
    assert Area.objects.get(code="GM0002").name == "Gemeente 2"
    cells = {(s.area, s.indicator, s.period): s for s in stored()}
    expected = 0
    for row in list(csv.reader(path.open(encoding="utf-8")))[1:]:
        key = (row[2].strip(), row[1].strip(), "2023")
        parsed = parse_value(row[4])
        if parsed is SKIP:
            assert key not in cells
            continue
        expected += 1
        assert (cells[key].value, cells[key].status) == parsed
    assert counts["observations"] == expected == len(cells)


@pytest.mark.django_db
def test_real_police_file_is_served_as_imported(demo, api_client_for):
    """The real 47018NED extract: 1,000 rows, 77 areas, the two descriptive columns are no
    indicators, and 60 random cells are what the API serves (a value, or suppressed)."""
    if not REAL.exists():
        pytest.skip("de echte politiebestanden (REAL_DATA_DIR) ontbreken")
    counts = run(REAL)
    assert counts == {"rows": 1000, "areas": 77, "observations": 1000, "indicators": 1}
    assert list(Indicator.objects.values_list("code", flat=True)) == ["0.0.0"]
    assert figure("NL00", "0.0.0").value == 805584
    rows = list(csv.reader(REAL.open(encoding="utf-8")))
    header, data = rows[0], rows[1:]
    api = api_client_for(demo["analist"])
    served: dict[str, list[dict]] = {}
    for row in random.Random(11).sample(data, 60):
        code = row[header.index("WijkenEnBuurten")].strip()
        if code not in served:
            response = api.get(f"/api/v1/areas/{code}/observations?page_size=500")
            assert response.status_code == 200
            served[code] = response.json()["results"]
        period = parse_period(row[header.index("Perioden")])[0]
        item = [i for i in served[code] if i["indicator"] == "0.0.0" and i["period"] == period]
        parsed = parse_value(row[header.index("GeregistreerdeMisdrijven_1")])
        if parsed is SKIP:
            assert item == []
            continue
        value = parsed[0]
        if value is not None and 0 < value < 5:
            assert item == [
                {
                    "indicator": "0.0.0",
                    "period": period,
                    "value": None,
                    "suppressed": True,
                    "status": parsed[1],
                }
            ]
        else:
            assert item == [
                {
                    "indicator": "0.0.0",
                    "period": period,
                    "value": value,
                    "suppressed": False,
                    "status": parsed[1],
                }
            ]
    before = stored()
    run(REAL)
    assert stored() == before


@pytest.mark.django_db
def test_irregular_file_goes_through_the_csv_module_and_stores_the_same(tmp_path):
    """A blank line makes the file irregular: it is read by the csv module instead of polars
    in one go, skips the blank line, and stores the same figures."""
    run(MONTHLY)
    fast = stored()
    lines = MONTHLY.read_text(encoding="utf-8").splitlines()
    blank = tmp_path / "47022NED_met_lege_regel.csv"
    blank.write_text("\n".join([*lines[:4], "", *lines[4:]]) + "\n", encoding="utf-8")
    assert run(blank)["rows"] == 12
    assert stored() == fast
    short = tmp_path / "47022NED_kort.csv"
    short.write_text("\n".join([*lines[:3], lines[3].rsplit(";", 1)[0], *lines[4:]]) + "\n")
    with pytest.raises(ImportRefused, match=r"47022NED_kort\.csv, rij 4: de rij heeft 4"):
        run(short)
