"""API: CRUD under /api/v1/barrier-models/…, optimistic locking (409), tenant isolation (404)."""

import json

import pytest

from wijkkompas.barriers import interchange
from wijkkompas.barriers.models import BarrierModel, Element, Session

BASE = "/api/v1/barrier-models"


@pytest.fixture
def api(demo, api_client_for):
    return api_client_for(demo["oov"])


def _json(client, method, url, data=None):
    return getattr(client, method)(
        url, data=json.dumps(data) if data is not None else None, content_type="application/json"
    )


def test_full_crud_cycle(api, demo):
    r = _json(
        api,
        "post",
        BASE,
        {"title": "Woninginbraken", "phenomenon": "Woninginbraken", "scope": "regionaal"},
    )
    assert r.status_code == 201, r.content
    model = r.json()
    assert model["version"] == 1 and model["is_template"] is False
    mid = model["id"]
    s1 = _json(api, "post", f"{BASE}/{mid}/steps", {"title": "Verkennen"}).json()
    s2 = _json(api, "post", f"{BASE}/{mid}/steps", {"title": "Inbreken"}).json()
    assert [s["title"] for s in api.get(f"{BASE}/{mid}/steps").json()["results"]] == [
        "Verkennen",
        "Inbreken",
    ]
    opp = _json(
        api,
        "post",
        f"{BASE}/{mid}/elements",
        {"step_id": s1["id"], "kind": "gelegenheid", "text": "Slecht hang- en sluitwerk"},
    ).json()
    session = _json(
        api,
        "post",
        f"{BASE}/{mid}/sessions",
        {
            "held_on": "2026-05-01",
            "title": "Sessie 1",
            "participant_ids": [demo["wijkagent"].organisation_id],
        },
    )
    assert session.status_code == 201, session.content
    session = session.json()
    r = _json(
        api,
        "post",
        f"{BASE}/{mid}/elements",
        {
            "step_id": s1["id"],
            "kind": "barriere",
            "text": "Voorlichting over PKVW-sloten",
            "owner_id": demo["corporatie"].organisation_id,
            "status": "gepland",
            "due_date": "2026-09-01",
            "target_id": opp["id"],
            "session_id": session["id"],
        },
    )
    assert r.status_code == 201, r.content
    barrier = r.json()
    assert barrier["target_id"] == opp["id"] and barrier["session_id"] == session["id"]
    moved = _json(
        api, "post", f"{BASE}/{mid}/elements/{opp['id']}/move", {"direction": "right"}
    ).json()
    assert moved["step_id"] == s2["id"] and moved["version"] == 2
    r = _json(
        api,
        "patch",
        f"{BASE}/{mid}/elements/{barrier['id']}",
        {"version": 1, "status": "in_uitvoering"},
    )
    assert (
        r.status_code == 200 and r.json()["status"] == "in_uitvoering" and r.json()["version"] == 2
    )
    listed = api.get(f"{BASE}/{mid}/elements?kind=barriere").json()
    assert listed["count"] == 1 and listed["next"] is None
    assert api.get(f"{BASE}/{mid}/sessions/{session['id']}").json()["element_ids"] == [
        barrier["id"]
    ]
    assert (
        _json(
            api, "patch", f"{BASE}/{mid}/steps/{s1['id']}", {"version": 1, "title": "Verkenning"}
        ).json()["title"]
        == "Verkenning"
    )
    assert (
        _json(api, "post", f"{BASE}/{mid}/steps/{s2['id']}/move", {"direction": "left"}).json()[
            "position"
        ]
        == 0
    )
    assert api.delete(f"{BASE}/{mid}/elements/{barrier['id']}?version=2").status_code == 204
    assert api.delete(f"{BASE}/{mid}/sessions/{session['id']}?version=1").status_code == 204
    assert api.delete(f"{BASE}/{mid}/steps/{s1['id']}?version=2").status_code == 204
    assert api.delete(f"{BASE}/{mid}?version=1").status_code == 204
    assert not BarrierModel.objects.filter(pk=mid).exists()


def test_stale_patch_answers_409_problem(api, small_model):
    element = Element.objects.filter(step__model=small_model, kind="signaal").first()
    url = f"{BASE}/{small_model.pk}/elements/{element.pk}"
    assert (
        _json(api, "patch", url, {"version": element.version, "text": "Eerste"}).status_code == 200
    )
    r = _json(api, "patch", url, {"version": element.version, "text": "Tweede"})
    assert r.status_code == 409
    assert r["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert (
        "Iemand anders heeft" in body["detail"]
        and body["current"]["version"] == element.version + 1
    )
    r = _json(api, "patch", f"{BASE}/{small_model.pk}", {"version": 99, "title": "x"})
    assert r.status_code == 409
    session = Session.objects.get(model=small_model)
    assert (
        _json(
            api,
            "patch",
            f"{BASE}/{small_model.pk}/sessions/{session.pk}",
            {"version": 5, "title": "x"},
        ).status_code
        == 409
    )


def test_explicit_null_on_a_text_field_is_422_not_500(api, small_model):
    """Found by schemathesis: {"notes": null} reached the database's NOT NULL."""
    session = Session.objects.get(model=small_model)
    r = _json(
        api,
        "patch",
        f"{BASE}/{small_model.pk}/sessions/{session.pk}",
        {"version": session.version, "notes": None},
    )
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"
    # the document says notes may be left out but not null: the schema refuses it
    loc = r.json()["invalid_params"][0]["loc"]
    assert loc[0] == "body" and loc[-1] == "notes"
    session.refresh_from_db()
    assert session.notes is not None


def test_neighbour_gets_404_for_models_steps_elements_sessions(small_model, demo, api_client_for):
    buur = api_client_for(demo["oov-buur"])
    element = Element.objects.filter(step__model=small_model).first()
    step = element.step
    session = Session.objects.get(model=small_model)
    for url in (
        f"{BASE}/{small_model.pk}",
        f"{BASE}/{small_model.pk}/steps",
        f"{BASE}/{small_model.pk}/elements",
        f"{BASE}/{small_model.pk}/elements/{element.pk}",
        f"{BASE}/{small_model.pk}/sessions",
        f"{BASE}/{small_model.pk}/sessions/{session.pk}",
        f"{BASE}/{small_model.pk}/export",
    ):
        r = buur.get(url)
        assert r.status_code == 404 and r["Content-Type"].startswith("application/problem+json"), (
            url
        )
    assert (
        _json(
            buur, "patch", f"{BASE}/{small_model.pk}/steps/{step.pk}", {"version": 1, "title": "x"}
        ).status_code
        == 404
    )
    assert (
        _json(
            buur, "post", f"{BASE}/{small_model.pk}/elements/{element.pk}/move", {"direction": "up"}
        ).status_code
        == 404
    )
    assert buur.get(BASE).json()["count"] == 0
    # an element of another model through this model's URL is also not found
    own = _json(buur, "post", BASE, {"title": "Eigen", "phenomenon": "X"}).json()
    assert buur.get(f"{BASE}/{own['id']}/elements/{element.pk}").status_code == 404


def test_foreign_organisation_as_owner_is_refused(api, small_model, demo):
    step = small_model.steps.first()
    r = _json(
        api,
        "post",
        f"{BASE}/{small_model.pk}/elements",
        {
            "step_id": step.pk,
            "kind": "barriere",
            "text": "x",
            "owner_id": demo["oov-buur"].organisation_id,
        },
    )
    assert r.status_code == 422 and "owner_id" in json.dumps(r.json()["invalid_params"])


def test_templates_instantiate_export_and_import(api, templates, demo):
    listed = api.get(f"{BASE}/templates").json()
    assert listed["count"] == 4
    moba = templates["mobiel-banditisme"]
    r = api.post(f"{BASE}/templates/{moba.pk}/instantiate")
    assert r.status_code == 201 and r.json()["based_on_id"] == moba.pk
    exported = api.get(f"{BASE}/{r.json()['id']}/export").json()
    assert exported["model"]["steps"][2]["submodels"][0]["title"] == "Katvangers"
    steps = api.get(f"{BASE}/{r.json()['id']}/steps").json()["results"]
    katvangers_id = steps[2]["submodel_ids"][0]
    assert api.get(f"{BASE}/{katvangers_id}").json()["parent_step_id"] == steps[2]["id"]
    r = api.post(f"{BASE}/import", data=json.dumps(exported), content_type="application/json")
    assert r.status_code == 201
    assert interchange.export_data(BarrierModel.objects.get(pk=r.json()["id"])) == exported
    before = BarrierModel.objects.count()
    exported["model"]["steps"][0]["elements"][0]["kind"] = "kans"
    r = api.post(f"{BASE}/import", data=json.dumps(exported), content_type="application/json")
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    assert r.json()["invalid_params"][0]["loc"] == ["model.steps[0].elements[0].kind"]
    assert BarrierModel.objects.count() == before


def test_poster_via_api(api, small_model):
    r = api.get(f"{BASE}/{small_model.pk}/poster?format=svg")
    assert r.status_code == 200 and r["Content-Type"].startswith("image/svg+xml")
    r = api.get(f"{BASE}/{small_model.pk}/poster")
    assert r.content.startswith(b"%PDF")


def test_openapi_documents_the_barrier_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/barrier-models",
        "/api/v1/barrier-models/{model_id}/elements/{element_id}",
        "/api/v1/barrier-models/{model_id}/sessions",
        "/api/v1/barrier-models/templates",
    ):
        assert path in paths


def test_a_sub_model_template_cannot_be_copied_on_its_own(api, templates):
    """A national sub-model (Katvangers under a step of mobiel banditisme) is copied with its
    parent only: asking for it alone is a 422 that says so, not a server error."""
    sub = BarrierModel.objects.filter(tenant=None, parent_step__isnull=False).first()
    before = BarrierModel.objects.count()
    r = api.post(f"{BASE}/templates/{sub.pk}/instantiate")
    assert r.status_code == 422 and r["Content-Type"].startswith("application/problem+json")
    assert "deelmodel" in r.json()["detail"]
    assert BarrierModel.objects.count() == before
