"""Real browser: an analist finds the import page from the wijkbeeld, uploads the CBS fixture
(through XMLHttpRequest, with the progress bar), checks the preview, confirms and the figures are
stored; a large bad file shows its progress and then the refusal list; the page also works with
JavaScript off; axe reports no violations, also at 375 px wide."""

import time
from pathlib import Path

import pytest

from wijkkompas.areas.models import ImportRun
from wijkkompas.areas.tests.helpers import stored
from wijkkompas.areas.tests.test_browser import axe_violations
from wijkkompas.conftest import browser_login

FIXTURES = Path(__file__).parent / "fixtures"
CBS = FIXTURES / "85618NED_kerncijfers_wijken_buurten_2023.csv"
SHOTS = Path("/tmp/wk-shots")


@pytest.fixture
def analist_page(browser_page, transactional_db, settings, tmp_path):
    from wijkkompas.accounts import demo

    settings.DATA_DIR = tmp_path / "data"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    SHOTS.mkdir(exist_ok=True)
    browser_login(browser_page, "analist")
    return browser_page


def _fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
def test_upload_preview_confirm_in_browser(analist_page):
    page = analist_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + "/wijkbeeld/")
    page.get_by_role("link", name="Bestanden importeren").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Wijkbeeldbestand importeren"
    page.screenshot(path=str(SHOTS / "upload-formulier.png"), full_page=True)
    assert axe_violations(page) == []

    page.get_by_label("CBS Kerncijfers wijken en buurten").check()
    page.get_by_label("Bestand", exact=True).set_input_files(str(CBS))
    with page.expect_request(lambda r: r.method == "POST") as posted:
        page.get_by_role("button", name="Uploaden en voorbeeld tonen").click()
    assert posted.value.resource_type == "xhr"  # upload.js sent it, for the progress bar
    page.wait_for_url("**/wijkbeeld/importeren/*/")
    assert page.locator("h1").inner_text() == "Voorbeeld en proefimport"
    assert "CBS-kolomsleutels (OData / cbsodata)" in page.locator("dl.facts").inner_text()
    row = page.locator("tr", has=page.locator("th", has_text="AantalInwoners_5"))
    assert "Aantal inwoners" in row.inner_text() and "17942942" in row.inner_text()
    assert page.get_by_text("De proefimport is gelukt").count() == 1
    assert not ImportRun.objects.exists() and stored() == []
    page.screenshot(path=str(SHOTS / "upload-voorbeeld.png"), full_page=True)
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 375, "height": 812})
    assert _fits(page, 375)
    page.screenshot(path=str(SHOTS / "upload-voorbeeld-375.png"), full_page=True)
    assert axe_violations(page) == []

    page.get_by_role("button", name="Importeren").click()
    page.wait_for_url("**/wijkbeeld/importeren/resultaat/")
    assert page.locator("h1").inner_text() == "Import voltooid"
    assert _fits(page, 375)
    page.screenshot(path=str(SHOTS / "upload-resultaat-375.png"), full_page=True)
    assert axe_violations(page) == []
    [inwoners] = stored(area="BU06060101", indicator="AantalInwoners")
    assert inwoners.value == 4210
    assert ImportRun.objects.get().imported_by == "analist"


@pytest.mark.browser
def test_large_bad_file_shows_progress_then_refusals(analist_page, tmp_path, settings):
    page = analist_page
    page.set_viewport_size({"width": 375, "height": 812})
    big = tmp_path / "meldingen_2023.csv"
    lines = ["gebiedscode;periode;indicator;waarde"]
    lines += [f"BU{n:08d};2023;meldingen;{n % 97}" for n in range(60_000)]
    big.write_text("\n".join(lines), encoding="utf-8")  # ~2 MB, no such areas
    # over the limit: upload.js says so before sending anything
    settings.AREAS_MAX_UPLOAD_MB = 1
    page.goto(page.base_url + "/wijkbeeld/importeren/")
    page.get_by_label("Bestand", exact=True).set_input_files(str(big))
    requests = []
    page.on("request", lambda r: requests.append(r) if r.method == "POST" else None)
    page.get_by_role("button", name="Uploaden en voorbeeld tonen").click()
    assert page.get_by_role("alert").inner_text() == (
        "meldingen_2023.csv is te groot (1,7 MB); maximaal 1 MB."
    )
    assert requests == []
    settings.AREAS_MAX_UPLOAD_MB = 100
    page.goto(page.base_url + "/wijkbeeld/importeren/")
    assert _fits(page, 375)
    page.screenshot(path=str(SHOTS / "upload-formulier-375.png"), full_page=True)
    assert axe_violations(page) == []
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 400_000},
    )
    page.get_by_label("Lokale cijfers").check()
    page.get_by_label("Bestand", exact=True).set_input_files(str(big))
    page.get_by_role("button", name="Uploaden en voorbeeld tonen").click()
    # (wait_for_function evaluates a string in the page, which the CSP rightly forbids)
    deadline = time.monotonic() + 20
    while page.evaluate("document.querySelector('progress').value") <= 5:
        assert time.monotonic() < deadline, "no upload progress shown"
        page.wait_for_timeout(50)
    assert page.locator("[data-upload-status]").inner_text().startswith("Uploaden:")
    assert page.get_by_role("button", name="Uploaden en voorbeeld tonen").is_disabled()
    page.screenshot(path=str(SHOTS / "upload-voortgang-375.png"), full_page=True)
    assert axe_violations(page) == []
    page.wait_for_url("**/wijkbeeld/importeren/*/", timeout=60_000)
    summary = page.get_by_role("alert").inner_text()
    assert "Import geweigerd: meldingen_2023.csv bevat 60.000 fouten" in summary
    assert page.get_by_text("De eerste 50 van 60.000 fouten").count() == 1
    assert page.get_by_role("button", name="Importeren").count() == 0
    assert _fits(page, 375)
    page.screenshot(path=str(SHOTS / "upload-geweigerd-375.png"), full_page=True)
    assert axe_violations(page) == []


@pytest.mark.browser
def test_upload_works_without_javascript(analist_page):
    context = analist_page.context.browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.base_url = analist_page.base_url
    browser_login(page, "analist")
    page.goto(page.base_url + "/wijkbeeld/importeren/")
    page.get_by_label("Bestand", exact=True).set_input_files(str(CBS))
    page.get_by_label("Jaar (optioneel)").fill("twee")
    page.get_by_role("button", name="Uploaden en voorbeeld tonen").click()
    page.wait_for_load_state()
    assert "“twee” is geen jaartal" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Jaar (optioneel)").fill("2023")
    page.get_by_label("Bestand", exact=True).set_input_files(str(CBS))
    page.get_by_role("button", name="Uploaden en voorbeeld tonen").click()
    page.wait_for_url("**/wijkbeeld/importeren/*/")
    assert page.get_by_text("De proefimport is gelukt").count() == 1
    page.get_by_role("button", name="Annuleren").click()
    page.wait_for_url("**/wijkbeeld/importeren/resultaat/")
    assert page.locator("h1").inner_text() == "Import geannuleerd"
    assert not ImportRun.objects.exists()
    context.close()
