"""The module's start page, the aggregate figures per buurt, the processing register and the\nprivacy page for the DPIA (both from ``selectors.covenant`` and ``signals.privacy_fields``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format

from wijkkompas.accounts import policy
from wijkkompas.core import suppression
from wijkkompas.signals import charts, exports, selectors
from wijkkompas.signals.forms import StatsFilterForm
from wijkkompas.signals.models import Case, CaseMeeting, Signal
from wijkkompas.signals.selectors import covenant as register_selectors
from wijkkompas.signals.views.common import outside_covenant


def index(request):
    user = request.user
    if not (policy.can(user, "list", "signal") or policy.can(user, "view", "register")):
        raise PermissionDenied
    context = {
        "may_report": policy.can(user, "create", "signal", Signal(tenant_id=user.tenant_id)),
        "may_triage": policy.can(user, "triage", "signal"),
        "triage_count": selectors.triage_queue(user).count(),
        "my_signals": list(selectors.my_signals(user)[:5]),
        "open_cases": list(selectors.cases_visible_to(user).exclude(status=Case.Status.CLOSED)[:5]),
        "may_create_case": policy.can(user, "create", "case", Case(tenant_id=user.tenant_id)),
        "may_create_meeting": policy.can(
            user, "create", "meeting", CaseMeeting(tenant_id=user.tenant_id)
        ),
        "may_see_stats": user.tenant is not None
        and policy.can(user, "view", "signal_stats", user.tenant),
        "may_see_register": policy.can(user, "view", "register"),
        "covenant": selectors.covenant_of(user.tenant_id),
        "may_list": policy.can(user, "list", "signal"),
        "may_access_export": policy.can(user, "export", "person"),
        "outside_covenant": outside_covenant(user),
    }
    return render(request, "signals/index.html", context)


def stats(request):
    user = request.user
    if user.tenant is None:
        raise Http404
    policy.require(user, "view", "signal_stats", user.tenant)
    form = StatsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year")
    rows = selectors.signal_counts(
        user.tenant, year=year, area_code=(filters.get("area_code") or "").upper()
    )
    by_category = selectors.signal_counts(user.tenant, year=year, by=("category",))
    names = selectors.area_names(user.tenant_id, {r["area_code"] for r in rows})
    for r in rows:
        r["area_name"] = names.get(r["area_code"], "")
        r["month_name"] = month_name(r["month"])
    context = {
        "form": form,
        "rows": rows,
        "by_category": by_category,
        "chart": charts.count_bars(by_category, title="Signalen per categorie"),
        "rounding_note": suppression.rounding_note(),
        "threshold": suppression.threshold(),
    }
    return render(request, "signals/stats.html", context)


def month_name(month: str) -> str:
    """``2026-09`` → ``september 2026``."""
    try:
        return date_format(date.fromisoformat(f"{month}-01"), "F Y")
    except ValueError:
        return month


def register(request):
    user = request.user
    policy.require(user, "view", "register")
    return render(request, "signals/register.html", selectors.processing_register(user.tenant_id))


def register_pdf(request):
    user = request.user
    policy.require(user, "view", "register")
    return exports.register_pdf(user.tenant_id)


def privacy(request):
    """What is stored, for whom, how long and the measures, for the DPIA (same rule and same
    sources as the register)."""
    user = request.user
    policy.require(user, "view", "register")
    context = register_selectors.processing_register(user.tenant_id)
    context["measures"] = register_selectors.privacy_measures()
    context["algorithm_statement"] = register_selectors.ALGORITHM_STATEMENT
    context.setdefault("generated_at", None)
    return render(request, "signals/privacy.html", context)
