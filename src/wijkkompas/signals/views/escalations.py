"""Escalations to the repressive track: the list, requesting one for a case (exactly what is
shared), its page, the four-eyes decision and the record as PDF."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.forms import EscalationDecisionForm, EscalationForm
from wijkkompas.signals.services.escalations import shared_content
from wijkkompas.signals.views.common import (
    edit_page,
    list_page,
    partners,
    post_back,
    read_audited,
)


def escalation_list(request):
    return list_page(
        request, "escalation", selectors.escalations_visible_to, "signals/escalation_list.html"
    )


def escalation_create(request, case_pk: int):
    user = request.user
    case = selectors.get_case_for_new_escalation(user, case_pk)
    form = EscalationForm(request.POST or None, partners=partners(user))
    return edit_page(
        request,
        form,
        lambda d: services.request_escalation(actor=user, case=case, **d),
        saved="Escalatie aangevraagd. Een OOV-adviseur moet haar goedkeuren voordat er iets gedeeld wordt.",
        title=f"Escaleren naar het repressieve spoor: {case.title}",
        intro="Escalatie is een aparte, expliciete verstrekking. Kies precies wat gedeeld wordt; de inhoud wordt pas bij goedkeuring vastgelegd (versleuteld) en dan zichtbaar voor de ontvanger.",
        back=case.get_absolute_url(),
    )


def escalation_detail(request, pk: int):
    user = request.user
    escalation = read_audited(user, selectors.get_escalation_for_view, pk, "escalation")
    may_approve = policy.can(user, "approve", "escalation", escalation)
    return render(
        request,
        "signals/escalation_detail.html",
        {
            "escalation": escalation,
            "shared": shared_content(escalation, viewer=user),
            "may_approve": may_approve,
            "decision_form": EscalationDecisionForm() if may_approve else None,
            "case_visible": policy.can(user, "view", "case", escalation.case),
        },
    )


@require_POST
def escalation_decide(request, pk: int):
    user = request.user
    escalation = selectors.get_escalation_for_decision(user, pk)
    return post_back(
        request,
        EscalationDecisionForm(request.POST),
        lambda d: services.decide_escalation(actor=user, escalation=escalation, **d),
        saved="Besluit over de escalatie vastgelegd.",
        invalid="Kies een besluit en licht het toe.",
        back=escalation,
    )


def escalation_export(request, pk: int):
    user = request.user
    escalation = read_audited(
        user, selectors.get_escalation_for_export, pk, "escalation", action="escalation_exported"
    )
    return exports.escalation_pdf(escalation)
