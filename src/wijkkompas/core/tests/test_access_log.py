"""No names in logs (issue 19.4): a real served session (``wijkkompas serve``, gunicorn, its own
data folder) that uses the AVG art. 15 lookup by name and birth date, a Kennisbank search with a
name, a person record opened with a reason, and requests that carry those in a query string
(an API reason, a page that does not exist) leaves none of them in the server's log output —
neither gunicorn's access and error log nor Django's request logging. Runs in the normal suite
(about 15 s: one migrate, the demo, one worker)."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from wijkkompas.core.logging import ClientErrorsOnOneLine, NoQueryStrings

NAME = "Demo Jongere Alfa"
BIRTH_DATE = "2010-03-14"
REASON = "Geheime reden zevenendertig"
API_REASON = "Andere geheime reden achtendertig"
SEARCH = "Jongere Alfa hangplek"

# What must not be in the log, in every spelling a URL or form could give it.
FORBIDDEN = [
    NAME,
    NAME.replace(" ", "+"),
    NAME.replace(" ", "%20"),
    "Jongere+Alfa",
    "Jongere%20Alfa",
    BIRTH_DATE,
    "14-03-2010",
    REASON,
    REASON.replace(" ", "+"),
    "zevenendertig",
    "achtendertig",
    "hangplek",
]

SETUP = r"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from wijkkompas.accounts import demo as accounts_demo
from wijkkompas.signals import demo as signals_demo
accounts_demo.load()
signals_demo.load()
from wijkkompas.accounts.models import ApiToken, User
from wijkkompas.signals.models import Subject
person = Subject.objects.filter(kind=Subject.Kind.PERSON).order_by("pk").first()
print(person.pk, ApiToken.issue(User.objects.get(username="regisseur"), label="logtest"))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _login(base: str, username: str) -> requests.Session:
    from django.conf import settings

    session = requests.Session()
    session.get(f"{base}/inloggen/", timeout=30)
    response = session.post(
        f"{base}/inloggen/",
        data={
            "username": username,
            "password": settings.DEMO_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def _post(session: requests.Session, url: str, data: dict) -> requests.Response:
    session.get(url, timeout=30)
    return session.post(
        url,
        data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": url},
        timeout=30,
        allow_redirects=False,
    )


def test_a_served_session_leaves_no_name_birth_date_or_reason_in_the_log(tmp_path: Path):
    env = {
        **os.environ,
        "WIJKKOMPAS_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "wijkkompas.settings",
        "WIJKKOMPAS_LOG_LEVEL": "INFO",  # Django's request logging at its most talkative
    }
    for key in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(key, None)
    person_pk, token = (
        subprocess.run(
            [sys.executable, "-c", SETUP],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split()
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "wijkkompas.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                "1",
                "--access-log",
                "-",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.time() + 60
            while True:
                try:
                    if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert server.poll() is None and time.time() < deadline, log_path.read_text()
                time.sleep(0.2)

            beheerder = _login(base, "beheerder")
            found = _post(
                beheerder,
                f"{base}/signalen/inzageverzoek/",
                {"name": NAME, "birth_date": BIRTH_DATE},
            )
            assert found.status_code == 302 and "/inzage/" in found.headers["Location"]
            # Someone still types a name into the URL: refused as a search, kept out of the log.
            beheerder.get(
                f"{base}/signalen/inzageverzoek/",
                params={"name": NAME, "birth_date": BIRTH_DATE},
                timeout=30,
            )

            regisseur = _login(base, "regisseur")
            searched = regisseur.get(f"{base}/kennisbank/zoeken/", params={"q": SEARCH}, timeout=30)
            assert searched.status_code == 200
            record = _post(regisseur, f"{base}/signalen/personen/{person_pk}/", {"reason": REASON})
            assert record.status_code == 200 and NAME in record.text  # the record was shown
            # Query strings that Django itself logs (404, 403) and an API reason parameter.
            regisseur.get(f"{base}/bestaat-niet/", params={"name": NAME}, timeout=30)
            regisseur.get(f"{base}/beheer/audittrail/", params={"q": NAME}, timeout=30)
            requests.get(
                f"{base}/api/v1/persons/{person_pk}",
                params={"reason": API_REASON},
                headers={"Authorization": f"Bearer {token}", "Referer": f"{base}/?q={NAME}"},
                timeout=30,
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    output = log_path.read_text()
    # The log is there and names the requests (method, path, status), so the test looks at
    # the real thing.
    assert re.search(r'"POST /signalen/inzageverzoek/ HTTP/1\.1" 302 ', output), output
    assert re.search(rf'"POST /signalen/personen/{person_pk}/ HTTP/1\.1" 200 ', output), output
    assert '"GET /kennisbank/zoeken/ HTTP/1.1" 200 ' in output, output
    assert "Not Found: /bestaat-niet/" in output, output
    leaked = [text for text in FORBIDDEN if text.lower() in output.lower()]
    assert not leaked, f"in the log: {leaked}\n{output}"
    assert not re.search(r"\?\w+=", output), output


def test_the_log_filters_drop_query_strings_from_django_and_gunicorn_records():
    """Django's loggers (a request line as django.server writes it, a path as django.request
    does) and gunicorn's error log ("Error handling request /x?name=…") lose the query string."""
    records = [
        logging.LogRecord(
            "django.server",
            logging.INFO,
            __file__,
            1,
            '"%s" %s %s',
            (f"GET /a/?name={NAME.replace(' ', '+')}&b=1 HTTP/1.1", 200, 5),
            None,
        ),
        logging.LogRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "%s: %s",
            ("Not Found", f"/b/?q={SEARCH.replace(' ', '%20')}"),
            None,
        ),
    ]
    for record in records:
        assert ClientErrorsOnOneLine().filter(record)
    assert records[0].getMessage() == '"GET /a/ HTTP/1.1" 200 5'
    assert records[1].getMessage() == "Not Found: /b/"
    error = logging.LogRecord(
        "gunicorn.error",
        logging.ERROR,
        __file__,
        1,
        "Error handling request %s",
        (f"/c/?reason={REASON.replace(' ', '+')}",),
        None,
    )
    assert NoQueryStrings().filter(error) and error.getMessage() == "Error handling request /c/"
