import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from wijkkompas.accounts.models import Organisation, Tenant, User

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {
    "beheerder",
    "oov",
    "regisseur",
    "jongerenwerker",
    "wijkagent",
    "corporatie",
    "analist",
    "bestuurder",
    "redacteur",
    "oov-buur",
}


def test_demo_accounts_are_idempotent(demo):
    from wijkkompas.accounts import demo as accounts_demo

    counts = (Tenant.objects.count(), Organisation.objects.count(), User.objects.count())
    accounts_demo.load()
    assert (Tenant.objects.count(), Organisation.objects.count(), User.objects.count()) == counts
    assert DEMO_USERNAMES <= set(demo)
    assert demo["oov-buur"].tenant.slug == "buurgemeente"
    assert demo["redacteur"].tenant is None
    assert demo["corporatie"].organisation.kind == Organisation.Kind.WONINGCORPORATIE


def test_api_token_command_prints_a_working_token(demo, capsys, client):
    call_command("api_token", "analist")
    token = capsys.readouterr().out.strip()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json()["username"] == "analist"


def test_api_token_for_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("api_token", "niemand")


def test_production_refuses_to_serve_with_demo_users(demo):
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="demogebruikers"):
        call_command("serve", port=0)
    call_command("remove_demo_users")
    assert not User.objects.filter(is_demo=True, is_active=True).exists()


def _run_cli(*args, env_extra):
    env = {**os.environ, **env_extra}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    return subprocess.run(
        [sys.executable, "-m", "wijkkompas.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_deploy_check_is_clean_in_production(tmp_path):
    result = _run_cli(
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "WIJKKOMPAS_ENV": "production",
            "SECRET_KEY": "k3Y-" + "".join(chr(65 + (i * 7) % 26) + str(i % 10) for i in range(30)),
            "WIJKKOMPAS_FIELD_KEY": "bm90LWEtcmVhbC1rZXktYnV0LTMyLWJ5dGVzLWxvbmchIQ==",
            "ALLOWED_HOSTS": "wijkkompas.example.nl",
            "WIJKKOMPAS_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_without_secret_refuses_to_start(tmp_path):
    result = _run_cli(
        "manage",
        "check",
        env_extra={
            "WIJKKOMPAS_ENV": "production",
            "SECRET_KEY": "",
            "WIJKKOMPAS_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
