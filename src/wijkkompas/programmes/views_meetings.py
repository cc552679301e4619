"""Thin HTML views of meetings (agenda, minutes, decisions, PDF, invitation) and progress
reports (draft, publish, PDF, DOCX)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wijkkompas.accounts import audit, policy
from wijkkompas.core.forms import submit
from wijkkompas.programmes import forms, outputs, reporting, selectors, work
from wijkkompas.programmes.models import Meeting
from wijkkompas.programmes.views import attempt, back


def _meeting_page(request, programme, meeting, minutes_form=None, status=200):
    user = request.user
    minutes = list(meeting.minutes.order_by("-number"))
    current = minutes[0] if minutes else None
    can_edit = policy.can(user, "edit", "programme_meeting", meeting)
    if minutes_form is None and can_edit:
        minutes_form = forms.MinutesForm(
            initial={
                "version": meeting.version,
                "text": current.text if current else "",
                "confidential_text": current.confidential_text if current else "",
            }
        )
    return render(
        request,
        "programmes/meeting.html",
        {
            "programme": programme,
            "meeting": meeting,
            "minutes": minutes,
            "current": current,
            "can_edit": can_edit,
            "can_confidential": policy.can(user, "confidential", "programme_meeting", meeting),
            "minutes_form": minutes_form,
            "decision_form": forms.MeetingDecisionForm(
                prefix="besluit", organisations=selectors.partner_choices(programme)
            ),
            "decisions": meeting.decisions.prefetch_related("actions__owner_organisation"),
        },
        status=status,
    )


@require_POST
def meeting_add(request, pk: int):
    programme = selectors.get_programme(request.user, pk)
    form = forms.MeetingForm(
        request.POST, prefix="overleg", organisations=selectors.partner_choices(programme)
    )
    if not form.is_valid():
        messages.error(request, "Controleer het overleg: " + form.errors.as_text())
        return back(pk, "overleggen")
    meeting = attempt(
        request,
        lambda: work.create_meeting(actor=request.user, programme=programme, **form.cleaned_data),
        "Het overleg is gepland.",
    )
    if meeting is None:
        return back(pk, "overleggen")
    return redirect("programmes:meeting", pk, meeting.pk)


def meeting(request, pk: int, meeting_id: int):
    user = request.user
    programme = selectors.get_programme(user, pk)
    item = selectors.get_meeting(user, programme, meeting_id)
    if request.method != "POST":
        return _meeting_page(request, programme, item)
    policy.require(user, "edit", "programme_meeting", item)
    form = forms.MinutesForm(request.POST)
    saved, status = submit(
        form,
        lambda d: work.save_minutes(actor=user, meeting=item, **d),
        current_version=lambda: Meeting.objects.get(pk=item.pk).version,
    )
    if saved is not None:
        messages.success(request, "Het verslag is opgeslagen (concept).")
        return redirect("programmes:meeting", pk, meeting_id)
    return _meeting_page(request, programme, item, form, status)


@require_POST
def minutes_approve(request, pk: int, meeting_id: int):
    programme = selectors.get_programme(request.user, pk)
    item = selectors.get_meeting(request.user, programme, meeting_id, "edit")
    attempt(
        request,
        lambda: work.approve_minutes(
            actor=request.user, meeting=item, version=request.POST.get("version")
        ),
        "Het verslag is vastgesteld en kan niet meer worden gewijzigd.",
    )
    return redirect("programmes:meeting", pk, meeting_id)


@require_POST
def minutes_amend(request, pk: int, meeting_id: int):
    programme = selectors.get_programme(request.user, pk)
    item = selectors.get_meeting(request.user, programme, meeting_id, "edit")
    attempt(
        request,
        lambda: work.amend_minutes(
            actor=request.user,
            meeting=item,
            version=request.POST.get("version"),
            reason=request.POST.get("reason", ""),
        ),
        "Er is een nieuwe versie van het verslag aangemaakt (concept).",
    )
    return redirect("programmes:meeting", pk, meeting_id)


@require_POST
def meeting_decision(request, pk: int, meeting_id: int):
    programme = selectors.get_programme(request.user, pk)
    item = selectors.get_meeting(request.user, programme, meeting_id, "edit")
    form = forms.MeetingDecisionForm(
        request.POST, prefix="besluit", organisations=selectors.partner_choices(programme)
    )
    if form.is_valid():
        attempt(
            request,
            lambda: work.add_meeting_decision(
                actor=request.user, meeting=item, **form.cleaned_data
            ),
            "Het besluit is vastgelegd.",
        )
    else:
        messages.error(request, "Vul het besluit in.")
    return redirect("programmes:meeting", pk, meeting_id)


def minutes_pdf(request, pk: int, meeting_id: int):
    user = request.user
    programme = selectors.get_programme(user, pk)
    item = selectors.get_meeting(user, programme, meeting_id, "export")
    minutes = work.current_minutes(item)
    if minutes is None:
        messages.error(request, "Er is nog geen verslag.")
        return redirect("programmes:meeting", pk, meeting_id)
    confidential = request.GET.get("vertrouwelijk") == "1"
    if confidential:
        policy.require(user, "confidential", "programme_meeting", item)
    pdf = outputs.minutes_pdf(item, minutes, confidential=confidential)
    audit.record(
        actor=user,
        action="programme_minutes_exported",
        obj=minutes,
        tenant_id=programme.tenant_id,
        detail={"meeting": item.pk, "confidential": confidential},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = outputs.filename(f"verslag {item.title} v{minutes.number}", "pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def invitation(request, pk: int, meeting_id: int):
    programme = selectors.get_programme(request.user, pk)
    item = selectors.get_meeting(request.user, programme, meeting_id, "export")
    audit.record(
        actor=request.user,
        action="programme_meeting_invited",
        obj=item,
        tenant_id=programme.tenant_id,
    )
    response = HttpResponse(outputs.invitation_ics(item), content_type="text/calendar")
    response["Content-Disposition"] = (
        f'attachment; filename="{outputs.filename(item.title, "ics")}"'
    )
    return response


# --- reports -----------------------------------------------------------------------------


@require_POST
def report_add(request, pk: int):
    programme = selectors.get_programme(request.user, pk)
    form = forms.ReportForm(request.POST, prefix="rapport")
    if not form.is_valid():
        messages.error(request, "Controleer de rapportage: " + form.errors.as_text())
        return back(pk, "rapportages")
    report = attempt(
        request,
        lambda: reporting.create_report(
            actor=request.user, programme=programme, **form.cleaned_data
        ),
        "Het concept is aangemaakt.",
    )
    if report is None:
        return back(pk, "rapportages")
    return redirect("programmes:report", pk, report.pk)


def _programme_for_report(user, pk: int):
    """A bestuurder reaches published reports through the steering view, not the programme."""
    if policy.can(user, "list", "programme"):
        return selectors.get_programme(user, pk)
    return selectors.get_steering(user, pk)


def report(request, pk: int, report_id: int):
    user = request.user
    programme = _programme_for_report(user, pk)
    item = selectors.get_report(user, programme, report_id)
    can_edit = policy.can(user, "edit", "programme_report", item) and not item.is_published
    form = None
    if can_edit:
        initial = {f: getattr(item, f) for f in reporting.REPORT_FIELDS}
        form = forms.ReportForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            done = attempt(
                request,
                lambda: reporting.update_report(
                    actor=user,
                    report=item,
                    version=request.POST.get("version"),
                    **form.cleaned_data,
                ),
                "Het concept is opgeslagen.",
            )
            if done is not None:
                return redirect("programmes:report", pk, report_id)
    content = reporting.content_of(item)
    return render(
        request,
        "programmes/report.html",
        {
            "programme": programme,
            "report": item,
            "form": form,
            "can_edit": can_edit,
            "can_new_draft": policy.can(user, "create", "programme_report", item)
            and item.is_published,
            **outputs.report_context(content, report=item),
        },
    )


@require_POST
def report_publish(request, pk: int, report_id: int):
    programme = selectors.get_programme(request.user, pk)
    item = selectors.get_report(request.user, programme, report_id, "edit")
    attempt(
        request,
        lambda: reporting.publish_report(
            actor=request.user, report=item, version=request.POST.get("version")
        ),
        "De rapportage is gepubliceerd en ligt nu vast.",
    )
    return redirect("programmes:report", pk, report_id)


@require_POST
def report_next(request, pk: int, report_id: int):
    programme = selectors.get_programme(request.user, pk)
    item = selectors.get_report(request.user, programme, report_id, "view")
    draft = attempt(
        request,
        lambda: reporting.next_draft(actor=request.user, report=item),
        "Een nieuw concept voor de volgende periode is aangemaakt.",
    )
    return redirect("programmes:report", pk, draft.pk if draft else report_id)


def report_download(request, pk: int, report_id: int, fmt: str):
    user = request.user
    programme = _programme_for_report(user, pk)
    item = selectors.get_report(user, programme, report_id)
    if fmt not in ("pdf", "docx"):
        return HttpResponse(status=404)
    content = reporting.content_of(item)
    if fmt == "pdf":
        body, kind = outputs.report_pdf(content, report=item), "application/pdf"
    else:
        body = outputs.report_docx(content, report=item)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    audit.record(
        actor=user,
        action="programme_report_exported",
        obj=item,
        tenant_id=programme.tenant_id,
        detail={"format": fmt, "hash": item.snapshot_hash},
    )
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{outputs.filename(item.title, fmt)}"'
    return response
