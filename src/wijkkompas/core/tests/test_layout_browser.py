"""In a real browser, per role: every page of the demo walk (one page per URL pattern) fits a
375 px phone and a 1280 px laptop without scrolling sideways — wide tables and boards scroll
inside their own box — and axe-core reports no violations; the header with the menu stays low on a
phone and the menu opens behind its button. Screenshots of a few pages at 375 px go to the test's
artefact folder (not committed)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from wijkkompas.accounts.models import User
from wijkkompas.areas.tests.test_browser import axe_violations
from wijkkompas.core.tests.test_crawl import SKIP
from wijkkompas.signals import selectors, services

pytestmark = pytest.mark.browser

ROLES = [
    "oov",
    "regisseur",
    "beheerder",
    "jongerenwerker",
    "wijkagent",
    "corporatie",
    "bestuurder",
    "analist",
    "redacteur",
    None,  # a resident: public pages only
]
WIDTHS = (1280, 375)
MAX_PAGES = 80
PUBLIC_PAGES = ["/signalen/melden/", "/kennisbank/"]
SCREENSHOTS = {"/start/", "/signalen/", "/signalen/melden/", "/signalen/melden/status/"}

OVERFLOW = """() => {
  const width = window.innerWidth;
  const insideScrollBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  if (document.documentElement.scrollWidth <= width) return [];
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !insideScrollBox(el)) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
        + ' ' + Math.round(r.right));
    }
  }
  return [document.documentElement.scrollWidth].concat(out.slice(0, 4));
}"""


def pages_of_the_walk(client: Client) -> list[str]:
    """The HTML pages the demo walk reaches from the start page, one per URL pattern."""
    seen, queue, pages, patterns = set(), ["/start/"], [], set()
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            pattern = resolve(url.split("?")[0]).route
        except Resolver404:
            continue
        if pattern in patterns:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        patterns.add(pattern)
        pages.append(url)
        html = response.content.decode()
        queue.extend(
            h.replace("&amp;", "&")
            for h in re.findall(r'href="(/[^"#]*)"', html)
            if not any(s in h for s in SKIP)
        )
    return pages


def reporters_status_page() -> str:
    """The status page a resident lands on after sending the public form."""
    tenant = selectors.public_tenants().first()
    signal = services.create_public_signal(
        tenant=tenant,
        category=selectors.categories_for(tenant.pk, public_only=True).first(),
        description="Steeds andere bestelbusjes 's nachts bij de loods aan het water",
        location="Havenweg",
        observed_at=None,
    )
    return f"/signalen/melden/status/{signal.pk}/?code={signal.status_token}&nieuw=1"


def test_every_page_fits_phone_and_laptop_and_passes_axe(browser_page, full_demo, client_for):
    page = browser_page
    problems, walked = [], []
    for username in ROLES:
        client = client_for(User.objects.get(username=username)) if username else Client()
        pages = pages_of_the_walk(client) if username else [*PUBLIC_PAGES, reporters_status_page()]
        page.context.clear_cookies()
        if username:
            page.context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": page.base_url,
                    }
                ]
            )
        walked.append(f"{username}: {len(pages)} pages: {' '.join(pages)}")
        for url in pages:
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            response = page.goto(page.base_url + url)
            assert response is not None and response.status == 200, (username, url)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                overflow = page.evaluate(OVERFLOW)
                if overflow:
                    problems.append((username, url, width, "scrolls sideways", overflow))
            violations = axe_violations(page)
            if violations:
                problems.append((username, url, "axe", violations))
            path = url.split("?")[0]
            if path.rstrip("0123456789/") + "/" in SCREENSHOTS:
                name = re.sub(r"\W+", "-", path).strip("-") or "home"
                page.screenshot(path=str(page.artifacts / f"{username}-{name}-375.png"))
    (page.artifacts / "walk.txt").write_text("\n".join(walked))
    (page.artifacts / "layout-problems.txt").write_text("\n".join(map(str, problems)))
    assert not problems, "\n".join(map(str, problems))


def test_header_and_menu_stay_low_on_a_phone(browser_page, full_demo, client_for):
    page = browser_page
    client = client_for(User.objects.get(username="oov"))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.base_url,
            }
        ]
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.base_url + "/start/")
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= 130
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert not menu.is_visible()
    button = page.get_by_role("button", name="Menu")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true" and menu.is_visible()
    menu.get_by_role("link").first.focus()
    page.keyboard.press("Escape")
    assert not menu.is_visible() and button.get_attribute("aria-expanded") == "false"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert menu.is_visible() and not button.is_visible()
    assert page.get_by_role("link", name=re.compile("Vraagt uw aandacht")).is_visible()


def test_fields_appear_per_choice_and_the_buurt_is_picked_by_name(
    browser_page, full_demo, client_for
):
    page = browser_page
    client = client_for(User.objects.get(username="wijkagent"))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.base_url,
            }
        ]
    )
    page.goto(page.base_url + "/signalen/nieuw/")
    name, kvk = page.get_by_label("Naam (persoon)"), page.get_by_label("KvK-nummer (bedrijf)")
    assert not name.is_visible() and not kvk.is_visible()
    page.get_by_label("Waar gaat het signaal over?").select_option(label="Persoon")
    assert name.is_visible() and name.is_enabled() and not kvk.is_visible()
    page.get_by_label("Waar gaat het signaal over?").select_option(label="Bedrijf")
    assert kvk.is_visible() and not name.is_visible() and name.is_disabled()
    buurt = page.locator("input[name=area_code]")
    options = page.locator(f"datalist#{buurt.get_attribute('list')} option")
    assert options.count() > 0 and "(BU" in options.first.inner_text()
