"""Real browser: the wijkbeeld map (Leaflet, canvas) renders under the app's strict CSP, zooms in
(more detail fetched, labels appear), shows a tooltip on hover, clicks through to a buurt page
whose small map shows that buurt; axe reports no violations, and the map fits a 375 px screen.
Screenshots go to /tmp/wk-shots/."""

import os
import time
from importlib import import_module
from pathlib import Path

import pytest

from wijkkompas.accounts import policy
from wijkkompas.areas import services
from wijkkompas.areas.local_counts import LocalCount, record_local_counts
from wijkkompas.areas.tests.test_browser import axe_violations
from wijkkompas.conftest import REAL_DATA_DIR, browser_login

SHOTS = Path(os.environ.get("WK_SHOTS_DIR", "/tmp/wk-shots"))  # screenshots to look at
# every CSP violation the page reports (an init script is not subject to the page's CSP)
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def _watch(page) -> list:
    errors: list = []
    page.add_init_script(WATCH_CSP)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _map_ready(page, features: int | None = None):
    selector = "[data-area-map][data-loaded-zoom]"
    if features is not None:
        selector = f"[data-area-map][data-features='{features}']"
    page.locator(selector).first.wait_for()
    return page.locator("[data-area-map]").first


@pytest.mark.browser
def test_map_zoom_hover_click_and_small_screen(browser_page, transactional_db):
    for app in ("accounts", "knowledge", "dossiers", "areas"):
        import_module(f"wijkkompas.{app}.demo").load()
    # this year's signal counts, before CBS has the year: the wijkbeeld still opens on 2024
    record_local_counts(
        actor=policy.SYSTEM,
        rows=[LocalCount("BU99010201", "2026", "signalen_totaal", 12, name="Signalen (totaal)")],
        source_label="Signalen test 2026",
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    errors = _watch(page)
    browser_login(page, "oov")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + "/wijkbeeld/")
    assert page.get_by_label("Jaar").input_value() == "2024"
    assert page.locator("#f-jaar option[value='2026']").inner_text() == (
        "2026 (alleen lokale tellingen)"
    )
    themap = _map_ready(page, features=12)
    assert themap.locator("canvas").count() == 1  # the canvas renderer, not 12 SVG paths
    first_zoom = int(themap.get_attribute("data-loaded-zoom"))
    page.screenshot(path=str(SHOTS / "wijkbeeld-kaart.png"), full_page=True)
    assert axe_violations(page) == []

    # keyboard: focus the map, zoom in with "+" twice; a finer GeoJSON arrives, labels appear
    themap.focus()
    for _ in range(3):
        page.keyboard.press("+")
        page.wait_for_timeout(400)
    page.keyboard.press("ArrowUp")
    page.wait_for_function(
        f"() => document.querySelector('[data-area-map]').dataset.loadedZoom > {first_zoom}"
    )
    page.wait_for_function(
        "() => Number(document.querySelector('[data-area-map]').dataset.labels) > 0"
    )
    # several finer GeoJSONs may be on their way; each redraws the labels, so let them land
    page.wait_for_load_state("networkidle")
    labels = themap.locator(".area-label")
    assert labels.count() >= 1
    page.screenshot(path=str(SHOTS / "wijkbeeld-kaart-ingezoomd.png"), full_page=True)

    # hover a buurt at its label point: highlight + tooltip with name and figure
    target = next(
        (labels.nth(i) for i in range(labels.count()) if labels.nth(i).is_visible()), None
    )
    assert target is not None
    name = target.inner_text()
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = themap.locator(".leaflet-tooltip .area-tooltip")
    tooltip.wait_for()
    assert name in tooltip.inner_text()
    page.screenshot(path=str(SHOTS / "wijkbeeld-kaart-hover.png"))

    # a table link shows its buurt on the map (the keyboard path to every polygon)
    page.locator("[data-map-code]").first.focus()
    assert themap.locator(".leaflet-tooltip .area-tooltip").count() >= 1

    # click through to the buurt page (focusing the table link scrolled the page)
    # (scrolling moves the labels on screen: pick a visible one again)
    page.locator("[data-map-code]").first.blur()
    themap.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-area-map] .area-label')]"
        ".some(el => el.getBoundingClientRect().width > 0)"
    )
    box = None
    for _ in range(20):  # labels are redrawn as the map settles: take one that stays put
        target = next(
            (labels.nth(i) for i in range(labels.count()) if labels.nth(i).is_visible()), None
        )
        if target is not None:
            name, box = target.inner_text(), target.bounding_box()
            if box is not None:
                break
        page.wait_for_timeout(250)
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/wijkbeeld/gebied/BU**")
    assert name in page.locator("h1").inner_text()
    small = _map_ready(page)
    assert "area-map-small" in small.get_attribute("class")
    assert small.get_attribute("data-focus").startswith("BU9901")
    page.screenshot(path=str(SHOTS / "buurt-kaart.png"), full_page=True)
    assert axe_violations(page) == []

    # 375 px wide: the map fits, nothing scrolls sideways
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(page.base_url + "/wijkbeeld/")
    themap = _map_ready(page, features=12)
    width = themap.bounding_box()["width"]
    assert 300 <= width <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SHOTS / "wijkbeeld-kaart-375.png"), full_page=True)
    assert axe_violations(page) == []

    assert page.evaluate("window.__csp") == []
    assert errors == []


AMSTERDAM = REAL_DATA_DIR / "geometry" / "vl09-amsterdam" / "buurten.geojson"


@pytest.mark.browser
def test_amsterdam_518_buurten_on_the_canvas(browser_page, transactional_db, tmp_path):
    """The municipality's own map of its 518 buurten (real data): drawn, zoomed to labels."""
    if not AMSTERDAM.exists():
        pytest.skip("de echte gegevens (shared/data/real) ontbreken")
    import_module("wijkkompas.accounts.demo").load()
    services.import_file(actor=policy.SYSTEM, kind="geometry", path=AMSTERDAM, year=2024)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    errors = _watch(page)
    browser_login(page, "analist")
    page.set_viewport_size({"width": 1280, "height": 900})
    started = time.perf_counter()
    page.goto(page.base_url + "/wijkbeeld/?gemeente=GM0363&niveau=buurt")
    themap = _map_ready(page, features=518)
    drawn_s = time.perf_counter() - started
    assert themap.locator("canvas").count() == 1
    page.screenshot(path=str(SHOTS / "amsterdam-kaart.png"))
    themap.focus()
    for _ in range(3):
        page.keyboard.press("+")
        page.wait_for_timeout(400)
    page.wait_for_function(
        "() => Number(document.querySelector('[data-area-map]').dataset.labels) > 0"
    )
    # the finer geometry for zoom 14+ arrives after the zoom
    page.wait_for_function(
        "() => document.querySelector('[data-area-map]').dataset.loadedZoom >= 14"
    )
    page.screenshot(path=str(SHOTS / "amsterdam-kaart-ingezoomd.png"))
    assert drawn_s < 10
    assert page.evaluate("window.__csp") == []
    assert errors == []
