"""Walks every URL pattern and every API operation: anything reachable without login must be on
the policy's explicit public list, and everything on that list must really exist."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.accounts.roles import ALL_ROLES
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.api import api

pytestmark = pytest.mark.django_db

_DUMMY = {
    "int": "999999",
    "slug": "bestaat-niet",
    "str": "bestaat-niet",
    "path": "bestaat/niet",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield (
                prefix + str(entry.pattern),
                f"{namespace}{entry.name}" if entry.name else None,
                entry.callback,
            )


def _example_path(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")

    def sub(match):
        converter = match.group(1) or "str"
        return _DUMMY.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", sub, route)


def _html_patterns():
    for route, name, callback in _walk(get_resolver()):
        if route.startswith("api/") or route.startswith("static/"):
            continue
        yield route, name, callback


def test_every_view_needs_login_unless_explicitly_public():
    anonymous = Client()
    checked = 0
    for route, name, callback in _html_patterns():
        public = getattr(callback, "login_required", True) is False
        if public:
            assert name in policy.PUBLIC_VIEWS, (
                f"{route} ({name}) is reachable without login but not on PUBLIC_VIEWS"
            )
            continue
        path = _example_path(route)
        for method in ("get", "post"):
            response = getattr(anonymous, method)(path)
            assert response.status_code == 302 and "/inloggen/" in response.url, (
                f"{method.upper()} {path} ({name}) answered {response.status_code} to an anonymous visitor"
            )
        checked += 1
    assert checked > 3


# Views only some roles may use, by URL name, with the policy rule the view asks. Walked for
# every role: a role the rule allows gets no 403 (and no 500), every other role gets 403.
ROLE_VIEWS: dict[str, tuple[str, str]] = {
    "areas:upload": ("area_data", "upload"),
    "areas:upload_result": ("area_data", "upload"),
    "areas:upload_preview": ("area_data", "upload"),
    "areas:upload_confirm": ("area_data", "upload"),
}


def test_role_limited_views_are_urls():
    routes = {name for _, name, _ in _html_patterns() if name in ROLE_VIEWS}
    assert routes == ROLE_VIEWS.keys(), "ROLE_VIEWS names a view that is not a URL"


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(ROLE_VIEWS))
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_role_limited_view_answers_as_the_policy_says(settings, tmp_path, role, name, method):
    settings.DATA_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    route = next(route for route, n, _ in _html_patterns() if n == name)
    user = UserFactory(roles=[role])
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_verified"] = True
    session.save()
    object_type, action = ROLE_VIEWS[name]
    allowed = policy.can(user, action, object_type)
    status = getattr(client, method)(_example_path(route)).status_code
    assert status < 500 and (status != 403) is allowed, (
        f"{method.upper()} {name} as {role}: {status}, policy allows: {allowed}"
    )


def test_public_views_list_names_real_public_views():
    by_name = {name: callback for _, name, callback in _html_patterns() if name}
    for name in policy.PUBLIC_VIEWS:
        assert name in by_name, f"PUBLIC_VIEWS names {name}, which is not a URL"
        assert getattr(by_name[name], "login_required", True) is False, (
            f"{name} is listed public but requires login"
        )


def _operations():
    """The operations as mounted (ninja binds a clone of each router's operations to the API)."""
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                yield (
                    "/".join(p for p in (bound.prefix.strip("/"), path.strip("/")) if p),
                    operation,
                )


def test_every_api_operation_authenticates_unless_explicitly_public():
    anonymous = Client()
    ids = set()
    for path, operation in _operations():
        ids.add(operation.operation_id)
        is_public = operation.auth_callbacks == [] or operation.auth_callbacks is None
        if is_public:
            assert operation.operation_id in policy.PUBLIC_API_OPERATIONS, (
                f"{path} is public but not listed"
            )
            continue
        url = "/api/v1" + re.sub(r"\{[^}]+\}", "999999", "/" + path.lstrip("/"))
        for method in operation.methods:
            response = anonymous.generic(method, url)
            assert response.status_code == 401, (
                f"{method} {url} answered {response.status_code} anonymously"
            )
            assert response["Content-Type"].startswith("application/problem+json")
    missing = policy.PUBLIC_API_OPERATIONS - ids
    assert not missing, f"PUBLIC_API_OPERATIONS lists unknown operations: {missing}"


def test_openapi_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower() and "/static/ninja/" in docs


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": True}


def test_api_errors_are_problem_json(demo, api_client_for):
    response = api_client_for(demo["oov"]).get("/api/v1/organisations/999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Niet gevonden"


def test_api_lists_are_paginated_with_links(demo, api_client_for):
    c = api_client_for(demo["beheerder"])
    body = c.get("/api/v1/organisations", {"page_size": 3}).json()
    assert set(body) == {"results", "count", "next", "previous"}
    assert body["count"] == 8 and len(body["results"]) == 3
    assert "page=2" in body["next"] and body["previous"] is None
    names = {o["name"] for o in body["results"]}
    assert not any("Buurgemeente" in n for n in names)


def test_token_and_session_authentication(demo, api_client_for, client_for):
    assert (
        api_client_for(demo["wijkagent"])
        .get("/api/v1/me")
        .json()["organisation"]["name"]
        .startswith("Politie")
    )
    assert client_for(demo["oov"]).get("/api/v1/me").json()["tenant"] == "voorbeeldstad"
    bad = Client(headers={"Authorization": "Bearer wk_onzin"}).get("/api/v1/me")
    assert bad.status_code == 401 and bad["Content-Type"] == "application/problem+json"


def test_other_tenant_organisations_are_404_in_views_and_api(demo, api_client_for):
    foreign = Organisation.objects.get(name="Gemeente Buurgemeente")
    c = api_client_for(demo["oov"])
    listed = c.get("/api/v1/organisations").json()["results"]
    assert foreign.pk not in {o["id"] for o in listed}
    assert c.get(f"/api/v1/organisations/{foreign.pk}").status_code == 404
    assert (
        api_client_for(demo["oov-buur"]).get(f"/api/v1/organisations/{foreign.pk}").status_code
        == 200
    )
