"""Real browser: the demo municipality's overview and an area page render map and charts, and
axe-core (vendored from npm, tests/vendor/) reports no accessibility violations on them."""

from pathlib import Path

import pytest

from wijkkompas.conftest import browser_login

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def axe_violations(page) -> list:
    # page.add_script_tag(path=…) inserts an inline <script>, which the app's CSP (script-src
    # 'self') rightly refuses; evaluating the same vendored file through the DevTools protocol is
    # not subject to the page's CSP.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]
    ]


@pytest.mark.browser
def test_overview_and_area_page_in_browser(browser_page, transactional_db):
    from importlib import import_module

    # the demo as `wijkkompas demo` loads it, up to the wijkbeeld (dossiers give the pin form)
    for app in ("accounts", "knowledge", "dossiers", "areas"):
        import_module(f"wijkkompas.{app}.demo").load()
    page = browser_page
    browser_login(page, "oov")
    page.goto(page.base_url + "/wijkbeeld/")
    assert page.locator("h1").inner_text() == "Wijkbeeld Voorbeeldstad"
    page.locator("[data-area-map][data-features='12']").wait_for()  # the Leaflet map, drawn
    assert page.locator("table.table tbody tr").count() == 12
    assert page.get_by_label("Kaart en rangorde vastpinnen in themadossier").count() == 1
    page.screenshot(path=str(page.artifacts / "wijkbeeld-overzicht.png"), full_page=True)
    assert axe_violations(page) == []

    page.get_by_label("Standaardiseren binnen").select_option("provincie")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state()
    assert "vergelijking=provincie" in page.url
    assert page.locator("table.table tbody tr").count() == 12
    assert page.locator("table.table thead th", has_text="Bijdrage").count() >= 5
    assert axe_violations(page) == []

    page.get_by_role("link", name="Nieuwland").first.click()
    page.wait_for_load_state()
    assert "Nieuwland" in page.locator("h1").inner_text()
    assert page.get_by_role("columnheader", name="Provincie", exact=True).count() == 1
    assert page.locator("svg.trend").count() >= 10
    assert page.locator("svg.breakdown rect").count() >= 5
    page.screenshot(path=str(page.artifacts / "wijkbeeld-buurt.png"), full_page=True)
    assert axe_violations(page) == []

    page.goto(page.base_url + "/wijkbeeld/?kleur=3.1.1&niveau=wijk")
    page.locator("[data-area-map][data-features='4']").wait_for()
