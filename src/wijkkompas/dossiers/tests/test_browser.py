import io
import re

import docx
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from wijkkompas.conftest import browser_login
from wijkkompas.dossiers.tests.factories import jonge_aanwas_theme


@pytest.mark.browser
def test_oov_opens_dossier_sets_statuses_and_downloads_koersnotitie(browser_page):
    from wijkkompas.accounts import demo as accounts_demo

    accounts_demo.load()
    theme, entries = jonge_aanwas_theme()
    page = browser_page
    browser_login(page, "oov")

    page.goto(page.base_url + "/dossiers/")
    page.get_by_role("button", name=f"Dossier openen voor {theme.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Themadossier: {theme.name}")

    page.get_by_role("link", name=re.compile(r"^Vraag 4:")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vraag 4")
    question_figure = page.locator("#ip-cijfers [data-ip=vraag]")
    overall_figure = page.locator("#ip-cijfers [data-ip=totaal]")
    expect(question_figure).to_have_text("0% (0 van 3)")

    # HTMX: the row and the information position update without a page load.
    team = entries["e1"].source.name
    page.get_by_label(f"Nieuwe status van {team}").select_option(label="Informatie ontvangen")
    page.get_by_label(f"Notitie bij {team}").fill("Overleg met teamleider gehad")
    page.get_by_role("button", name=f"Opslaan (status van {team})").click()
    expect(question_figure).to_have_text("33% (1 van 3)")
    expect(page.locator(f"#bron-{entries['e1'].pk} [data-status]")).to_have_text(
        "Informatie ontvangen"
    )

    register = entries["e3"].source.name
    page.get_by_label(f"Nieuwe status van {register}").select_option(label="Structureel geborgd")
    page.get_by_role("button", name=f"Opslaan (status van {register})").click()
    expect(question_figure).to_have_text("67% (2 van 3)")
    expect(overall_figure).to_have_text("40% (2 van 5)")

    page.screenshot(path=str(page.artifacts / "vraag-4.png"), full_page=True)

    # Saved for real: still there after a reload, with the history kept.
    page.reload()
    expect(page.locator("#ip-cijfers [data-ip=vraag]")).to_have_text("67% (2 van 3)")
    expect(page.get_by_label(f"Notitie bij {team}")).to_have_value("Overleg met teamleider gehad")

    page.get_by_role("link", name=theme.name).first.click()
    expect(page.locator(".big-figure [data-ip=totaal]")).to_have_text("40% (2 van 5)")
    page.screenshot(path=str(page.artifacts / "themadossier.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Koersnotitie downloaden (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    content = page.artifacts / "koersnotitie.pdf"
    download.save_as(str(content))
    data = content.read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert f"Koersnotitie: {theme.name}" in text and "40% (2 van 5)" in text and register in text

    # The suggestion, taken over into the form, edited and saved, opens the Word document.
    page.get_by_text("Samenvatting en advies bewerken").click()
    expect(
        page.get_by_role("heading", name="Voorstel, samengesteld uit de gegevens van het dossier")
    ).to_be_visible()
    page.get_by_role("link", name="Voorstel overnemen in het formulier").click()
    summary = page.locator("#koers_summary")
    expect(summary).to_have_value(re.compile(r"^De informatiepositie van Voorbeeldstad .* 40%"))
    page.locator("#samenvatting").screenshot(path=str(page.artifacts / "voorstel.png"))
    summary.fill(summary.input_value() + "\n\nHet college besluit over het informatieprotocol.")
    page.get_by_role("button", name="Samenvatting en advies opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("zijn opgeslagen")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Koersnotitie als Word-bestand").click()
    word = page.artifacts / "koersnotitie.docx"
    download_info.value.save_as(str(word))
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert paragraphs[paragraphs.index("Samenvatting") + 1].startswith(
        "De informatiepositie van Voorbeeldstad"
    )
    assert "Het college besluit over het informatieprotocol." in paragraphs
    assert "Leg bevindingen vast bij de vragen 1, 2, 3, 4, 5 en 6." in paragraphs
