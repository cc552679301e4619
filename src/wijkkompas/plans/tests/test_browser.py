"""A real browser: the OOV-adviseur of Voorbeeldstad imports a plan through the form, confirms
its suggested priorities (one of them re-classified by hand) and sees the comparison of her class
(G40) and her own plan change; axe-core reports no violations on the pages visited."""

from __future__ import annotations

import re
from importlib import import_module

import pytest

from wijkkompas.areas.tests.test_browser import axe_violations
from wijkkompas.conftest import browser_login
from wijkkompas.plans.models import Plan, PriorityChange

PLAN_TEXT = """Integraal Veiligheidsplan Voorbeeldstad 2027-2030

Prioriteit 1: Ondermijning op bedrijventerreinen
Prioriteit 2: Overlast en veiligheidsgevoel in De Flats
Prioriteit 3: Verkeersveiligheid rond scholen
"""


def _row(page, label: str) -> list[str]:
    """The cells of the comparison table's row headed ``label`` (plans, priorities, …)."""
    head = page.locator("th", has_text=re.compile(rf"^{re.escape(label)}$"))
    row = page.locator("#vergelijking tbody tr", has=head)
    assert row.count() == 1, label
    return [c.strip() for c in row.locator("td").all_inner_texts()]


@pytest.mark.browser
def test_import_confirm_and_see_the_class_comparison_change(browser_page, transactional_db):
    for app in ("accounts", "knowledge", "dossiers", "areas", "plans"):
        import_module(f"wijkkompas.{app}.demo").load()
    page = browser_page
    page.set_default_timeout(60_000)  # the shared test machine can be slow
    browser_login(page, "oov")

    page.goto(page.base_url + "/ivp/vergelijking/")
    assert page.locator("#landelijk").inner_text().startswith("Landelijk beeld: 381 prioriteiten")
    g40_before = _row(page, "G40")
    own_label = "Eigen plan (Voorbeeldstad, klasse G40)"
    assert _row(page, own_label)[:2] == ["1", "0"]  # the demo plan: suggestions, none confirmed
    assert page.get_by_role("link", name="Kennisbank: Jonge aanwas").count() == 1
    assert axe_violations(page) == []

    page.goto(page.base_url + "/ivp/")
    page.get_by_role("link", name="Plan importeren").click()
    page.get_by_label("Bestand (PDF, HTML van CVDR of tekst)").set_input_files(
        {"name": "ivp-2027.txt", "mimeType": "text/plain", "buffer": PLAN_TEXT.encode()}
    )
    page.get_by_label("Gemeente(n)").fill("GM9901")
    page.get_by_label("Periode").fill("2027-2030")
    page.get_by_label("Titel").fill("IVP Voorbeeldstad 2027-2030")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Het plan is geïmporteerd: 3 prioriteiten gevonden.").wait_for()
    plan = Plan.objects.get(title="IVP Voorbeeldstad 2027-2030")
    assert page.url.endswith(f"/ivp/{plan.pk}/")
    # the plan's areas link to the wijkbeeld: the municipality and the buurt the plan names
    assert page.get_by_role("link", name="Wijkbeeld Voorbeeldstad").count() == 1
    assert page.get_by_role("link", name="Wijkbeeld De Flats").count() == 1
    assert axe_violations(page) == []

    # Re-classify one priority by hand (saved and confirmed), confirm the other two.
    row = page.locator("tr", has=page.locator("th", has_text="Verkeersveiligheid rond scholen"))
    row.locator("summary", has_text="Bewerken en indelen").click()
    for box in row.locator("details input[type=checkbox]").all():
        box.uncheck()
    row.get_by_label("Jeugd en veiligheid – Risicojongeren en jonge aanwas").check()
    row.get_by_label("Fysieke veiligheid – Verkeersveiligheid").check()
    row.get_by_role("button", name="Opslaan en bevestigen").click()
    page.get_by_text("is opgeslagen en bevestigd").wait_for()
    confirm = page.get_by_role("button", name=re.compile(r"^Bevestigen"))
    while confirm.count():
        title = re.sub(r"^Bevestigen\s*:\s*", "", confirm.first.inner_text()).strip()
        confirm.first.click()
        page.get_by_text(f"Prioriteit “{title}” is bevestigd.").wait_for()
    assert sorted(plan.priorities.values_list("status", flat=True)) == ["bevestigd"] * 3
    corrected = plan.priorities.get(title="Verkeersveiligheid rond scholen")
    assert corrected.corrected and corrected.theme_codes == ["risicojongeren", "verkeer"]
    assert PriorityChange.objects.filter(priority__plan=plan).count() == 3
    page.get_by_role("heading", name="Wijzigingen (3, nieuwste eerst)").wait_for()
    changes = page.locator("#wijzigingen li")
    assert changes.filter(has_text="· oov · bevestigd ·").count() == 2
    edited = changes.filter(has_text="· oov · bewerkt of ingedeeld · Verkeersveiligheid rond")
    assert "→ Risicojongeren en jonge aanwas, Verkeersveiligheid" in edited.inner_text()
    assert axe_violations(page) == []

    # The class comparison now counts the three confirmed priorities of the new plan.
    page.get_by_role("link", name="Vergelijk met andere gemeenten").click()
    assert page.locator("#landelijk").inner_text().startswith("Landelijk beeld: 384 prioriteiten")
    g40_after = _row(page, "G40")
    assert int(g40_after[0]) == int(g40_before[0]) + 1  # plans
    assert int(g40_after[1]) == int(g40_before[1]) + 3  # priorities
    assert _row(page, own_label)[:2] == ["2", "3"]
    themes = page.locator("#themas tbody tr", has=page.locator("th", has_text="Verkeersveiligheid"))
    assert themes.count() == 1
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert f"G40;{g40_after[0]};{g40_after[1]};thema;Risicojongeren en jonge aanwas;" in csv
