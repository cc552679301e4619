"""Covenant grants and data classes decide what a partner sees; persons are pseudonyms with
encrypted identifying fields, shown only with a grant that allows it, and opened with a reason."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client

from wijkkompas.accounts import audit_shred, policy
from wijkkompas.accounts.models import ApiToken, AuditEvent, User
from wijkkompas.accounts.roles import Role
from wijkkompas.signals import selectors, services
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    DataClass,
    Signal,
    Subject,
)

from .factories import build_world, record_signal

pytestmark = pytest.mark.django_db


def test_grant_level_decides_what_a_partner_sees():
    w = build_world()
    youth_worker = User.objects.create(
        username="jw", organisation=w.orgs["partner"], roles=[Role.PROFESSIONAL], password="!"
    )
    AccessGrant.objects.filter(organisation=w.orgs["partner"], role=Role.PROFESSIONAL).update(
        max_data_class=DataClass.GEWOON, may_identify=False
    )
    plain = record_signal(
        w.user(Role.PROCESREGISSEUR, "own"), w.category, description="Hangplek druk bezocht"
    )
    services.triage_signal(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        signal=plain,
        decision="toevoegen",
        reason="Zelfde plek",
        case=w.case,
    )
    visible = set(selectors.signals_visible_to(youth_worker).values_list("pk", flat=True))
    assert plain.pk in visible  # gewoon: shared through the case
    assert w.signal.pk not in visible  # persoonsgegevens: above the grant
    assert not policy.can(youth_worker, "view", "case", w.case)  # the case holds personal data
    assert not selectors.persons_visible_to(youth_worker).exists()


def test_non_party_organisation_sees_nothing_even_with_a_grant():
    w = build_world()
    outsider = w.user(Role.PROFESSIONAL, "nonpartner")
    assert AccessGrant.objects.filter(organisation=w.orgs["nonpartner"]).exists()
    assert not selectors.signals_visible_to(outsider).exists()
    with pytest.raises(PermissionDenied):
        record_signal(outsider, w.category)


def test_person_fields_are_encrypted_at_rest_and_pseudonymised():
    w = build_world()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity_encrypted, label, pseudonym FROM signals_subject WHERE id = %s",
            [w.person.pk],
        )
        encrypted, label, pseudonym = cursor.fetchone()
    assert "Test Jongere" not in encrypted and "2010-01-02" not in encrypted
    assert label == pseudonym and pseudonym.startswith("P-")
    assert services.person_identity(w.person)["naam"] == "Test Jongere"
    # The same person reported by another professional gets the same pseudonym, not a new record.
    again = record_signal(
        w.user(Role.PROFESSIONAL, "own"),
        w.category,
        subject=services.SubjectInput(
            kind="persoon", name="  test   jongere ", birth_date=date(2010, 1, 2)
        ),
    )
    assert again.subject_id == w.person.pk and again.data_class == DataClass.PERSOONSGEGEVENS


def test_identity_shown_only_with_may_identify():
    w = build_world()
    AccessGrant.objects.filter(organisation=w.orgs["partner"], role=Role.PROFESSIONAL).update(
        may_identify=False
    )
    agent = w.user(Role.PROFESSIONAL, "partner")
    record = selectors.person_record(agent, w.person, reason="Casusoverleg")
    assert record.identity is None and record.person.pseudonym
    regisseur_record = selectors.person_record(
        w.user(Role.PROCESREGISSEUR, "own"), w.person, reason="Triage"
    )
    assert regisseur_record.identity["naam"] == "Test Jongere"
    rows = AuditEvent.objects.filter(action="person_viewed").order_by("id")
    assert [r.detail["identity_shown"] for r in rows] == [False, True]


def test_no_scoring_of_persons_anywhere():
    names = {f.name for model in (Subject, Signal, Case) for f in model._meta.get_fields()}
    assert not {n for n in names if "score" in n or "risk" in n or "rank" in n}


def test_api_person_reason_may_come_in_a_header():
    w = build_world()
    api = Client(
        headers={
            "Authorization": f"Bearer {ApiToken.issue(w.user(Role.PROCESREGISSEUR, 'own'))}",
            "X-Reden": "Voorbereiding casusoverleg",
        }
    )
    response = api.get(f"/api/v1/persons/{w.person.pk}")
    assert response.status_code == 200 and response.json()["identity"]["naam"] == "Test Jongere"
    views = AuditEvent.objects.filter(action="person_viewed")
    assert "Voorbereiding casusoverleg" in {audit_shred.readable(v)[0] for v in views}


def test_access_export_contains_everything_about_the_person(client_for):
    w = build_world()
    selectors.person_record(
        w.user(Role.PROCESREGISSEUR, "own"), w.person, reason="Voorbereiding overleg"
    )
    beheerder = w.user(Role.BEHEERDER, "own")
    found = client_for(beheerder).post(
        "/signalen/inzageverzoek/", {"name": "Test Jongere", "birth_date": "2010-01-02"}
    )
    assert found.status_code == 302 and found["Location"].endswith(
        f"/personen/{w.person.pk}/inzage/"
    )
    response = client_for(beheerder).post(
        f"/signalen/personen/{w.person.pk}/inzage/", {"reason": "Verzoek van betrokkene"}
    )
    data = json.loads(response.content)
    assert data["identificerende_gegevens"]["naam"] == "Test Jongere"
    assert data["signalen"][0]["grondslag"] == w.category.legal_basis
    # every record names its own basis, source and the date until which it is kept
    w.signal.refresh_from_db()
    assert data["signalen"][0]["bron"] == "Gemeente A"
    assert data["signalen"][0]["bewaard_tot"] == w.signal.retain_until.isoformat()
    assert data["casussen"][0]["bewaard_tot"] == w.signal.retain_until.isoformat()
    assert data["bewaard_tot"] == w.signal.retain_until.isoformat()
    assert data["casussen"][0]["verstrekt_aan"][0]["organisatie"] == "Politie A"
    assert any(r["reden"] == "Voorbereiding overleg" for r in data["inzage_door_gebruikers"])
    # the export names the same data categories and terms as the register
    (entry,) = [
        e
        for e in selectors.processing_register(w.tenant_a.pk)["entries"]
        if e.category == w.category
    ]
    (processing,) = data["verwerking_volgens_het_register"]
    assert processing["gegevenscategorieen"] == entry.field_categories
    assert [t["termijn"] for t in processing["bewaartermijnen"]] == [t.term for t in entry.terms]
