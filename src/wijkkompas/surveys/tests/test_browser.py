"""Real browser on a 360 px screen: a resident fills in the open link of a buurt (axe-core
reports no violations on the form), then the owner closes the survey and publishes the result
to the wijkbeeld."""

from __future__ import annotations

import pytest

from wijkkompas.areas.tests.test_browser import axe_violations
from wijkkompas.conftest import browser_login
from wijkkompas.surveys.models import Response, Survey

from . import factories as f


@pytest.mark.browser
def test_resident_answers_on_a_phone_then_owner_closes_and_publishes(
    browser_page, transactional_db
):
    tenant = f.tenant_with_buurten()
    manager = f.owner(tenant)
    survey = f.survey(tenant, organisation=manager.organisation)
    area = survey.areas.first()
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{page.base_url}/peilingen/doe-mee/{area.token}/")
    assert page.locator("h1").inner_text() == survey.title
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the form is {width} px wide"
    page.locator("#veilig_buurt-soms").check()
    page.locator("#veilig_avond-7").check()
    page.locator("#overlast-verkeer").check()
    page.locator("#criminaliteit_gezien-nee").check()
    page.get_by_label("Uw antwoord (noem geen namen of adressen)").fill(
        "Meer licht bij het speeltuintje"
    )
    page.wait_for_timeout(3200)  # the form refuses posts faster than a human
    page.get_by_role("button", name="Antwoorden versturen").click()
    page.get_by_role("heading", name="Bedankt voor uw antwoorden").wait_for()
    assert Response.objects.filter(survey=survey, channel="open_link").count() == 1
    page.goto(f"{page.base_url}/peilingen/doe-mee/{area.token}/")
    page.get_by_role("heading", name="U heeft al meegedaan").wait_for()

    page.set_viewport_size({"width": 1200, "height": 900})
    browser_login(page, manager.username)
    page.goto(f"{page.base_url}/peilingen/{survey.pk}/")
    page.get_by_role("button", name="Peiling sluiten (definitief)").click()
    page.get_by_role("button", name="Uitkomsten naar het wijkbeeld").click()
    page.get_by_text("Uitkomsten staan als lokale indicatoren in het wijkbeeld").wait_for()
    assert Survey.objects.get(pk=survey.pk).status == "gesloten"
    page.goto(f"{page.base_url}/peilingen/{survey.pk}/uitkomsten/")
    page.get_by_text("Niet getoond (minder dan 5 reacties)").wait_for()
