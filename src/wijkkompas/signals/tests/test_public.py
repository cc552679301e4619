"""The residents' report form: only the triage queue sees a report; honeypot, time check and a
rate limit per client address that a made-up header cannot reset; the reporter gets a reference
number and a status page (by its secret link) that shows the stage and dates, nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client, RequestFactory
from django.utils import timezone

from wijkkompas.accounts import audit
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.signals import selectors, services
from wijkkompas.signals.models import (
    Signal,
)

from .factories import CategoryFactory, build_world

pytestmark = pytest.mark.django_db


def _public_post(client: Client, w, headers: dict | None = None, **overrides):
    token = signing.dumps(
        {"t": (timezone.now() - timedelta(seconds=10)).timestamp()}, salt="signals.public_report"
    )
    data = {
        "gemeente": "stad-a",
        "category": w.category.pk,
        "description": "Sterke hennepgeur bij de achterdeur van een woning",
        "location": "Lindelaan",
        "form_token": token,
        "website": "",
    }
    data.update(overrides)
    return client.post("/signalen/melden/", data, REMOTE_ADDR="192.0.2.10", **(headers or {}))


def test_public_report_lands_only_in_the_triage_queue():
    w = build_world()
    response = _public_post(Client(), w, contact_email="bewoner@example.org", wants_feedback="on")
    signal = Signal.objects.get(source=Signal.Source.PUBLIC)
    assert response.status_code == 302 and response["Location"].startswith(
        f"/signalen/melden/status/{signal.pk}/?code="
    )
    assert (
        signal.status == Signal.Status.NEW
        and signal.reporter_organisation is None
        and signal.wants_feedback
    )
    assert "bewoner@example.org" not in signal.contact_encrypted
    assert signal in selectors.triage_queue(w.user(Role.PROCESREGISSEUR, "own"))
    for role in (Role.PROFESSIONAL, Role.OOV_ADVISEUR):
        assert not selectors.signals_visible_to(w.user(role, "own")).filter(pk=signal.pk).exists()
    assert (
        not selectors.signals_visible_to(w.user(Role.PROCESREGISSEUR, "partner"))
        .filter(pk=signal.pk)
        .exists()
    )


def test_public_form_honeypot_time_check_and_rate_limit():
    w = build_world()
    client = Client()
    assert _public_post(client, w, website="http://spam.example").status_code == 302
    assert not Signal.objects.filter(
        source=Signal.Source.PUBLIC
    ).exists()  # the bot is told "thanks"; nothing stored
    fresh = signing.dumps({"t": timezone.now().timestamp()}, salt="signals.public_report")
    too_fast = _public_post(client, w, form_token=fresh)
    assert too_fast.status_code == 200 and "te snel verstuurd" in too_fast.content.decode()
    forged = _public_post(client, w, form_token="vals")
    assert "verlopen" in forged.content.decode()
    for _ in range(services.PUBLIC_MAX_PER_HOUR):
        assert _public_post(client, w).status_code == 302
    blocked = _public_post(client, w)
    assert blocked.status_code == 200 and "meerdere meldingen" in blocked.content.decode()
    assert (
        Signal.objects.filter(source=Signal.Source.PUBLIC).count() == services.PUBLIC_MAX_PER_HOUR
    )
    spoofed = _public_post(client, w, headers={"HTTP_X_FORWARDED_FOR": "203.0.113.7"})
    assert (
        "meerdere meldingen" in spoofed.content.decode()
    )  # a made-up header does not reset the limit
    assert (
        Signal.objects.filter(source=Signal.Source.PUBLIC).count() == services.PUBLIC_MAX_PER_HOUR
    )


def test_public_form_rejects_non_public_category_and_names_the_field():
    w = build_world()
    CategoryFactory(tenant=w.tenant_a, code="openbaar", public=True)
    w.category.public = False
    w.category.save()
    response = _public_post(Client(), w)
    html = response.content.decode()
    assert response.status_code == 200 and "Waar gaat uw melding over?" in html
    assert "Selecteer een geldige keuze" in html or "Kies een onderwerp" in html
    assert not Signal.objects.filter(source=Signal.Source.PUBLIC).exists()


def test_rate_limit_address_trusts_only_the_proxy_hop():
    rf = RequestFactory()
    behind_proxy = rf.post(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.5"
    )
    assert audit.client_address(behind_proxy) == "198.51.100.5"  # the hop our proxy added
    direct = rf.post("/", REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert audit.client_address(direct) == "192.0.2.44"  # not from a proxy: header ignored


def _status_link(response) -> str:
    assert response.status_code == 302, response.content
    return response["Location"]


def test_reporter_gets_a_reference_and_a_status_page_that_reveals_nothing_else():
    w = build_world()
    link = _status_link(_public_post(Client(), w, contact_email="bewoner@example.org"))
    signal = Signal.objects.get(source=Signal.Source.PUBLIC)
    token = link.split("code=")[1].split("&")[0]
    assert len(token) >= 24 and token not in signal.status_token_hash
    page = Client().get(link)
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Melding {signal.pk}" in html and "Referentienummer" in html and "Ontvangen" in html
    assert "Dank u wel" in html and f"?code={token}" in html
    for secret in ("hennepgeur", "Lindelaan", "bewoner@example.org", str(w.category)):
        assert secret not in html, secret
    services.triage_signal(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        signal=signal,
        decision="afwijzen",
        reason="Geen aanknopingspunten voor de aanpak, dossier Lindelaan",
    )
    later = Client().get(link.replace("&nieuw=1", "")).content.decode()
    assert "<strong>Afgerond</strong>" in later and "Afgerond op" in later
    assert "Dank u wel" not in later
    for secret in ("aanknopingspunten", "Lindelaan", "afgewezen", "Afgewezen"):
        assert secret not in later, secret
    assert AuditEvent.objects.filter(
        action="public_signal_viewed", object_id=str(signal.pk)
    ).exists()


def test_status_page_of_a_professional_signal_or_an_anonymised_one_does_not_exist():
    w = build_world()
    link = _status_link(_public_post(Client(), w))
    signal = Signal.objects.get(source=Signal.Source.PUBLIC)
    token = link.split("code=")[1].split("&")[0]
    assert services.public_status(reference=signal.pk, token=token) is not None
    Signal.objects.filter(pk=signal.pk).update(status_token_hash="")  # as retention anonymises
    assert services.public_status(reference=signal.pk, token=token) is None
    assert services.public_status(reference=signal.pk, token="") is None


def test_public_pages_show_no_developer_links_logged_in_pages_do():
    w = build_world()
    link = _status_link(_public_post(Client(), w))
    for url in ("/signalen/melden/", link):
        assert "API-documentatie" not in Client().get(url).content.decode(), url
    professional = Client()
    professional.force_login(w.user(Role.PROFESSIONAL, "own"))
    assert "API-documentatie" in professional.get("/signalen/").content.decode()
