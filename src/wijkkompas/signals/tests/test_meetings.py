"""Casusoverleg, interventions and escalation: participants from the covenant, minutes as PDF,
the casusoverleg through the API, results required to close an intervention, four eyes on an
escalation and the frozen record of what was shared."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from wijkkompas.accounts import audit_shred, policy
from wijkkompas.accounts.models import ApiToken, AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.signals import services
from wijkkompas.signals.models import (
    Case,
)
from wijkkompas.signals.services.escalations import shared_content

from .factories import build_world

pytestmark = pytest.mark.django_db


def test_meeting_participants_limited_to_partners_and_minutes_pdf(client_for):
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    with pytest.raises(ValidationError):
        services.create_meeting(
            actor=regisseur,
            title="X",
            starts_at=timezone.now(),
            participants=[w.orgs["nonpartner"]],
        )
    item = w.meeting.agenda.get()
    services.add_contribution(
        actor=w.user(Role.PROFESSIONAL, "partner"),
        item=item,
        text="Politie kent de auto uit eerdere controles.",
    )
    services.record_decisions(
        actor=regisseur,
        item=item,
        version=item.version,
        decisions="Mentortraject starten; ouders uitnodigen.",
    )
    services.add_action_item(
        actor=regisseur,
        item=item,
        description="Ouders uitnodigen",
        owner=w.orgs["partner"],
        due_date=date.today(),
    )
    with pytest.raises(ValidationError):
        services.add_action_item(
            actor=regisseur, item=item, description="x", owner=w.orgs["nonpartner"], due_date=None
        )
    reader = w.user(Role.PROFESSIONAL, "partner")
    response = client_for(reader).get(f"/signalen/overleggen/{w.meeting.pk}/verslag.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    # the organisation it was made for is named ("Gemaakt voor  op …" left it out)
    assert f"Gemaakt voor {reader.organisation.name} op" in " ".join(text.split()), text[:400]
    assert (
        "Politie kent de auto" in text
        and "Mentortraject starten" in text
        and "Ouders uitnodigen" in text
    )


def test_casusoverleg_through_the_api():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    partner = w.user(Role.PROFESSIONAL, "partner")
    outsider = w.user(Role.PROFESSIONAL, "nonpartner")

    def api(user):
        return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})

    url = f"/api/v1/meetings/{w.meeting.pk}/agenda/{w.case.pk}"
    r = api(partner).post(
        f"{url}/contributions",
        json.dumps({"text": "Politie: auto bekend van eerdere controles."}),
        content_type="application/json",
    )
    assert r.status_code == 201
    assert (
        api(outsider)
        .post(f"{url}/contributions", json.dumps({"text": "x"}), content_type="application/json")
        .status_code
        == 404
    )
    version = w.meeting.agenda.get().version
    assert (
        api(partner)
        .put(
            f"{url}/decisions",
            json.dumps({"text": "x", "version": version}),
            content_type="application/json",
        )
        .status_code
        == 403
    )
    r = api(regisseur).put(
        f"{url}/decisions",
        json.dumps({"text": "Mentortraject starten.", "version": version}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["agenda"][0]["decisions"] == "Mentortraject starten."
    assert r.json()["agenda"][0]["version"] == version + 1
    r = api(regisseur).post(
        f"{url}/actions",
        json.dumps({"description": "Ouders uitnodigen", "owner_id": w.orgs["nonpartner"].pk}),
        content_type="application/json",
    )
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"
    r = api(regisseur).post(
        f"{url}/actions",
        json.dumps({"description": "Ouders uitnodigen", "owner_id": w.orgs["partner"].pk}),
        content_type="application/json",
    )
    assert r.status_code == 201
    again = api(regisseur).post(
        f"/api/v1/meetings/{w.meeting.pk}/agenda",
        json.dumps({"case_id": w.case.pk}),
        content_type="application/json",
    )
    assert again.status_code == 422 and "al op de agenda" in again.json()["detail"]


def test_intervention_owner_updates_and_result_required():
    w = build_world()
    professional = w.user(Role.PROFESSIONAL, "own")
    with pytest.raises(ValidationError):
        services.update_intervention(
            actor=professional,
            intervention=w.intervention,
            version=w.intervention.version,
            status="afgerond",
            result="",
            due_date=None,
        )
    services.update_intervention(
        actor=professional,
        intervention=w.intervention,
        version=w.intervention.version,
        status="afgerond",
        result="Jongere heeft bijbaan en gaat weer naar school.",
        due_date=None,
    )
    w.intervention.refresh_from_db()
    assert w.intervention.status == "afgerond" and w.intervention.version == 2


def test_escalation_is_four_eyes_and_freezes_what_was_shared():
    w = build_world()
    regisseur, oov = w.user(Role.PROCESREGISSEUR, "own"), w.user(Role.OOV_ADVISEUR, "own")
    receiver = w.user(Role.ANALIST, "partner")
    with pytest.raises(ValidationError):
        services.request_escalation(
            actor=regisseur,
            case=w.case,
            track="riec",
            target=w.orgs["partner"],
            legal_basis="",
            reason="x",
            share=["casus"],
        )
    e = services.request_escalation(
        actor=regisseur,
        case=w.case,
        track="riec",
        target=w.orgs["partner"],
        legal_basis="Convenant art. 7",
        reason="Bibob-toets nodig",
        share=["casus", "personen"],
    )
    # Only the selection is stored before approval; the content is frozen when it is approved.
    assert e.shared == {"onderdelen": ["casus", "personen"]}
    assert not policy.can(receiver, "view", "escalation", e)  # not before approval
    assert not policy.can(regisseur, "approve", "escalation", e)  # not by the requester
    with pytest.raises(PermissionDenied):
        services.decide_escalation(actor=regisseur, escalation=e, approve=True, note="zelf")
    services.decide_escalation(
        actor=oov, escalation=e, approve=True, note="Akkoord, grondslag klopt"
    )
    assert policy.can(receiver, "view", "escalation", e)
    current = Case.objects.get(pk=w.case.pk)
    services.update_case(
        actor=regisseur,
        case=current,
        version=current.version,
        title="Nieuwe titel",
        summary="",
        data_class=2,
        partners=[w.orgs["partner"]],
    )
    e.refresh_from_db()
    handed_over = shared_content(e)
    assert handed_over["casus"]["titel"] == "Casus A"  # what was handed over, not today's state
    assert handed_over["personen"][0]["naam"] == "Test Jongere" and "signalen" not in handed_over
    approvals = AuditEvent.objects.filter(action="escalation_approved")
    assert "Akkoord, grondslag klopt" in {audit_shred.readable(a)[0] for a in approvals}


def test_deleting_a_meeting_is_called_deleting(client_for):
    """The meeting page's delete link said "Annuleren" (which reads as "leave this page")."""
    w = build_world()
    client = client_for(w.user(Role.PROCESREGISSEUR, "own"))
    page = client.get(w.meeting.get_absolute_url()).content.decode()
    delete_url = reverse("signals:meeting_delete", args=[w.meeting.pk])
    link = page.split(f'href="{delete_url}"')[1].split("</a>")[0]
    assert "verwijderen" in link and "Annuleren" not in link
    confirm = client.get(delete_url).content.decode()
    assert "Definitief verwijderen" in confirm and "kan niet ongedaan" in confirm
