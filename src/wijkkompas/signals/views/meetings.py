"""Casusoverleg: planning, the meeting page with its agenda, editing, cancelling, each partner's
contribution, decisions, action items and the minutes as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.core.forms import initial_from, picked, submit
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.forms import (
    ActionItemForm,
    AgendaAddForm,
    ContributionForm,
    DecisionsForm,
    MeetingForm,
)
from wijkkompas.signals.models import CaseMeeting
from wijkkompas.signals.views.common import (
    edit_page,
    list_page,
    partners,
    post_back,
    read_audited,
    stored_version,
)


def meeting_list(request):
    user = request.user
    return list_page(
        request,
        "meeting",
        selectors.meetings_visible_to,
        "signals/meeting_list.html",
        may_create=policy.can(user, "create", "meeting", CaseMeeting(tenant_id=user.tenant_id)),
    )


def meeting_create(request):
    user = request.user
    policy.require(user, "create", "meeting", CaseMeeting(tenant_id=user.tenant_id))
    form = MeetingForm(
        request.POST or None, partners=partners(user), cases=selectors.editable_cases(user)
    )
    return edit_page(
        request,
        form,
        lambda d: services.create_meeting(
            actor=user,
            **picked(d, "title", "starts_at", "location"),
            participants=list(d["participants"]),
            cases=list(d["cases"]),
        ),
        saved="Casusoverleg gepland.",
        title="Casusoverleg plannen",
        back=reverse("signals:meeting_list"),
    )


def meeting_detail(request, pk: int):
    user = request.user
    meeting = read_audited(user, selectors.get_meeting_for_view, pk, "meeting")
    may_edit = policy.can(user, "edit", "meeting", meeting)
    context = {
        "meeting": meeting,
        "items": selectors.meeting_agenda(user, meeting),
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
    return render(request, "signals/meeting_detail.html", context)


def meeting_edit(request, pk: int):
    user = request.user
    meeting = selectors.get_meeting_for_edit(user, pk)
    form = MeetingForm(
        request.POST or None,
        partners=partners(user),
        cases=None,
        editing=True,
        initial=initial_from(
            meeting,
            "title",
            "location",
            "participants",
            "notes",
            "status",
            starts_at=timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    return edit_page(
        request,
        form,
        lambda d: services.update_meeting(
            actor=user,
            meeting=meeting,
            **picked(d, "version", "title", "starts_at", "location", "notes", "status"),
            participants=list(d["participants"]),
        ),
        saved="Casusoverleg bijgewerkt.",
        title=f"Bewerken: {meeting.title}",
        back=meeting.get_absolute_url(),
        versioned=meeting,
    )


def meeting_delete(request, pk: int):
    user = request.user
    meeting = selectors.get_meeting_for_delete(user, pk)
    if request.method == "POST":
        services.delete_meeting(actor=user, meeting=meeting, reason=request.POST.get("reason", ""))
        messages.success(request, "Casusoverleg verwijderd.")
        return redirect("signals:meeting_list")
    return render(
        request,
        "signals/confirm_delete.html",
        {"object": meeting, "back": meeting.get_absolute_url()},
    )


@require_POST
def meeting_agenda_add(request, pk: int):
    user = request.user
    meeting = selectors.get_meeting_for_edit(user, pk)
    return post_back(
        request,
        AgendaAddForm(request.POST, cases=selectors.editable_cases(user)),
        lambda d: services.add_agenda_item(actor=user, meeting=meeting, **d),
        saved="Casus op de agenda gezet.",
        invalid="Kies een casus.",
        back=meeting,
    )


@require_POST
def agenda_decisions(request, pk: int):
    """The decisions form of one agenda item (posted from the meeting page, with the version it
    showed). Saved: back to the meeting. A conflict (someone else saved decisions in between, or
    no version) or invalid input: the form again with the user's text, the stored decisions and,
    on a conflict, the stored version (409)."""
    user = request.user
    item = selectors.get_agenda_item_for_edit(user, pk=pk)
    form = DecisionsForm(request.POST)
    saved, status = submit(
        form,
        lambda d: services.record_decisions(actor=user, item=item, **d),
        current_version=stored_version(item),
    )
    if saved is not None:
        messages.success(request, "Besluiten vastgelegd.")
        return redirect(item.meeting)
    item.refresh_from_db()
    return render(
        request,
        "signals/decisions_form.html",
        {
            "form": form,
            "item": item,
            "case_visible": policy.can(user, "view", "case", item.case),
            "back": item.meeting.get_absolute_url(),
        },
        status=409 if status == 409 else 422,
    )


@require_POST
def agenda_contribution(request, pk: int):
    item = selectors.get_agenda_item_for_contribution(request.user, pk=pk)
    if not policy.can(request.user, "view", "case", item.case):
        messages.error(request, "Deze casus is niet met uw organisatie gedeeld.")
        return redirect(item.meeting)
    return post_back(
        request,
        ContributionForm(request.POST),
        lambda d: services.add_contribution(actor=request.user, item=item, **d),
        saved="Inbreng vastgelegd.",
        invalid="Schrijf uw inbreng.",
        back=item.meeting,
    )


@require_POST
def agenda_action(request, pk: int):
    item = selectors.get_agenda_item_for_edit(request.user, pk=pk)
    return post_back(
        request,
        ActionItemForm(request.POST, partners=item.meeting.participants.all()),
        lambda d: services.add_action_item(actor=request.user, item=item, **d),
        saved="Actie toegevoegd.",
        invalid="Vul de actie en de eigenaar in.",
        back=item.meeting,
    )


def meeting_export(request, pk: int):
    user = request.user
    meeting = read_audited(
        user, selectors.get_meeting_for_export, pk, "meeting", action="meeting_minutes_exported"
    )
    return exports.meeting_minutes_pdf(user, meeting)
