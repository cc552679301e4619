"""The programmes API: start from a template, the go/no-go refused without a decision (422),
stale writes 409, another tenant 404, the bestuurder's published reports, downloads."""

import io
import json

import docx
import pypdf
import pytest

from wijkkompas.accounts.demo import organisation
from wijkkompas.programmes import services

from .factories import FACTS, NIEUWLAND, ensure_area, integrale_werkwijze, make_programme

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_start_decide_act_meet_report_over_the_api(demo, api_client_for):
    ensure_area()
    reg = demo["regisseur"]
    api = api_client_for(reg)
    police = organisation("voorbeeldstad", "politie")
    r = api.post(
        "/api/v1/programmes",
        json.dumps(
            {
                "template_id": integrale_werkwijze().pk,
                "title": "Aanpak via API",
                "area_codes": [NIEUWLAND],
                "partners": [{"organisation_id": police.pk, "role": "kernteam"}],
            }
        ),
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    steps = api.get(f"/api/v1/programmes/{pid}/steps").json()["results"]
    first, second = steps[0], steps[1]
    r = api.post(
        f"/api/v1/programmes/{pid}/steps/{second['id']}/start",
        json.dumps({"version": second["version"]}),
        content_type=JSON,
    )
    assert r.status_code == 422 and "go/no-go" in r.json()["detail"]
    r = api.post(
        f"/api/v1/programmes/{pid}/steps/{first['id']}/decision",
        json.dumps(
            {
                "version": first["version"] + 5,
                "outcome": "go",
                "rationale": "r",
                "body": "stuurgroep",
                "decided_on": "2026-03-01",
                "facts": FACTS,
            }
        ),
        content_type=JSON,
    )
    assert r.status_code == 409
    r = api.post(
        f"/api/v1/programmes/{pid}/steps/{first['id']}/decision",
        json.dumps(
            {
                "version": first["version"],
                "outcome": "go",
                "rationale": "r",
                "body": "stuurgroep",
                "decided_on": "2026-03-01",
                "facts": FACTS,
            }
        ),
        content_type=JSON,
    )
    assert r.status_code == 201 and r.json()["decision"]["facts"][1]["kind"] == "aanname"
    r = api.post(
        f"/api/v1/programmes/{pid}/actions",
        json.dumps(
            {"title": "Schoolbezoek", "owner_organisation_id": police.pk, "due_date": "2020-01-01"}
        ),
        content_type=JSON,
    )
    assert r.status_code == 201 and r.json()["overdue"] is True
    action = r.json()
    agent = api_client_for(demo["wijkagent"])
    r = agent.patch(
        f"/api/v1/programmes/{pid}/actions/{action['id']}",
        json.dumps({"version": action["version"], "status": "gereed", "result": "Gedaan"}),
        content_type=JSON,
    )
    assert r.status_code == 200 and r.json()["status"] == "gereed"
    r = api.post(
        f"/api/v1/programmes/{pid}/meetings",
        json.dumps(
            {
                "kind": "stuurgroep",
                "title": "Stuurgroep",
                "starts_at": "2026-03-01T10:00:00+01:00",
                "participant_ids": [police.pk],
                "agenda": "Opening",
            }
        ),
        content_type=JSON,
    )
    assert r.status_code == 201
    mid = r.json()["id"]
    assert api.get(f"/api/v1/programmes/{pid}/meetings/{mid}/invitation").status_code == 200
    r = api.post(
        f"/api/v1/programmes/{pid}/reports",
        json.dumps(
            {"title": "Rapportage", "period_start": "2026-01-01", "period_end": "2026-03-31"}
        ),
        content_type=JSON,
    )
    rid, version = r.json()["id"], r.json()["version"]
    assert (
        api_client_for(demo["bestuurder"])
        .get(f"/api/v1/programmes/{pid}/reports/{rid}")
        .status_code
        == 404
    )
    r = api.post(
        f"/api/v1/programmes/{pid}/reports/{rid}/publish",
        json.dumps({"version": version}),
        content_type=JSON,
    )
    assert r.status_code == 200 and len(r.json()["snapshot_hash"]) == 64
    bestuurder = api_client_for(demo["bestuurder"])
    assert bestuurder.get(f"/api/v1/programmes/{pid}").status_code == 404
    assert bestuurder.get(f"/api/v1/programmes/{pid}/reports").json()["count"] == 1
    pdf = bestuurder.get(f"/api/v1/programmes/{pid}/reports/{rid}/download?format=pdf")
    assert pdf.status_code == 200
    assert "Aanpak via API" in pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    word = bestuurder.get(f"/api/v1/programmes/{pid}/reports/{rid}/download?format=docx")
    assert docx.Document(io.BytesIO(word.content)).paragraphs[0].text == "Rapportage"
    export = api.get(f"/api/v1/programmes/{pid}/export").json()
    assert export["programme"]["title"] == "Aanpak via API" and len(export["steps"]) == 4


def test_other_tenant_sees_nothing_and_errors_are_problem_json(demo, api_client_for):
    p = make_programme(demo["regisseur"])
    other = api_client_for(demo["oov-buur"])
    r = other.get(f"/api/v1/programmes/{p.pk}")
    assert r.status_code == 404 and r["Content-Type"] == "application/problem+json"
    assert other.get("/api/v1/programmes").json()["count"] == 0
    r = api_client_for(demo["regisseur"]).patch(
        f"/api/v1/programmes/{p.pk}", json.dumps({"title": "x"}), content_type=JSON
    )
    assert r.status_code == 422
    r = api_client_for(demo["regisseur"]).patch(
        f"/api/v1/programmes/{p.pk}", json.dumps({"version": 99, "title": "x"}), content_type=JSON
    )
    assert r.status_code == 409 and r.json()["current"]["version"] == p.version
    r = api_client_for(demo["wijkagent"]).patch(
        f"/api/v1/programmes/{p.pk}", json.dumps({"version": 1, "title": "x"}), content_type=JSON
    )
    assert r.status_code == 403


def test_template_api(demo, api_client_for):
    services.load_templates()
    api = api_client_for(demo["oov"])
    assert api.get("/api/v1/programmes/templates").json()["count"] == 5
    r = api.post(
        "/api/v1/programmes/templates",
        json.dumps({"key": "eigen", "title": "Eigen", "steps": [{"title": "Doen", "gate": "ja"}]}),
        content_type=JSON,
    )
    assert r.status_code == 422 and "gate" in r.json()["detail"]
