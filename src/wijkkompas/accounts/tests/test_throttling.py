"""Login throttling proved by attack, through the real views (issue 12, item 4).

Clients use documentation addresses (RFC 5737), not 127.0.0.1: that one is a trusted proxy
(FORWARDED_ALLOW_IPS), whose X-Forwarded-For would be believed.
"""

import threading
from datetime import timedelta

import pyotp
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from wijkkompas.accounts import services
from wijkkompas.accounts.models import AuditEvent, LoginAttempt, TotpDevice
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.core.crypto import decrypt

pytestmark = pytest.mark.django_db

ADDRESS_A = "198.51.100.7"
ADDRESS_B = "203.0.113.9"
LOGIN, CODE = "/inloggen/", "/inloggen/code/"


def _client(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _login(client: Client, username: str, password: str = settings.DEMO_PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _locked(response) -> bool:
    return response.status_code == 200 and "tijdelijk geblokkeerd" in response.content.decode()


def _age_attempts(minutes: int) -> None:
    """Move every stored attempt back in time (the clock moving forward, as seen by the lock)."""
    for attempt in LoginAttempt.objects.all():
        LoginAttempt.objects.filter(pk=attempt.pk).update(
            at=attempt.at - timedelta(minutes=minutes)
        )


def _enrol(user) -> pyotp.TOTP:
    services.start_totp_enrolment(user=user)
    totp = pyotp.TOTP(decrypt(TotpDevice.objects.get(user=user).secret_encrypted))
    assert services.verify_totp(user=user, code=totp.now())
    return totp


def _right_code(user, totp: pyotp.TOTP) -> str:
    """The next unused step: valid now or within the one step of drift allowed."""
    return totp.generate_otp(TotpDevice.objects.get(user=user).last_used_step + 1)


def _wrong_codes(user, totp: pyotp.TOTP):
    """Codes that are wrong for every step the verifier would accept."""
    step = TotpDevice.objects.get(user=user).last_used_step
    valid = {totp.generate_otp(step + drift) for drift in range(-2, 4)}
    return (code for n in range(10**6) if (code := f"{n:06d}") not in valid)


def _pending_totp_login(client: Client, user) -> None:
    assert _login(client, user.username).url == CODE


def test_the_51st_totp_guess_and_the_right_code_after_it_never_log_in():
    user = UserFactory()
    totp = _enrol(user)
    client = _client(ADDRESS_A)
    _pending_totp_login(client, user)
    wrong = _wrong_codes(user, totp)
    responses = [client.post(CODE, {"code": next(wrong)}) for _ in range(51)]
    assert all(r.status_code == 200 for r in responses[: services.TOTP_MAX_FAILURES - 1])
    # The 5th wrong code drops the pending login: back to the password step, with the reason.
    fifth = responses[services.TOTP_MAX_FAILURES - 1]
    assert fifth.status_code == 302 and fifth.url == LOGIN
    page = client.get(LOGIN).content.decode()
    assert "te vaak een onjuiste code ingevuld" in page
    assert all(r.status_code == 302 and r.url == LOGIN for r in responses[5:])
    assert client.post(CODE, {"code": _right_code(user, totp)}).url == LOGIN
    assert not _logged_in(client)
    assert "pending_user_id" not in client.session
    assert (
        AuditEvent.objects.filter(action="login_totp_locked", object_id=str(user.pk)).count() == 1
    )
    # Only the five codes that were checked count as failures; nothing after the drop was checked.
    assert LoginAttempt.objects.filter(username=user.username, succeeded=False).count() == 5


def test_wrong_codes_lock_the_password_step_from_that_address_only():
    user = UserFactory()
    totp = _enrol(user)
    attacker = _client(ADDRESS_A)
    _pending_totp_login(attacker, user)
    wrong = _wrong_codes(user, totp)
    for _ in range(services.TOTP_MAX_FAILURES):
        attacker.post(CODE, {"code": next(wrong)})
    # A fresh pending login from the same address buys no new guesses: the password step is locked.
    assert _locked(_login(attacker, user.username))
    assert not _logged_in(attacker)
    # The real user, elsewhere, logs in as usual.
    owner = _client(ADDRESS_B)
    _pending_totp_login(owner, user)
    assert owner.post(CODE, {"code": _right_code(user, totp)}).status_code == 302
    assert _logged_in(owner) and owner.session["otp_verified"] is True


def test_failures_from_address_a_do_not_lock_the_user_out_for_address_b():
    user = UserFactory()
    attacker = _client(ADDRESS_A)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(attacker, user.username, "geraden")
    assert _locked(_login(attacker, user.username))
    assert not _logged_in(attacker)
    owner = _client(ADDRESS_B)
    assert _login(owner, user.username).status_code == 302
    assert _logged_in(owner)


def test_the_address_limit_across_accounts_trips_for_every_account():
    users = [UserFactory() for _ in range(8)]
    usernames = [u.username for u in users] + ["bestaat-niet-1", "bestaat-niet-2"]
    attacker = _client(ADDRESS_A)
    # Two guesses per username stay far below the per-account limit...
    for n in range(services.ADDRESS_MAX_FAILURES):
        response = _login(attacker, usernames[n % len(usernames)], f"geraden-{n}")
        assert not _locked(response)
    # ...but the address as a whole is now locked, for an untouched account too, with the right
    # password, and with the same message for a username that does not exist.
    untouched = UserFactory()
    refused_known = _login(attacker, untouched.username)
    refused_unknown = _login(attacker, "bestaat-helemaal-niet", "geraden")
    assert _locked(refused_known) and _locked(refused_unknown)
    assert not _logged_in(attacker)
    assert refused_known.context["form"].non_field_errors() == (
        refused_unknown.context["form"].non_field_errors()
    )
    # Logging in to an account of one's own from that address does not reset the address limit.
    assert _locked(_login(attacker, users[0].username))
    # Other addresses are not affected.
    assert _login(_client(ADDRESS_B), untouched.username).status_code == 302


def test_a_made_up_forwarded_header_does_not_dodge_the_limit():
    user = UserFactory()
    attacker = _client(ADDRESS_A)
    for n in range(settings.LOGIN_MAX_FAILURES):
        attacker.post(
            LOGIN,
            {"username": user.username, "password": "geraden"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = attacker.post(
        LOGIN,
        {"username": user.username, "password": settings.DEMO_PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert _locked(response) and not _logged_in(attacker)


def test_hammering_during_the_lock_does_not_extend_it_and_the_lock_expires():
    user = UserFactory()
    attacker = _client(ADDRESS_A)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(attacker, user.username, "geraden")
    window = settings.LOGIN_LOCKOUT_MINUTES
    _age_attempts(window - 1)
    # One minute before the lock ends: keep it locked "for ever" with requests, right or wrong.
    for n in range(30):
        password = settings.DEMO_PASSWORD if n % 2 else "geraden"
        assert _locked(_login(attacker, user.username, password))
    assert not _logged_in(attacker)
    assert LoginAttempt.objects.filter(username=user.username).count() == 5
    refused = AuditEvent.objects.filter(action="login_refused_locked")
    assert refused.count() == 30
    assert refused.first().client_address == ADDRESS_A
    # Two minutes later the original failures have left the window: the lock is over despite
    # the hammering, and the right password works from the attacked address too.
    _age_attempts(2)
    assert _login(attacker, user.username).status_code == 302
    assert _logged_in(attacker)


def test_an_address_locked_while_a_login_is_pending_gets_no_code_checked():
    user = UserFactory()
    totp = _enrol(user)
    client = _client(ADDRESS_A)
    _pending_totp_login(client, user)
    for n in range(services.ADDRESS_MAX_FAILURES):
        _login(_client(ADDRESS_A), f"iemand-{n}", "geraden")
    response = client.post(CODE, {"code": _right_code(user, totp)})
    assert response.status_code == 302 and response.url == LOGIN
    assert not _logged_in(client)
    assert "tijdelijk geblokkeerd" in client.get(LOGIN).content.decode()
    refused = AuditEvent.objects.get(action="login_refused_locked")
    assert refused.detail["step"] == "totp" and refused.object_id == str(user.pk)


def test_the_code_page_says_how_many_tries_are_left():
    user = UserFactory()
    totp = _enrol(user)
    client = _client(ADDRESS_A)
    _pending_totp_login(client, user)
    page = client.post(CODE, {"code": next(_wrong_codes(user, totp))}).content.decode()
    assert f"U kunt nog {services.TOTP_MAX_FAILURES - 1} keer een code proberen" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) are PostgreSQL's"
)
def test_parallel_guesses_cannot_run_past_the_limit():
    """Twenty pending logins (the attacker knows the password) each send one wrong code at the
    same moment: only as many are checked as the lock-out allows, the rest are refused."""
    user = UserFactory()
    totp = _enrol(user)
    clients = [_client(ADDRESS_A) for _ in range(20)]
    for client in clients:
        _pending_totp_login(client, user)
    wrong = _wrong_codes(user, totp)
    codes = [next(wrong) for _ in clients]
    start = threading.Barrier(len(clients))

    def guess(client: Client, code: str) -> None:
        try:
            start.wait()
            client.post(CODE, {"code": code})
        finally:
            connection.close()

    threads = [
        threading.Thread(target=guess, args=pair) for pair in zip(clients, codes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = LoginAttempt.objects.filter(username=user.username, succeeded=False).count()
    assert checked == settings.LOGIN_MAX_FAILURES
    refused = AuditEvent.objects.filter(action="login_refused_locked").count()
    assert refused == len(clients) - checked
    assert not any(_logged_in(client) for client in clients)


def test_wrong_codes_spread_over_many_addresses_lock_the_code_step_of_that_user():
    """Someone who has the password gets no more than USER_TOTP_MAX_FAILURES code guesses in the
    window by moving between addresses; the right code from yet another address is refused
    too, until the window has passed."""
    user = UserFactory()
    totp = _enrol(user)
    wrong = _wrong_codes(user, totp)
    per_address = services.TOTP_MAX_FAILURES - 1  # stays under every per-address limit
    addresses = [f"198.51.100.{n}" for n in range(10, 14)]
    for address in addresses:
        attacker = _client(address)
        _pending_totp_login(attacker, user)
        for _ in range(per_address):
            attacker.post(CODE, {"code": next(wrong)})
    checked = LoginAttempt.objects.filter(username=user.username, stage="totp").count()
    assert checked == services.USER_TOTP_MAX_FAILURES < len(addresses) * per_address
    elsewhere = _client(ADDRESS_B)
    _pending_totp_login(elsewhere, user)
    refused = elsewhere.post(CODE, {"code": _right_code(user, totp)})
    assert not _logged_in(elsewhere) and refused.status_code in (200, 302)
    _age_attempts(settings.LOGIN_LOCKOUT_MINUTES + 1)
    again = _client(ADDRESS_B)
    _pending_totp_login(again, user)
    again.post(CODE, {"code": _right_code(user, totp)})
    assert _logged_in(again)
