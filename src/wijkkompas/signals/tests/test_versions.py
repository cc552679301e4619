"""Optimistic locking on the person corrections and the decisions of a casusoverleg, proven by
attack: two people read the same person (or agenda item), both write; the second write is refused
with 409 and the first one's change survives, over the API and in the HTML forms. A write that
does not name a version is refused too, and every accepted write raises the version by one."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from wijkkompas.accounts.models import ApiToken, AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.core.versioning import MISSING_VERSION
from wijkkompas.signals import services
from wijkkompas.signals.models import AgendaItem, Subject
from wijkkompas.signals.services.meetings import DECISIONS_CONFLICT
from wijkkompas.signals.services.persons import PERSON_CONFLICT

from .factories import build_world, colleague

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def _json(client: Client, method: str, url: str, data: dict):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def _version_in(html: str) -> int:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "no version field in the form"
    return int(found.group(1))


def _identity(person: Subject) -> dict:
    person.refresh_from_db()
    return services.person_identity(person)


@pytest.fixture
def world():
    w = build_world()
    w.extra["first"] = w.user(Role.PROCESREGISSEUR, "own")
    w.extra["second"] = colleague(w, Role.PROCESREGISSEUR, "own")
    return w


def _person_patch(version: int | None, name: str) -> dict:
    body = {"reason": "Correctie", "name": name, "birth_date": "2010-01-02", "address": "Laan 1"}
    return body if version is None else {**body, "version": version}


# --- Persons -------------------------------------------------------------------------------------


def test_person_api_second_writer_gets_409_and_first_change_survives(world):
    w = world
    first, second = _api(w.extra["first"]), _api(w.extra["second"])
    url = f"/api/v1/persons/{w.person.pk}"
    read_1 = first.get(url, headers={"X-Reden": "Correctie naam"}).json()["version"]
    read_2 = second.get(url, headers={"X-Reden": "Correctie adres"}).json()["version"]
    assert read_1 == read_2 == 1

    r1 = _json(first, "patch", url, _person_patch(read_1, "Eerste Correctie"))
    assert r1.status_code == 200 and r1.json()["version"] == read_1 + 1
    r2 = _json(second, "patch", url, _person_patch(read_2, "Tweede Correctie"))
    assert r2.status_code == 409 and r2["Content-Type"] == PROBLEM
    body = r2.json()
    assert body["detail"] == PERSON_CONFLICT and body["current"] == {"version": read_1 + 1}

    assert _identity(w.person)["naam"] == "Eerste Correctie"
    assert w.person.version == read_1 + 1
    assert AuditEvent.objects.filter(action="person_edited").count() == 1

    # Having reloaded, the second writer names the new version and overwrites deliberately.
    r3 = _json(second, "patch", url, _person_patch(body["current"]["version"], "Tweede Correctie"))
    assert r3.status_code == 200 and r3.json()["version"] == read_1 + 2
    assert _identity(w.person)["naam"] == "Tweede Correctie"


def test_person_api_write_without_version_is_a_conflict(world):
    w = world
    r = _json(
        _api(w.extra["first"]),
        "patch",
        f"/api/v1/persons/{w.person.pk}",
        _person_patch(None, "Zonder Versie"),
    )
    assert r.status_code == 409 and r["Content-Type"] == PROBLEM
    assert r.json()["detail"] == MISSING_VERSION and r.json()["current"] == {"version": 1}
    assert _identity(w.person)["naam"] == "Test Jongere" and w.person.version == 1
    assert not AuditEvent.objects.filter(action="person_edited").exists()


def test_person_list_shows_the_version(world):
    r = _api(world.extra["first"]).get("/api/v1/persons")
    assert r.status_code == 200
    assert {p["id"]: p["version"] for p in r.json()["results"]}[world.person.pk] == 1


def test_person_form_second_writer_gets_409_page_that_keeps_the_input(world, client_for):
    w = world
    first, second = client_for(w.extra["first"]), client_for(w.extra["second"])
    url = f"/signalen/personen/{w.person.pk}/bewerken/"
    read_1 = _version_in(first.get(url).content.decode())
    read_2 = _version_in(second.get(url).content.decode())
    assert read_1 == read_2 == 1

    form_1 = {**_person_patch(read_1, "Eerste Correctie"), "reason": "Typefout in naam"}
    assert first.post(url, form_1).status_code == 302
    form_2 = {**_person_patch(read_2, "Tweede Correctie"), "address": "Dorpsstraat 9"}
    refused = second.post(url, form_2)
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Iemand anders heeft de gegevens van deze persoon intussen gewijzigd" in page
    assert 'value="Tweede Correctie"' in page and 'value="Dorpsstraat 9"' in page
    assert _version_in(page) == read_1 + 1
    assert _identity(w.person)["naam"] == "Eerste Correctie"
    assert w.person.version == read_1 + 1

    # Saving the kept input again (now with the stored version) is a deliberate overwrite.
    assert second.post(url, {**form_2, "version": _version_in(page)}).status_code == 302
    assert _identity(w.person) == {
        "naam": "Tweede Correctie",
        "geboortedatum": "2010-01-02",
        "adres": "Dorpsstraat 9",
    }
    assert w.person.version == read_1 + 2


def test_person_form_without_version_is_a_conflict(world, client_for):
    w = world
    url = f"/signalen/personen/{w.person.pk}/bewerken/"
    refused = client_for(w.extra["first"]).post(url, _person_patch(None, "Zonder Versie"))
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Het is niet bekend welke versie u heeft bewerkt" in page
    assert 'value="Zonder Versie"' in page and _version_in(page) == 1
    assert _identity(w.person)["naam"] == "Test Jongere" and w.person.version == 1


# --- Decisions of a casusoverleg ----------------------------------------------------------------


def test_decisions_api_second_writer_gets_409_and_first_change_survives(world):
    w = world
    first, second = _api(w.extra["first"]), _api(w.extra["second"])
    meeting_url = f"/api/v1/meetings/{w.meeting.pk}"
    url = f"{meeting_url}/agenda/{w.case.pk}/decisions"
    read_1 = first.get(meeting_url).json()["agenda"][0]["version"]
    read_2 = second.get(meeting_url).json()["agenda"][0]["version"]
    assert read_1 == read_2 == 1

    r1 = _json(first, "put", url, {"text": "Mentortraject starten.", "version": read_1})
    assert r1.status_code == 200 and r1.json()["agenda"][0]["version"] == read_1 + 1
    r2 = _json(second, "put", url, {"text": "Geen actie.", "version": read_2})
    assert r2.status_code == 409 and r2["Content-Type"] == PROBLEM
    assert r2.json()["detail"] == DECISIONS_CONFLICT
    assert r2.json()["current"] == {"version": read_1 + 1}

    item = AgendaItem.objects.get(meeting=w.meeting, case=w.case)
    assert item.decisions == "Mentortraject starten." and item.version == read_1 + 1
    assert AuditEvent.objects.filter(action="meeting_decisions").count() == 1


def test_decisions_api_write_without_version_is_a_conflict(world):
    w = world
    url = f"/api/v1/meetings/{w.meeting.pk}/agenda/{w.case.pk}/decisions"
    r = _json(_api(w.extra["first"]), "put", url, {"text": "Zonder versie."})
    assert r.status_code == 409 and r["Content-Type"] == PROBLEM
    assert r.json()["detail"] == MISSING_VERSION and r.json()["current"] == {"version": 1}
    item = AgendaItem.objects.get(meeting=w.meeting, case=w.case)
    assert item.decisions == "" and item.version == 1


def test_decisions_form_second_writer_gets_409_page_that_keeps_the_input(world, client_for):
    w = world
    first, second = client_for(w.extra["first"]), client_for(w.extra["second"])
    item = AgendaItem.objects.get(meeting=w.meeting, case=w.case)
    meeting_url = f"/signalen/overleggen/{w.meeting.pk}/"
    url = f"/signalen/overleggen/agendapunt/{item.pk}/besluiten/"
    read_1 = _version_in(first.get(meeting_url).content.decode())
    read_2 = _version_in(second.get(meeting_url).content.decode())
    assert read_1 == read_2 == 1

    saved = first.post(url, {"decisions": "Mentortraject starten.", "version": read_1})
    assert saved.status_code == 302 and saved["Location"] == meeting_url
    refused = second.post(url, {"decisions": "Huisbezoek door de wijkagent.", "version": read_2})
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Iemand anders heeft de besluiten bij deze casus intussen gewijzigd" in page
    assert "Huisbezoek door de wijkagent." in page  # the second writer's text, kept
    assert "Mentortraject starten." in page  # the stored decisions, to compare with
    assert _version_in(page) == read_1 + 1
    item.refresh_from_db()
    assert item.decisions == "Mentortraject starten." and item.version == read_1 + 1

    merged = "Mentortraject starten. Huisbezoek door de wijkagent."
    assert second.post(url, {"decisions": merged, "version": _version_in(page)}).status_code == 302
    item.refresh_from_db()
    assert item.decisions == merged and item.version == read_1 + 2


def test_decisions_form_without_version_is_a_conflict(world, client_for):
    w = world
    item = AgendaItem.objects.get(meeting=w.meeting, case=w.case)
    refused = client_for(w.extra["first"]).post(
        f"/signalen/overleggen/agendapunt/{item.pk}/besluiten/", {"decisions": "Zonder versie."}
    )
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Het is niet bekend welke versie u heeft bewerkt" in page
    assert "Zonder versie." in page and _version_in(page) == 1
    item.refresh_from_db()
    assert item.decisions == "" and item.version == 1


def test_decisions_form_refuses_a_user_who_may_not_edit(world, client_for):
    w = world
    item = AgendaItem.objects.get(meeting=w.meeting, case=w.case)
    partner = client_for(w.user(Role.PROFESSIONAL, "partner"))
    r = partner.post(
        f"/signalen/overleggen/agendapunt/{item.pk}/besluiten/", {"decisions": "x", "version": 1}
    )
    assert r.status_code in (403, 404)
    item.refresh_from_db()
    assert item.decisions == "" and item.version == 1


# --- The OpenAPI document -----------------------------------------------------------------------


def test_openapi_documents_the_versions_and_the_409(world):
    doc = _api(world.extra["first"]).get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    for name in ("PersonPatch", "PersonDetailOut", "PersonOut", "DecisionsIn", "AgendaOut"):
        assert "version" in schemas[name]["properties"], name
    for name in ("PersonDetailOut", "PersonOut", "AgendaOut"):
        assert "version" in schemas[name]["required"], name
    for path, method in (
        ("/api/v1/persons/{person_id}", "patch"),
        ("/api/v1/meetings/{meeting_id}/agenda/{case_id}/decisions", "put"),
    ):
        conflict = doc["paths"][path][method]["responses"]["409"]
        assert PROBLEM in conflict["content"], path
