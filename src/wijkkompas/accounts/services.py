"""Write-side use cases of accounts: login throttling, TOTP enrolment, API tokens."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit
from wijkkompas.accounts.models import ApiToken, LoginAttempt, TotpDevice, User
from wijkkompas.accounts.policy import SYSTEM
from wijkkompas.core.crypto import decrypt, encrypt


def login_locked(username: str) -> bool:
    """Locked when the last failures within the window reach the maximum, counted since the last
    success (a successful login resets the count)."""
    window_start = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    attempts = LoginAttempt.objects.filter(username__iexact=username, at__gte=window_start)
    last_success = (
        attempts.filter(succeeded=True).order_by("-at").values_list("at", flat=True).first()
    )
    failures = attempts.filter(succeeded=False)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    return failures.count() >= settings.LOGIN_MAX_FAILURES


def register_login_attempt(
    *, username: str, succeeded: bool, request=None, user: User | None = None
) -> None:
    LoginAttempt.objects.create(
        username=username[:150], ip=audit.client_address(request), succeeded=succeeded
    )
    audit.record(
        actor=user,
        action="login" if succeeded else "login_failed",
        object_type="user",
        object_id=user.pk if user else "",
        request=request,
        detail={} if succeeded else {"username": username[:150]},
    )


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
