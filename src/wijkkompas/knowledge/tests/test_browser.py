"""Real-browser checks: live search without reload, and the redactie adding a theme."""

import pytest

from wijkkompas.conftest import browser_login
from wijkkompas.knowledge import loader
from wijkkompas.knowledge.tests.conftest import FIXTURE_CONTENT


@pytest.mark.browser
def test_live_search_and_theme_page(browser_page, transactional_db):
    loader.load(FIXTURE_CONTENT)
    page = browser_page
    page.goto(page.base_url + "/kennisbank/")
    page.get_by_role("link", name="Jonge aanwas in de (georganiseerde) criminaliteit").first.click()
    page.wait_for_load_state()
    assert page.locator("#vraag-4").get_by_text("Leerplichtregistratie").is_visible()
    page.screenshot(path=page.artifacts / "kennisbank-thema.png", full_page=True)

    page.goto(page.base_url + "/kennisbank/zoeken/")
    page.get_by_label("Zoekwoorden").fill("casuistiek")
    # HTMX replaces the results while typing; no submit, no page load.
    page.locator("#resultaten").get_by_role("link", name="Zorg- en Veiligheidshuis").wait_for()
    assert "q=casuistiek" in page.url
    page.get_by_label("Intern of extern").select_option("intern")
    page.locator("#resultaten").get_by_text("Geen resultaten").wait_for()
    page.screenshot(path=page.artifacts / "kennisbank-zoeken.png", full_page=True)


@pytest.mark.browser
def test_redacteur_adds_a_sixth_theme_in_the_browser(browser_page, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from wijkkompas.accounts import demo as accounts_demo

    accounts_demo.load()
    loader.load(FIXTURE_CONTENT)
    page = browser_page
    browser_login(page, "redacteur")
    page.goto(page.base_url + "/kennisbank/")
    page.get_by_role("link", name="Nieuw thema toevoegen").click()
    page.locator("#id_name").fill("Maatschappelijke onrust")
    page.get_by_label("Beschrijving").fill(
        "Spanningen in de wijk die kunnen omslaan in ordeverstoring."
    )
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Maatschappelijke onrust"
    page.get_by_role("link", name="Bron toevoegen aan dit thema").click()
    page.locator("#id_source").select_option(label="Jongerenwerk")
    page.get_by_label("Wat de bron biedt").fill("Hoort als eerste wat er onder jongeren broeit.")
    page.get_by_label("4. Wat zijn de huidige lokale veiligheidsrisico's?").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert (
        page.locator("#vraag-4")
        .get_by_text("Hoort als eerste wat er onder jongeren broeit.")
        .is_visible()
    )
    page.screenshot(path=page.artifacts / "kennisbank-nieuw-thema.png", full_page=True)
