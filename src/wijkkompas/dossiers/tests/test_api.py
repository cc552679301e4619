import pytest

from wijkkompas.dossiers import services
from wijkkompas.dossiers.models import SourceStatus, Status
from wijkkompas.dossiers.tests.factories import ThemeFactory, six_questions

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_list_is_paginated_and_tenant_scoped(demo, dossier, api_client_for):
    buur = demo["oov-buur"]
    services.open_dossier(actor=buur, tenant=buur.tenant, theme=ThemeFactory())
    body = api_client_for(demo["bestuurder"]).get("/api/v1/dossiers").json()
    assert set(body) == {"results", "count", "next", "previous"}
    assert body["count"] == 1 and body["results"][0]["id"] == dossier.pk
    item = body["results"][0]
    assert item["theme"] == "jonge-aanwas" and item["tenant"] == "voorbeeldstad"
    assert item["information_position"] == {
        "key": "overall",
        "label": "Totaal",
        "reached": 0,
        "total": 5,
        "percent": 0,
    }
    assert item["url"].endswith(f"/dossiers/{dossier.pk}/")


def test_detail_has_questions_sources_and_information_position(demo, kb, dossier, api_client_for):
    services.set_source_status(
        actor=demo["oov"],
        dossier=dossier,
        entry=kb[1]["e1"],
        status=Status.ONTVANGEN,
        expected_version=0,
    )
    services.save_finding(
        actor=demo["oov"],
        dossier=dossier,
        question=six_questions()[1],
        text="**Kern**",
        expected_version=0,
    )
    services.save_summary(
        actor=demo["oov"], dossier=dossier, summary="Kort", advice="Besluit", expected_version=1
    )
    body = api_client_for(demo["bestuurder"]).get(f"/api/v1/dossiers/{dossier.pk}").json()
    assert (body["summary"], body["advice"], body["version"]) == ("Kort", "Besluit", 2)
    assert [q["number"] for q in body["questions"]] == [1, 2, 3, 4, 5, 6]
    q1 = body["questions"][0]
    assert q1["finding"]["html"] == "<p><strong>Kern</strong></p>" and q1["finding"]["version"] == 1
    assert q1["information_position"]["percent"] == 50
    e1 = next(s for s in body["sources"] if s["entry_id"] == kb[1]["e1"].pk)
    assert (
        e1["status"] == "informatie_ontvangen" and e1["version"] == 1 and e1["questions"] == [1, 4]
    )
    detail = body["information_position_detail"]
    assert detail["overall"]["reached"] == 1 and len(detail["history"]) == 1
    assert {k["key"]: k["reached"] for k in detail["by_kind"]} == {
        "partner": 1,
        "registratie": 0,
        "publicatie": 0,
    }


def test_other_tenant_gets_404_problem(demo, kb, dossier, api_client_for):
    client = api_client_for(demo["oov-buur"])
    assert client.get("/api/v1/dossiers").json()["count"] == 0
    response = client.get(f"/api/v1/dossiers/{dossier.pk}")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    patch = client.patch(
        f"/api/v1/dossiers/{dossier.pk}/sources/{kb[1]['e1'].pk}",
        {"status": "benaderd", "version": 0},
        content_type="application/json",
    )
    assert patch.status_code == 404 and not SourceStatus.objects.exists()


def test_bestuurder_cannot_patch(demo, kb, dossier, api_client_for):
    response = api_client_for(demo["bestuurder"]).patch(
        f"/api/v1/dossiers/{dossier.pk}/sources/{kb[1]['e1'].pk}",
        {"status": "benaderd", "version": 0},
        content_type="application/json",
    )
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Geen toegang"


def test_patch_status_and_conflict(demo, kb, dossier, api_client_for):
    client = api_client_for(demo["oov"])
    url = f"/api/v1/dossiers/{dossier.pk}/sources/{kb[1]['e3'].pk}"
    ok = client.patch(
        url,
        {"status": "structureel_geborgd", "note": "Maandelijkse levering", "version": 0},
        content_type="application/json",
    )
    assert ok.status_code == 200
    body = ok.json()
    assert body["source"]["status"] == "structureel_geborgd" and body["source"]["version"] == 1
    assert body["information_position"]["reached"] == 1
    stale = client.patch(url, {"status": "benaderd", "version": 0}, content_type="application/json")
    assert stale.status_code == 409 and stale["Content-Type"] == PROBLEM
    problem = stale.json()
    assert "intussen gewijzigd" in problem["detail"] and problem["current"] == {
        "status": "structureel_geborgd",
        "version": 1,
    }
    bad = client.patch(url, {"status": "gebeld", "version": 1}, content_type="application/json")
    assert (
        bad.status_code == 422
        and bad["Content-Type"] == PROBLEM
        and "kies uit 'niet_benaderd'" in bad.json()["detail"]
    )
    future = client.patch(
        url,
        {"status": "benaderd", "version": 1, "date": "2999-01-01"},
        content_type="application/json",
    )
    assert future.status_code == 422 and future.json()["invalid_params"][0]["loc"] == [
        "body",
        "date",
    ]
    missing = client.patch(
        f"/api/v1/dossiers/{dossier.pk}/sources/999999",
        {"status": "benaderd", "version": 0},
        content_type="application/json",
    )
    assert missing.status_code == 404


def test_patch_finding_with_version(demo, dossier, api_client_for):
    client = api_client_for(demo["oov"])
    url = f"/api/v1/dossiers/{dossier.pk}/questions/4/finding"
    first = client.patch(
        url, {"text": "Beeld van Noord", "version": 0}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == 1
    stale = client.patch(
        url, {"text": "Ander beeld", "version": 0}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["current"]["text"] == "Beeld van Noord"
