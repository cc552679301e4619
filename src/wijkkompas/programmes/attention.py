"""What waits in the Aanpak: the organisation's own actions past or near their date, go/no-go
decisions the user may record, and programme meetings in the coming two weeks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.core.attention import AttentionItem, Urgency, provider
from wijkkompas.programmes import selectors
from wijkkompas.programmes.models import Action, Meeting, Step

MODULE = "Aanpak"
SOON = dt.timedelta(days=14)


def _programme_url(programme_ids: set[int]) -> str:
    if len(programme_ids) == 1:
        return reverse("programmes:detail", args=[next(iter(programme_ids))])
    return reverse("programmes:index")


@provider
def own_actions(user: Any) -> Iterator[AttentionItem]:
    today = timezone.localdate()
    actions = [a for a in selectors.my_actions(user) if a.due_date]
    for chosen, labels, urgency in (
        (
            [a for a in actions if a.due_date < today],
            ("actie van uw organisatie over de datum", "acties van uw organisatie over de datum"),
            Urgency.OVERDUE,
        ),
        (
            [a for a in actions if today <= a.due_date < today + SOON],
            ("actie van uw organisatie binnenkort af", "acties van uw organisatie binnenkort af"),
            Urgency.SOON,
        ),
    ):
        if chosen:
            yield AttentionItem(
                label=labels[0] if len(chosen) == 1 else labels[1],
                count=len(chosen),
                url=_programme_url({a.programme_id for a in chosen}),
                module=MODULE,
                urgency=urgency,
                due=min(a.due_date for a in chosen),
            )


@provider
def partners_actions(user: Any) -> Iterator[AttentionItem]:
    """For the lead: partners' actions past their date in the programmes the user may edit
    (the organisation's own actions are counted above)."""
    if not policy.can(user, "edit", "programme"):
        return
    led = [
        p for p in selectors.programmes_visible_to(user) if policy.can(user, "edit", "programme", p)
    ]
    if not led:
        return
    today = timezone.localdate()
    overdue = policy.visible(
        user,
        "list",
        "programme_action",
        Action.objects.filter(
            programme__in=led, status__in=Action.OPEN_STATUSES, due_date__lt=today
        ).exclude(owner_organisation_id=getattr(user, "organisation_id", None)),
    )
    found = list(overdue.order_by("due_date", "id"))
    if found:
        yield AttentionItem(
            label="actie van een partner over de datum"
            if len(found) == 1
            else "acties van partners over de datum",
            count=len(found),
            url=_programme_url({a.programme_id for a in found}),
            module=MODULE,
            urgency=Urgency.OVERDUE,
            due=found[0].due_date,
        )


@provider
def decisions_due(user: Any) -> Iterator[AttentionItem]:
    """Steps that run and end in a go/no-go nobody recorded yet, for whoever may record it."""
    if not policy.can(user, "decide", "programme_step"):
        return
    programmes = selectors.programmes_visible_to(user)
    steps = policy.visible(
        user,
        "decide",
        "programme_step",
        Step.objects.filter(
            programme__in=programmes,
            status=Step.Status.ACTIEF,
            has_gate=True,
            decision__isnull=True,
        ),
    ).select_related("programme")
    found = list(steps.order_by("programme_id", "position"))
    if not found:
        return
    url = (
        reverse("programmes:decide", args=[found[0].programme_id, found[0].pk])
        if len(found) == 1
        else _programme_url({s.programme_id for s in found})
    )
    yield AttentionItem(
        label="go/no-go-besluit te nemen" if len(found) == 1 else "go/no-go-besluiten te nemen",
        count=len(found),
        url=url,
        module=MODULE,
    )


@provider
def meetings_coming(user: Any) -> Iterator[AttentionItem]:
    if not policy.can(user, "list", "programme_meeting"):
        return
    now = timezone.now()
    meetings = policy.visible(
        user,
        "list",
        "programme_meeting",
        Meeting.objects.filter(
            programme__in=selectors.programmes_visible_to(user),
            starts_at__gte=now,
            starts_at__lt=now + SOON,
        ),
    )
    found = list(meetings.order_by("starts_at", "id"))
    if not found:
        return
    url = (
        reverse("programmes:meeting", args=[found[0].programme_id, found[0].pk])
        if len(found) == 1
        else _programme_url({m.programme_id for m in found})
    )
    yield AttentionItem(
        label="programma-overleg in de komende twee weken"
        if len(found) == 1
        else "programma-overleggen in de komende twee weken",
        count=len(found),
        url=url,
        module=MODULE,
        urgency=Urgency.SOON,
        due=timezone.localdate(found[0].starts_at),
    )
