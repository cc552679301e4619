"""Cases: the list, opening one, its page with the timeline, editing, the go/no-go decision and
the timeline as CSV."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.core.forms import initial_from, picked, submit
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.forms import CaseForm, TransitionForm
from wijkkompas.signals.models import Case, Escalation, Intervention
from wijkkompas.signals.views.common import (
    edit_page,
    list_page,
    partners,
    read_audited,
    stored_version,
)


def case_list(request):
    user = request.user
    return list_page(
        request,
        "case",
        selectors.cases_visible_to,
        "signals/case_list.html",
        statuses=Case.Status,
        may_create=policy.can(user, "create", "case", Case(tenant_id=user.tenant_id)),
    )


def case_create(request):
    user = request.user
    policy.require(user, "create", "case", Case(tenant_id=user.tenant_id))
    form = CaseForm(
        request.POST or None,
        categories=selectors.categories_for(user.tenant_id),
        partners=partners(user),
    )
    return edit_page(
        request,
        form,
        lambda d: services.create_case(
            actor=user,
            **picked(d, "title", "summary", "category", "data_class"),
            partners=list(d["partners"]),
        ),
        saved="Casus geopend.",
        title="Nieuwe casus",
        back=reverse("signals:case_list"),
    )


def _case_context(request, case: Case, transition_form=None) -> dict:
    user = request.user
    may_transition = (
        policy.can(user, "transition", "case", case) and case.status != Case.Status.CLOSED
    )
    signals = selectors.signals_visible_to(user).filter(case=case)
    return {
        "case": case,
        "signals": signals,
        "timeline": selectors.case_timeline(user, case),
        "interventions": selectors.interventions_visible_to(user).filter(case=case),
        "escalations": selectors.escalations_visible_to(user).filter(case=case),
        "flow": [(value, label) for value, label in Case.Status.choices],
        "may_edit": policy.can(user, "edit", "case", case),
        "may_transition": may_transition,
        "transition_form": (transition_form or TransitionForm(initial=initial_from(case)))
        if may_transition
        else None,
        "may_export": policy.can(user, "export", "case", case),
        "may_add_intervention": policy.can(
            user, "create", "intervention", Intervention(tenant_id=case.tenant_id, case=case)
        ),
        "may_escalate": policy.can(
            user, "create", "escalation", Escalation(tenant_id=case.tenant_id, case=case)
        ),
    }


def case_detail(request, pk: int):
    case = read_audited(request.user, selectors.get_case_for_view, pk, "case")
    return render(request, "signals/case_detail.html", _case_context(request, case))


def case_edit(request, pk: int):
    user = request.user
    case = selectors.get_case_for_edit(user, pk)
    form = CaseForm(
        request.POST or None,
        categories=selectors.categories_for(user.tenant_id),
        partners=partners(user),
        editing=True,
        initial=initial_from(case, "title", "summary", "category", "data_class", "partners"),
    )
    return edit_page(
        request,
        form,
        lambda d: services.update_case(
            actor=user,
            case=case,
            **picked(d, "version", "title", "summary", "data_class"),
            partners=list(d["partners"]),
        ),
        saved="Casus bijgewerkt.",
        title=f"Casus bewerken: {case.title}",
        back=case.get_absolute_url(),
        versioned=case,
    )


@require_POST
def case_transition(request, pk: int):
    user = request.user
    case = selectors.get_case_for_transition(user, pk)
    form = TransitionForm(request.POST)
    transition, status = submit(
        form,
        lambda d: services.transition_case(actor=user, case=case, **d),
        current_version=stored_version(case),
    )
    if transition is not None:
        messages.success(
            request,
            f"Besluit vastgelegd: casus staat nu op '{transition.get_to_status_display()}'.",
        )
        return redirect(case)
    case.refresh_from_db()
    return render(
        request,
        "signals/case_detail.html",
        _case_context(request, case, transition_form=form),
        status=409 if status == 409 else 422,
    )


def case_export(request, pk: int):
    user = request.user
    case = read_audited(user, selectors.get_case_for_export, pk, "case", action="case_exported")
    return exports.case_timeline_csv(user, case)
