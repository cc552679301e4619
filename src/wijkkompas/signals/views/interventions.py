"""Interventions: the list, adding one to a case, its page, progress updates and the CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from wijkkompas.accounts import policy
from wijkkompas.core.forms import submit
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.forms import InterventionForm, InterventionUpdateForm
from wijkkompas.signals.models import Intervention
from wijkkompas.signals.views.common import form_page, page, partners, stored_version


def intervention_list(request):
    user = request.user
    policy.require(user, "list", "intervention")
    status = request.GET.get("status", "")
    return render(
        request,
        "signals/intervention_list.html",
        {
            "page": page(
                request,
                selectors.interventions_visible_to(
                    user, status=status if status in Intervention.Status.values else ""
                ),
            ),
            "statuses": Intervention.Status.choices,
            "status": status,
            "may_export": policy.can(user, "export", "intervention"),
        },
    )


def intervention_create(request, case_pk: int):
    user = request.user
    case = selectors.get_case_for_new_intervention(user, case_pk)
    form = InterventionForm(request.POST or None, partners=partners(user))
    intervention, status = submit(
        form,
        lambda d: services.create_intervention(
            actor=user,
            case=case,
            kind=d["kind"],
            title=d["title"],
            owner=d["owner"],
            description=d["description"],
            due_date=d["due_date"],
        ),
    )
    if intervention is not None:
        messages.success(request, "Interventie toegevoegd.")
        return redirect(intervention)
    return form_page(
        request,
        form,
        title=f"Interventie bij casus: {case.title}",
        back=case.get_absolute_url(),
        status=status,
    )


def intervention_detail(request, pk: int):
    user = request.user
    intervention = selectors.get_intervention_for_view(user, pk)
    selectors.audit_read(user, intervention, "intervention")
    return render(
        request,
        "signals/intervention_detail.html",
        {
            "intervention": intervention,
            "may_edit": policy.can(user, "edit", "intervention", intervention),
        },
    )


def intervention_edit(request, pk: int):
    user = request.user
    intervention = selectors.get_intervention_for_edit(user, pk)
    form = InterventionUpdateForm(
        request.POST or None,
        initial={
            "status": intervention.status,
            "result": intervention.result,
            "due_date": intervention.due_date,
            "version": intervention.version,
        },
    )
    saved, status = submit(
        form,
        lambda d: services.update_intervention(
            actor=user,
            intervention=intervention,
            version=d["version"],
            status=d["status"],
            result=d["result"],
            due_date=d["due_date"],
        ),
        current_version=stored_version(intervention),
    )
    if saved is not None:
        messages.success(request, "Interventie bijgewerkt.")
        return redirect(intervention)
    return form_page(
        request,
        form,
        title=f"Interventie bijwerken: {intervention.title}",
        back=intervention.get_absolute_url(),
        status=status,
    )


def intervention_export(request):
    return exports.interventions_csv(request.user)
