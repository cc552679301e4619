"""Aggregates with small-number suppression, the counts for the wijkbeeld, the processing
register from the covenant and the demo data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkkompas.accounts.roles import Role
from wijkkompas.areas.local_counts import LocalCount, count_source
from wijkkompas.signals import demo as signals_demo
from wijkkompas.signals import selectors, services
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    Escalation,
    Signal,
)

from .factories import build_world, record_signal

pytestmark = pytest.mark.django_db


def test_signal_counts_suppress_small_numbers_and_skip_dismissed():
    w = build_world()
    agent = w.user(Role.PROFESSIONAL, "own")
    when = timezone.now() - timedelta(days=1)
    for _ in range(6):
        record_signal(agent, w.category, area_code="BU00010101", observed_at=when)
    dismissed = record_signal(agent, w.category, area_code="BU00010202", observed_at=when)
    services.triage_signal(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        signal=dismissed,
        decision="afwijzen",
        reason="onjuist",
    )
    record_signal(agent, w.category, area_code="BU00010303", observed_at=when)
    rows = {
        r["area_code"]: r
        for r in selectors.signal_counts(w.tenant_a, since=when - timedelta(hours=1))
    }
    assert rows["BU00010101"]["count"] == 6 and rows["BU00010101"]["display"] == "6"
    assert (
        rows["BU00010303"]["count"] is None
        and rows["BU00010303"]["display"] == "<5"
        and rows["BU00010303"]["suppressed"]
    )
    assert "BU00010202" not in rows
    assert selectors.signal_counts(w.tenant_b) == []


def test_counts_for_the_wijkbeeld_are_suppressed():
    w = build_world()
    agent = w.user(Role.PROFESSIONAL, "own")
    when = timezone.now() - timedelta(days=1)
    for _ in range(5):
        record_signal(agent, w.category, area_code="BU00010101", observed_at=when)
    year = timezone.localtime(when).year
    rows = services.wijkbeeld_counts(w.tenant_a, year=year)
    by_key = {(r.area_code, r.indicator): r.value for r in rows}
    expected = 5 + (
        timezone.localtime(w.signal.observed_at).year == year
    )  # plus the world's own signal
    assert by_key[("BU00010101", "signalen_totaal")] == expected
    assert by_key[("BU00010101", "signalen_jonge_aanwas")] == expected
    assert all(isinstance(r, LocalCount) and r.period == str(year) and r.name for r in rows)
    record_signal(agent, w.category, area_code="BU00010909", observed_at=when)
    rows = services.wijkbeeld_counts(w.tenant_a, year=timezone.localtime(when).year)
    assert {r.value for r in rows if r.area_code == "BU00010909"} == {None}


def test_the_push_is_the_wijkbeelds_signals_source():
    services.register_with_wijkbeeld()
    assert count_source("signals") is services.push_counts_to_wijkbeeld


def test_processing_register_comes_from_the_covenant(client_for):
    w = build_world()
    beheerder = w.user(Role.BEHEERDER, "own")
    page = client_for(beheerder).get("/signalen/register/").content.decode()
    assert w.category.purpose in page and w.category.legal_basis in page and "Politie A" in page
    assert "Corporatie A" not in page.split("Deelnemende organisaties")[1].split("Verwerkingen")[0]
    pdf = client_for(beheerder).get("/signalen/register.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_demo_is_idempotent_and_visibility_matches_the_brief(demo):
    signals_demo.load()
    counts = (
        Signal.objects.count(),
        Case.objects.count(),
        Escalation.objects.count(),
        AccessGrant.objects.count(),
    )
    signals_demo.load()
    assert (
        Signal.objects.count(),
        Case.objects.count(),
        Escalation.objects.count(),
        AccessGrant.objects.count(),
    ) == counts
    assert selectors.signals_visible_to(demo["jongerenwerker"]).exists()
    assert (
        selectors.cases_visible_to(demo["jongerenwerker"])
        .exclude(status=Case.Status.CLOSED)
        .exists()
    )
    for username in ("corporatie", "oov-buur"):
        assert not selectors.signals_visible_to(demo[username]).exists()
        assert not selectors.cases_visible_to(demo[username]).exists()
        assert not selectors.persons_visible_to(demo[username]).exists()
    assert selectors.triage_queue(demo["regisseur"]).filter(source=Signal.Source.PUBLIC).exists()
