"""The address reader's two paths give the same rows (a clean file is checked column by column,
anything odd row by row with every problem named), and a large import is placed, written in one
go, skipped when repeated and refused as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyproj import Transformer

from wijkkompas.accounts.roles import Role
from wijkkompas.fieldwork import importer, services
from wijkkompas.fieldwork.models import Address, Cluster

from .factories import BUURT_EAST, BUURT_WEST, build_world

HEADER = "straat;huisnummer;toevoeging;postcode;plaats;bag_id;kvk;branche;cluster;lat;lon"
RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


def _file(tmp_path: Path, lines: list[str], name: str = "lijst.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CLEAN = {
    "semicolons": [
        HEADER,
        "Flatlaan;1;A;1234 ab;Proefstad;0000000000000001;12345678;kapper;Portiek 1;52.005;5.005",
        "Flatlaan;2;;1234AB;Proefstad;;;;;52,0051;5,0151",
        "Flatlaan;3; -b ;1234AB;Proefstad;.;.;.;.;52.00512345678;5.00512345678",
        ";;;;;;;;;;",
    ],
    "commas and quotes": [
        "Straat,Huisnummer,Postcode,Woonplaats,Latitude,Longitude",
        '"Laan, de";7,1234AB,"Proefstad",52.005,5.005'.replace(";", ","),
        "Kade,8,1234AC,Proefstad,52.006,5.012",
    ],
    "rd": [
        "straat;nummer;postcode;plaats;x;y",
        "Flatlaan;4;1234AB;Proefstad;{:.2f};{:.2f}".format(*RD.transform(5.005, 52.005)),
        "Flatlaan;5;1234AB;Proefstad;{:.2f};{:.2f}".format(*RD.transform(5.015, 52.005)),
    ],
}


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_a_clean_file_reads_the_same_on_both_paths(tmp_path, case):
    path = _file(tmp_path, CLEAN[case])
    quick = importer.read_clean(path)
    assert quick is not None, "the column-wise path should take a clean file"
    assert quick == importer.read_row_by_row(path)
    assert importer.read(path) == quick


ODD = {
    "decimal number": ("Flatlaan;1.0;;1234AB;Proefstad;;;;;52.005;5.005", None),
    "bad postcode": (
        "Flatlaan;1;;12;Proefstad;;;;;52.005;5.005",
        "lijst.csv, rij 3, kolom postcode: '12' is geen postcode (zoals 1234 AB).",
    ),
    "outside": (
        "Flatlaan;1;;1234AB;Proefstad;;;;;40.0;5.005",
        "lijst.csv, rij 3, kolom lengtegraad: de coördinaten liggen niet in Nederland.",
    ),
    "ragged": ("Flatlaan;1;;1234AB", "lijst.csv, rij 3, kolom plaats: is leeg."),
    "bad kvk": (
        "Flatlaan;1;;1234AB;Proefstad;;123;;;52.005;5.005",
        "lijst.csv, rij 3, kolom KvK-nummer: '123' is geen KvK-nummer (8 cijfers).",
    ),
}


@pytest.mark.parametrize("case", sorted(ODD))
def test_an_odd_cell_goes_row_by_row_and_is_named(tmp_path, case):
    line, error = ODD[case]
    path = _file(tmp_path, [HEADER, "Flatlaan;9;;1234AB;Proefstad;;;;;52.005;5.005", line])
    assert importer.read_clean(path) is None
    if error is None:  # valid, only not plain: the row-by-row reader takes it
        assert [r.number for r in importer.read(path)] == [9, 1]
        return
    with pytest.raises(importer.ImportRefused) as refused:
        importer.read(path)
    assert error in refused.value.errors


@pytest.fixture
def world(db):
    return build_world()


def _import(world, path: Path):
    lead = world.user(Role.OOV_ADVISEUR, "own")
    rows = importer.read(path)
    return services.import_addresses(
        actor=lead, campaign=world.campaign, rows=rows, filename=path.name
    )


def test_a_blank_line_keeps_row_numbers_exact(world, tmp_path):
    row = "Flatlaan;7;;1234AB;Proefstad;;;;;52.005;5.005"
    path = _file(tmp_path, [HEADER, row, "", row])
    assert importer.read_clean(path) is None
    with pytest.raises(importer.ImportRefused) as refused:
        _import(world, path)
    assert "lijst.csv, rij 4, kolom postcode: 1234AB 7 staat ook op rij 2." in refused.value.errors


def test_a_large_list_is_placed_written_once_and_skipped_when_repeated(world, tmp_path):
    n = 3000
    lines = [HEADER] + [
        f"Blok {i // 500};{i + 1};;1235AB;Proefstad;{i + 5001:016d};;;Portiek {i // 100};52.005;"
        f"{5.005 if i % 2 else 5.015}"
        for i in range(n)
    ]
    path = _file(tmp_path, lines)
    assert importer.read_clean(path) is not None
    result = _import(world, path)
    assert (result.created, result.skipped, result.unplaced, result.clusters) == (n, 0, 0, 30)
    mine = Address.objects.filter(campaign=world.campaign, postcode="1235AB")
    assert mine.filter(area_code=BUURT_WEST).count() == n // 2
    assert mine.filter(area_code=BUURT_EAST).count() == n // 2
    first = mine.get(number=1)
    assert (first.status, first.visits_count, first.tenant_id) == (
        Address.Status.OPEN,
        0,
        world.tenant.pk,
    )
    assert first.cluster == Cluster.objects.get(campaign=world.campaign, name="Portiek 0")
    again = _import(world, path)
    assert (again.created, again.skipped) == (0, n)
    assert mine.count() == n


def test_a_file_repeating_a_known_bag_id_under_another_address_is_skipped(world, tmp_path):
    known = Address.objects.filter(campaign=world.campaign).order_by("number").first()
    row = f"Andere straat;99;;1234AB;Proefstad;{known.bag_id};;;;52.005;5.005"
    path = _file(tmp_path, [HEADER, row, "Nieuwe straat;1;;1234AZ;Proefstad;;;;;52.005;5.005"])
    result = _import(world, path)
    assert (result.created, result.skipped) == (1, 1)


def test_a_duplicate_anywhere_in_a_large_file_writes_nothing(world, tmp_path):
    lines = [HEADER] + [f"Blok;{i + 1};;1235AB;Proefstad;;;;;52.005;5.005" for i in range(2000)]
    lines.append("Blok;1;;1235 ab;Proefstad;;;;;52.005;5.005")
    before = Address.objects.count()
    with pytest.raises(importer.ImportRefused) as refused:
        _import(world, _file(tmp_path, lines))
    assert refused.value.errors == [
        "lijst.csv, rij 2002, kolom postcode: 1235AB 1 staat ook op rij 2."
    ]
    assert Address.objects.count() == before
