import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from wijkkompas.core.api_support import problem

UNAVAILABLE_SECONDS = 30  # Retry-After while the database cannot be reached


@login_not_required
def home(request):
    return redirect("accounts:start" if request.user.is_authenticated else "knowledge:index")


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        return False


@login_not_required
@never_cache
def healthz(request):
    ok = database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "fout", "database": ok}, status=200 if ok else 503
    )


def permission_denied(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"title": "Geen toegang", "text": "U heeft geen toegang tot deze pagina of handeling."},
        status=403,
    )


def page_not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {
            "title": "Niet gevonden",
            "text": "Deze pagina bestaat niet of is niet voor u beschikbaar.",
        },
        status=404,
    )


def server_error(request):
    """The answer to an unhandled exception: 503 while the database cannot be reached (it comes
    back by itself; connection health checks reconnect on the next request), otherwise 500.
    problem+json under /api/, a Dutch page elsewhere, rendered without touching the database."""
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    if unavailable:
        status, title = 503, "Tijdelijk niet beschikbaar"
        text = (
            "Wijkkompas kan de database nu niet bereiken. Probeer het over een halve minuut "
            "opnieuw; er is niets opgeslagen van deze handeling."
        )
    else:
        status, title = 500, "Er ging iets mis"
        text = "Er ging bij ons iets mis. De fout is vastgelegd; probeer het later opnieuw."
    if request.path.startswith("/api/"):
        response = problem(request, status, title, text)
    else:
        html = render_to_string("core/server_error.html", {"title": title, "text": text})
        response = HttpResponse(html, status=status)
    if unavailable:
        response["Retry-After"] = str(UNAVAILABLE_SECONDS)
    return response
