"""Triage by the coordinating procesregisseur: each decision logged with its reason, forwarding
within the covenant, and fixed-text feedback that reveals nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wijkkompas.accounts import audit_shred, policy
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.signals import services
from wijkkompas.signals.models import (
    AccessGrant,
    DataClass,
    Feedback,
    Signal,
    TriageDecision,
)

from .factories import build_world, record_signal

pytestmark = pytest.mark.django_db


def test_triage_decisions_are_logged_with_reason():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    reporter = w.user(Role.PROFESSIONAL, "partner")
    s1, s2, s3, s4 = (
        record_signal(reporter, w.category, description=f"Signaal {n}") for n in range(4)
    )
    with pytest.raises(ValidationError):
        services.triage_signal(actor=regisseur, signal=s1, decision="afwijzen", reason="  ")
    services.triage_signal(
        actor=regisseur, signal=s1, decision="afwijzen", reason="Geen aanwijzing voor ondermijning"
    )
    services.triage_signal(
        actor=regisseur, signal=s2, decision="urgent", reason="Jongere in direct gevaar"
    )
    d3 = services.triage_signal(
        actor=regisseur,
        signal=s3,
        decision="casus",
        reason="Nieuw patroon",
        case_title="Nieuwe casus",
    )
    services.triage_signal(
        actor=regisseur,
        signal=s4,
        decision="doorsturen",
        reason="Politie pakt op",
        organisation=w.orgs["partner"],
    )
    s1.refresh_from_db(), s2.refresh_from_db(), s3.refresh_from_db(), s4.refresh_from_db()
    assert s1.status == Signal.Status.DISMISSED and s1.closed_at
    assert s2.urgency == Signal.Urgency.URGENT and s2.status == Signal.Status.NEW
    assert s3.case_id == d3.case_id and s3.status == Signal.Status.IN_CASE
    assert w.orgs["partner"] in d3.case.partners.all()  # the reporting partner joins the case
    assert s4.status == Signal.Status.FORWARDED and w.orgs["partner"] in s4.forwarded_to.all()
    assert TriageDecision.objects.filter(signal__in=[s1, s2, s3, s4]).count() == 4
    reasons = {
        audit_shred.readable(e)[0]
        for e in AuditEvent.objects.filter(action__startswith="signal_triage_")
    }
    assert {
        "Geen aanwijzing voor ondermijning",
        "Jongere in direct gevaar",
        "Nieuw patroon",
        "Politie pakt op",
    } <= reasons
    with pytest.raises(ValidationError):
        services.triage_signal(actor=regisseur, signal=s1, decision="urgent", reason="Nogmaals")


def test_forwarding_respects_the_covenant():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    signal = record_signal(regisseur, w.category)
    with pytest.raises(ValidationError) as err:
        services.triage_signal(
            actor=regisseur,
            signal=signal,
            decision="doorsturen",
            reason="x",
            organisation=w.orgs["nonpartner"],
        )
    assert "neemt niet deel" in str(err.value)
    AccessGrant.objects.filter(organisation=w.orgs["partner"]).update(
        max_data_class=DataClass.GEWOON
    )
    person_signal = record_signal(
        regisseur,
        w.category,
        subject=services.SubjectInput(
            kind="persoon", name="Iemand Anders", birth_date=date(2009, 9, 9)
        ),
    )
    with pytest.raises(ValidationError) as err:
        services.triage_signal(
            actor=regisseur,
            signal=person_signal,
            decision="doorsturen",
            reason="x",
            organisation=w.orgs["partner"],
        )
    assert "mag" in str(err.value)


def test_only_the_coordinating_regisseur_triages():
    w = build_world()
    signal = record_signal(w.user(Role.PROFESSIONAL, "partner"), w.category)
    assert policy.can(w.user(Role.PROCESREGISSEUR, "own"), "triage", "signal", signal)
    assert not policy.can(w.user(Role.PROCESREGISSEUR, "partner"), "triage", "signal", signal)
    assert not policy.can(w.user(Role.PROFESSIONAL, "own"), "triage", "signal", signal)


def test_feedback_reveals_nothing_and_is_tracked():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    reporter = w.user(Role.PROFESSIONAL, "partner")
    signal = record_signal(reporter, w.category)
    with pytest.raises(ValidationError):
        services.give_feedback(
            actor=regisseur,
            signal=signal,
            message="Het gaat om de zoon van de buren",
            channel="app",
        )
    services.give_feedback(actor=regisseur, signal=signal, message="in_behandeling", channel="app")
    assert (
        Feedback.objects.get(signal=signal)
        .get_message_display()
        .startswith("Er wordt iets met uw signaal gedaan")
    )
    public = Signal.objects.create(
        tenant=w.tenant_a,
        category=w.category,
        source=Signal.Source.PUBLIC,
        observed_at=timezone.now(),
        description="x",
        basis="aanname",
        observation="eigen",
    )
    with pytest.raises(ValidationError):
        services.give_feedback(
            actor=regisseur, signal=public, message="ontvangen", channel="email"
        )  # no contact details
    with pytest.raises(PermissionDenied):
        services.give_feedback(
            actor=w.user(Role.PROFESSIONAL, "own"),
            signal=signal,
            message="ontvangen",
            channel="app",
        )


def test_signal_page_shows_urgency_and_contact_in_dutch(client_for):
    from django.test import Client

    from .test_public import _public_post

    w = build_world()
    _public_post(Client(), w, contact_email="bewoner@example.org", wants_feedback="on")
    signal = Signal.objects.get(source=Signal.Source.PUBLIC)
    page = client_for(w.user(Role.PROCESREGISSEUR, "own")).get(f"/signalen/meldingen/{signal.pk}/")
    html = page.content.decode()
    assert f"<dt>Urgentie</dt><dd>{signal.get_urgency_display()}</dd>" in html
    assert "e-mail: bewoner@example.org" in html and "email:" not in html


def test_an_organisation_outside_the_covenant_is_told_so_not_shown_empty_lists(client_for):
    from django.urls import reverse

    w = build_world()
    client = client_for(w.user(Role.PROFESSIONAL, "nonpartner"))
    index = client.get(reverse("signals:index")).content.decode()
    assert "neemt niet deel aan het convenant" in index and "Mijn recente signalen" not in index
    for name in ("signal_list", "case_list", "meeting_list", "intervention_list"):
        response = client.get(reverse(f"signals:{name}"))
        if response.status_code == 200:
            assert "neemt niet deel aan het convenant" in response.content.decode(), name
    partner = client_for(w.user(Role.PROFESSIONAL, "partner"))
    assert "neemt niet deel" not in partner.get(reverse("signals:index")).content.decode()
