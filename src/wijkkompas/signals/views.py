"""Thin views of Signalen & casusoverleg: parse input, call a service or selector, render.
Every permission question goes to ``accounts.policy``; objects outside the user's view are 404."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.exports import csv_response
from wijkkompas.core.pdf import render_pdf
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.forms import (
    AccessRequestForm,
    ActionItemForm,
    AgendaAddForm,
    CaseForm,
    ContributionForm,
    DecisionsForm,
    EscalationDecisionForm,
    EscalationForm,
    FeedbackForm,
    InterventionForm,
    InterventionUpdateForm,
    MeetingForm,
    PersonEditForm,
    PublicReportForm,
    ReasonForm,
    SignalEditForm,
    SignalForm,
    StatsFilterForm,
    TransitionForm,
    TriageForm,
    apply_errors,
)
from wijkkompas.signals.models import (
    AgendaItem,
    Case,
    CaseMeeting,
    Escalation,
    Intervention,
    Signal,
    Subject,
)

CONFLICT_MESSAGE = "Iemand anders heeft dit intussen gewijzigd. Uw invoer staat hieronder nog; controleer de nieuwe stand en sla opnieuw op."


def _page(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("pagina"))


def _get(user, action: str, object_type: str, model, pk: int):
    return policy.get_object_or_404(user, action, object_type, model, pk=pk)


def _partners(user):
    return selectors.covenant_partners(user.tenant_id)


# --- start -------------------------------------------------------------------------------------------


def _get_for(user, action: str, object_type: str, queryset, pk: int):
    """For actions not gated by "view" (e.g. the controller's access export): 404 unless the
    object is in the action's own visible set."""
    obj = policy.visible(user, action, object_type, queryset).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def index(request):
    user = request.user
    if not (policy.can(user, "list", "signal") or policy.can(user, "view", "register")):
        raise PermissionDenied
    may_report = policy.can(user, "create", "signal", Signal(tenant_id=user.tenant_id))
    context = {
        "may_report": may_report,
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
    }
    return render(request, "signals/index.html", context)


def access_request(request):
    """The controller's beheerder finds a person for an AVG art. 15 request by pseudonym, or by
    name and birth date (matched through the keyed index, nothing is decrypted)."""
    user = request.user
    policy.require(user, "export", "person")
    form = AccessRequestForm(request.GET or None)
    if request.GET and form.is_valid():
        d = form.cleaned_data
        persons = policy.visible(user, "export", "person", Subject.objects.all())
        if d["pseudonym"]:
            person = persons.filter(pseudonym=d["pseudonym"].strip().upper()).first()
        else:
            person = persons.filter(
                identity_index=services.person_index(user.tenant_id, d["name"], d["birth_date"])
            ).first()
        if person is not None:
            return redirect("signals:person_export", pk=person.pk)
        form.add_error(
            None,
            "Er zijn geen gegevens gevonden over deze persoon. Dat kunt u zo aan de aanvrager melden.",
        )
    return render(
        request,
        "signals/simple_form.html",
        {
            "form": form,
            "title": "Inzageverzoek (AVG art. 15)",
            "method": "get",
            "submit": "Zoeken",
            "intro": "Zoek op pseudoniem, of op naam en geboortedatum zoals de aanvrager die opgeeft.",
            "back": reverse("signals:index"),
        },
    )


# --- public form -------------------------------------------------------------------------------------


@login_not_required
def public_report(request):
    """Residents report without an account. Rate-limited per address, honeypot and time check."""
    tenants = list(selectors.public_tenants())
    slug = (
        request.POST.get("gemeente")
        or request.GET.get("gemeente")
        or (tenants[0].slug if len(tenants) == 1 else "")
    )
    tenant = next((t for t in tenants if t.slug == slug), None)
    if tenant is None:
        return render(request, "signals/public_choose.html", {"tenants": tenants})
    categories = selectors.categories_for(tenant.pk, public_only=True)
    form = PublicReportForm(
        request.POST or None,
        categories=categories,
        initial={"form_token": services.public_form_token()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            # A bot filled the hidden field: pretend success, store nothing.
            return redirect("signals:public_report_done")
        try:
            services.check_public_form_token(data["form_token"])
            services.create_public_signal(
                tenant=tenant,
                category=data["category"],
                description=data["description"],
                location=data["location"],
                observed_at=data["observed_at"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                wants_feedback=data["wants_feedback"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
            form.data = form.data.copy()
            form.data["form_token"] = services.public_form_token()
        else:
            return redirect("signals:public_report_done")
    return render(request, "signals/public_report.html", {"form": form, "tenant": tenant})


@login_not_required
def public_report_done(request):
    return render(request, "signals/public_report_done.html")


# --- signals -----------------------------------------------------------------------------------------


def signal_create(request):
    user = request.user
    policy.require(user, "create", "signal", Signal(tenant_id=user.tenant_id))
    form = SignalForm(request.POST or None, categories=selectors.categories_for(user.tenant_id))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
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
        try:
            signal = services.create_signal(
                actor=user,
                category=d["category"],
                description=d["description"],
                observed_at=d["observed_at"],
                basis=d["basis"],
                observation=d["observation"],
                urgency=d["urgency"],
                location=d["location"],
                area_code=d["area_code"],
                subject=subject if d["subject_kind"] else None,
                special_data=d["special_data"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Signaal {signal.pk} is geregistreerd. Dank u; de procesregisseur bekijkt het.",
            )
            return redirect(signal)
    return render(request, "signals/signal_form.html", {"form": form})


def signal_list(request):
    user = request.user
    policy.require(user, "list", "signal")
    status = request.GET.get("status", "")
    qs = selectors.signals_visible_to(
        user,
        status=status if status in Signal.Status.values else "",
        q=request.GET.get("q", "")[:100],
    )
    page = _page(request, qs)
    selectors.audit_list(user, "signal", [s.pk for s in page], request=request)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "signals/signal_list.html",
        {
            "page": page,
            "statuses": Signal.Status.choices,
            "status": status,
            "query": query.urlencode(),
            "may_export": policy.can(user, "export", "signal"),
        },
    )


def triage_queue(request):
    user = request.user
    policy.require(user, "triage", "signal")
    page = _page(request, selectors.triage_queue(user))
    selectors.audit_list(user, "signal", [s.pk for s in page], request=request)
    return render(request, "signals/triage_queue.html", {"page": page})


def _signal_context(request, signal, *, triage_form=None, feedback_form=None, edit_form=None):
    user = request.user
    context = {
        "signal": signal,
        "may_triage": policy.can(user, "triage", "signal", signal)
        and signal.status in (Signal.Status.NEW, Signal.Status.FORWARDED),
        "may_edit": policy.can(user, "edit", "signal", signal),
        "may_feedback": policy.can(user, "create", "feedback", signal),
        "may_view_person": signal.subject is not None
        and signal.subject.is_person
        and policy.can(user, "view", "person", signal.subject),
        "case_visible": signal.case is not None and policy.can(user, "view", "case", signal.case),
        "decisions": signal.triage_decisions.select_related("actor", "organisation", "case"),
        "feedback": signal.feedback.all(),
        "contact": services.signal_contact(signal)
        if policy.can(user, "create", "feedback", signal) and signal.contact_encrypted
        else None,
    }
    if context["may_triage"]:
        context["triage_form"] = triage_form or TriageForm(
            cases=selectors.editable_cases(user), partners=_partners(user)
        )
    if context["may_feedback"]:
        context["feedback_form"] = feedback_form or FeedbackForm(
            initial={"channel": "app" if signal.source == Signal.Source.PROFESSIONAL else "email"}
        )
    return context


def signal_detail(request, pk: int):
    signal = _get(
        request.user,
        "view",
        "signal",
        Signal.objects.select_related("category", "subject", "case", "reporter_organisation"),
        pk,
    )
    selectors.audit_read(request.user, signal, "signal", request=request)
    return render(request, "signals/signal_detail.html", _signal_context(request, signal))


@require_POST
def signal_triage(request, pk: int):
    user = request.user
    signal = _get(
        user, "triage", "signal", Signal.objects.select_related("category", "subject", "case"), pk
    )
    form = TriageForm(request.POST, cases=selectors.editable_cases(user), partners=_partners(user))
    if form.is_valid():
        d = form.cleaned_data
        try:
            decision = services.triage_signal(
                actor=user,
                signal=signal,
                decision=d["decision"],
                reason=d["reason"],
                case=d["case"],
                case_title=d["case_title"],
                organisation=d["organisation"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"Triagebesluit vastgelegd: {decision.get_kind_display().lower()}."
            )
            if decision.case_id:
                return redirect("signals:case", pk=decision.case_id)
            return redirect("signals:triage_queue")
    return render(
        request,
        "signals/signal_detail.html",
        _signal_context(request, signal, triage_form=form),
        status=422,
    )


def signal_edit(request, pk: int):
    user = request.user
    signal = _get(user, "edit", "signal", Signal.objects.select_related("category", "subject"), pk)
    categories = selectors.categories_for(user.tenant_id)
    form = SignalEditForm(
        request.POST or None,
        categories=categories,
        initial={
            "category": signal.category,
            "urgency": signal.urgency,
            "data_class": signal.data_class,
            "version": signal.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_signal(
                actor=user,
                signal=signal,
                version=d["version"],
                category=d["category"],
                urgency=d["urgency"],
                data_class=d["data_class"],
                reason=d["reason"],
                request=request,
            )
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Signaal bijgewerkt.")
            return redirect(signal)
    return render(
        request,
        "signals/simple_form.html",
        {"form": form, "title": f"Signaal {signal.pk} bewerken", "back": signal.get_absolute_url()},
    )


@require_POST
def signal_feedback(request, pk: int):
    user = request.user
    signal = _get(
        user, "view", "signal", Signal.objects.select_related("category", "subject", "case"), pk
    )
    policy.require(user, "create", "feedback", signal)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.give_feedback(
                actor=user,
                signal=signal,
                message=form.cleaned_data["message"],
                channel=form.cleaned_data["channel"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Terugkoppeling vastgelegd.")
            return redirect(signal)
    return render(
        request,
        "signals/signal_detail.html",
        _signal_context(request, signal, feedback_form=form),
        status=422,
    )


def signal_export(request):
    user = request.user
    policy.require(user, "export", "signal")
    qs = policy.visible(user, "export", "signal", selectors.signals_visible_to(user))
    header, rows = exports.signal_rows(qs)
    selectors.audit_list(user, "signal", [r[0] for r in rows], request=request)
    return csv_response("signalen.csv", header, rows)


# --- persons -----------------------------------------------------------------------------------------


def person_list(request):
    user = request.user
    policy.require(user, "list", "person")
    page = _page(request, selectors.persons_visible_to(user))
    selectors.audit_list(user, "person", [p.pk for p in page], request=request)
    return render(request, "signals/person_list.html", {"page": page})


def person_detail(request, pk: int):
    """GET asks for the reason; POST with the reason shows the record (and audits it)."""
    user = request.user
    person = _get(user, "view", "person", Subject.objects.all(), pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = selectors.person_record(
            user, person, reason=form.cleaned_data["reason"], request=request
        )
        return render(
            request,
            "signals/person_detail.html",
            {
                "record": record,
                "reason": form.cleaned_data["reason"],
                "may_edit": policy.can(user, "edit", "person", person),
                "may_export": policy.can(user, "export", "person", person),
            },
        )
    return render(request, "signals/person_reason.html", {"person": person, "form": form})


def person_edit(request, pk: int):
    user = request.user
    person = _get(user, "edit", "person", Subject.objects.all(), pk)
    form = PersonEditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_person(
                actor=user,
                person=person,
                reason=d["reason"],
                name=d["name"],
                birth_date=d["birth_date"],
                address=d["address"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Identificerende gegevens bijgewerkt.")
            return redirect("signals:person_list")
    return render(
        request,
        "signals/simple_form.html",
        {
            "form": form,
            "title": f"Gegevens van {person.pseudonym} corrigeren",
            "intro": "Vul de juiste gegevens in. Ze worden versleuteld opgeslagen; de wijziging wordt met reden gelogd.",
            "back": reverse("signals:person_list"),
        },
    )


def person_export(request, pk: int):
    """AVG art. 15 access export for the controller's beheerder (JSON download)."""
    user = request.user
    person = _get_for(user, "export", "person", Subject.objects.all(), pk)
    form = ReasonForm(request.POST or None, initial={"reason": "Inzageverzoek AVG art. 15"})
    if request.method == "POST" and form.is_valid():
        data = selectors.access_export(
            user, person, reason=form.cleaned_data["reason"], request=request
        )
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="inzage-{person.pseudonym}.json"'
        return response
    return render(
        request,
        "signals/simple_form.html",
        {
            "form": form,
            "title": f"Inzageverzoek (AVG art. 15) voor {person.pseudonym}",
            "intro": "Maakt een overzicht van alle gegevens over deze persoon, met doel, grondslag, ontvangers, bewaartermijn en wie het dossier heeft ingezien.",
            "submit": "Overzicht downloaden",
            "back": reverse("signals:index"),
        },
    )


# --- cases -------------------------------------------------------------------------------------------


def case_list(request):
    user = request.user
    policy.require(user, "list", "case")
    status = request.GET.get("status", "")
    page = _page(
        request,
        selectors.cases_visible_to(user, status=status if status in Case.Status.values else ""),
    )
    return render(
        request,
        "signals/case_list.html",
        {
            "page": page,
            "statuses": Case.Status.choices,
            "status": status,
            "may_create": policy.can(user, "create", "case", Case(tenant_id=user.tenant_id)),
        },
    )


def case_create(request):
    user = request.user
    policy.require(user, "create", "case", Case(tenant_id=user.tenant_id))
    form = CaseForm(
        request.POST or None,
        categories=selectors.categories_for(user.tenant_id),
        partners=_partners(user),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.create_case(
                actor=user,
                title=d["title"],
                summary=d["summary"],
                category=d["category"],
                data_class=d["data_class"],
                partners=list(d["partners"]),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Casus geopend.")
            return redirect(case)
    return render(
        request,
        "signals/simple_form.html",
        {"form": form, "title": "Nieuwe casus", "back": reverse("signals:case_list")},
    )


def case_detail(request, pk: int):
    user = request.user
    case = _get(user, "view", "case", Case.objects.select_related("category", "organisation"), pk)
    selectors.audit_read(user, case, "case", request=request)
    return render(request, "signals/case_detail.html", _case_context(request, case))


def _case_context(request, case, transition_form=None):
    user = request.user
    may_transition = (
        policy.can(user, "transition", "case", case) and case.status != Case.Status.CLOSED
    )
    return {
        "case": case,
        "signals": selectors.signals_visible_to(user).filter(case=case),
        "hidden_signals": case.signals.count()
        - selectors.signals_visible_to(user).filter(case=case).count(),
        "timeline": selectors.case_timeline(user, case),
        "interventions": selectors.interventions_visible_to(user).filter(case=case),
        "escalations": selectors.escalations_visible_to(user).filter(case=case),
        "flow": [(value, label) for value, label in Case.Status.choices],
        "may_edit": policy.can(user, "edit", "case", case),
        "may_transition": may_transition,
        "transition_form": (transition_form or TransitionForm(initial={"version": case.version}))
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


def case_edit(request, pk: int):
    user = request.user
    case = _get(user, "edit", "case", Case.objects.select_related("category"), pk)
    form = CaseForm(
        request.POST or None,
        categories=selectors.categories_for(user.tenant_id),
        partners=_partners(user),
        editing=True,
        initial={
            "title": case.title,
            "summary": case.summary,
            "category": case.category,
            "data_class": case.data_class,
            "partners": list(case.partners.all()),
            "version": case.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_case(
                actor=user,
                case=case,
                version=d["version"],
                title=d["title"],
                summary=d["summary"],
                data_class=d["data_class"],
                partners=list(d["partners"]),
                request=request,
            )
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Casus bijgewerkt.")
            return redirect(case)
    return render(
        request,
        "signals/simple_form.html",
        {"form": form, "title": f"Casus bewerken: {case.title}", "back": case.get_absolute_url()},
    )


@require_POST
def case_transition(request, pk: int):
    user = request.user
    case = _get(
        user, "transition", "case", Case.objects.select_related("category", "organisation"), pk
    )
    form = TransitionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            t = services.transition_case(
                actor=user,
                case=case,
                decision=d["decision"],
                reason=d["reason"],
                version=d["version"],
                request=request,
            )
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"Besluit vastgelegd: casus staat nu op '{t.get_to_status_display()}'."
            )
            return redirect(case)
    case.refresh_from_db()
    return render(
        request,
        "signals/case_detail.html",
        _case_context(request, case, transition_form=form),
        status=422,
    )


def case_export(request, pk: int):
    user = request.user
    case = _get(user, "export", "case", Case.objects.select_related("category", "organisation"), pk)
    selectors.audit_read(user, case, "case", request=request, action="case_exported")
    timeline = selectors.case_timeline(user, case)
    rows = [
        (timezone.localtime(e.at).strftime("%d-%m-%Y %H:%M"), e.kind, e.text, e.reason)
        for e in timeline
    ]
    return csv_response(
        f"casus-{case.pk}-tijdlijn.csv", ["Tijdstip", "Soort", "Gebeurtenis", "Motivering"], rows
    )


# --- meetings ----------------------------------------------------------------------------------------


def meeting_list(request):
    user = request.user
    policy.require(user, "list", "meeting")
    return render(
        request,
        "signals/meeting_list.html",
        {
            "page": _page(request, selectors.meetings_visible_to(user)),
            "may_create": policy.can(
                user, "create", "meeting", CaseMeeting(tenant_id=user.tenant_id)
            ),
        },
    )


def meeting_create(request):
    user = request.user
    policy.require(user, "create", "meeting", CaseMeeting(tenant_id=user.tenant_id))
    form = MeetingForm(
        request.POST or None, partners=_partners(user), cases=selectors.editable_cases(user)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.create_meeting(
                actor=user,
                title=d["title"],
                starts_at=d["starts_at"],
                location=d["location"],
                participants=list(d["participants"]),
                cases=list(d["cases"]),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Casusoverleg gepland.")
            return redirect(meeting)
    return render(
        request,
        "signals/simple_form.html",
        {"form": form, "title": "Casusoverleg plannen", "back": reverse("signals:meeting_list")},
    )


def _meeting_context(request, meeting):
    user = request.user
    visible_cases = set(selectors.cases_visible_to(user).values_list("pk", flat=True))
    items = []
    for item in meeting.agenda.select_related("case"):
        items.append(
            {
                "item": item,
                "case_visible": item.case_id in visible_cases,
                "contributions": item.contributions.select_related("organisation")
                if item.case_id in visible_cases
                else [],
                "actions": item.actions.select_related("owner"),
            }
        )
    may_edit = policy.can(user, "edit", "meeting", meeting)
    return {
        "meeting": meeting,
        "items": items,
        "participants": meeting.participants.all(),
        "may_edit": may_edit,
        "may_contribute": policy.can(user, "contribute", "meeting", meeting),
        "may_delete": policy.can(user, "delete", "meeting", meeting),
        "may_export": policy.can(user, "export", "meeting", meeting),
        "agenda_form": AgendaAddForm(
            cases=selectors.editable_cases(user).exclude(agenda_items__meeting=meeting)
        )
        if may_edit
        else None,
        "action_form": ActionItemForm(partners=meeting.participants.all()) if may_edit else None,
        "contribution_form": ContributionForm(),
    }


def meeting_detail(request, pk: int):
    user = request.user
    meeting = _get(user, "view", "meeting", CaseMeeting.objects.select_related("chair"), pk)
    selectors.audit_read(user, meeting, "meeting", request=request)
    return render(request, "signals/meeting_detail.html", _meeting_context(request, meeting))


def meeting_edit(request, pk: int):
    user = request.user
    meeting = _get(user, "edit", "meeting", CaseMeeting.objects.select_related("chair"), pk)
    form = MeetingForm(
        request.POST or None,
        partners=_partners(user),
        cases=None,
        editing=True,
        initial={
            "title": meeting.title,
            "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "location": meeting.location,
            "participants": list(meeting.participants.all()),
            "notes": meeting.notes,
            "status": meeting.status,
            "version": meeting.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_meeting(
                actor=user,
                meeting=meeting,
                version=d["version"],
                title=d["title"],
                starts_at=d["starts_at"],
                location=d["location"],
                participants=list(d["participants"]),
                notes=d["notes"],
                status=d["status"],
                request=request,
            )
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Casusoverleg bijgewerkt.")
            return redirect(meeting)
    return render(
        request,
        "signals/simple_form.html",
        {"form": form, "title": f"Bewerken: {meeting.title}", "back": meeting.get_absolute_url()},
    )


def meeting_delete(request, pk: int):
    user = request.user
    meeting = _get(user, "delete", "meeting", CaseMeeting.objects.all(), pk)
    if request.method == "POST":
        services.delete_meeting(
            actor=user, meeting=meeting, reason=request.POST.get("reason", ""), request=request
        )
        messages.success(request, "Casusoverleg geannuleerd en verwijderd.")
        return redirect("signals:meeting_list")
    return render(
        request,
        "signals/confirm_delete.html",
        {"object": meeting, "back": meeting.get_absolute_url()},
    )


@require_POST
def meeting_agenda_add(request, pk: int):
    user = request.user
    meeting = _get(user, "edit", "meeting", CaseMeeting.objects.all(), pk)
    form = AgendaAddForm(request.POST, cases=selectors.editable_cases(user))
    if form.is_valid():
        try:
            services.add_agenda_item(
                actor=user, meeting=meeting, case=form.cleaned_data["case"], request=request
            )
            messages.success(request, "Casus op de agenda gezet.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Kies een casus.")
    return redirect(meeting)


def _agenda_item(user, pk: int, action: str) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting", "case").filter(pk=pk).first()
    if item is None:
        raise Http404
    policy.get_object_or_404(user, action, "meeting", CaseMeeting.objects.all(), pk=item.meeting_id)
    return item


@require_POST
def agenda_decisions(request, pk: int):
    item = _agenda_item(request.user, pk, "edit")
    form = DecisionsForm(request.POST)
    if form.is_valid():
        services.record_decisions(
            actor=request.user, item=item, decisions=form.cleaned_data["decisions"], request=request
        )
        messages.success(request, "Besluiten vastgelegd.")
    return redirect(item.meeting)


@require_POST
def agenda_contribution(request, pk: int):
    item = _agenda_item(request.user, pk, "contribute")
    if not policy.can(request.user, "view", "case", item.case):
        messages.error(request, "Deze casus is niet met uw organisatie gedeeld.")
        return redirect(item.meeting)
    form = ContributionForm(request.POST)
    if form.is_valid():
        services.add_contribution(
            actor=request.user, item=item, text=form.cleaned_data["text"], request=request
        )
        messages.success(request, "Inbreng vastgelegd.")
    else:
        messages.error(request, "Schrijf uw inbreng.")
    return redirect(item.meeting)


@require_POST
def agenda_action(request, pk: int):
    item = _agenda_item(request.user, pk, "edit")
    form = ActionItemForm(request.POST, partners=item.meeting.participants.all())
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_action_item(
                actor=request.user,
                item=item,
                description=d["description"],
                owner=d["owner"],
                due_date=d["due_date"],
                request=request,
            )
            messages.success(request, "Actie toegevoegd.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Vul de actie en de eigenaar in.")
    return redirect(item.meeting)


def meeting_export(request, pk: int):
    user = request.user
    meeting = _get(user, "export", "meeting", CaseMeeting.objects.select_related("chair"), pk)
    selectors.audit_read(
        user, meeting, "meeting", request=request, action="meeting_minutes_exported"
    )
    pdf = render_pdf(
        "signals/meeting_minutes_pdf.html",
        {**_meeting_context(request, meeting), "generated_at": timezone.now()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="verslag-casusoverleg-{meeting.pk}.pdf"'
    )
    return response


# --- interventions -----------------------------------------------------------------------------------


def intervention_list(request):
    user = request.user
    policy.require(user, "list", "intervention")
    status = request.GET.get("status", "")
    return render(
        request,
        "signals/intervention_list.html",
        {
            "page": _page(
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
    case = _get(user, "view", "case", Case.objects.all(), case_pk)
    policy.require(
        user, "create", "intervention", Intervention(tenant_id=case.tenant_id, case=case)
    )
    form = InterventionForm(request.POST or None, partners=_partners(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            intervention = services.create_intervention(
                actor=user,
                case=case,
                kind=d["kind"],
                title=d["title"],
                owner=d["owner"],
                description=d["description"],
                due_date=d["due_date"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Interventie toegevoegd.")
            return redirect(intervention)
    return render(
        request,
        "signals/simple_form.html",
        {
            "form": form,
            "title": f"Interventie bij casus: {case.title}",
            "back": case.get_absolute_url(),
        },
    )


def intervention_detail(request, pk: int):
    user = request.user
    intervention = _get(
        user, "view", "intervention", Intervention.objects.select_related("case", "owner"), pk
    )
    selectors.audit_read(user, intervention, "intervention", request=request)
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
    intervention = _get(
        user, "edit", "intervention", Intervention.objects.select_related("case", "owner"), pk
    )
    form = InterventionUpdateForm(
        request.POST or None,
        initial={
            "status": intervention.status,
            "result": intervention.result,
            "due_date": intervention.due_date,
            "version": intervention.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_intervention(
                actor=user,
                intervention=intervention,
                version=d["version"],
                status=d["status"],
                result=d["result"],
                due_date=d["due_date"],
                request=request,
            )
        except Conflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Interventie bijgewerkt.")
            return redirect(intervention)
    return render(
        request,
        "signals/simple_form.html",
        {
            "form": form,
            "title": f"Interventie bijwerken: {intervention.title}",
            "back": intervention.get_absolute_url(),
        },
    )


def intervention_export(request):
    user = request.user
    policy.require(user, "export", "intervention")
    qs = policy.visible(user, "export", "intervention", selectors.interventions_visible_to(user))
    header, rows = exports.intervention_rows(qs)
    return csv_response("interventies.csv", header, rows)


# --- escalations -------------------------------------------------------------------------------------


def escalation_list(request):
    user = request.user
    policy.require(user, "list", "escalation")
    return render(
        request,
        "signals/escalation_list.html",
        {"page": _page(request, selectors.escalations_visible_to(user))},
    )


def escalation_create(request, case_pk: int):
    user = request.user
    case = _get(user, "view", "case", Case.objects.all(), case_pk)
    policy.require(user, "create", "escalation", Escalation(tenant_id=case.tenant_id, case=case))
    form = EscalationForm(request.POST or None, partners=_partners(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            escalation = services.request_escalation(
                actor=user,
                case=case,
                track=d["track"],
                target=d["target"],
                legal_basis=d["legal_basis"],
                reason=d["reason"],
                share=list(d["share"]),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                "Escalatie aangevraagd. Een OOV-adviseur moet haar goedkeuren voordat er iets gedeeld wordt.",
            )
            return redirect(escalation)
    return render(
        request,
        "signals/simple_form.html",
        {
            "form": form,
            "title": f"Escaleren naar het repressieve spoor: {case.title}",
            "intro": "Escalatie is een aparte, expliciete verstrekking. Kies precies wat gedeeld wordt; dat wordt vastgelegd en pas na goedkeuring zichtbaar voor de ontvanger.",
            "back": case.get_absolute_url(),
        },
    )


def escalation_detail(request, pk: int):
    user = request.user
    escalation = _get(
        user,
        "view",
        "escalation",
        Escalation.objects.select_related("case", "target", "requested_by", "approver"),
        pk,
    )
    selectors.audit_read(user, escalation, "escalation", request=request)
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
    escalation = _get(
        user, "approve", "escalation", Escalation.objects.select_related("case", "target"), pk
    )
    form = EscalationDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_escalation(
                actor=user,
                escalation=escalation,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
                request=request,
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
    escalation = _get(
        user,
        "export",
        "escalation",
        Escalation.objects.select_related("case", "target", "requested_by", "approver"),
        pk,
    )
    selectors.audit_read(
        user, escalation, "escalation", request=request, action="escalation_exported"
    )
    pdf = render_pdf(
        "signals/escalation_pdf.html",
        {"escalation": escalation, "shared": escalation.shared, "generated_at": timezone.now()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verstrekking-{escalation.pk}.pdf"'
    return response


# --- aggregates and register -------------------------------------------------------------------------


def stats(request):
    user = request.user
    if user.tenant is None:
        raise Http404
    policy.require(user, "view", "signal_stats", user.tenant)
    form = StatsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    since = until = None
    if filters.get("year"):
        from datetime import datetime

        tz = timezone.get_current_timezone()
        since = datetime(filters["year"], 1, 1, tzinfo=tz)
        until = datetime(filters["year"] + 1, 1, 1, tzinfo=tz)
    rows = selectors.signal_counts(
        user.tenant, since=since, until=until, area_code=(filters.get("area_code") or "").upper()
    )
    by_category = selectors.signal_counts(user.tenant, since=since, until=until, by=("category",))
    return render(
        request, "signals/stats.html", {"form": form, "rows": rows, "by_category": by_category}
    )


def register(request):
    user = request.user
    policy.require(user, "view", "register")
    return render(request, "signals/register.html", selectors.processing_register(user.tenant_id))


def register_pdf(request):
    user = request.user
    policy.require(user, "view", "register")
    pdf = render_pdf("signals/register_pdf.html", selectors.processing_register(user.tenant_id))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="verwerkingsregister.pdf"'
    return response
