"""The intake and triage forms: the buurt is picked by name (the code still accepted), and the
fields that belong to one choice say so for the script that hides them (the server checks the
combination either way)."""

from __future__ import annotations

import pytest
from django.test import Client

from wijkkompas.accounts.roles import Role
from wijkkompas.areas.models import Area
from wijkkompas.signals import selectors
from wijkkompas.signals.models import Signal

from .factories import build_world

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_buurt_picker_lists_the_latest_buurten_by_name_and_the_code_still_works():
    w = build_world()
    w.tenant_a.cbs_code = "GM0001"
    w.tenant_a.save()
    for year, code, name in [
        (2020, "BU00010101", "Oude buurt"),
        (2024, "BU00010101", "Centrum"),
        (2024, "BU00010202", "Lindenhof"),
    ]:
        Area.objects.create(
            code=code, year=year, level="buurt", name=name, municipality_code="GM0001"
        )
    assert selectors.buurt_choices(w.tenant_a) == [
        ("BU00010101", "Centrum"),
        ("BU00010202", "Lindenhof"),
    ]
    assert selectors.buurt_choices(w.tenant_b) == []
    client = _client(w.user(Role.PROFESSIONAL, "own"))
    html = client.get("/signalen/nieuw/").content.decode()
    assert 'list="id_area_code-buurten"' in html and '<datalist id="id_area_code-buurten">' in html
    assert '<option value="BU00010202">Lindenhof (BU00010202)</option>' in html
    assert "Oude buurt" not in html
    response = client.post(
        "/signalen/nieuw/",
        {
            "category": w.category.pk,
            "description": "Busje laadt 's nachts dozen uit bij de loods",
            "observed_at": "2026-01-05T22:00",
            "area_code": "BU00010202",
            "basis": "feit",
            "observation": "eigen",
            "urgency": "normaal",
        },
    )
    assert response.status_code == 302
    assert (
        selectors.signals_visible_to(w.user(Role.PROFESSIONAL, "own"))
        .filter(area_code="BU00010202")
        .exists()
    )


def test_conditional_fields_name_the_choice_they_belong_to():
    w = build_world()
    html = _client(w.user(Role.PROFESSIONAL, "own")).get("/signalen/nieuw/").content.decode()
    assert 'name="subject_kvk"' in html and 'data-show-when="subject_kind=bedrijf"' in html
    assert html.count('data-show-when="subject_kind=persoon"') == 5  # 4 fields and the help text
    Signal.objects.filter(pk=w.signal.pk).update(status=Signal.Status.NEW, case=None)
    page = _client(w.user(Role.PROCESREGISSEUR, "own")).get(w.signal.get_absolute_url())
    assert "Triagebesluit" in page.content.decode()
    html = page.content.decode()
    for rule in ("decision=toevoegen", "decision=casus", "decision=doorsturen"):
        assert f'data-show-when="{rule}"' in html, rule
