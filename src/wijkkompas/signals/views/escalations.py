"""Escalations to the repressive track: the list, requesting one for a case (exactly what is
shared), its page, the four-eyes decision and the record as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.core.forms import submit
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.forms import EscalationDecisionForm, EscalationForm
from wijkkompas.signals.views.common import form_page, page, partners


def escalation_list(request):
    user = request.user
    policy.require(user, "list", "escalation")
    return render(
        request,
        "signals/escalation_list.html",
        {"page": page(request, selectors.escalations_visible_to(user))},
    )


def escalation_create(request, case_pk: int):
    user = request.user
    case = selectors.get_case_for_new_escalation(user, case_pk)
    form = EscalationForm(request.POST or None, partners=partners(user))
    escalation, status = submit(
        form,
        lambda d: services.request_escalation(
            actor=user,
            case=case,
            track=d["track"],
            target=d["target"],
            legal_basis=d["legal_basis"],
            reason=d["reason"],
            share=list(d["share"]),
        ),
    )
    if escalation is not None:
        messages.success(
            request,
            "Escalatie aangevraagd. Een OOV-adviseur moet haar goedkeuren voordat er iets gedeeld wordt.",
        )
        return redirect(escalation)
    return form_page(
        request,
        form,
        title=f"Escaleren naar het repressieve spoor: {case.title}",
        intro="Escalatie is een aparte, expliciete verstrekking. Kies precies wat gedeeld wordt; dat wordt vastgelegd en pas na goedkeuring zichtbaar voor de ontvanger.",
        back=case.get_absolute_url(),
        status=status,
    )


def escalation_detail(request, pk: int):
    user = request.user
    escalation = selectors.get_escalation_for_view(user, pk)
    selectors.audit_read(user, escalation, "escalation")
    may_approve = policy.can(user, "approve", "escalation", escalation)
    return render(
        request,
        "signals/escalation_detail.html",
        {
            "escalation": escalation,
            "shared": escalation.shared,
            "may_approve": may_approve,
            "decision_form": EscalationDecisionForm() if may_approve else None,
            "case_visible": policy.can(user, "view", "case", escalation.case),
        },
    )


@require_POST
def escalation_decide(request, pk: int):
    user = request.user
    escalation = selectors.get_escalation_for_decision(user, pk)
    form = EscalationDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_escalation(
                actor=user,
                escalation=escalation,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Besluit over de escalatie vastgelegd.")
    else:
        messages.error(request, "Kies een besluit en licht het toe.")
    return redirect(escalation)


def escalation_export(request, pk: int):
    user = request.user
    escalation = selectors.get_escalation_for_export(user, pk)
    selectors.audit_read(user, escalation, "escalation", action="escalation_exported")
    return exports.escalation_pdf(escalation)
