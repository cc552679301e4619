import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wijkkompas.accounts import audit_labels, audit_shred, policy, selectors, services
from wijkkompas.accounts.forms import AuditFilterForm, LoginForm, TotpForm
from wijkkompas.accounts.modules import modules_for
from wijkkompas.core import attention, finder

_PENDING = "pending_user_id"
_PENDING_FAILURES = "pending_totp_failures"
_BACKEND = "django.contrib.auth.backends.ModelBackend"


def start(request):
    """The start page: who you are, what waits for you and the modules your roles open."""
    policy.require(request.user, "view", "start")
    items = attention.items_for_request(request)
    return render(
        request,
        "accounts/start.html",
        {
            "modules": modules_for(request.user),
            "attention": items,
            "attention_total": attention.total(items),
        },
    )


@require_POST
def attention_digest_view(request):
    """The user's own choice to receive the attention list by e-mail (``attention digest``)."""
    policy.require(request.user, "view", "start")
    wanted = request.POST.get("overzicht") == "aan"
    get_user_model().objects.filter(pk=request.user.pk).update(attention_digest=wanted)
    if wanted and not request.user.email:
        messages.warning(
            request,
            "U krijgt het overzicht per e-mail zodra er een e-mailadres bij uw account staat "
            "(vraag de beheerder).",
        )
    else:
        messages.success(
            request,
            "U krijgt het overzicht per e-mail."
            if wanted
            else "U krijgt het overzicht niet meer per e-mail.",
        )
    return redirect(reverse("accounts:start") + "#aandacht")


def search_view(request):
    """One search box over the user's own work (``core.finder``; each kind reads within the
    policy, and signals and cases audit what they show)."""
    policy.require(request.user, "view", "start")
    query = finder.clean_query(request.GET.get("q", ""))
    kind = request.GET.get("soort", "")
    known = {k.code for k in finder.kinds()}
    kind = kind if kind in known else ""
    limit = 50 if kind else 10
    groups = finder.search(request.user, query, limit=limit, kind=kind)
    return render(
        request,
        "accounts/search.html",
        {
            "query": query,
            "search_query": query,
            "groups": groups,
            "kind": kind,
            "searched": bool(query),
        },
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return reverse("accounts:start")


def _complete_login(request, user, *, otp_verified: bool):
    login(request, user, backend=_BACKEND)
    request.session["otp_verified"] = otp_verified
    services.register_login_attempt(
        username=user.username, succeeded=True, request=request, user=user
    )


@login_not_required
def login_view(request):
    form = LoginForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = form.user
        if services.has_confirmed_totp(user):
            # The session is server-side (database backend), so the client cannot reset the
            # count of wrong codes; a new password step starts a new pending login.
            request.session[_PENDING] = user.pk
            request.session[_PENDING_FAILURES] = 0
            request.session["login_next"] = _next_url(request)
            return redirect("accounts:login_totp")
        _complete_login(request, user, otp_verified=False)
        return redirect(_next_url(request))
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _drop_pending_login(request, message: str):
    for key in (_PENDING, _PENDING_FAILURES, "login_next"):
        request.session.pop(key, None)
    messages.error(request, message)
    return redirect("accounts:login")


@login_not_required
def login_totp_view(request):
    user_id = request.session.get(_PENDING)
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(pk=user_id).first() if user_id else None
    if user is None:
        return redirect("accounts:login")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        failures = request.session.get(_PENDING_FAILURES, 0)
        outcome = services.check_login_totp(
            user=user, code=form.cleaned_data["code"], failures=failures, request=request
        )
        if outcome is services.TotpOutcome.VERIFIED:
            next_url = request.session.pop("login_next", reverse("accounts:start"))
            request.session.pop(_PENDING, None)
            request.session.pop(_PENDING_FAILURES, None)
            _complete_login(request, user, otp_verified=True)
            return redirect(next_url)
        if outcome is services.TotpOutcome.EXHAUSTED:
            return _drop_pending_login(request, services.totp_exhausted_message())
        if outcome is services.TotpOutcome.REFUSED:
            return _drop_pending_login(request, services.locked_message())
        request.session[_PENDING_FAILURES] = failures + 1
        form.add_error("code", "Deze code is onjuist of verlopen. Probeer de volgende code.")
    tries_left = services.TOTP_MAX_FAILURES - request.session.get(_PENDING_FAILURES, 0)
    return render(request, "accounts/login_totp.html", {"form": form, "tries_left": tries_left})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "U bent uitgelogd.")
    return redirect("accounts:login")


def totp_setup_view(request):
    """Enrol an authenticator app: show the QR code, confirm with the first code."""
    if services.has_confirmed_totp(request.user):
        return render(request, "accounts/totp_setup.html", {"already": True})
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_totp(user=request.user, code=form.cleaned_data["code"], request=request):
            request.session["otp_verified"] = True
            messages.success(request, "Tweestapsverificatie is ingesteld.")
            return redirect("accounts:start")
        form.add_error(
            "code", "Deze code klopt niet. Scan de QR-code opnieuw en probeer het nog eens."
        )
    uri = services.start_totp_enrolment(user=request.user)
    qr_svg = segno.make(uri, error="m").svg_inline(
        scale=5, title="QR-code voor uw authenticator-app"
    )
    secret = uri.split("secret=")[1].split("&")[0]
    return render(
        request, "accounts/totp_setup.html", {"form": form, "qr_svg": qr_svg, "secret": secret}
    )


def audit_trail_view(request):
    policy.require(request.user, "list", "audit_event")
    actions, object_types = selectors.audit_filter_choices(request.user)
    form = AuditFilterForm(request.GET or None, actions=actions, object_types=object_types)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_visible_to(request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("pagina"))
    for event, (reason, detail) in zip(page, audit_shred.readable_all(page), strict=True):
        event.label = audit_labels.describe_action(event.action)
        event.object_label = audit_labels.describe_object(event.object_type, event.object_id)
        event.reason, event.shown = reason, len(detail.get("ids", []))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "accounts/audit_trail.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
