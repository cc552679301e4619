import pyotp
import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings

from wijkkompas.accounts import services
from wijkkompas.accounts.models import AuditEvent, TotpDevice
from wijkkompas.accounts.roles import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.core.crypto import decrypt

pytestmark = pytest.mark.django_db


def _login(client, username, password=settings.DEMO_PASSWORD):
    return client.post("/inloggen/", {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2():
    user = UserFactory()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_login_lands_on_start_page_showing_tenant_organisation_roles():
    user = UserFactory(roles=[Role.OOV_ADVISEUR])
    client = Client()
    response = _login(client, user.username)
    assert response.status_code == 302 and response.url == "/start/"
    page = client.get("/start/").content.decode()
    assert user.tenant.name in page and user.organisation.name in page and "OOV-adviseur" in page
    assert AuditEvent.objects.filter(action="login_succeeded", actor_id=user.pk).exists()


def test_wrong_password_gives_dutch_error_and_is_audited():
    user = UserFactory()
    response = _login(Client(), user.username, "fout-wachtwoord")
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord is onjuist" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed").count() == 1


def test_lockout_after_repeated_failures_even_with_the_right_password():
    user = UserFactory()
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert _login(client, user.username, "fout").status_code == 200
    response = _login(client, user.username)
    assert response.status_code == 200
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_expires_after_the_window():
    user = UserFactory()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(Client(), user.username, "fout")
    # The test client's address; the lock holds for this username from this address only.
    assert services.login_locked(user.username, address="127.0.0.1")
    with override_settings(LOGIN_LOCKOUT_MINUTES=0):
        assert not services.login_locked(user.username, address="127.0.0.1")


def _enrol(user) -> pyotp.TOTP:
    services.start_totp_enrolment(user=user)
    totp = pyotp.TOTP(decrypt(TotpDevice.objects.get(user=user).secret_encrypted))
    assert services.verify_totp(user=user, code=totp.now())
    return totp


def test_totp_enrolled_user_needs_a_code_and_codes_cannot_be_replayed():
    user = UserFactory()
    totp = _enrol(user)
    client = Client()
    response = _login(client, user.username)
    assert response.url == "/inloggen/code/"
    assert "_auth_user_id" not in client.session
    # The code used at enrolment cannot be used again (its exact step, so a 30-second boundary
    # between enrolment and login does not turn it into a fresh code).
    used_step = TotpDevice.objects.get(user=user).last_used_step
    used = totp.generate_otp(used_step)
    assert client.post("/inloggen/code/", {"code": used}).status_code == 200
    next_code = totp.generate_otp(used_step + 1)
    response = client.post("/inloggen/code/", {"code": next_code})
    assert response.status_code == 302
    assert client.session["otp_verified"] is True


@override_settings(TOTP_REQUIRED=True)
def test_production_requires_totp_for_person_data_roles():
    user = UserFactory(roles=[Role.PROCESREGISSEUR])
    client = Client()
    _login(client, user.username)
    response = client.get("/start/")
    assert response.status_code == 302 and response.url == "/account/tweestapsverificatie/"
    page = client.get("/account/tweestapsverificatie/").content.decode()
    assert "<svg" in page and "QR-code" in page


@override_settings(TOTP_REQUIRED=True)
def test_bestuurder_sees_aggregates_only_and_needs_no_totp():
    user = UserFactory(roles=[Role.BESTUURDER])
    client = Client()
    _login(client, user.username)
    assert client.get("/start/").status_code == 200
