"""A real browser walks the main path: start from a template → record a go → add an action →
hold a meeting (minutes approved) → publish a report → download PDF and DOCX."""

import io
import re
from pathlib import Path

import docx
import pypdf
import pytest

from wijkkompas.accounts import demo as accounts_demo
from wijkkompas.conftest import browser_login
from wijkkompas.programmes.models import Programme

from .factories import NIEUWLAND, ensure_area, integrale_werkwijze


def _form(page, button: str):
    return page.locator("form", has=page.get_by_role("button", name=button, exact=True))


@pytest.mark.browser
def test_main_walk_of_a_programme(browser_page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    accounts_demo.load()
    ensure_area()
    template = integrale_werkwijze()
    page = browser_page
    page.set_default_timeout(60_000)  # the shared test machine can be slow
    browser_login(page, "regisseur")
    page.goto(page.base_url + "/aanpak/")
    page.get_by_role("link", name="Programma starten vanuit een werkwijze").click()
    page.get_by_label("Werkwijze").select_option(str(template.pk))
    page.get_by_label("Titel").fill("Aanpak jonge aanwas Noord")
    page.get_by_label("Gebieden (CBS-codes, gescheiden door komma's)").fill(NIEUWLAND)
    page.get_by_role("button", name="Programma starten").click()
    page.wait_for_url("**/aanpak/*/")
    programme = Programme.objects.get(title="Aanpak jonge aanwas Noord")

    # Record a go for step 1.
    page.get_by_role("link", name="Go/no-go vastleggen voor stap 1").click()
    page.get_by_label(re.compile(r"^Besluit:?$")).select_option("go")
    page.get_by_label("Besloten door").select_option("stuurgroep")
    page.get_by_label("Datum besluit").fill("2026-03-01")
    page.get_by_label(re.compile(r"^Onderbouwing:?$")).fill("Gedeelde probleemdefinitie op feiten.")
    page.get_by_label("Onderbouwing 1").fill("Politie ziet ronselen bij de school")
    page.get_by_label("Feit of aanname (1)").select_option("feit")
    page.get_by_label("Bron (1)").fill("Politie, registratie")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_url(f"**/aanpak/{programme.pk}/**")
    assert page.get_by_text("Besluit vastgelegd: Go.").is_visible()
    assert programme.steps.get(position=2).status == "actief"

    # Add an action.
    page.locator("summary", has_text="Actie toevoegen").click()
    form = _form(page, "Actie toevoegen")
    form.get_by_label(re.compile(r"^Actie:?$")).fill("Voorlichting op het vmbo")
    form.get_by_label("Eigenaar (organisatie)").select_option(label="Gemeente Voorbeeldstad")
    form.get_by_role("button", name="Actie toevoegen").click()
    page.wait_for_url(f"**/aanpak/{programme.pk}/**")
    assert programme.actions.filter(title="Voorlichting op het vmbo").exists()

    # Hold a meeting: plan it, write and approve the minutes.
    page.locator("summary", has_text="Overleg plannen").click()
    form = _form(page, "Overleg plannen")
    form.get_by_label("Soort").select_option("kernteam")
    form.get_by_label("Titel").fill("Kernteam maart")
    form.get_by_label("Begin").fill("2026-03-10T10:00")
    form.get_by_role("button", name="Overleg plannen").click()
    page.wait_for_url("**/overleggen/*/")
    page.get_by_label(re.compile(r"^Verslag:?$")).fill("Acties verdeeld.")
    page.get_by_role("button", name="Concept opslaan").click()
    page.get_by_role("button", name="Verslag vaststellen").click()
    assert page.get_by_text("Het verslag is vastgesteld en alleen nog te lezen.").is_visible()

    # Publish a report and download it.
    page.goto(page.base_url + f"/aanpak/{programme.pk}/")
    page.locator("summary", has_text="Nieuwe rapportage (concept)").click()
    form = _form(page, "Concept aanmaken")
    form.get_by_label("Titel").fill("Voortgang maart")
    form.get_by_label("Periode van").fill("2026-01-01")
    form.get_by_label("Periode tot en met").fill("2026-03-31")
    form.get_by_role("button", name="Concept aanmaken").click()
    page.wait_for_url("**/rapportages/*/")
    page.get_by_role("button", name="Publiceren (vastleggen)").click()
    assert page.get_by_text("De rapportage is gepubliceerd en ligt nu vast.").is_visible()
    report = programme.reports.get()
    assert report.is_published and len(report.snapshot_hash) == 64

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download PDF").click()
    reader = pypdf.PdfReader(pdf_download.value.path())
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Voortgang maart" in text and report.snapshot_hash[:16] in text.replace("\n", "")
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Download Word (DOCX)").click()
    document = docx.Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    assert document.paragraphs[0].text == "Voortgang maart"
    assert any("Go door Stuurgroep" in p.text for p in document.paragraphs)
