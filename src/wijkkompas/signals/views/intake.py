"""Signals: the fast intake form, the list, one signal's page and the CSV export."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render

from wijkkompas.accounts import policy
from wijkkompas.core.forms import picked, submit
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.forms import FeedbackForm, SignalForm, TriageForm
from wijkkompas.signals.models import Signal
from wijkkompas.signals.views.common import list_page, partners, read_audited

# The keys the public form stores the reporter's contact details under, as the page words them.
CONTACT_LABELS = {"naam": "naam", "email": "e-mail", "telefoon": "telefoon"}


def _create(user: Any, d: dict) -> Signal:
    subject = None
    if d["subject_kind"]:
        subject = services.SubjectInput(
            kind=d["subject_kind"],
            label=d["subject_label"],
            area_code=d["area_code"],
            kvk_number=d["subject_kvk"],
            pseudonym=d["subject_pseudonym"],
            name=d["subject_name"],
            birth_date=d["subject_birth_date"],
            address=d["subject_address"],
        )
    return services.create_signal(
        actor=user,
        **picked(
            d,
            "category",
            "description",
            "observed_at",
            "basis",
            "observation",
            "urgency",
            "location",
            "area_code",
            "special_data",
        ),
        subject=subject,
    )


def signal_create(request):
    user = request.user
    policy.require(user, "create", "signal", Signal(tenant_id=user.tenant_id))
    form = SignalForm(
        request.POST or None,
        categories=selectors.categories_for(user.tenant_id),
        buurten=selectors.buurt_choices(user.tenant),
    )
    signal, status = submit(form, lambda d: _create(user, d))
    if signal is not None:
        messages.success(
            request,
            f"Signaal {signal.pk} is geregistreerd. Dank u; de procesregisseur bekijkt het.",
        )
        return redirect(signal)
    return render(request, "signals/signal_form.html", {"form": form}, status=status)


def signal_list(request):
    query = request.GET.copy()
    query.pop("pagina", None)
    return list_page(
        request,
        "signal",
        partial(selectors.signals_visible_to, q=request.GET.get("q", "")[:100]),
        "signals/signal_list.html",
        statuses=Signal.Status,
        query=query.urlencode(),
        may_export=policy.can(request.user, "export", "signal"),
    )


def signal_context(request, signal: Signal, *, triage_form=None, feedback_form=None) -> dict:
    """The signal page; the triage and feedback views render it again with their bound form."""
    user = request.user
    may_feedback = policy.can(user, "create", "feedback", signal)
    context = {
        "signal": signal,
        "may_triage": policy.can(user, "triage", "signal", signal)
        and signal.status in (Signal.Status.NEW, Signal.Status.FORWARDED),
        "may_edit": policy.can(user, "edit", "signal", signal),
        "may_feedback": may_feedback,
        "may_view_person": signal.subject is not None
        and signal.subject.is_person
        and policy.can(user, "view", "person", signal.subject),
        "case_visible": signal.case is not None and policy.can(user, "view", "case", signal.case),
        "decisions": signal.triage_decisions.select_related("actor", "organisation", "case"),
        "feedback": signal.feedback.all(),
        "contact": {CONTACT_LABELS.get(k, k): v for k, v in services.signal_contact(signal).items()}
        if may_feedback and signal.contact_encrypted
        else None,
    }
    if context["may_triage"]:
        context["triage_form"] = triage_form or TriageForm(
            cases=selectors.editable_cases(user), partners=partners(user)
        )
    if may_feedback:
        context["feedback_form"] = feedback_form or FeedbackForm(
            initial={"channel": "app" if signal.source == Signal.Source.PROFESSIONAL else "email"}
        )
    return context


def signal_detail(request, pk: int):
    signal = read_audited(request.user, selectors.get_signal_for_view, pk, "signal")
    return render(request, "signals/signal_detail.html", signal_context(request, signal))


def signal_export(request):
    return exports.signals_csv(request.user)
