"""The OpenAPI document says what the API accepts (issue 12.10, found by schemathesis): what the
schema refuses is a Dutch 422 before any service runs, and the document names the choices."""

import json

import pytest

from wijkkompas.api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def regisseur(demo, api_client_for):
    return api_client_for(demo["regisseur"])


def _send(client, method, url, body):
    raw = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(url, raw, content_type="application/json")


def _refused(response, field):
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    params = [p for p in body["invalid_params"] if p["loc"][-1] == field or field is None]
    assert params, body
    return params[0]["msg"], body["detail"]


def test_a_choice_outside_the_enum_is_refused_in_dutch(regisseur):
    body = {"case_id": 1, "kind": "onbekend", "title": "Gesprek", "owner_id": 1}
    msg, detail = _refused(_send(regisseur, "post", "/api/v1/interventions", body), "kind")
    assert msg == "kies uit 'zorg', 'preventie', 'bestuurlijk' of 'repressief'."
    assert "kind: kies uit" in detail


def test_blank_required_text_is_refused_by_the_schema(regisseur):
    body = {"decision": "afwijzen", "reason": "   "}
    msg, _ = _refused(_send(regisseur, "post", "/api/v1/signals/1/triage", body), "reason")
    assert msg == "mag niet leeg zijn."


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        (
            "post",
            "/api/v1/signals/1/triage",
            {"decision": "afwijzen", "reason": "x", "organisation_id": False},
            "organisation_id",
        ),
        (
            "patch",
            "/api/v1/interventions/1",
            {"version": 1, "status": "lopend", "due_date": 0},
            "due_date",
        ),
        ("patch", "/api/v1/interventions/1", {"version": "1", "status": "lopend"}, "version"),
        (
            "post",
            "/api/v1/signals",
            {
                "category": "x",
                "description": "x",
                "observed_at": "2026-01-01T10:00:00Z",
                "basis": "feit",
                "observation": "eigen",
                "special_data": 0,
            },
            "special_data",
        ),
    ],
)
def test_a_value_of_another_json_type_is_refused(regisseur, method, url, body, field):
    _refused(_send(regisseur, method, url, body), field)


def test_a_body_that_is_no_object_is_refused(regisseur):
    # ninja's Schema would read attributes: "AAA".title() became the step's title
    msg, _ = _refused(_send(regisseur, "post", "/api/v1/barrier-models/1/steps", '"AAA"'), None)
    assert "Verwacht een JSON-object" in msg


def test_a_query_parameter_sent_twice_is_refused(regisseur):
    _refused(regisseur.get("/api/v1/cases?status=nieuw&status=afgesloten"), "status")
    assert regisseur.get("/api/v1/cases?status=nieuw").status_code == 200


def test_the_document_names_the_choices_and_keeps_components_apart():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    escalation = components["EscalationIn"]["properties"]
    assert escalation["track"]["enum"] == ["riec", "interventieteam", "om"]
    assert escalation["share"]["items"]["enum"] == ["casus", "signalen", "interventies", "personen"]
    # one name, one shape: the barrier step and the dossier question are not overwritten
    assert "id" in components["StepOut"]["properties"]
    assert "information_position" in components["QuestionOut"]["properties"]
    assert "InstrumentStepOut" in components and "KnowledgeQuestionOut" in components
    # a PATCH field that may be left out but not be null does not say null
    title = components["ModelPatch"]["properties"]["title"]
    assert title.get("type") == "string" and "anyOf" not in title
    too_long = schema["paths"]["/api/v1/cases"]["get"]["responses"]["414"]["content"]
    assert "text/html" in too_long
