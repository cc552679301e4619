"""A visit recorded on a phone (360 × 740) in a real browser: the day list, "nobody home" in two
taps, a contact with a signal into triage, the coverage (figures and buurt map) changing, and a
visit saved while offline that survives a reload and is sent once when the connection returns;
axe-core reports no violations on the campaign, day list, visit and signal pages."""

from __future__ import annotations

import pytest

from wijkkompas.accounts import demo as accounts_demo
from wijkkompas.areas import demo as areas_demo
from wijkkompas.areas.tests.test_browser import axe_violations
from wijkkompas.conftest import browser_login
from wijkkompas.fieldwork import demo as fieldwork_demo
from wijkkompas.fieldwork.models import Address, Campaign, Visit
from wijkkompas.knowledge import demo as knowledge_demo
from wijkkompas.signals import demo as signals_demo
from wijkkompas.signals.models import Signal


@pytest.mark.browser
def test_visits_on_a_phone(browser_page, transactional_db):
    accounts_demo.load()
    knowledge_demo.load()
    areas_demo.load()
    signals_demo.load()
    fieldwork_demo.load()
    campaign = Campaign.objects.get(name=fieldwork_demo.HOUSE)
    page = browser_page
    page.set_default_timeout(60_000)  # the shared test machine is slow under load
    page.set_viewport_size({"width": 360, "height": 740})
    base = page.base_url
    browser_login(page, "wijkagent")

    page.goto(f"{base}/veldwerk/{campaign.pk}/")
    page.get_by_text("270 van 360 bezocht = 75%").wait_for()
    page.locator("#fw-kaart-titel + .fw-map [data-area-map][data-features]").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Daglijst").click()  # tap 0: the day list
    page.get_by_role("heading", name="Daglijst").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the day list scrolls sideways at 360 px ({width} px)"
    assert axe_violations(page) == []

    # Nobody home: tap the address, tap the button — two taps.
    first = page.locator(".fw-row").first
    street = first.locator(".fw-street").inner_text()
    first.click()  # tap 1
    assert axe_violations(page) == []
    button = page.get_by_role("button", name="Niemand thuis")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300, box
    button.click()  # tap 2
    page.get_by_text("Bezoek vastgelegd: Niemand thuis.").wait_for()
    assert Visit.objects.filter(campaign=campaign).count() == 271

    # A conversation, then a signal from it in two more steps.
    page.locator(".fw-row").first.click()
    assert page.locator("h1").inner_text() != street
    page.get_by_label("Gesprek gevoerd").check()
    page.get_by_label("Voelt u zich veilig in uw flat en de buurt?").select_option("nee")
    page.get_by_label("Notities").fill("Bewoner noemt dealen bij de portiek 's avonds.")
    page.get_by_role("button", name="Opslaan en signaal melden").click()
    page.get_by_role("heading", name="Signaal melden").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Dealen bij de portiek, 's avonds.")
    page.get_by_label("Aanname / vermoeden").check()
    page.get_by_label("Van horen zeggen").check()
    page.get_by_role("button", name="Signaal melden").click()
    page.get_by_text("Het signaal is gemeld en staat klaar voor triage.").wait_for()
    visit = Visit.objects.filter(campaign=campaign, outcome="gesprek").latest("id")
    signal = Signal.objects.get(pk=visit.signal_id)
    assert signal.status == Signal.Status.NEW and signal.location == str(visit.address)

    attempted = Address.objects.filter(campaign=campaign).exclude(status="open").count()
    assert attempted in (271, 272)  # the second address may have been a revisit
    page.goto(f"{base}/veldwerk/{campaign.pk}/")
    page.get_by_text(f"{attempted} van 360 bezocht = {round(100 * attempted / 360)}%").wait_for()
    values = page.evaluate("JSON.parse(document.getElementById('fw-kaart-waarden').textContent)")
    area = Address.objects.get(pk=visit.address_id).area_code
    done = Address.objects.filter(campaign=campaign, area_code=area).exclude(status="open")
    assert values[area]["text"].startswith(f"{done.count()} van ")

    # Offline: the visit is kept on the phone, marked as not sent, and sent once when back.
    page.goto(f"{base}/veldwerk/{campaign.pk}/dag/")
    page.locator(".fw-row").first.click()
    address_id = int(page.url.rstrip("/").split("/")[-1])
    page.context.set_offline(True)
    page.get_by_role("button", name="Niemand thuis").click()
    page.get_by_text("1 bezoek is nog niet verzonden.").wait_for()
    assert not Visit.objects.filter(address_id=address_id).exists()
    # a reload on a connection that fails keeps the queued visit (no data loss)
    page.route(
        "**/veldwerk/adres/**",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.context.set_offline(False)
    page.reload()
    page.get_by_text("1 bezoek is nog niet verzonden.").wait_for()
    page.wait_for_timeout(1000)
    assert not Visit.objects.filter(address_id=address_id).exists()
    page.context.set_offline(True)
    page.unroute("**/veldwerk/adres/**")
    page.context.set_offline(False)
    for _ in range(120):  # the page sends the queued visit on 'online'
        if Visit.objects.filter(address_id=address_id).exists():
            break
        page.wait_for_timeout(500)
    page.get_by_text("1 bezoek is nog niet verzonden.").wait_for(state="hidden")
    page.wait_for_timeout(500)
    assert Visit.objects.filter(address_id=address_id).count() == 1
    assert Address.objects.get(pk=address_id).status == "niemand_thuis"
