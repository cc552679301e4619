"""A database outage: every page and API call answers 503 (a Dutch page or problem+json), never
500, and the app recovers on the first request after the database is back.

Two ways in: on both databases a fault injected at the driver boundary (Django's execute
wrapper: every query fails as it does when the server is gone); on PostgreSQL a real outage, the
app's connections cut by a relay (``tcp_proxy``) while requests run against a live server."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError, connection
from django.db.utils import load_backend
from django.test import Client

from wijkkompas.accounts import demo as accounts_demo
from wijkkompas.accounts.models import ApiToken, User
from wijkkompas.api import api
from wijkkompas.core.tests.tcp_proxy import TcpProxy
from wijkkompas.core.views import server_error

PAGES = [
    "/start/",
    "/kennisbank/",
    "/dossiers/",
    "/wijkbeeld/",
    "/barrieremodellen/",
    "/signalen/",
    "/beheer/audittrail/",
]
# every API read without a path parameter, from the schema itself (healthz has its own answer)
API = [
    path + ("?q=jongeren" if path.endswith("/search") else "")
    for path, operations in api.get_openapi_schema()["paths"].items()
    if "get" in operations and "{" not in path and not path.endswith("/healthz")
]


def _database_gone(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def _assert_unavailable(status: int, content_type: str, body: str, path: str) -> None:
    assert status == 503, (path, status)
    if path.startswith("/api/"):
        assert content_type == "application/problem+json", path
        assert '"status": 503' in body and "Tijdelijk niet beschikbaar" in body
    else:
        assert content_type.startswith("text/html"), path
        assert '<html lang="nl">' in body and "Tijdelijk niet beschikbaar" in body


def _clients(oov: User) -> tuple[Client, Client]:
    page = Client(raise_request_exception=False)
    page.force_login(oov)
    session = page.session
    session["otp_verified"] = True
    session.save()
    token = ApiToken.issue(oov, label="storing")
    return page, Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)


@pytest.mark.django_db(transaction=True)
def test_every_page_and_api_call_answers_503_while_the_database_fails():
    accounts_demo.load()
    page, api_client = _clients(User.objects.get(username="oov"))
    assert page.get("/start/").status_code == 200

    with connection.execute_wrapper(_database_gone):
        for path in PAGES:
            response = page.get(path)
            _assert_unavailable(
                response.status_code, response["Content-Type"], response.content.decode(), path
            )
            assert response["Retry-After"] == "30"
        for path in API:
            response = api_client.get(path)
            _assert_unavailable(
                response.status_code, response["Content-Type"], response.content.decode(), path
            )
        response = api_client.post("/api/v1/signals", {}, content_type="application/json")
        assert response.status_code == 503
        assert page.get("/healthz").status_code == 503

    assert page.get("/start/").status_code == 200  # back on the next request
    assert api_client.get("/api/v1/me").status_code == 200


def test_a_programming_error_is_still_a_500_and_says_so_in_dutch(rf):
    try:
        raise ValueError("bug")
    except ValueError:
        html = server_error(rf.get("/start/"))
        answer = server_error(rf.get("/api/v1/me"))
    assert html.status_code == 500 and "Er ging iets mis" in html.content.decode()
    assert answer.status_code == 500 and answer["Content-Type"] == "application/problem+json"


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="een echte storing vraagt PostgreSQL"
)


def _get(url: str, headers: dict[str, str]) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our live server
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_real_outage_under_load_gives_only_503_and_recovers(live_server):
    accounts_demo.load()
    page, _ = _clients(oov := User.objects.get(username="oov"))
    cookie = {"Cookie": f"sessionid={page.cookies['sessionid'].value}"}
    bearer = {"Authorization": f"Bearer {ApiToken.issue(oov, label='storing')}"}
    targets = [(path, cookie) for path in PAGES] + [(path, bearer) for path in API]

    settings_dict = connection.settings_dict  # shared with the live server's threads
    saved = {key: settings_dict[key] for key in ("HOST", "PORT")}
    proxy = TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    proxy.start()
    settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
    try:

        def hit(target):
            path, headers = target
            return path, *_get(live_server.url + path, headers)

        with ThreadPoolExecutor(max_workers=4) as pool:
            before = [result[:2] for result in pool.map(hit, targets)]
            assert all(status < 500 for _, status in before), before
            proxy.stop()  # the database goes away while requests run
            during = list(pool.map(hit, targets * 3))
            proxy.start()
            first_after = hit(("/start/", cookie))
            after = list(pool.map(hit, targets))

        for path, status, content_type, body in during:
            _assert_unavailable(status, content_type, body, path)
        assert first_after[1] == 200
        assert [result[:2] for result in after] == before  # as it was before the outage
    finally:
        settings_dict.update(saved)
        proxy.stop()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_persistent_connection_survives_a_database_restart():
    """With the production settings (persistent connections, health checks on) the first
    request after a restart reconnects instead of failing."""
    proxy = TcpProxy(
        connection.settings_dict["HOST"] or "127.0.0.1",
        int(connection.settings_dict["PORT"] or 5432),
    )
    proxy.start()
    config = {
        **connection.settings_dict,
        "HOST": "127.0.0.1",
        "PORT": str(proxy.port),
        "CONN_MAX_AGE": 600,
    }
    assert config["CONN_HEALTH_CHECKS"] is True  # what settings.py sets for DATABASE_URL
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias="storing")
    try:
        for _restart in range(2):
            wrapper.close_if_unusable_or_obsolete()  # what Django does when a request starts
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT 1")
                assert cursor.fetchone() == (1,)
            proxy.stop()
            proxy.start()  # the database restarted while the connection sat idle
    finally:
        wrapper.close()
        proxy.stop()
