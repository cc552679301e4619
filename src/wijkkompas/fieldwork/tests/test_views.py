"""The fieldwork pages and API over HTTP: the phone flow (day list → nobody home in two taps),
the import page naming bad rows, the check form, a signal from a visit, feedback, closing a
cluster, export, audit of every read of addresses and visits, and the API's 201/409/422."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.fieldwork.models import Address, InformationCheck, Visit
from wijkkompas.knowledge.models import Source
from wijkkompas.signals.models import Signal

from .factories import address_rows, build_world, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(requires_check=False)


def test_nobody_home_from_the_day_list_in_two_taps(world, client_for):
    pro = world.user(Role.PROFESSIONAL, "team")
    client = client_for(pro)
    day = client.get(f"/veldwerk/{world.campaign.pk}/dag/")
    assert day.status_code == 200
    body = day.content.decode()
    assert "Flatlaan 1" in body and body.index("Flatlaan 1") < body.index("Flatlaan 2")
    listed = AuditEvent.objects.filter(action="fieldwork_address_listed").last()
    assert sorted(listed.detail["ids"]) == sorted([world.address.pk, world.second.pk])
    page = client.get(f"/veldwerk/adres/{world.address.pk}/")  # tap 1
    assert "Niemand thuis" in page.content.decode()
    assert AuditEvent.objects.filter(
        action="fieldwork_address_viewed", object_id=str(world.address.pk)
    ).exists()
    done = client.post(  # tap 2
        f"/veldwerk/adres/{world.address.pk}/", {"outcome": "niemand_thuis", "client_key": "k1"}
    )
    assert done.status_code == 302 and done.url == f"/veldwerk/{world.campaign.pk}/dag/"
    again = client.post(
        f"/veldwerk/adres/{world.address.pk}/", {"outcome": "niemand_thuis", "client_key": "k1"}
    )
    assert again.status_code == 302 and Visit.objects.count() == 1
    day = client.get(f"/veldwerk/{world.campaign.pk}/dag/").content.decode()
    assert "Flatlaan 1<" not in day and "Flatlaan 2" in day


def test_contact_with_answers_then_a_signal_then_feedback(world, client_for):
    pro = world.user(Role.PROFESSIONAL, "team")
    client = client_for(pro)
    saved = client.post(
        f"/veldwerk/adres/{world.address.pk}/",
        {
            "outcome": "gesprek",
            "q_voelt_u_zich_veilig_in_de_buurt": "nee",
            "q_wat_valt_u_op": "Drugshandel bij de portiek",
            "feedback_promise": "Wij laten weten wat de politie doet",
            "then": "signal",
        },
    )
    visit = Visit.objects.get()
    assert saved.status_code == 302 and saved.url == f"/veldwerk/bezoek/{visit.pk}/signaal/"
    assert visit.answers["voelt_u_zich_veilig_in_de_buurt"] == "nee"
    raised = client.post(
        saved.url,
        {
            "description": "Handel vanuit de portiek",
            "basis": "aanname",
            "observation": "horen_zeggen",
        },
    )
    assert raised.status_code == 302, raised.content.decode()
    visit.refresh_from_db()
    signal = Signal.objects.get()
    assert visit.signal_id == signal.pk and signal.location == "Flatlaan 1, Proefstad"
    detail = client.get(f"/veldwerk/{world.campaign.pk}/").content.decode()
    assert "Nog te geven terugkoppelingen:</strong> 1" in detail
    client.post(f"/veldwerk/bezoek/{visit.pk}/terugkoppeling/", {"version": visit.version})
    visit.refresh_from_db()
    assert visit.feedback == Visit.Feedback.GIVEN


def test_visit_page_refuses_without_a_check_and_the_check_form_records_one(client_for):
    world = build_world(requires_check=True)
    regisseur = world.user(Role.PROCESREGISSEUR, "team")
    client = client_for(regisseur)
    page = client.get(f"/veldwerk/adres/{world.address.pk}/").content.decode()
    assert "eerst een informatiecheck nodig" in page and "Niemand thuis" not in page
    refused = client.post(f"/veldwerk/adres/{world.address.pk}/", {"outcome": "niemand_thuis"})
    assert refused.status_code == 422 and Visit.objects.count() == 0
    source = Source.objects.create(
        slug="dbr", name="Digitaal Opkopersregister", kind="registratie", internal=False
    )
    saved = client.post(
        f"/veldwerk/adres/{world.address.pk}/informatiecheck/",
        {"sources": [source.pk], "result": "Geen registraties.", "strategy": "zichtbaarheid"},
    )
    assert saved.status_code == 302
    assert InformationCheck.objects.get().result == "Geen registraties."
    page = client.get(f"/veldwerk/adres/{world.address.pk}/").content.decode()
    assert "Geen registraties." in page
    assert AuditEvent.objects.filter(action="information_check_listed").exists()
    professional = client_for(world.user(Role.PROFESSIONAL, "team"))
    assert (
        "Geen registraties."
        not in professional.get(f"/veldwerk/adres/{world.address.pk}/").content.decode()
    )


def test_import_page_names_bad_rows_and_imports_good_files(world, client_for):
    client = client_for(world.user(Role.OOV_ADVISEUR, "own"))
    bad = SimpleUploadedFile("lijst.csv", csv_file(["Laan;nul;;1234AB;Proefstad;;52.005;5.005"]))
    answer = client.post(f"/veldwerk/{world.campaign.pk}/importeren/", {"file": bad})
    assert answer.status_code == 422
    assert "lijst.csv, rij 2, kolom huisnummer" in answer.content.decode()
    good = SimpleUploadedFile("lijst.csv", csv_file(address_rows(4, street="Torenlaan", bag=False)))
    answer = client.post(f"/veldwerk/{world.campaign.pk}/importeren/", {"file": good})
    assert answer.status_code == 302 and Address.objects.count() == 6


def test_closing_a_cluster_warns_then_closes_on_confirmation(world, client_for):
    client = client_for(world.user(Role.OOV_ADVISEUR, "own"))
    cluster = world.address.cluster
    warned = client.post(f"/veldwerk/cluster/{cluster.pk}/afsluiten/")
    assert "pas 0 van de 2 adressen" in warned.content.decode()
    client.post(f"/veldwerk/cluster/{cluster.pk}/afsluiten/", {"confirm": "ja"})
    cluster.refresh_from_db()
    assert cluster.closed_at is not None


def test_export_is_neutralised_and_audited(world, client_for):
    client = client_for(world.user(Role.OOV_ADVISEUR, "own"))
    answer = client.get(f"/veldwerk/{world.campaign.pk}/export.csv")
    assert answer.status_code == 200 and b"Flatlaan" in answer.content
    assert AuditEvent.objects.filter(action="fieldwork_address_exported").exists()
    assert (
        client_for(world.user(Role.PROFESSIONAL, "team"))
        .get(f"/veldwerk/{world.campaign.pk}/export.csv")
        .status_code
        == 403
    )


def test_campaign_form_creates_and_edits_with_version(world, client_for):
    client = client_for(world.user(Role.PROCESREGISSEUR, "own"))
    data = {
        "name": "Leefbaarheid De Flats",
        "kind": "huisbezoeken",
        "status": "actief",
        "starts_on": "2026-03-01",
        "ends_on": "2026-06-30",
        "team_roles": ["professional"],
        "questions": "Voelt u zich veilig? [ja/nee]\nWat kan beter?",
        "legal_basis": "Art. 6 lid 1 sub e AVG",
        "purpose": "Leefbaarheid verbeteren",
    }
    created = client.post("/veldwerk/nieuw/", data)
    assert created.status_code == 302
    pk = int(created.url.strip("/").split("/")[-1])
    stale = client.post(f"/veldwerk/{pk}/bewerken/", {**data, "version": 7, "goal": "x"})
    assert stale.status_code == 409
    saved = client.post(f"/veldwerk/{pk}/bewerken/", {**data, "version": 1, "goal": "Samen"})
    assert saved.status_code == 302
    assert "Samen" in client.get(f"/veldwerk/{pk}/").content.decode()


def test_api_create_patch_conflict_import_and_visit(world, api_client_for):
    lead = api_client_for(world.user(Role.OOV_ADVISEUR, "own"))
    body = {
        "name": "Knock and talk De Haven",
        "kind": "bedrijfsbezoeken",
        "starts_on": "2026-02-01",
        "ends_on": "2026-05-01",
        "team_organisation_ids": [world.orgs["team"].pk],
        "team_roles": ["professional"],
        "legal_basis": "Art. 6 lid 1 sub e AVG",
        "purpose": "Weerbaarheid ondernemers",
    }
    created = lead.post("/api/v1/campaigns", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = lead.post(
        "/api/v1/campaigns", {**body, "ends_on": "2026-01-01"}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    stale = lead.patch(
        f"/api/v1/campaigns/{pk}", {"version": 9, "goal": "x"}, content_type="application/json"
    )
    assert stale.status_code == 409
    ok = lead.patch(
        f"/api/v1/campaigns/{pk}", {"version": 1, "goal": "y"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    upload = SimpleUploadedFile("l.csv", csv_file(address_rows(3, street="Havenweg", bag=False)))
    imported = lead.post(f"/api/v1/campaigns/{pk}/addresses", {"file": upload})
    assert imported.status_code == 201 and imported.json()["created"] == 3
    refused = lead.post(
        f"/api/v1/campaigns/{pk}/addresses",
        {"file": SimpleUploadedFile("l.csv", b"straat;huisnummer\nA;1\n")},
    )
    assert refused.status_code == 422 and "kopregel" in refused.content.decode()
    pro = api_client_for(world.user(Role.PROFESSIONAL, "team"))
    listed = pro.get(f"/api/v1/campaigns/{pk}/addresses").json()
    assert [a["number"] for a in listed["results"]] == [1, 2, 3]
    address_id = listed["results"][0]["id"]
    visit = {"outcome": "niemand_thuis", "client_key": "tel-1"}
    first = pro.post(
        f"/api/v1/addresses/{address_id}/visits", visit, content_type="application/json"
    )
    second = pro.post(
        f"/api/v1/addresses/{address_id}/visits", visit, content_type="application/json"
    )
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and first.json()["next_visit_on"]
    coverage = pro.get(f"/api/v1/campaigns/{pk}/coverage").json()
    assert coverage["exact"] and coverage["total"]["cells"]["attempted"] == "1"
