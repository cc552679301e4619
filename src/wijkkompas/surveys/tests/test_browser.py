"""Real browser on a 360 px screen: a resident fills in the open link of a buurt (axe-core
reports no violations on the form), then the owner closes the survey and, from the results page
(axe clean as well), publishes the result to the wijkbeeld and into a programme in one action."""

from __future__ import annotations

import pytest

from wijkkompas.accounts import policy
from wijkkompas.areas.models import Indicator as AreaIndicator
from wijkkompas.areas.tests.test_browser import axe_violations
from wijkkompas.conftest import browser_login
from wijkkompas.programmes import services as programme_services
from wijkkompas.programmes.models import Measurement
from wijkkompas.programmes.tests.factories import integrale_werkwijze
from wijkkompas.surveys.models import Response, Survey
from wijkkompas.surveys.wijkbeeld import indicator_code

from . import factories as f


@pytest.mark.browser
def test_resident_answers_on_a_phone_then_owner_closes_and_publishes(
    browser_page, transactional_db
):
    tenant = f.tenant_with_buurten()
    manager = f.owner(tenant)
    survey = f.survey(tenant, organisation=manager.organisation)
    programme = programme_services.start_programme(
        actor=policy.SYSTEM,
        tenant=tenant,
        template=integrale_werkwijze(),
        title="Aanpak Oude Kern",
        lead_organisation=manager.organisation,
        coordinator=manager,
        area_codes=[tenant.cbs_code],
    )
    area = survey.areas.first()
    f.add_responses(survey, area, [{"veilig_avond": 8}] * 9)  # with the browser's: 10, shown
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
    assert Response.objects.filter(survey=survey, channel="open_link").count() == 10
    page.goto(f"{page.base_url}/peilingen/doe-mee/{area.token}/")
    page.get_by_role("heading", name="U heeft al meegedaan").wait_for()

    page.set_viewport_size({"width": 1200, "height": 900})
    browser_login(page, manager.username)
    page.goto(f"{page.base_url}/peilingen/{survey.pk}/")
    page.get_by_role("button", name="Peiling sluiten (definitief)").click()
    page.get_by_role("link", name="Uitkomsten publiceren (wijkbeeld, programma)").click()
    assert Survey.objects.get(pk=survey.pk).status == "gesloten"
    page.get_by_text("Niet getoond (minder dan 5 reacties)").first.wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Ook als indicator van programma (optioneel)").select_option(
        label=programme.title
    )
    page.get_by_role("button", name="Publiceren").click()
    page.get_by_text("Uitkomsten staan als lokale indicatoren in het wijkbeeld").wait_for()
    page.get_by_text(f"Programma '{programme.title}'").wait_for()
    code = indicator_code(survey, survey.questions.get(code="veilig_avond"))
    assert AreaIndicator.objects.filter(code=code).exists()
    measured = Measurement.objects.get(indicator__programme=programme)
    assert measured.value == 7.9 and area.name in measured.indicator.name  # (9 x 8 + 7) / 10
