"""The audit context: a service called inside a request records the request's actor, client
address and request id without being handed ``request``; outside a request it records SYSTEM."""

import pytest
from django.test import Client, override_settings

from wijkkompas.accounts import audit, services
from wijkkompas.accounts.models import ApiToken, AuditEvent
from wijkkompas.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTEXT_URLS = "wijkkompas.accounts.tests.audit_urls"


@pytest.mark.urls(CONTEXT_URLS)
def test_service_inside_a_view_records_actor_address_and_request_id(client_for):
    user = UserFactory()
    response = client_for(user).get("/touch/", REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    by_context = AuditEvent.objects.get(action="context_test")
    assert (by_context.actor_id, by_context.actor_username) == (user.pk, user.username)
    assert by_context.tenant_id == user.tenant_id
    assert (by_context.client_address, by_context.request_id) == ("192.0.2.10", request_id)
    # a real service that names its actor itself still gets address and request id
    issued = AuditEvent.objects.get(action="api_token_issued")
    assert (issued.actor_id, issued.client_address, issued.request_id) == (
        user.pk,
        "192.0.2.10",
        request_id,
    )
    assert audit.current() is None  # nothing leaks past the request


@pytest.mark.urls(CONTEXT_URLS)
def test_api_request_with_a_bearer_token_records_the_token_user():
    user = UserFactory()
    token = ApiToken.issue(user)
    response = Client().post(
        "/api/touch", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="context_test")
    assert (event.actor_id, event.actor_username) == (user.pk, user.username)
    assert event.client_address == "198.51.100.4"
    assert event.request_id == response["X-Request-ID"]


@pytest.mark.urls(CONTEXT_URLS)
def test_api_request_without_credentials_records_nothing():
    response = Client().post("/api/touch")
    assert response.status_code == 401
    assert not AuditEvent.objects.filter(action="context_test").exists()


def test_outside_a_request_the_system_acts_without_address():
    assert audit.current() is None
    event = audit.record(action="context_test")
    assert (event.actor_id, event.actor_username) == (None, "systeem")
    assert (event.client_address, event.request_id) == (None, None)
    user = UserFactory()
    services.issue_api_token(user=user)
    issued = AuditEvent.objects.get(action="api_token_issued")
    assert (issued.actor_id, issued.client_address, issued.request_id) == (user.pk, None, None)


def test_explicit_actor_and_request_win_over_the_context(rf):
    user, other = UserFactory(), UserFactory()
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    with audit.bound(actor=other, client_address="192.0.2.1", request_id="abc"):
        event = audit.record(actor=user, action="context_test", request=request)
    assert (event.actor_id, event.client_address, event.request_id) == (
        user.pk,
        "203.0.113.9",
        "abc",
    )


def test_login_view_records_address_and_request_id():
    user = UserFactory()
    response = Client().post(
        "/inloggen/",
        {"username": user.username, "password": "Wijkkompas-demo-2026"},
        REMOTE_ADDR="192.0.2.77",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="login_succeeded", actor_id=user.pk)
    assert (event.client_address, event.request_id) == ("192.0.2.77", response["X-Request-ID"])


@override_settings(FORWARDED_ALLOW_IPS=["10.0.0.1"])
def test_forwarded_headers_are_believed_from_a_trusted_proxy_only(rf):
    behind_proxy = rf.get(
        "/",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.5",
        HTTP_X_REQUEST_ID="proxy-req-1",
    )
    assert audit.client_address(behind_proxy) == "198.51.100.5"  # the hop our proxy added
    assert audit.request_id_for(behind_proxy) == "proxy-req-1"
    direct = rf.get(
        "/", REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="198.51.100.5", HTTP_X_REQUEST_ID="x"
    )
    assert audit.client_address(direct) == "192.0.2.44"  # a made-up header is ignored
    assert audit.request_id_for(direct) != "x"
    odd = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REQUEST_ID="<script>")
    assert audit.request_id_for(odd) != "<script>"
