"""Audit completeness: every view and API endpoint that reads person-related data leaves exactly
one audit row per request (who, what, and for person records why); every change leaves one too.
The lists below are checked against the URL patterns and API operations, so a new endpoint that
is not classified makes this test fail."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import get_resolver

from wijkkompas.accounts import audit_shred
from wijkkompas.accounts.models import ApiToken, AuditEvent
from wijkkompas.accounts.roles import Role

from .factories import build_world

# URL name -> (user role, method, path template, data). Paths use {s} signal, {p} person, {k}
# case, {m} meeting, {i} intervention, {e} escalation.
PERSON_RELATED_VIEWS = {
    "signals:signal_list": (Role.PROCESREGISSEUR, "get", "/signalen/meldingen/", None),
    "signals:triage_queue": (Role.PROCESREGISSEUR, "get", "/signalen/triage/", None),
    "signals:signal": (Role.PROCESREGISSEUR, "get", "/signalen/meldingen/{s}/", None),
    "signals:signal_export": (Role.PROCESREGISSEUR, "get", "/signalen/meldingen/export.csv", None),
    "signals:person_list": (Role.PROCESREGISSEUR, "get", "/signalen/personen/", None),
    "signals:person": (
        Role.PROCESREGISSEUR,
        "post",
        "/signalen/personen/{p}/",
        {"reason": "Voorbereiding casusoverleg"},
    ),
    "signals:person_export": (
        Role.BEHEERDER,
        "post",
        "/signalen/personen/{p}/inzage/",
        {"reason": "Inzageverzoek betrokkene"},
    ),
    "signals:case": (Role.PROCESREGISSEUR, "get", "/signalen/casussen/{k}/", None),
    "signals:case_export": (
        Role.PROCESREGISSEUR,
        "get",
        "/signalen/casussen/{k}/tijdlijn.csv",
        None,
    ),
    "signals:meeting": (Role.PROCESREGISSEUR, "get", "/signalen/overleggen/{m}/", None),
    "signals:meeting_export": (
        Role.PROCESREGISSEUR,
        "get",
        "/signalen/overleggen/{m}/verslag.pdf",
        None,
    ),
    "signals:intervention": (Role.PROCESREGISSEUR, "get", "/signalen/interventies/{i}/", None),
    "signals:escalation": (Role.PROCESREGISSEUR, "get", "/signalen/escalaties/{e}/", None),
    "signals:case_list": (Role.PROCESREGISSEUR, "get", "/signalen/casussen/", None),
    "signals:intervention_list": (Role.PROCESREGISSEUR, "get", "/signalen/interventies/", None),
    "signals:intervention_export": (
        Role.PROCESREGISSEUR,
        "get",
        "/signalen/interventies/export.csv",
        None,
    ),
    "signals:escalation_list": (Role.PROCESREGISSEUR, "get", "/signalen/escalaties/", None),
    "signals:meeting_list": (Role.PROCESREGISSEUR, "get", "/signalen/overleggen/", None),
    "signals:escalation_export": (
        Role.PROCESREGISSEUR,
        "get",
        "/signalen/escalaties/{e}/verslag.pdf",
        None,
    ),
}
# Views that show no person-related data (forms, aggregates, configuration) or only write
# (writes are audited by their service; see test_every_change_is_audited).
NOT_PERSON_RELATED_VIEWS = {
    "signals:index",
    "signals:public_report",
    "signals:public_report_done",
    "signals:public_status",  # the reporter's status page: a status and dates, audited anyway
    "signals:signal_create",
    "signals:signal_triage",
    "signals:signal_edit",
    "signals:signal_feedback",
    "signals:person_edit",
    "signals:access_request",
    "signals:case_create",
    "signals:case_edit",
    "signals:case_transition",
    "signals:intervention_create",
    "signals:escalation_create",
    "signals:meeting_create",
    "signals:meeting_edit",
    "signals:meeting_delete",
    "signals:meeting_agenda_add",
    "signals:agenda_decisions",
    "signals:agenda_contribution",
    "signals:agenda_action",
    "signals:intervention_edit",
    "signals:escalation_decide",
    "signals:stats",
    "signals:register",
    "signals:register_pdf",
    "signals:privacy",
}
PERSON_RELATED_API = {
    "list_signals": (Role.PROCESREGISSEUR, "/api/v1/signals"),
    "get_signal": (Role.PROCESREGISSEUR, "/api/v1/signals/{s}"),
    "export_signals": (Role.PROCESREGISSEUR, "/api/v1/signals/export"),
    "list_persons": (Role.PROCESREGISSEUR, "/api/v1/persons"),
    "get_person": (Role.PROCESREGISSEUR, "/api/v1/persons/{p}"),
    "export_person_access": (
        Role.BEHEERDER,
        "/api/v1/persons/{p}/access-export",
    ),
    "get_case": (Role.PROCESREGISSEUR, "/api/v1/cases/{k}"),
    "get_case_timeline": (Role.PROCESREGISSEUR, "/api/v1/cases/{k}/timeline"),
    "export_case": (Role.PROCESREGISSEUR, "/api/v1/cases/{k}/export"),
    "get_meeting": (Role.PROCESREGISSEUR, "/api/v1/meetings/{m}"),
    "export_meeting_minutes": (Role.PROCESREGISSEUR, "/api/v1/meetings/{m}/minutes"),
    "get_intervention": (Role.PROCESREGISSEUR, "/api/v1/interventions/{i}"),
    "get_escalation": (Role.PROCESREGISSEUR, "/api/v1/escalations/{e}"),
    "list_cases": (Role.PROCESREGISSEUR, "/api/v1/cases"),
    "list_interventions": (Role.PROCESREGISSEUR, "/api/v1/interventions"),
    "export_interventions": (Role.PROCESREGISSEUR, "/api/v1/interventions/export"),
    "list_escalations": (Role.PROCESREGISSEUR, "/api/v1/escalations"),
    "list_meetings": (Role.PROCESREGISSEUR, "/api/v1/meetings"),
    "export_escalation": (Role.PROCESREGISSEUR, "/api/v1/escalations/{e}/export"),
}
NOT_PERSON_RELATED_API = {
    "list_signal_categories",
    "list_signal_counts",
    "get_processing_register",
    # writes (audited by their services)
    "create_signal",
    "update_signal",
    "triage_signal",
    "give_signal_feedback",
    "update_person",
    "create_case",
    "update_case",
    "transition_case",
    "create_meeting",
    "update_meeting",
    "delete_meeting",
    "create_intervention",
    "update_intervention",
    "create_escalation",
    "decide_escalation",
    "add_meeting_agenda_item",
    "add_meeting_contribution",
    "record_meeting_decisions",
    "add_meeting_action_item",
}


def _fill(template: str, w) -> str:
    return template.format(
        s=w.signal.pk,
        p=w.person.pk,
        k=w.case.pk,
        m=w.meeting.pk,
        i=w.intervention.pk,
        e=w.escalation.pk,
    )


def _signals_url_names() -> set[str]:
    resolver = get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "signals":
            names |= {f"signals:{p.name}" for p in pattern.url_patterns if p.name}
    return names


def _signals_operation_ids() -> set[str]:
    from wijkkompas.signals.api import router

    ids = set()
    for path_view in router.path_operations.values():
        ids |= {op.operation_id for op in path_view.operations}
    return ids


def test_every_signals_view_and_operation_is_classified():
    assert _signals_url_names() == set(PERSON_RELATED_VIEWS) | NOT_PERSON_RELATED_VIEWS
    assert _signals_operation_ids() == set(PERSON_RELATED_API) | NOT_PERSON_RELATED_API


@pytest.mark.django_db
def test_every_person_related_view_writes_one_audit_row():
    w = build_world()
    for name, (role, method, template, data) in PERSON_RELATED_VIEWS.items():
        user = w.user(role, "own")
        client = Client()
        client.force_login(user)
        before = AuditEvent.objects.count()
        response = getattr(client, method)(_fill(template, w), data or {})
        assert response.status_code == 200, (name, response.status_code)
        rows = list(AuditEvent.objects.order_by("id")[before:])
        assert len(rows) == 1, (name, [r.action for r in rows])
        assert rows[0].actor_username == user.username
        assert rows[0].tenant_id == w.tenant_a.pk
        if data and "reason" in data:
            assert audit_shred.readable(rows[0])[0] == data["reason"], name


@pytest.mark.django_db
def test_every_person_related_api_endpoint_writes_one_audit_row():
    w = build_world()
    for operation, (role, template) in PERSON_RELATED_API.items():
        user = w.user(role, "own")
        client = Client(
            headers={"Authorization": f"Bearer {ApiToken.issue(user)}", "X-Reden": "Controle"}
        )
        before = AuditEvent.objects.count()
        response = client.get(_fill(template, w))
        assert response.status_code == 200, (
            operation,
            response.status_code,
            response.content[:300],
        )
        rows = list(AuditEvent.objects.order_by("id")[before:])
        assert len(rows) == 1, (operation, [r.action for r in rows])
        assert rows[0].actor_username == user.username


@pytest.mark.django_db
def test_opening_a_person_record_requires_a_reason(client_for):
    w = build_world()
    client = client_for(w.user(Role.PROCESREGISSEUR, "own"))
    before = AuditEvent.objects.count()
    page = client.get(f"/signalen/personen/{w.person.pk}/")
    assert page.status_code == 200 and "Waarom opent u dit dossier?" in page.content.decode()
    assert "Test Jongere" not in page.content.decode()
    refused = client.post(f"/signalen/personen/{w.person.pk}/", {"reason": ""})
    assert "Test Jongere" not in refused.content.decode()
    assert AuditEvent.objects.count() == before
    api = Client(
        headers={"Authorization": f"Bearer {ApiToken.issue(w.user(Role.PROCESREGISSEUR, 'own'))}"}
    )
    assert api.get(f"/api/v1/persons/{w.person.pk}").status_code == 422
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_every_change_is_audited():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(regisseur)}"})

    def one_row(method: str, url: str, payload: dict, action: str, status: int) -> None:
        before = AuditEvent.objects.count()
        response = getattr(api, method)(url, json.dumps(payload), content_type="application/json")
        assert response.status_code == status, (url, response.content[:300])
        actions = list(AuditEvent.objects.order_by("id")[before:].values_list("action", flat=True))
        assert action in actions, (url, actions)

    one_row(
        "patch",
        f"/api/v1/persons/{w.person.pk}",
        {
            "reason": "typefout",
            "name": "Test Jongere",
            "birth_date": "2010-01-02",
            "version": w.person.version,
        },
        "person_edited",
        200,
    )
    w.case.refresh_from_db()
    one_row(
        "patch",
        f"/api/v1/cases/{w.case.pk}",
        {
            "version": w.case.version,
            "title": "Casus A",
            "data_class": 2,
            "partner_ids": [w.orgs["partner"].pk],
        },
        "case_edited",
        200,
    )
    w.case.refresh_from_db()
    one_row(
        "post",
        f"/api/v1/cases/{w.case.pk}/transitions",
        {"decision": "go", "reason": "Genoeg feiten", "version": w.case.version},
        "case_transition",
        201,
    )
    one_row(
        "post",
        "/api/v1/signals",
        {
            "category": "cat-a",
            "description": "Nieuw",
            "observed_at": "2026-01-01T10:00:00+01:00",
            "basis": "feit",
            "observation": "eigen",
            "subject": {"kind": "persoon", "name": "Ander Kind", "birth_date": "2011-02-03"},
        },
        "person_created",
        201,
    )
    event = AuditEvent.objects.filter(action="person_edited").get()
    assert (
        audit_shred.readable(event)[0] == "typefout" and event.actor_username == regisseur.username
    )


LIST_API = {op for op in PERSON_RELATED_API if op.startswith("list_")}


@pytest.mark.django_db
def test_a_list_page_records_exactly_the_ids_it_answered():
    w = build_world()
    user = w.user(Role.PROCESREGISSEUR, "own")
    client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})
    for operation in sorted(LIST_API):
        template = PERSON_RELATED_API[operation][1]
        for page_size in (1, 50):
            before = AuditEvent.objects.count()
            answer = client.get(_fill(template, w), {"page_size": page_size}).json()
            (row,) = AuditEvent.objects.order_by("id")[before:]
            shown = [item["id"] for item in answer["results"]]
            assert shown, operation
            assert row.detail["ids"] == shown, operation
            assert row.action.endswith("_listed")


def _refusers(w) -> list:
    """A role that may not see the object in its own tenant, and the right role elsewhere."""
    return [w.user(Role.BESTUURDER, "own"), w.user(Role.PROCESREGISSEUR, "other")]


@pytest.mark.django_db
def test_every_refused_read_writes_one_audit_row():
    """403 or 404 on an object that exists: one row naming what was refused, HTML and API."""
    w = build_world()
    html = {n: v[2] for n, v in PERSON_RELATED_VIEWS.items() if v[1] == "get" and "{" in v[2]}
    api = {n: v[1] for n, v in PERSON_RELATED_API.items() if "{" in v[1]}
    tried = 0
    for user in _refusers(w):
        browser = Client()
        browser.force_login(user)
        token = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})
        for name, template in [*html.items(), *api.items()]:
            client = token if name in api else browser
            before = AuditEvent.objects.count()
            response = client.get(_fill(template, w))
            assert response.status_code in (403, 404), (name, user.username)
            rows = list(AuditEvent.objects.order_by("id")[before:])
            assert [r.action for r in rows] in (["access_denied"], ["access_hidden"]), name
            assert rows[0].actor_username == user.username and rows[0].object_id, name
            tried += 1
    assert tried == 2 * (len(html) + len(api))


@pytest.mark.django_db
def test_a_request_for_an_object_that_does_not_exist_names_no_data(client_for):
    w = build_world()
    client = client_for(w.user(Role.PROCESREGISSEUR, "own"))
    before = AuditEvent.objects.count()
    assert client.get("/signalen/casussen/987654/").status_code == 404
    assert AuditEvent.objects.count() == before
