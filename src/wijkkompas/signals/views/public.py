"""The residents' report form, without an account: rate-limited per address, with a honeypot
field and a time check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from wijkkompas.core.forms import apply_errors, picked
from wijkkompas.signals import selectors, services
from wijkkompas.signals.forms import PublicReportForm


@login_not_required
def public_report(request):
    tenants = list(selectors.public_tenants())
    slug = (
        request.POST.get("gemeente")
        or request.GET.get("gemeente")
        or (tenants[0].slug if len(tenants) == 1 else "")
    )
    tenant = next((t for t in tenants if t.slug == slug), None)
    if tenant is None:
        return render(request, "signals/public_choose.html", {"tenants": tenants})
    form = PublicReportForm(
        request.POST or None,
        categories=selectors.categories_for(tenant.pk, public_only=True),
        initial={"form_token": services.public_form_token()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            # A bot filled the hidden field: pretend success, store nothing.
            return redirect("signals:public_report_done")
        try:
            services.check_public_form_token(data["form_token"])
            signal = services.create_public_signal(
                tenant=tenant,
                **picked(
                    data,
                    "category",
                    "description",
                    "location",
                    "observed_at",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "wants_feedback",
                ),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
            form.data = form.data.copy()
            form.data["form_token"] = services.public_form_token()
        else:
            link = reverse("signals:public_status", args=[signal.pk])
            return redirect(f"{link}?code={signal.status_token}&nieuw=1")
    return render(request, "signals/public_report.html", {"form": form, "tenant": tenant})


@login_not_required
def public_report_done(request):
    return render(request, "signals/public_report_done.html")


@login_not_required
def public_status(request, reference: int):
    """The reporter's status page: reached only through the link with the secret key (in the
    query string, which the access log leaves out); any other key answers 404."""
    status = services.public_status(reference=reference, token=request.GET.get("code", ""))
    if status is None:
        raise Http404("Deze melding bestaat niet of de link is niet volledig.")
    link = request.build_absolute_uri(
        reverse("signals:public_status", args=[reference]) + "?code=" + request.GET["code"]
    )
    return render(
        request,
        "signals/public_status.html",
        {"status": status, "new": request.GET.get("nieuw") == "1", "link": link},
    )
