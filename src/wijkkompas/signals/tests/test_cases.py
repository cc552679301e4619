"""Cases: the go/no-go flow and its timeline, optimistic locking (a stale edit conflicts and keeps
the user's text), partners only from the covenant."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from wijkkompas.accounts.models import ApiToken
from wijkkompas.accounts.roles import Role
from wijkkompas.core.api_support import Conflict
from wijkkompas.signals import selectors, services
from wijkkompas.signals.models import (
    Case,
    Signal,
)

from .factories import build_world

pytestmark = pytest.mark.django_db


def test_case_flow_go_no_go_and_timeline():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    case = w.case
    statuses = [case.status]
    for step in range(len(Case.FLOW) - 1):
        with pytest.raises(ValidationError):
            services.transition_case(
                actor=regisseur, case=case, version=case.version, decision="go", reason=""
            )
        services.transition_case(
            actor=regisseur,
            case=case,
            version=case.version,
            decision="go",
            reason=f"Stap {step} afgerond",
        )
        statuses.append(case.status)
    assert statuses == [s.value for s in Case.FLOW]
    assert case.closed_at and Signal.objects.get(pk=w.signal.pk).closed_at
    with pytest.raises(ValidationError):
        services.transition_case(
            actor=regisseur, case=case, version=case.version, decision="go", reason="nog een stap"
        )
    other = services.create_case(actor=regisseur, title="Kort", summary="", category=w.category)
    services.transition_case(
        actor=regisseur,
        case=other,
        version=other.version,
        decision="no_go",
        reason="Signalen blijken niet te kloppen",
    )
    assert other.status == Case.Status.CLOSED
    timeline = selectors.case_timeline(regisseur, case)
    kinds = [e.kind for e in timeline]
    assert (
        "casus" in kinds
        and "signaal" in kinds
        and "besluit" in kinds
        and "overleg" in kinds
        and "interventie" in kinds
        and "escalatie" in kinds
    )
    assert [e.at for e in timeline] == sorted(e.at for e in timeline)
    # the meeting is still planned: the timeline must not say the case was discussed there
    meeting = next(e for e in timeline if e.kind == "overleg")
    assert w.meeting.status == "gepland"
    assert "Geagendeerd voor Casusoverleg A" in meeting.text and "Besproken" not in meeting.text
    w.meeting.status = "gehouden"
    w.meeting.save(update_fields=["status"])
    held = next(e for e in selectors.case_timeline(regisseur, case) if e.kind == "overleg")
    assert held.text == "Besproken in Casusoverleg A"


def test_stale_case_edit_conflicts_and_keeps_the_users_text(client_for):
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    stale = w.case.version
    services.update_case(
        actor=regisseur,
        case=Case.objects.get(pk=w.case.pk),
        version=stale,
        title="Eerst",
        summary="a",
        data_class=2,
        partners=[w.orgs["partner"]],
    )
    with pytest.raises(Conflict):
        services.update_case(
            actor=regisseur,
            case=Case.objects.get(pk=w.case.pk),
            version=stale,
            title="Later",
            summary="b",
            data_class=2,
            partners=[],
        )
    assert Case.objects.get(pk=w.case.pk).title == "Eerst"
    page = client_for(regisseur).post(
        f"/signalen/casussen/{w.case.pk}/bewerken/",
        {
            "title": "Mijn titel",
            "summary": "Mijn lange samenvatting die niet verloren mag gaan",
            "data_class": 2,
            "partners": [w.orgs["partner"].pk],
            "version": stale,
        },
    )
    html = page.content.decode()
    assert (
        page.status_code == 409
        and "intussen gewijzigd" in html
        and "Mijn lange samenvatting die niet verloren mag gaan" in html
    )
    api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(regisseur)}"})
    response = api.patch(
        f"/api/v1/cases/{w.case.pk}",
        json.dumps({"version": stale, "title": "API", "data_class": 2}),
        content_type="application/json",
    )
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 409 and body["current"]["version"] == stale + 1 and body["detail"]
    assert Case.objects.get(pk=w.case.pk).title == "Eerst"


def test_case_partners_must_be_covenant_parties():
    w = build_world()
    with pytest.raises(ValidationError) as err:
        services.create_case(
            actor=w.user(Role.PROCESREGISSEUR, "own"),
            title="X",
            summary="",
            category=w.category,
            partners=[w.orgs["nonpartner"]],
        )
    assert "Corporatie A" in str(err.value)
