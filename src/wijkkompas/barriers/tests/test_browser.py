"""A real browser builds a small model through the workshop board and downloads the poster."""

import pypdf
import pytest
from playwright.sync_api import expect

from wijkkompas.conftest import browser_login


def _settled(page) -> None:
    """Wait until htmx has swapped, settled and processed the new content, so the next key press
    goes to an element htmx already enhanced (otherwise the browser submits the form natively)."""
    page.wait_for_function(
        "() => window.htmx && document.readyState === 'complete' && "
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


@pytest.mark.browser
def test_build_a_small_model_on_the_board_and_download_the_poster(browser_page):
    from wijkkompas.accounts import demo as accounts_demo
    from wijkkompas.barriers.models import BarrierModel, Element

    accounts_demo.load()
    page = browser_page
    browser_login(page, "oov")
    page.goto(page.base_url + "/barrieremodellen/")
    page.get_by_role("link", name="Nieuw barrièremodel").click()
    page.get_by_label("Titel").fill("Drugsdumping Noord")
    page.get_by_label("Fenomeen").fill("Drugsafval")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/barrieremodellen/*/")
    _settled(page)

    for title in ("Locatie vinden", "Dumpen"):
        page.get_by_label("Nieuwe stap (komt achteraan)").fill(title)
        page.get_by_role("button", name="Stap toevoegen").click()
        page.get_by_role("columnheader", name=title).wait_for()  # swapped in by HTMX, no reload
        _settled(page)

    model = BarrierModel.objects.get(title="Drugsdumping Noord")
    first, second = model.steps.order_by("position")
    entries = [
        (first, "gelegenheid", "Leegstaande stallen"),
        (first, "signaal", "Nieuwe stroomkabel naar een leeg erf"),
        (second, "faciliteerder", "Loonwerker die vaten ophaalt"),
        (second, "barriere", "Stallen samen langsgaan"),
    ]
    for step, kind, text in entries:
        field = page.locator(f"#add-{step.pk}-{kind}")
        field.fill(text)
        field.press("Enter")  # keyboard only
        page.locator(".bm-el-text", has_text=text).wait_for()
        _settled(page)

    # Keyboard move: the opportunity goes to the second step and back with the arrow buttons.
    opp = Element.objects.get(text="Leegstaande stallen")
    page.locator(f"#mv-{opp.pk}-right").focus()
    page.keyboard.press("Enter")
    page.locator(
        f"#cel-{second.pk}-gelegenheid .bm-el-text", has_text="Leegstaande stallen"
    ).wait_for()
    _settled(page)
    # focus stays on the moved element after the swap (its → button is gone in the last step)
    expect(page.locator(f"#edit-{opp.pk}")).to_be_focused()
    page.locator(f"#mv-{opp.pk}-left").click()
    page.locator(
        f"#cel-{first.pk}-gelegenheid .bm-el-text", has_text="Leegstaande stallen"
    ).wait_for()
    _settled(page)

    # Edit the barrier inline: owner, status, target.
    barrier = Element.objects.get(text="Stallen samen langsgaan")
    page.locator(f"#edit-{barrier.pk}").click()
    page.locator(f"#id_el{barrier.pk}_owner").select_option(label="Politie basisteam Voorbeeldstad")
    page.locator(f"#id_el{barrier.pk}_status").select_option("gepland")
    page.locator(f"#id_el{barrier.pk}_due_date").fill("2026-12-01")
    page.locator(f"#save-{barrier.pk}").click()
    page.locator(
        f"#el-{barrier.pk} .bm-el-meta", has_text="Politie basisteam Voorbeeldstad"
    ).wait_for()
    _settled(page)
    barrier.refresh_from_db()
    assert barrier.status == "gepland" and barrier.owner.name == "Politie basisteam Voorbeeldstad"

    page.screenshot(path=str(page.artifacts / "barrieremodel-bord.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Poster (PDF, A3)").click()
    download = info.value
    path = page.artifacts / download.suggested_filename
    download.save_as(str(path))
    assert download.suggested_filename.endswith(".pdf")
    text = " ".join(pypdf.PdfReader(path).pages[0].extract_text().split())
    for expected in ["Locatie vinden", "Dumpen"] + [t for _, _, t in entries]:
        assert expected in text
    assert (page.artifacts / "barrieremodel-bord.png").stat().st_size > 10_000
