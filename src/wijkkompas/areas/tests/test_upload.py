"""The wijkbeeld import page: upload, preview, dry run (nothing written), confirm (written as the
CLI would, audited with the user), and every kind of bad input answered in Dutch, never a 500."""

from __future__ import annotations

import csv
import io
import os
import re
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.areas import services, uploads
from wijkkompas.areas.importers.kwb_forms import read_table
from wijkkompas.areas.models import Area, FigureBlock, ImportRun, Indicator, MunicipalityProvince
from wijkkompas.areas.tests.helpers import stored

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
CBS = "85618NED_kerncijfers_wijken_buurten_2023.csv"
URL = "/wijkbeeld/importeren/"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    # the demo users' passwords: a fast hasher, the test is not about hashing
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.DATA_DIR / "uploads" / "areas"


@pytest.fixture
def analist(demo, client_for):
    return client_for(demo["analist"])


def _post(client, name: str, content: bytes, kind: str = "cbs", year: str = ""):
    return client.post(
        URL, {"soort": kind, "jaar": year, "bestand": SimpleUploadedFile(name, content)}
    )


def _upload(client, fixture: str, kind: str = "cbs", year: str = ""):
    """Upload a fixture; returns the preview page's HTML and its token."""
    response = _post(client, fixture, (FIXTURES / fixture).read_bytes(), kind, year)
    assert response.status_code == 302, response.content.decode()[:2000]
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    page = client.get(response.url)
    assert page.status_code == 200
    return page.content.decode(), token


def _nothing_written() -> bool:
    return (
        not Area.objects.exists()
        and not FigureBlock.objects.exists()
        and not ImportRun.objects.exists()
        and not AuditEvent.objects.filter(action="area_data_imported").exists()
    )


def test_cbs_upload_preview_dry_run_then_confirm(demo, analist, upload_dir):
    Indicator.objects.create(code="AantalInwoners", name="Aantal inwoners", unit="aantal")
    html, token = _upload(analist, CBS)
    # preview: the recognised form and each column onto its indicator, the first data rows
    assert "CBS-kolomsleutels (OData / cbsodata)" in html
    row = re.search(r"AantalInwoners_5</th>(.*?)</tr>", html, re.S).group(1)
    assert "Aantal inwoners" in row and "nieuw" not in row and "17942942" in row
    row = re.search(r"GemiddeldInkomenPerInwoner_78</th>(.*?)</tr>", html, re.S).group(1)
    assert "nieuw" in row and "verhouding" in row and "33,1" in row
    assert "beschrijvend, geen indicator" in html
    assert "Rij 2" in html and "Rij 6" in html and "Rij 7" not in html
    # dry run: the counts the import would write, and nothing written
    assert "De proefimport is gelukt" in html
    assert re.search(r"<strong>\d+</strong> cijfers", html)
    assert _nothing_written()
    assert (upload_dir / token / CBS).is_file()

    response = analist.post(f"{URL}{token}/bevestigen/", {"actie": "importeren"})
    assert response.status_code == 302 and response.url == f"{URL}resultaat/"
    result = analist.get(response.url).content.decode()
    assert "Import voltooid" in result and CBS in result
    assert not (upload_dir / token).exists()
    # stored exactly as the CLI stores it, by the user
    [inwoners] = stored(area="BU06060101", indicator="AantalInwoners")
    assert inwoners.value == 4210 and inwoners.period == "2023"
    run = ImportRun.objects.get()
    assert run.kind == "cbs" and run.imported_by == "analist"
    event = AuditEvent.objects.get(action="area_data_imported")
    assert event.actor_username == "analist"
    count = re.search(r"<strong>(\d+)</strong> cijfers", result).group(1)
    assert int(count) == run.observations == len(stored())
    # the token is spent
    assert analist.post(f"{URL}{token}/bevestigen/").status_code == 404


def test_dry_run_leaves_existing_figures_alone(demo, analist, tmp_path):
    services.import_file(actor=policy.SYSTEM, kind="cbs", path=FIXTURES / CBS)
    before = stored()
    changed = (FIXTURES / CBS).read_text(encoding="utf-8").replace('"4210"', '"9999"')
    response = _post(analist, CBS, changed.encode())
    html = analist.get(response.url).content.decode()
    assert "De proefimport is gelukt" in html
    assert stored() == before and ImportRun.objects.count() == 1


def _texts_for_figures(columns: int | None = None) -> tuple[bytes, int]:
    """The CBS fixture with the figures of its first ``columns`` figure columns replaced by
    text; returns the file and how many cells that refuses."""
    text = (FIXTURES / CBS).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    figures = [i for i, c in enumerate(read_table(FIXTURES / CBS).columns) if c.is_figure]
    for row in rows[1:]:
        for i in figures[:columns]:
            row[i] = "veel"
    body = "\n".join(";".join(f'"{c}"' for c in row) for row in rows)
    return body.encode(), (len(rows) - 1) * len(figures[:columns])


def test_refused_file_lists_row_column_and_exact_total(demo, analist):
    content, total = _texts_for_figures(8)
    assert total > uploads.SHOWN_ERRORS
    response = _post(analist, "kerncijfers_2023.csv", content)
    html = analist.get(response.url).content.decode()
    assert f"Import geweigerd: kerncijfers_2023.csv bevat {total} fouten" in html
    assert f"De eerste 50 van {total} fouten" in html and f"En nog {total - 50} fouten" in html
    assert html.count('<tr><td class="num">') == 50
    assert '<tr><td class="num">2</td><td>AantalInwoners_5</td>' in html
    assert 'value="importeren"' not in html
    assert _nothing_written()


def test_file_without_any_readable_figure_is_refused_cell_by_cell(demo, analist):
    content, _ = _texts_for_figures()
    response = _post(analist, "kerncijfers_2023.csv", content)
    html = analist.get(response.url).content.decode()
    assert "Import geweigerd: kerncijfers_2023.csv bevat" in html
    assert "is geen getal en geen CBS-teken" in html
    assert _nothing_written()


@pytest.mark.parametrize(
    ("name", "content", "kind", "expected"),
    [
        ("leeg.csv", b"", "cbs", "leeg.csv is leeg"),
        ("kaart.shp", b"abc", "geometry", "kaart.shp: een bestand voor Geometrie"),
        ("cijfers.csv", b"abc", "onbekend", "Kies wat voor bestand het is."),
    ],
)
def test_upload_itself_refused_in_dutch(demo, analist, name, content, kind, expected):
    response = _post(analist, name, content, kind)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not uploads.upload_root().exists() or not any(uploads.upload_root().iterdir())


def test_bad_year_and_missing_file(demo, analist):
    response = _post(analist, CBS, b"x", year="twintig")
    assert response.status_code == 400 and "“twintig” is geen jaartal" in response.content.decode()
    response = analist.post(URL, {"soort": "cbs"})
    assert response.status_code == 400 and "Kies een bestand" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("kerncijfers_2023.xlsx", b"dit is geen excel", "cbs"),
        ("kerncijfers_2023.csv", bytes(range(256)) * 4, "cbs"),
        ("kerncijfers_2023.csv", "AantalInwoners\n12\n".encode("utf-16"), "cbs"),
        ("kerncijfers_2023.csv", b"\n\n\n", "cbs"),
        ("47018NED.csv", (FIXTURES / CBS).read_bytes(), "police"),
        ("47018NED.xlsx", b"PK\x03\x04kapot", "police"),
        ("grenzen.geojson", b"{niet: json", "geometry"),
        ("grenzen.geojson", b'{"type": "Feature"}', "geometry"),
        ("grenzen.gpkg", b"SQLite format 3\x00kapot", "geometry"),
        ("lokaal.csv", (FIXTURES / CBS).read_bytes(), "local"),
        ("provincies.csv", b"a;b\n1;2\n", "provinces"),
        ("provincies.xlsx", b"", "provinces"),
    ],
)
def test_bad_files_get_a_dutch_refusal_naming_the_file(demo, analist, name, content, kind):
    response = _post(analist, name, content, kind)
    if response.status_code == 400:  # refused at the upload (an empty file)
        assert name in response.content.decode()
        return
    assert response.status_code == 302
    page = analist.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Import geweigerd: {name} bevat" in html
    assert "Traceback" not in html
    assert _nothing_written()


def test_too_large_is_refused_before_reading(demo, analist, settings):
    settings.AREAS_MAX_UPLOAD_MB = 0.1
    response = _post(analist, CBS, b"1;2\n" * 60_000)
    assert response.status_code == 413
    assert "Het bestand is te groot (0,2 MB); maximaal 0,1 MB." in response.content.decode()
    assert not uploads.upload_root().exists()


def test_only_the_uploader_may_see_and_confirm(demo, analist, client_for, upload_dir):
    _, token = _upload(analist, CBS)
    other = client_for(demo["beheerder"])
    assert other.get(f"{URL}{token}/").status_code == 404
    assert other.post(f"{URL}{token}/bevestigen/", {"actie": "importeren"}).status_code == 404
    # even with the token in the other user's session, the owner is checked
    session = other.session
    session[uploads.SESSION_KEY] = [token]
    session.save()
    assert other.post(f"{URL}{token}/bevestigen/", {"actie": "importeren"}).status_code == 404
    assert (upload_dir / token / CBS).is_file() and _nothing_written()
    assert analist.get(f"{URL}..%2F..%2Fetc/").status_code == 404


def test_cancel_deletes_the_file(demo, analist, upload_dir):
    _, token = _upload(analist, CBS)
    response = analist.post(f"{URL}{token}/bevestigen/", {"actie": "annuleren"})
    assert "Import geannuleerd" in analist.get(response.url).content.decode()
    assert not (upload_dir / token).exists() and _nothing_written()


@pytest.mark.parametrize(
    ("fixture", "kind", "shown", "check"),
    [
        (
            "47018NED_geregistreerde_misdrijven_2023.csv",
            "police",
            "GeregistreerdeMisdrijven_1",
            lambda: stored(area="BU06060101", indicator="1.1.1"),
        ),
        (
            "geometry_schiedam_2023.geojson",
            "geometry",
            "Polygon",
            lambda: Area.objects.filter(geometry__isnull=False),
        ),
        (
            "local_meldingen.csv",
            "local",
            "meldingen_woonoverlast",
            lambda: stored(indicator="meldingen_woonoverlast"),
        ),
        (
            "gemeenten_provincies.csv",
            "provinces",
            "ProvinciecodePV",
            MunicipalityProvince.objects.all,
        ),
    ],
)
def test_other_kinds_preview_and_import(demo, analist, fixture, kind, shown, check):
    if kind == "local":  # local figures need the areas
        services.import_file(actor=policy.SYSTEM, kind="cbs", path=FIXTURES / CBS)
    html, token = _upload(analist, fixture, kind)
    assert shown in html and "De proefimport is gelukt" in html
    assert not check()
    analist.post(f"{URL}{token}/bevestigen/", {"actie": "importeren"})
    assert "Import voltooid" in analist.get(f"{URL}resultaat/").content.decode()
    assert check()
    assert ImportRun.objects.filter(kind=kind, imported_by="analist").exists()


def test_link_on_the_overview_only_for_who_may_import(demo, client_for):
    for username in ("beheerder", "analist", "oov", "bestuurder"):
        html = client_for(demo[username]).get("/wijkbeeld/").content.decode()
        allowed = policy.can(demo[username], "upload", "area_data")
        assert (f'href="{URL}"' in html) is allowed, username
    assert not policy.can(policy.SYSTEM, "upload", "area_data")


def test_sanitised_file_names():
    assert uploads.sanitise_filename("../../etc/passwd") == "passwd"
    assert uploads.sanitise_filename(r"C:\data\Kern cijfers 2023.CSV") == "Kern_cijfers_2023.csv"
    assert uploads.sanitise_filename(".htaccess") == "htaccess"
    assert uploads.sanitise_filename("wijk;rm -rf $(x).xlsx") == "wijk_rm_-rf_x.xlsx"
    assert uploads.sanitise_filename("") == "bestand"
    assert len(uploads.sanitise_filename("a" * 500 + ".geojson")) == 120


def test_stale_uploads_are_purged(demo, analist, upload_dir):
    _, token = _upload(analist, CBS)
    old = time.time() - uploads.KEEP_SECONDS - 60
    os.utime(upload_dir / token, (old, old))
    assert uploads.purge_stale() == 1 and not (upload_dir / token).exists()
    assert analist.get(f"{URL}{token}/").status_code == 404
