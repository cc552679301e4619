"""Importers: CBS Kerncijfers, police 47018NED, geometry, local CSV — values, refusals, idempotency."""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wijkkompas.accounts import policy
from wijkkompas.areas import services
from wijkkompas.areas.catalogue import is_descriptive
from wijkkompas.areas.importers.common import ImportRefused
from wijkkompas.areas.local_counts import LocalCount, record_local_counts
from wijkkompas.areas.models import Area, ImportRun, Indicator
from wijkkompas.areas.tests.helpers import figure, stored

FIXTURES = Path(__file__).parent / "fixtures"
CBS = FIXTURES / "85618NED_kerncijfers_wijken_buurten_2023.csv"
POLICE = FIXTURES / "47018NED_geregistreerde_misdrijven_2023.csv"
GEO = FIXTURES / "geometry_schiedam_2023.geojson"
LOCAL = FIXTURES / "local_meldingen.csv"


def run(kind, path, **kw):
    return services.import_file(actor=policy.SYSTEM, kind=kind, path=path, **kw)


def value(code, indicator, period="2023"):
    found = figure(code, indicator, period)
    assert found is not None, (code, indicator, period)
    return found


@pytest.mark.django_db
def test_cbs_import_reads_cbs_format_and_markers():
    counts = run("cbs", CBS)
    assert counts["rows"] == 9
    assert Area.objects.get(code="BU06060101", year=2023).parent.code == "WK060601"
    gm = Area.objects.get(code="GM0606", year=2023)
    assert gm.name == "Schiedam" and gm.municipality_class == "G40"
    assert value("GM0606", "AantalInwoners").value == 80475
    assert value("BU06060101", "GemiddeldInkomenPerInwoner").value == pytest.approx(
        21.9
    )  # decimal comma
    assert value("BU06060103", "HuishOnderOfRondSociaalMinimum").status == "geheim"  # "x"
    assert value("BU06060103", "HuishOnderOfRondSociaalMinimum").value is None
    assert value("BU06060201", "PersonenPerSoortUitkeringBijstand").value == 0  # "-" = nihil
    assert figure("BU06060103", "PercentageOnbewoond") is None  # "."
    assert not Indicator.objects.filter(code__startswith="MeestVoorkomendePostcode").exists()
    ind = Indicator.objects.get(code="AantalInwoners")
    assert ind.kind == "aantal" and ind.source == "cbs"
    assert ImportRun.objects.filter(kind="cbs").count() == 1


@pytest.mark.django_db
def test_cbs_import_is_idempotent():
    run("cbs", CBS)
    before = stored()
    areas = Area.objects.count()
    run("cbs", CBS)
    after = stored()
    assert before and before == after and Area.objects.count() == areas


def _write_variant(tmp_path, replace_line, column, new):
    rows = list(csv.reader(CBS.open(encoding="utf-8"), delimiter=";"))
    col = rows[0].index(column)
    rows[replace_line - 1][col] = new
    out = tmp_path / "85618NED_kapot.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL).writerows(rows)
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "column", "bad", "expected"),
    [
        (5, "AantalInwoners_5", "veel", "rij 5, kolom AantalInwoners_5"),
        (4, "Codering_3", "XX123", "rij 4, kolom Codering_3"),
        (6, "SoortRegio_2", "Gemeente", "rij 6, kolom SoortRegio_2"),
    ],
)
def test_cbs_import_refuses_bad_input_and_writes_nothing(tmp_path, line, column, bad, expected):
    path = _write_variant(tmp_path, line, column, bad)
    with pytest.raises(ImportRefused) as exc:
        run("cbs", path)
    assert "85618NED_kapot.csv" in exc.value.message and expected in exc.value.message
    assert not stored() and Area.objects.count() == 0 and Indicator.objects.count() == 0
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_refusal_after_partial_write_rolls_back(tmp_path):
    """A bad value in the last row is found while writing: everything is rolled back."""
    run("cbs", CBS)
    before = stored()
    path = _write_variant(tmp_path, 10, "Mannen_6", "??")
    with pytest.raises(ImportRefused):
        run("cbs", path)
    assert stored() == before


@pytest.mark.django_db
def test_cli_import_and_refusal(tmp_path):
    call_command("areas", "import", "cbs", str(CBS))
    assert len(stored(indicator="AantalInwoners")) == 9
    with pytest.raises(CommandError, match="rij 5, kolom AantalInwoners_5"):
        call_command(
            "areas", "import", "cbs", str(_write_variant(tmp_path, 5, "AantalInwoners_5", "abc"))
        )
    with pytest.raises(CommandError, match="bestand"):
        call_command("areas", "import", "police")


@pytest.mark.django_db
def test_police_import_keeps_crime_codes_and_periods():
    run("cbs", CBS)
    counts = run("police", POLICE)
    assert counts["indicators"] == 4
    assert value("BU06060101", "1.1.1").value == 14
    assert value("BU06060101", "1.1.1", "2022").value == 13
    assert value("BU06060202", "2.2.1").status == "geheim"
    assert Indicator.objects.get(code="3.1.1").name.endswith("Drugshandel")
    again = run("police", POLICE)
    assert again["observations"] == counts["observations"]
    assert len(stored(indicator="1.1.1")) == 12


@pytest.mark.django_db
def test_police_refuses_bad_period(tmp_path):
    text = POLICE.read_text(encoding="utf-8").replace("2023JJ00", "2023XX00", 1)
    bad = tmp_path / "47018NED_kapot.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"47018NED_kapot.csv, rij \d+, kolom Perioden"):
        run("police", bad)
    assert not stored()


@pytest.mark.django_db
def test_geometry_import_converts_rd_and_names_areas():
    run("cbs", CBS)
    counts = run("geometry", GEO)
    assert counts["crs"].startswith("RD")
    area = Area.objects.get(code="BU06060101", year=2023)
    assert area.name == "Oost-Noord"
    lon, lat = area.geometry["coordinates"][0][0]
    assert 4.3 < lon < 4.5 and 51.9 < lat < 52.0
    assert Area.objects.get(code="BU06060102", year=2023).geometry["type"] == "MultiPolygon"


@pytest.mark.django_db
def test_geometry_refuses_feature_without_code(tmp_path):
    data = json.loads(GEO.read_text())
    del data["features"][1]["properties"]["buurtcode"]
    del data["features"][1]["properties"]["wijkcode"]
    del data["features"][1]["properties"]["gemeentecode"]
    bad = tmp_path / "kaart_2023.geojson"
    bad.write_text(json.dumps(data))
    with pytest.raises(ImportRefused, match=r"kaart_2023\.geojson, rij 2"):
        run("geometry", bad)
    assert not Area.objects.exists()


@pytest.mark.django_db
def test_geopackage_import(tmp_path):
    """A minimal GeoPackage (GPB header + WKB polygon), as the CBS wijk- en buurtkaart ships."""
    import sqlite3
    import struct

    path = tmp_path / "wijkenbuurten_2023.gpkg"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE gpkg_contents (table_name TEXT, data_type TEXT)")
    con.execute(
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, srs_id INTEGER)"
    )
    con.execute("INSERT INTO gpkg_contents VALUES ('buurten', 'features')")
    con.execute("INSERT INTO gpkg_geometry_columns VALUES ('buurten', 'geom', 28992)")
    con.execute(
        "CREATE TABLE buurten (fid INTEGER PRIMARY KEY, geom BLOB, buurtcode TEXT, buurtnaam TEXT)"
    )
    ring = [(86000, 437000), (87000, 437000), (87000, 438000), (86000, 437000)]
    wkb = (
        struct.pack("<BII", 1, 3, 1)
        + struct.pack("<I", len(ring))
        + b"".join(struct.pack("<dd", *p) for p in ring)
    )
    blob = b"GP" + bytes([0, 0]) + struct.pack("<i", 28992) + wkb
    con.execute(
        "INSERT INTO buurten (geom, buurtcode, buurtnaam) VALUES (?, 'BU06060101', 'Oost-Noord')",
        (blob,),
    )
    con.commit()
    con.close()
    run("geometry", path)
    area = Area.objects.get(code="BU06060101", year=2023)
    assert area.name == "Oost-Noord" and area.geometry["type"] == "Polygon"
    assert 4.3 < area.geometry["coordinates"][0][0][0] < 4.5


@pytest.mark.django_db
def test_local_import_defines_indicator_and_refuses_unknown_area(tmp_path):
    run("cbs", CBS)
    run("local", LOCAL)
    ind = Indicator.objects.get(code="meldingen_woonoverlast")
    assert ind.source == "lokaal" and ind.direction == "hoger_slechter"
    assert value("BU06060101", "meldingen_woonoverlast").value == 17
    run("local", LOCAL)
    assert len(stored(indicator=ind.code)) == 3
    bad = tmp_path / "meldingen.csv"
    bad.write_text(
        "gebiedscode;periode;indicator;waarde\nBU06069999;2023;meldingen_woonoverlast;4\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused, match=r"meldingen\.csv, rij 2, kolom gebiedscode"):
        run("local", bad)
    bad.write_text(
        "gebiedscode;periode;indicator;waarde\nBU06060101;2023;nieuw;4\n", encoding="utf-8"
    )
    with pytest.raises(ImportRefused, match="rij 2, kolom naam"):
        run("local", bad)


@pytest.mark.django_db
def test_local_rows_from_another_module():
    run("cbs", CBS)
    record_local_counts(
        actor=policy.SYSTEM,
        rows=[
            LocalCount(
                "BU06060101", "2023", "signalen_jonge_aanwas", 7, name="Signalen jonge aanwas"
            )
        ],
        source_label="signals",
    )
    assert value("BU06060101", "signalen_jonge_aanwas").value == 7


@pytest.mark.django_db
def test_cbs_fast_and_careful_readers_agree(tmp_path):
    """A regular file is read vectorised; a file with a blank line goes through the csv module,
    and a provisional "12*" through the string route. All three store the same figures."""
    run("cbs", CBS)
    fast = stored()
    text = CBS.read_text(encoding="utf-8")
    lines = text.splitlines()
    blank = tmp_path / "85618NED_met_lege_regel.csv"
    blank.write_text("\n".join([*lines[:3], "", *lines[3:]]) + "\n", encoding="utf-8")
    run("cbs", blank)
    assert stored() == fast
    provisional = _write_variant(tmp_path, 5, "AantalInwoners_5", "1234*")
    run("cbs", provisional)
    changed = [s for s in stored() if s not in fast]
    assert [(s.indicator, s.value, s.status) for s in changed] == [
        ("AantalInwoners", 1234.0, "voorlopig")
    ]


@pytest.mark.django_db
def test_cbs_short_row_is_named(tmp_path):
    lines = CBS.read_text(encoding="utf-8").splitlines()
    lines[3] = ";".join(lines[3].split(";")[:-2])
    bad = tmp_path / "85618NED_kort.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"85618NED_kort\.csv, rij 4: de rij heeft"):
        run("cbs", bad)
    assert not stored()


def _kerncijfers(path: Path, buurten: int, cell) -> Path:
    """A Kerncijfers file in CBS's form: one gemeente, one wijk and ``buurten`` buurten, every
    figure the text ``cell(row, column)``; the header is the fixture's."""
    header = next(csv.reader(CBS.open(encoding="utf-8"), delimiter=";"))
    regions = [("GM0606", "Gemeente"), ("WK060601", "Wijk")]
    regions += [(f"BU060601{b:02d}", "Buurt") for b in range(buurten)]
    lines = [";".join(f'"{h}"' for h in header)]
    for r, (code, kind) in enumerate(regions):
        cells = [str(r), code.ljust(10), "Schiedam".ljust(40), kind.ljust(10), code.ljust(10)]
        cells += [cell(r, c) for c in range(len(header) - len(cells))]
        lines.append(";".join(f'"{c}"' for c in cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _figure_text(r: int, c: int) -> str:
    return "." if (r + c) % 7 == 0 else f"{r * 10 + c},{c % 10}"


@pytest.mark.django_db
def test_cbs_figures_padded_with_spaces_read_like_plain_ones(tmp_path):
    """A file that pads every figure is parsed the careful way and stores the same figures."""
    run("cbs", _kerncijfers(tmp_path / "85618NED_plain.csv", 90, _figure_text))
    plain = stored()
    padded = _kerncijfers(
        tmp_path / "85618NED_padded.csv", 90, lambda r, c: _figure_text(r, c).rjust(9)
    )
    run("cbs", padded)
    assert stored() == plain and len(plain) > 600


@pytest.mark.django_db
def test_cbs_rare_cells_keep_their_file_text(tmp_path):
    """In a large regular file a thousands separator, a provisional figure and a marker are read
    one by one from the file's own text — also in the refusal, which quotes the cell as written."""

    def cell(r: int, c: int) -> str:
        return {(40, 1): "1.234,5", (41, 2): "12,5*", (42, 3): "x"}.get((r, c), _figure_text(r, c))

    run("cbs", _kerncijfers(tmp_path / "85618NED_rare.csv", 90, cell))
    assert value("BU06060138", "AantalInwoners").value == 1234.5
    provisional = value("BU06060139", "Mannen")
    assert (provisional.value, provisional.status) == (12.5, "voorlopig")
    assert value("BU06060140", "Vrouwen").status == "geheim"
    bad = _kerncijfers(
        tmp_path / "85618NED_fout.csv",
        90,
        lambda r, c: "12,3,4" if (r, c) == (50, 4) else _figure_text(r, c),
    )
    with pytest.raises(ImportRefused) as exc:
        run("cbs", bad)
    assert "rij 52, kolom k_0Tot15Jaar_8: '12,3,4' is geen getal" in exc.value.message


@pytest.mark.django_db
def test_cbs_row_with_figures_but_no_area_is_refused(tmp_path):
    """A row whose descriptive cells are all empty is skipped as blank — unless it holds figures."""

    def cell(r: int, c: int) -> str:
        return _figure_text(r, c)

    path = _kerncijfers(tmp_path / "85618NED_zonder_code.csv", 20, cell)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [h.strip('"') for h in lines[0].split(";")]
    blank = ";".join(['""'] * len(header))
    figures = ";".join('""' if is_descriptive(h) else '"12"' for h in header)
    path.write_text("\n".join([*lines[:5], blank, *lines[5:], figures]) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as exc:
        run("cbs", path)
    assert f"rij {len(lines) + 2}: de rij heeft cijfers maar geen gebiedscode" in exc.value.message
    assert "rij 6" not in exc.value.message and not stored()
    path.write_text("\n".join([*lines[:5], blank, *lines[5:]]) + "\n", encoding="utf-8")
    run("cbs", path)
    assert len({s.area for s in stored()}) == 22


@pytest.mark.django_db
def test_ensure_areas_creates_parents_links_predecessors_and_renames():
    from wijkkompas.areas.importers.common import ensure_areas

    first = ensure_areas({"BU03630001": "Centrum-Oost", "GM0606": "Schiedam"}, 2023)
    assert set(first) == {"BU03630001", "WK036300", "GM0363", "GM0606"}
    bu = Area.objects.get(code="BU03630001", year=2023)
    assert (bu.name, bu.level, bu.municipality_code) == ("Centrum-Oost", "buurt", "GM0363")
    assert bu.parent.code == "WK036300" and bu.parent.parent.code == "GM0363"
    assert bu.parent.name == "WK036300" and bu.municipality_class == "G4"
    assert Area.objects.get(code="GM0606", year=2023).parent is None
    # the next year: same code → predecessor, a missing name is taken from the year before
    second = ensure_areas({"BU03630001": "", "BU03630002": "Nieuw"}, 2024)
    bu24 = Area.objects.get(code="BU03630001", year=2024)
    assert bu24.predecessor_id == first["BU03630001"] and bu24.name == "Centrum-Oost"
    assert Area.objects.get(code="BU03630002", year=2024).predecessor is None
    assert second["BU03630001"] == bu24.pk
    # again: the same ids, nothing new; a new name renames
    again = ensure_areas({"BU03630001": "Centrum"}, 2024)
    assert again["BU03630001"] == bu24.pk and Area.objects.filter(year=2024).count() == 4
    assert Area.objects.get(pk=bu24.pk).name == "Centrum"
