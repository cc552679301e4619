"""Vraagt uw aandacht on the start page, per demo role: the demo's waiting items with their
counts, each link opening a page for that user, the menu's count, and the registry contract."""

import re

import pytest
from django.urls import reverse

from wijkkompas.core import attention

pytestmark = pytest.mark.django_db

# What the demo leaves waiting, per user: (label, count). Roles without work see none.
EXPECTED = {
    "oov": {
        ("barrière van een partner over de datum", 1),
        ("actie van een partner over de datum", 1),
        ("escalatie wacht op uw goedkeuring", 1),
        ("go/no-go-besluit te nemen", 1),
        ("casusoverleg in de komende twee weken", 1),
        ("terugkoppelingen aan bewoners nog te geven (Leefbaarheidsgesprekken De Flats)", 5),
    },
    "regisseur": {
        ("barrière van een partner over de datum", 1),
        ("actie van een partner over de datum", 1),
        ("signalen wachten op triage", 16),
        ("go/no-go-besluit te nemen", 1),
        ("casusoverleg in de komende twee weken", 1),
        ("terugkoppelingen aan bewoners nog te geven (Leefbaarheidsgesprekken De Flats)", 5),
    },
    "wijkagent": {
        ("actie van uw organisatie over de datum", 1),
        ("casusoverleg in de komende twee weken", 1),
        ("terugkoppeling aan bewoners nog te geven (Knock and talk Bedrijventerrein De Haven)", 1),
        ("terugkoppelingen aan bewoners nog te geven (Leefbaarheidsgesprekken De Flats)", 8),
    },
    "jongerenwerker": {("casusoverleg in de komende twee weken", 1)},
    "corporatie": {
        ("terugkoppelingen aan bewoners nog te geven (Leefbaarheidsgesprekken De Flats)", 6)
    },
    "beheerder": set(),
    "analist": set(),
    "bestuurder": set(),
    "redacteur": set(),
    "oov-buur": set(),
}
# Items that must appear but whose exact number depends on generated demo answers.
PRESENT = {
    "oov": ("vrije teksten van bewoners te controleren",),
    "regisseur": ("vrije teksten van bewoners te controleren",),
}


def _fixed(items):
    loose = tuple({p for prefixes in PRESENT.values() for p in prefixes})
    return {(i.label, i.count) for i in items if not i.label.startswith(loose)}


def test_every_domain_app_with_work_registers_a_provider():
    modules = {name.split(".")[1] for name in attention.providers()}
    assert {"signals", "barriers", "programmes", "fieldwork", "surveys", "knowledge"} <= modules


def test_each_role_sees_its_waiting_items_and_every_link_opens(full_demo, client_for):
    for username, expected in EXPECTED.items():
        user = full_demo[username]
        client = client_for(user)
        items = attention.items_for(user)
        assert _fixed(items) == expected, username
        for prefix in PRESENT.get(username, ()):
            assert any(i.label.startswith(prefix) and i.count > 0 for i in items), username
        html = client.get(reverse("accounts:start")).content.decode()
        section = html.split('id="aandacht"')[1].split("</section>")[0]
        if not items:
            assert "Er wacht op dit moment niets op u." in section
            assert "attention-count" not in html.split("<main")[0]
        for item in items:
            assert f'href="{item.url}"' in section, (username, item)
            assert re.search(rf">{item.count}</strong> {re.escape(item.label)}", section)
            response = client.get(item.url)
            assert response.status_code == 200, (username, item.url, response.status_code)
        total = attention.total(items)
        if total:
            header = html.split("<main")[0]
            assert f'aria-label="{total} wachten op u">{total}</span>' in header, username


def test_overdue_items_come_first(full_demo):
    items = attention.items_for(full_demo["wijkagent"])
    urgencies = [i.urgency for i in items]
    assert urgencies == sorted(urgencies)
    assert items[0].urgency is attention.Urgency.OVERDUE


def test_anonymous_users_have_no_items():
    from django.contrib.auth.models import AnonymousUser

    assert attention.items_for(AnonymousUser()) == []
    assert attention.items_for(None) == []


def test_the_menu_count_is_remembered_for_a_minute_and_the_start_page_is_fresh(demo, client_for):
    from django.core.cache import cache

    from wijkkompas.signals import demo as signals_demo
    from wijkkompas.signals.models import Signal

    cache.clear()
    signals_demo.load()
    user = demo["regisseur"]
    client = client_for(user)
    waiting = attention.total(attention.items_for(user))
    badge = f'aria-label="{waiting} wachten op u"'
    assert badge in client.get(reverse("accounts:start")).content.decode()
    Signal.objects.filter(status=Signal.Status.NEW).update(status=Signal.Status.DISMISSED)
    fewer = attention.total(attention.items_for(user))
    assert fewer < waiting
    other_page = client.get(reverse("accounts:search")).content.decode()
    assert badge in other_page  # remembered, not recomputed on every page
    start = client.get(reverse("accounts:start")).content.decode()
    assert f'aria-label="{fewer} wachten op u"' in start or (
        fewer == 0 and "wachten op u" not in start
    )
    cache.clear()
