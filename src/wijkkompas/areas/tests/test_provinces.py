"""The province list importer: CBS's and hand-made forms, refusals naming file/row/column with
nothing written, idempotency, and the CLI."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wijkkompas.accounts import policy
from wijkkompas.areas import services
from wijkkompas.areas.importers.common import ImportRefused
from wijkkompas.areas.models import ImportRun, MunicipalityProvince

FIXTURES = Path(__file__).parent / "fixtures"
PROVINCES = FIXTURES / "gemeenten_provincies.csv"


def run(path):
    return services.import_file(actor=policy.SYSTEM, kind="provinces", path=path)


def recorded() -> dict[str, str]:
    return dict(MunicipalityProvince.objects.values_list("municipality_code", "province_code"))


@pytest.mark.django_db
def test_cbs_municipality_list_is_read():
    """CBS's "Gemeenten alfabetisch": the numeric Gemeentecode and Provinciecode columns are passed
    over for GemeentecodeGM and ProvinciecodePV."""
    counts = run(PROVINCES)
    provinces = recorded()
    assert len(provinces) == 14 and len(set(provinces.values())) == 12
    assert provinces["GM0606"] == provinces["GM0599"] == provinces["GM0518"] == "PV28"
    assert provinces["GM0080"] == "PV21" and provinces["GM0935"] == "PV31"
    assert counts == {"rows": 14, "municipalities": 14, "provinces": 12, "new": 14, "changed": 0}
    assert str(MunicipalityProvince.objects.get(municipality_code="GM0080")) == (
        "GM0080 ligt in Fryslân"
    )
    run_record = ImportRun.objects.get(kind="provinces")
    assert run_record.rows == 14 and run_record.sha256


@pytest.mark.django_db
def test_hand_made_list_with_names_in_any_case(tmp_path):
    path = tmp_path / "provincies.csv"
    path.write_text(
        "gemeentecode,provincie\n"
        "GM0080,Friesland\n"
        "gm0014,GRONINGEN\n"
        "\n"
        "GM0363,noord-holland\n"
        "GM0606,pv28\n"
        "GM0606,Zuid-Holland\n",  # the same municipality twice, same province: fine
        encoding="utf-8",
    )
    run(path)
    assert recorded() == {
        "GM0014": "PV20",
        "GM0080": "PV21",
        "GM0363": "PV27",
        "GM0606": "PV28",
    }


@pytest.mark.django_db
def test_cbs_typed_table_with_code_columns(tmp_path):
    """CBS's *Gebieden in Nederland* as OData CSV: codes padded, the province in a Code_N column."""
    path = tmp_path / "85755NED_gebieden.csv"
    path.write_text(
        '"ID";"RegioS";"Code_1";"Naam_2";"Code_4";"Naam_5";"Code_28";"Naam_29"\n'
        '"0";"GM0014    ";"GM0014    ";"Groningen";"AM01  ";"Groningen";"PV20  ";"Groningen"\n'
        '"1";"GM0606    ";"GM0606    ";"Schiedam";"AM26  ";"Rijnmond";"PV28  ";"Zuid-Holland"\n',
        encoding="utf-8",
    )
    run(path)
    assert recorded() == {"GM0014": "PV20", "GM0606": "PV28"}


@pytest.mark.django_db
def test_excel_form(tmp_path):
    """CBS publishes *Gemeenten alfabetisch* as .xlsx, codes and province numbers as numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(
        [
            "Gemeentecode",
            "GemeentecodeGM",
            "Gemeentenaam",
            "Provinciecode",
            "ProvinciecodePV",
            "Provincienaam",
        ]
    )
    sheet.append([80, "GM0080", "Leeuwarden", 21, "PV21", "Fryslân"])
    sheet.append([606, "GM0606", "Schiedam", 28, "PV28", "Zuid-Holland"])
    path = tmp_path / "gemeenten_alfabetisch_2024.xlsx"
    wb.save(path)
    run(path)
    assert recorded() == {"GM0080": "PV21", "GM0606": "PV28"}


@pytest.mark.django_db
def test_import_is_idempotent_and_updates_a_moved_municipality(tmp_path):
    run(PROVINCES)
    before = recorded()
    again = run(PROVINCES)
    assert recorded() == before and again["new"] == 0 and again["changed"] == 0
    assert MunicipalityProvince.objects.count() == 14
    moved = tmp_path / "provincies.csv"
    moved.write_text("gemeentecode;provincie\nGM0606;Noord-Holland\nGM9999;PV31\n", "utf-8")
    counts = run(moved)
    assert (counts["new"], counts["changed"]) == (1, 1)
    after = recorded()
    assert after["GM0606"] == "PV27" and after["GM9999"] == "PV31"
    assert {k: v for k, v in after.items() if k not in ("GM0606", "GM9999")} == {
        k: v for k, v in before.items() if k != "GM0606"
    }  # municipalities not in the file keep their province


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "gemeentecode;provincie\nGM0014;Groningen\nGM12;Drenthe\n",
            "provincies_fout.csv, rij 3, kolom gemeentecode: 'GM12' is geen CBS-gemeentecode",
        ),
        (
            "gemeentecode;provincie\nGM0014;Groningen\nGM0106;Drente\n",
            "provincies_fout.csv, rij 3, kolom provincie: 'Drente' is geen provincie",
        ),
        (
            "gemeentecode;provincie\nGM0014;Groningen\nGM0106;PV32\n",
            "provincies_fout.csv, rij 3, kolom provincie: 'PV32' is geen provincie",
        ),
        (
            "gemeentecode;provincie\nGM0606;Zuid-Holland\nGM0014;Groningen\nGM0606;PV27\n",
            "provincies_fout.csv, rij 4, kolom provincie: GM0606 staat in rij 2 al bij "
            "Zuid-Holland, hier bij Noord-Holland",
        ),
        (
            "gemeente;provincie\nGM0014;Groningen\n",
            "provincies_fout.csv, kopregel, kolom gemeentecode: verplichte kolom ontbreekt",
        ),
        (
            "gemeentecode;regio\nGM0014;Groningen\n",
            "provincies_fout.csv, kopregel, kolom provincie: verplichte kolom ontbreekt",
        ),
        (
            "gemeentecode;provincie\nGM0014;Groningen;extra\n",
            "provincies_fout.csv, rij 2: de rij heeft 3 kolommen, de kopregel 2",
        ),
        (
            "gemeentecode;provincie\n",
            "provincies_fout.csv, kopregel: het bestand bevat geen gemeenten",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_written(tmp_path, text, expected):
    run(PROVINCES)
    before = recorded()
    runs = ImportRun.objects.count()
    path = tmp_path / "provincies_fout.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused) as exc:
        run(path)
    assert expected in exc.value.message
    assert "er is niets opgeslagen" in exc.value.message
    assert recorded() == before and ImportRun.objects.count() == runs


@pytest.mark.django_db
def test_every_bad_row_is_named_and_the_good_rows_are_not_written(tmp_path):
    path = tmp_path / "provincies.csv"
    path.write_text(
        "gemeentecode;provincie\nGM0014;Groningen\nGM0080;Frisia\nXX0106;Drenthe\n", "utf-8"
    )
    with pytest.raises(ImportRefused) as exc:
        run(path)
    assert "rij 3, kolom provincie" in exc.value.message
    assert "rij 4, kolom gemeentecode" in exc.value.message
    assert not MunicipalityProvince.objects.exists()


@pytest.mark.django_db
def test_cli_import_and_refusal(tmp_path):
    call_command("areas", "import", "provinces", str(PROVINCES))
    assert MunicipalityProvince.objects.count() == 14
    bad = tmp_path / "provincies.csv"
    bad.write_text("gemeentecode;provincie\nGM0014;Atlantis\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"provincies\.csv, rij 2, kolom provincie"):
        call_command("areas", "import", "provinces", str(bad))
    assert MunicipalityProvince.objects.count() == 14
