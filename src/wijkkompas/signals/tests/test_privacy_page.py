"""The privacy page for the DPIA: for the roles that may see the register, generated from the
same declaration and covenant as the register, so register page, register PDF and privacy page
name the same data categories and terms. In a real browser: no axe violations, usable at 375 px."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from django.test import Client

from wijkkompas.accounts import policy
from wijkkompas.accounts.roles import ALL_ROLES, Role
from wijkkompas.conftest import browser_login
from wijkkompas.signals.selectors import covenant as register
from wijkkompas.signals.tests.factories import build_world

AXE = Path(__file__).parents[2] / "areas" / "tests" / "vendor" / "axe.min.js"


def _text(html: str) -> str:
    import html as html_lib

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _unbreak(text: str) -> str:
    """PDF text breaks a line after a hyphen ("append- only"); so does "Bedrijfs- en"."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", text)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_verified"] = True
    session.save()
    return client


def _expected(tenant_id: int) -> tuple[set[str], set[str]]:
    data = register.processing_register(tenant_id)
    activities = list(data["entries"]) + list(data["activities"])
    categories = {c for a in activities for c in a.field_categories}
    terms = {f"{t.record} · {t.status}: {t.term}" for a in activities for t in a.terms}
    return categories, terms


@pytest.mark.django_db
def test_register_page_pdf_and_privacy_page_agree_on_categories_and_terms():
    w = build_world()
    client = _client(w.user(Role.BEHEERDER, "own"))
    categories, terms = _expected(w.tenant_a.pk)
    assert "Identificatiegegevens van personen" in categories
    assert "Loggegevens" in categories and "Accountgegevens" in categories
    assert any(t.startswith("Inlogpoging") for t in terms)
    assert any(t.startswith("Auditregel") for t in terms)
    assert any("Nieuw (triage)" in t for t in terms)
    page = _text(client.get("/signalen/register/").content.decode())
    privacy = _text(client.get("/signalen/privacy/").content.decode())
    response = client.get("/signalen/register.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    pdf = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    pdf = _unbreak(pdf)
    for name, text in (("pagina", page), ("pdf", pdf), ("privacy", privacy)):
        missing = sorted(c for c in categories | terms if _unbreak(c) not in _unbreak(text))
        assert missing == [], (name, missing)
    # the field level: every declared person field appears on page, PDF and privacy page
    data = register.processing_register(w.tenant_a.pk)
    groups = data["signal_field_groups"] + [g for a in data["activities"] for g in a.field_groups]
    for group in groups:
        for f in group.fields:
            line = f"{f.model_name[:1].upper()}{f.model_name[1:]}: {f.field_name} ({f.storage})"
            assert line in page and _unbreak(line) in pdf and line in privacy, line
    assert register.ALGORITHM_STATEMENT in privacy
    for measure in register.privacy_measures():
        assert measure.name in privacy and _text(measure.text) in privacy


@pytest.mark.django_db
def test_the_api_register_keeps_its_keys(api_client_for):
    w = build_world()
    body = api_client_for(w.user(Role.BEHEERDER, "own")).get("/api/v1/processing-register").json()
    entry = body["verwerkingen"][0]
    assert entry["categorie"] == w.category.name
    assert entry["gegevens"] and entry["bewaartermijn_afgewezen_maanden"] == 6


@pytest.mark.django_db
def test_privacy_page_follows_the_register_rule():
    w = build_world()
    for role in sorted(ALL_ROLES):
        user = w.user(role, "own")
        status = _client(user).get("/signalen/privacy/").status_code
        assert status == (200 if policy.can(user, "view", "register") else 403), role
    anonymous = Client().get("/signalen/privacy/")
    assert anonymous.status_code == 302


@pytest.mark.browser
def test_privacy_page_in_browser_at_375px(browser_page, transactional_db):
    from wijkkompas.accounts import demo as accounts_demo
    from wijkkompas.signals import demo as signals_demo

    accounts_demo.load()
    signals_demo.load()
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "beheerder")
    for path in ("/signalen/privacy/", "/signalen/register/"):
        page.goto(page.base_url + path)
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]
        ]
        assert violations == [], (path, violations)
    page.goto(page.base_url + "/signalen/privacy/")
    page.get_by_role("link", name="Maatregelen").click()
    assert page.get_by_role("heading", name="Maatregelen").is_visible()
    page.screenshot(path=str(page.artifacts / "privacy-375.png"), full_page=False)
