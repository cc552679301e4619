"""The public answer form: open link, invitation codes, honeypot, rate limit, one response per
browser, skip logic, and what a response keeps (channel, buurt, day: nothing else)."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.surveys import public, services
from wijkkompas.surveys.models import Answer, FreeTextAnswer, Response, UsedCode

from . import factories as f

pytestmark = pytest.mark.django_db


def _token() -> str:
    return signing.dumps({"t": timezone.now().timestamp() - 10}, salt=public.SALT)


def _post(client, url, **answers):
    data = {
        "form_token": _token(),
        "veilig_buurt": "soms",
        "criminaliteit_gezien": "nee",
        **answers,
    }
    return client.post(url, data)


def test_open_link_stores_a_response_with_its_channel_and_nothing_about_the_person(client):
    s = f.survey()
    area = s.areas.first()
    url = reverse("surveys:answer", args=[area.token])
    assert client.get(url).status_code == 200
    response = _post(client, url, veilig_avond="7", verbetering="Meer licht bij het park")
    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.area, stored.channel) == (area, Response.Channel.OPEN_LINK)
    assert stored.received_on == timezone.localdate()
    assert Answer.objects.filter(response=stored).count() == 3  # the free text is apart
    text = FreeTextAnswer.objects.get()
    assert text.author == "bewoner" and text.review == FreeTextAnswer.Review.PENDING
    assert text.retain_until > timezone.localdate()
    # the cookie names the survey only, not the response
    cookie = client.cookies[public.cookie_name(s.pk)]
    assert cookie.value.split(":")[0] == "1"  # the value is a fixed "1" for every respondent


def test_one_response_per_browser(client):
    s = f.survey()
    url = reverse("surveys:answer", args=[s.areas.first().token])
    _post(client, url)
    again = client.get(url)
    assert "al meegedaan" in again.content.decode()
    _post(client, url)
    assert Response.objects.count() == 1


def test_honeypot_pretends_success_and_stores_nothing(client):
    s = f.survey()
    url = reverse("surveys:answer", args=[s.areas.first().token])
    assert _post(client, url, website="http://spam").status_code == 302
    assert Response.objects.count() == 0


def test_too_fast_and_missing_required_answers_are_refused_in_dutch(client):
    s = f.survey()
    url = reverse("surveys:answer", args=[s.areas.first().token])
    fast = client.post(url, {"form_token": public.form_token(), "veilig_buurt": "soms"})
    assert fast.status_code == 422 and "te snel" in fast.content.decode()
    missing = client.post(url, {"form_token": _token()})
    assert missing.status_code == 422
    assert "is verplicht" in missing.content.decode()
    assert Response.objects.count() == 0


def test_rate_limit_per_address(client):
    s = f.survey()
    area = s.areas.first()
    raw = {"veilig_buurt": "soms", "criminaliteit_gezien": "nee"}
    for _ in range(services.OPEN_LINK_MAX_PER_HOUR):
        services.answer_open_link(area=area, raw=raw, address="198.51.100.7")
    with pytest.raises(Exception, match="veel formulieren"):
        services.answer_open_link(area=area, raw=raw, address="198.51.100.7")
    services.answer_open_link(area=area, raw=raw, address="198.51.100.8")
    assert Response.objects.count() == services.OPEN_LINK_MAX_PER_HOUR + 1


def test_skip_logic_discards_answers_to_hidden_questions():
    s = f.survey()
    area = s.areas.first()
    raw = {"veilig_buurt": "soms", "criminaliteit_gezien": "nee", "criminaliteit_gemeld": "ja"}
    services.answer_open_link(area=area, raw=raw, address=None)
    assert not Answer.objects.filter(question__code="criminaliteit_gemeld").exists()
    raw["criminaliteit_gezien"] = "ja"
    services.answer_open_link(area=area, raw=raw, address=None)
    assert Answer.objects.filter(question__code="criminaliteit_gemeld").count() == 1


def test_a_code_works_once_and_cannot_be_traced_to_its_response(client):
    s = f.survey()
    area = s.areas.first()
    codes = services.create_codes(actor=policy.SYSTEM, survey=s, area=area, count=3)
    url = reverse("surveys:answer_code")
    assert "veilig" in client.get(url, {"code": codes[0]}).content.decode()
    response = client.post(
        url,
        {
            "code": codes[0],
            "form_token": _token(),
            "veilig_buurt": "nooit",
            "criminaliteit_gezien": "nee",
        },
    )
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.channel == Response.Channel.CODE and stored.area == area
    used = UsedCode.objects.get()
    # the used code is a digest without time, order or response; the code text is nowhere in it
    assert codes[0] not in used.digest
    assert {f.name for f in UsedCode._meta.concrete_fields} == {"digest", "survey"}
    # a second browser with the same code
    second = Client()
    again = second.post(
        url,
        {
            "code": codes[0],
            "form_token": _token(),
            "veilig_buurt": "nooit",
            "criminaliteit_gezien": "nee",
        },
    )
    assert "al gebruikt" in again.content.decode()
    assert Response.objects.count() == 1
    assert "al gebruikt" in second.get(url, {"code": codes[0]}).content.decode()


def test_unknown_code_and_closed_survey(client):
    s = f.survey(status="gesloten")
    url = reverse("surveys:answer_code")
    assert "kennen wij niet" in client.get(url, {"code": "ZZZZZZZZ"}).content.decode()
    assert client.get(reverse("surveys:answer", args=[s.areas.first().token])).status_code == 410


def test_paper_form_by_a_field_worker(client_for):
    tenant = f.tenant_with_buurten()
    user = f.owner(tenant, role="professional")
    s = f.survey(tenant)
    area = s.areas.first()
    c = client_for(user)
    url = reverse("surveys:paper", args=[s.pk])
    assert c.get(url).status_code == 200
    ok = c.post(url, {"area": area.pk, "veilig_buurt": "vaak", "criminaliteit_gezien": "nee"})
    assert ok.status_code == 302
    assert Response.objects.get().channel == Response.Channel.PAPER
    bad = c.post(url, {"area": area.pk, "veilig_buurt": "iets"})
    assert bad.status_code == 422 and "Kies een antwoord uit de lijst" in bad.content.decode()
