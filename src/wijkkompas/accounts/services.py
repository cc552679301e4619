"""Write-side use cases of accounts: login with throttling, TOTP enrolment, API tokens."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from wijkkompas.accounts import audit
from wijkkompas.accounts.models import ApiToken, LoginAttempt, TotpDevice, User
from wijkkompas.accounts.policy import SYSTEM
from wijkkompas.core.crypto import decrypt, encrypt

# Throttling (as django-axes and django-otp do it): failures are counted per username *and*
# client address, so failures from one address never lock the account for another; an address
# is also limited across all usernames. A refused attempt (made during a lock) is audited but not
# stored as a failure, so hammering during a lock does not extend it.
ADDRESS_MAX_FAILURES = 20
"""Failures from one address within the lock-out window, over all usernames, that lock it."""
TOTP_MAX_FAILURES = 5
"""Wrong codes one pending login (password accepted, code asked) may take before it is dropped."""
USER_TOTP_MAX_FAILURES = 10
"""Wrong codes for one user within the window from all addresses together that lock its code
step: someone who has the password cannot spread guesses over many addresses. Only a holder of
the password reaches this step, so it cannot be used to lock out a user whose password is safe."""

LOCKED_MESSAGE = (
    "Inloggen is tijdelijk geblokkeerd na te veel mislukte inlogpogingen. Probeer het later "
    "opnieuw (uiterlijk over {minutes} minuten) of neem contact op met de beheerder."
)
TOTP_EXHAUSTED_MESSAGE = (
    "U hebt te vaak een onjuiste code ingevuld. Om veiligheidsredenen is deze inlogpoging "
    "afgebroken. Log opnieuw in met uw gebruikersnaam en wachtwoord; na te veel mislukte "
    "pogingen kan dat pas na {minutes} minuten weer."
)


class LoginLocked(Exception):
    """The username from this address, or this address as a whole, is locked for now."""


class TotpOutcome(StrEnum):
    VERIFIED = "verified"
    WRONG = "wrong"
    EXHAUSTED = "exhausted"  # this wrong code was the last one the pending login may take
    REFUSED = "refused"  # not checked at all: locked, or the pending login was used up


def locked_message() -> str:
    return LOCKED_MESSAGE.format(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def totp_exhausted_message() -> str:
    return TOTP_EXHAUSTED_MESSAGE.format(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _from_address(address: str | None) -> Q:
    return Q(ip=address) if address else Q(ip__isnull=True)


def _failures_since_success(attempts: QuerySet[LoginAttempt]) -> QuerySet[LoginAttempt]:
    """The failures among ``attempts`` after the last success among them (a success resets)."""
    last_success = (
        attempts.filter(succeeded=True).order_by("-at").values_list("at", flat=True).first()
    )
    failures = attempts.filter(succeeded=False)
    return failures.filter(at__gt=last_success) if last_success is not None else failures


def login_locked(username: str, *, address: str | None) -> bool:
    """Locked when, within the window, the failures for this username from this address reach
    ``LOGIN_MAX_FAILURES`` (counted since its last success from this address), or the failures
    from this address over all usernames reach ``ADDRESS_MAX_FAILURES`` (a success does not reset
    that: logging in to one's own account must not buy more guesses at others). The answer is the
    same whether the username exists or not."""
    window_start = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginAttempt.objects.filter(_from_address(address), at__gte=window_start)
    if recent.filter(succeeded=False).count() >= ADDRESS_MAX_FAILURES:
        return True
    failures = _failures_since_success(recent.filter(username__iexact=username))
    return failures.count() >= settings.LOGIN_MAX_FAILURES


def totp_locked(username: str) -> bool:
    """The code step of this user is locked: ``USER_TOTP_MAX_FAILURES`` wrong codes within the
    window, from any address, since the user's last successful login."""
    window_start = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    attempts = LoginAttempt.objects.filter(username__iexact=username, at__gte=window_start)
    failures = _failures_since_success(attempts).filter(stage=LoginAttempt.Stage.TOTP)
    return failures.count() >= USER_TOTP_MAX_FAILURES


def register_login_attempt(
    *,
    username: str,
    succeeded: bool,
    request=None,
    user: User | None = None,
    stage: str = LoginAttempt.Stage.PASSWORD,
) -> None:
    LoginAttempt.objects.create(
        username=username[:150],
        ip=audit.client_address(request),
        succeeded=succeeded,
        stage=stage,
    )
    audit.record(
        actor=user,
        action="login_succeeded" if succeeded else "login_failed",
        object_type="user",
        object_id=user.pk if user else "",
        request=request,
        detail={} if succeeded else {"username": username[:150]},
    )


def _refuse_locked(*, username: str, step: str, request=None, user: User | None = None) -> None:
    """Audit an attempt made during a lock. Deliberately no ``LoginAttempt`` row: a refused
    attempt must not extend the lock."""
    audit.record(
        actor=None,
        action="login_refused_locked",
        object_type="user",
        object_id=user.pk if user else "",
        request=request,
        detail={"username": username[:150], "step": step},
    )


def check_password_login(
    *, username: str, password: str, request: HttpRequest | None = None
) -> User | None:
    """The password step: the user for a right password, None for a wrong one (stored as a
    failure); raises ``LoginLocked`` without checking the password while locked. Serialised per
    existing user (a row lock), so parallel guesses cannot run past the limit."""
    address = audit.client_address(request)
    with transaction.atomic():
        list(User.objects.select_for_update().filter(username__iexact=username).values("pk"))
        locked = login_locked(username, address=address)
        if locked:
            _refuse_locked(username=username, step="password", request=request)
            user = None
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:
                register_login_attempt(username=username, succeeded=False, request=request)
    if locked:  # raised outside the transaction, which keeps the refusal's audit event
        raise LoginLocked
    return user


def check_login_totp(
    *, user: User, code: str, failures: int, request: HttpRequest | None = None
) -> TotpOutcome:
    """The code step of a pending login that already took ``failures`` wrong codes (counted by
    the caller in the server-side session). A wrong code is also a login failure for the lock-out
    above; the ``TOTP_MAX_FAILURES``-th wrong one exhausts the pending login (audited as
    ``login_totp_locked``). Nothing is checked once exhausted or while locked, so a right code
    after too many wrong ones never logs in. Serialised per user (a row lock on the device)."""
    address = audit.client_address(request)
    with transaction.atomic():
        list(TotpDevice.objects.select_for_update().filter(user=user).values("pk"))
        if (
            failures >= TOTP_MAX_FAILURES
            or login_locked(user.username, address=address)
            or totp_locked(user.username)
        ):
            _refuse_locked(username=user.username, step="totp", request=request, user=user)
            return TotpOutcome.REFUSED
        if verify_totp(user=user, code=code, request=request):
            return TotpOutcome.VERIFIED
        register_login_attempt(
            username=user.username,
            succeeded=False,
            request=request,
            stage=LoginAttempt.Stage.TOTP,
        )
        if failures + 1 < TOTP_MAX_FAILURES:
            return TotpOutcome.WRONG
        audit.record(
            actor=None,
            action="login_totp_locked",
            object_type="user",
            object_id=user.pk,
            request=request,
            detail={"username": user.username, "failures": failures + 1},
        )
        return TotpOutcome.EXHAUSTED


def start_totp_enrolment(*, user: User) -> str:
    """Create (or replace an unconfirmed) device and return the provisioning URI for the QR code."""
    secret = pyotp.random_base32()
    with transaction.atomic():
        TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).delete()
        if hasattr(user, "totp_device") and user.totp_device.confirmed_at:
            raise ValueError("Er is al een bevestigde authenticator gekoppeld.")
        TotpDevice.objects.create(user=user, secret_encrypted=encrypt(secret))
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=settings.TOTP_ISSUER)


def verify_totp(*, user: User, code: str, request=None) -> bool:
    """Check a code (one step of clock drift allowed, no reuse of a used step); confirm the device
    on its first good code."""
    device = TotpDevice.objects.filter(user=user).first()
    code = "".join(ch for ch in code if ch.isdigit())
    if device is None or len(code) != 6:
        return False
    totp = pyotp.TOTP(decrypt(device.secret_encrypted))
    now = timezone.now()
    for drift in (0, -1, 1):
        at = now + timedelta(seconds=30 * drift)
        step = totp.timecode(at)
        if step > device.last_used_step and totp.verify(code, for_time=at):
            device.last_used_step = step
            if device.confirmed_at is None:
                device.confirmed_at = now
                audit.record(
                    actor=user,
                    action="totp_enrolled",
                    obj=user,
                    object_type="user",
                    request=request,
                )
            device.save(update_fields=["last_used_step", "confirmed_at"])
            return True
    return False


def has_confirmed_totp(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def issue_api_token(*, user: User, label: str = "", actor=None) -> str:
    raw = ApiToken.issue(user, label=label)
    audit.record(
        actor=actor or user,
        action="api_token_issued",
        obj=user,
        object_type="user",
        tenant_id=user.tenant_id,
    )
    return raw


def deactivate_demo_users() -> int:
    with transaction.atomic():
        users = list(User.objects.filter(is_demo=True, is_active=True))
        for user in users:
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["is_active", "password"])
        audit.record(actor=SYSTEM, action="demo_users_deactivated", detail={"count": len(users)})
    return len(users)
