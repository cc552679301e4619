from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache


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
