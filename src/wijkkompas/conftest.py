"""Shared pytest fixtures: demo data, API clients, and a real Chromium browser (Playwright)."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from wijkkompas.accounts import demo as accounts_demo
from wijkkompas.accounts.models import ApiToken, User

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHARED_DIR = Path(__file__).resolve().parents[3] / "shared"
REAL_DATA_DIR = SHARED_DIR / "data" / "real"


@pytest.fixture
def demo(db):
    """The accounts part of the demo (tenants, organisations, fixed users)."""
    accounts_demo.load()
    return {u.username: u for u in User.objects.select_related("organisation__tenant")}


@pytest.fixture
def client_for(client):
    """``client_for(user)`` -> a Django test client logged in as that user."""

    def make(user):
        c = Client()
        c.force_login(user)
        session = c.session
        session["otp_verified"] = True
        session.save()
        return c

    return make


@pytest.fixture
def api_client_for():
    """``api_client_for(user)`` -> a test client that sends that user's bearer token."""

    def make(user):
        token = ApiToken.issue(user, label="test")
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make


@pytest.fixture
def browser_page(live_server, tmp_path):
    """A Playwright page in Debian Chromium against the live server. Skipped when no Chromium is
    installed (``.ci/run`` installs it, so CI always runs these)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is niet geïnstalleerd (apt-get install chromium)")
    from playwright.sync_api import sync_playwright  # only when a browser test runs

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(accept_downloads=True, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        page.artifacts = tmp_path
        yield page
        context.close()
        browser.close()


def browser_login(page, username: str) -> None:
    """Log in through the real login form."""
    page.goto(page.base_url + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
