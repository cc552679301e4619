"""In a real browser, per role: log in, see the attention list of the demo, follow each link
and land on that page (200, its own URL); screenshots of the start page at 1280 and 375 px
(CI artefacts); the search box in the header finds a signal by number."""

import pytest

from wijkkompas.accounts.models import User
from wijkkompas.conftest import browser_login
from wijkkompas.core import attention
from wijkkompas.signals import selectors

pytestmark = pytest.mark.browser

ROLES = ["oov", "regisseur", "wijkagent", "jongerenwerker", "corporatie", "bestuurder", "redacteur"]


def test_each_role_follows_its_attention_links(browser_page, full_demo):
    page = browser_page
    for username in ROLES:
        user = User.objects.get(username=username)
        items = attention.items_for(user)
        page.context.clear_cookies()
        browser_login(page, username)
        assert page.url.endswith("/start/"), username
        section = page.locator("#aandacht")
        assert section.get_by_role("heading", level=2).inner_text().startswith("Vraagt uw aandacht")
        links = section.locator("a")
        assert links.count() == len(items), username
        if not items:
            assert "Er wacht op dit moment niets op u." in section.inner_text()
        for index, item in enumerate(items):
            page.goto(page.base_url + "/start/")
            link = page.locator("#aandacht a").nth(index)
            assert item.label in link.inner_text() and str(item.count) in link.inner_text()
            with page.expect_navigation() as navigation:
                link.click()
            response = navigation.value
            assert response is not None and response.status == 200, (username, item.url)
            assert page.url == page.base_url + item.url, (username, page.url)
        page.goto(page.base_url + "/start/")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            shot = page.artifacts / f"start-{username}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 5000
        page.set_viewport_size({"width": 1280, "height": 900})


def test_the_header_search_box_finds_a_signal_by_number(browser_page, full_demo):
    user = User.objects.get(username="regisseur")
    signal = selectors.signals_visible_to(user).order_by("pk").first()
    page = browser_page
    browser_login(page, "regisseur")
    page.get_by_role("search").get_by_label("Zoeken in uw werk").fill(str(signal.pk))
    page.get_by_role("search").get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    assert "/zoeken/" in page.url
    page.get_by_role("link", name=f"Signaal {signal.pk}:").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(signal.get_absolute_url())
