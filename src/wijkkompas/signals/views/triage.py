"""The procesregisseur's work on a signal: the triage queue, a triage decision, corrections and
feedback to the reporter."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.core.forms import initial_from, submit
from wijkkompas.signals import selectors, services
from wijkkompas.signals.forms import FeedbackForm, SignalEditForm, TriageForm
from wijkkompas.signals.views.common import audited_page, edit_page, partners
from wijkkompas.signals.views.intake import signal_context


def triage_queue(request):
    user = request.user
    policy.require(user, "triage", "signal")
    listed = audited_page(request, selectors.triage_queue(user), "signal")
    return render(request, "signals/triage_queue.html", {"page": listed})


def _signal_page_again(request, signal, status: int, **forms):
    """The signal page with the refused form: 422 for invalid input, 409 for a conflict."""
    return render(
        request,
        "signals/signal_detail.html",
        signal_context(request, signal, **forms),
        status=409 if status == 409 else 422,
    )


@require_POST
def signal_triage(request, pk: int):
    user = request.user
    signal = selectors.get_signal_for_triage(user, pk)
    form = TriageForm(request.POST, cases=selectors.editable_cases(user), partners=partners(user))
    decision, status = submit(
        form, lambda d: services.triage_signal(actor=user, signal=signal, **d)
    )
    if decision is None:
        return _signal_page_again(request, signal, status, triage_form=form)
    messages.success(request, f"Triagebesluit vastgelegd: {decision.get_kind_display().lower()}.")
    if decision.case_id:
        return redirect("signals:case", pk=decision.case_id)
    return redirect("signals:triage_queue")


def signal_edit(request, pk: int):
    user = request.user
    signal = selectors.get_signal_for_edit(user, pk)
    form = SignalEditForm(
        request.POST or None,
        categories=selectors.categories_for(user.tenant_id),
        initial=initial_from(signal, "category", "urgency", "data_class"),
    )
    return edit_page(
        request,
        form,
        lambda d: services.update_signal(actor=user, signal=signal, **d),
        saved="Signaal bijgewerkt.",
        title=f"Signaal {signal.pk} bewerken",
        back=signal.get_absolute_url(),
        versioned=signal,
    )


@require_POST
def signal_feedback(request, pk: int):
    user = request.user
    signal = selectors.get_signal_for_feedback(user, pk)
    form = FeedbackForm(request.POST)
    feedback, status = submit(
        form, lambda d: services.give_feedback(actor=user, signal=signal, **d)
    )
    if feedback is None:
        return _signal_page_again(request, signal, status, feedback_form=form)
    messages.success(request, "Terugkoppeling vastgelegd.")
    return redirect(signal)
