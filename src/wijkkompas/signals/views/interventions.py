"""Interventions: the list, adding one to a case, its page, progress updates and the CSV export."""

from __future__ import annotations

from django.shortcuts import render

from wijkkompas.accounts import policy
from wijkkompas.core.forms import initial_from
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.forms import InterventionForm, InterventionUpdateForm
from wijkkompas.signals.models import Intervention
from wijkkompas.signals.views.common import (
    edit_page,
    list_page,
    partners,
    read_audited,
)


def intervention_list(request):
    return list_page(
        request,
        "intervention",
        selectors.interventions_visible_to,
        "signals/intervention_list.html",
        statuses=Intervention.Status,
        may_export=policy.can(request.user, "export", "intervention"),
    )


def intervention_create(request, case_pk: int):
    user = request.user
    case = selectors.get_case_for_new_intervention(user, case_pk)
    form = InterventionForm(request.POST or None, partners=partners(user))
    return edit_page(
        request,
        form,
        lambda d: services.create_intervention(actor=user, case=case, **d),
        saved="Interventie toegevoegd.",
        title=f"Interventie bij casus: {case.title}",
        back=case.get_absolute_url(),
    )


def intervention_detail(request, pk: int):
    user = request.user
    intervention = read_audited(user, selectors.get_intervention_for_view, pk, "intervention")
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
        initial=initial_from(intervention, "status", "result", "due_date"),
    )
    return edit_page(
        request,
        form,
        lambda d: services.update_intervention(actor=user, intervention=intervention, **d),
        saved="Interventie bijgewerkt.",
        title=f"Interventie bijwerken: {intervention.title}",
        back=intervention.get_absolute_url(),
        versioned=intervention,
    )


def intervention_export(request):
    return exports.interventions_csv(request.user)
