import pytest

from wijkkompas.conftest import browser_login


@pytest.mark.browser
def test_demo_user_logs_in_and_sees_the_start_page(browser_page):
    from wijkkompas.accounts import demo as accounts_demo

    accounts_demo.load()
    page = browser_page
    browser_login(page, "oov")
    assert page.url.endswith("/start/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
    body = page.locator("main").inner_text()
    assert "Voorbeeldstad" in body and "Gemeente Voorbeeldstad" in body and "OOV-adviseur" in body
    # Landmarks and the skip link are there for keyboard users.
    assert (
        page.locator("header").count() == 1
        and page.locator("nav").count() >= 1
        and page.locator("footer").count() == 1
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Direct naar de inhoud"
    shot = page.artifacts / "startpagina.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5000
