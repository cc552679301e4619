"""API fuzzing with schemathesis against our own OpenAPI schema (/api/v1/openapi.json),
restricted to the Signalen & casusoverleg operations: whatever the generated input, the API
answers with a 2xx or a 4xx problem, never a 5xx. Bounded examples keep it under two minutes."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from wijkkompas.accounts.models import ApiToken
from wijkkompas.accounts.roles import Role
from wijkkompas.wsgi import application

from .factories import build_world

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(tag="signalen")


@pytest.fixture
def auth_headers(db):
    # The WSGI app is called directly (not through Django's test client), so Django would close
    # the test's database connection after each request; keep it open like the test client does.
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    world = build_world()
    # The coordinating regisseur can reach (and therefore exercise) most operations.
    yield {"Authorization": f"Bearer {ApiToken.issue(world.user(Role.PROCESREGISSEUR, 'own'))}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_signals_api_never_answers_5xx(case, auth_headers):
    response = case.call(headers=auth_headers)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:500]}"
    )
    if response.status_code >= 400 and response.status_code != 405:
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith("application/problem+json"), (
            case.method,
            case.formatted_path,
            response.text[:300],
        )
