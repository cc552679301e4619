"""How the API knows who is calling: a bearer token or the browser session. Each names the
actor of the request's audit context (the token is checked after the middleware bound it)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import ApiToken

# A token's last use is written at most this often (one UPDATE per five minutes, not per call).
_LAST_USED_RESOLUTION_SECONDS = 300


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` as printed by ``wijkkompas manage api_token USERNAME``."""

    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(key_hash=ApiToken.hash(token))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        if (
            found.last_used_at is None
            or (timezone.now() - found.last_used_at).total_seconds() > _LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        audit.set_actor(found.user)
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser session; unsafe methods need the CSRF token (ninja checks it)."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (
            settings.TOTP_REQUIRED
            and policy.requires_two_factor(user)
            and not request.session.get("otp_verified")
        ):
            return None
        audit.set_actor(user)
        return user


API_AUTH = [BearerTokenAuth(), SessionAuth()]
