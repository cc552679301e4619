"""The audit context of every request, and the login and two-factor gates for the HTML side. The
API authenticates itself (401 problem+json)."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.shortcuts import redirect
from django.urls import reverse

from wijkkompas.accounts import audit, policy

_SELF_AUTHENTICATING_PREFIXES = ("/api/", "/static/")


class AuditContextMiddleware:
    """Bind actor (the lazy ``request.user``), client address and request id for the request, so
    ``audit.record`` finds them wherever it is called. Sits right after authentication; the
    response carries the request id (``X-Request-ID``) so a complaint can be matched to the
    trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = audit.request_id_for(request)
        with audit.bound(
            actor=getattr(request, "user", None),
            client_address=audit.client_address(request),
            request_id=request_id,
        ):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response

    def process_exception(self, request, exception):
        """A refusal raised in an HTML view gets its audit row here, once, after the view's own
        transactions have rolled back; Django then renders the 403/404 page as usual. (The API
        answers its exceptions itself: ``api.py`` does the same there.)"""
        audit.record_refusal(exception)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every view needs a login unless it is marked ``login_not_required`` (and then it must be on
    ``policy.PUBLIC_VIEWS``, which a test enforces)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(_SELF_AUTHENTICATING_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class TwoFactorMiddleware:
    """When TOTP is required (production), a user of a person-data role who has not passed the
    second factor in this session can only reach the enrolment page and log out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.TOTP_REQUIRED
            and user is not None
            and user.is_authenticated
            and policy.requires_two_factor(user)
            and not request.session.get("otp_verified")
            and not request.path.startswith(_SELF_AUTHENTICATING_PREFIXES)
        ):
            allowed = {reverse("accounts:totp_setup"), reverse("accounts:logout")}
            if request.path not in allowed:
                return redirect("accounts:totp_setup")
        return self.get_response(request)
