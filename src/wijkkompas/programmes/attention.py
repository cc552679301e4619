"""What waits in the Aanpak: actions past or near their date (the organisation's own, and for
the lead the partners'), go/no-go decisions the user may record, and programme meetings in the
coming two weeks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.core.attention import AttentionItem, Urgency, provider
from wijkkompas.programmes import selectors
from wijkkompas.programmes.models import Action, Meeting, Step

MODULE = "Aanpak"
SOON = dt.timedelta(days=14)


def _item(
    found: list[Any],
    labels: tuple[str, str],
    *,
    one_url: Callable[[Any], str] | None = None,
    urgency: Urgency = Urgency.WAITING,
    due: dt.date | None = None,
) -> Iterator[AttentionItem]:
    """One item for the objects ``found`` (each with a ``programme_id``): linked to the one
    object (``one_url``), else to its programme, else to the programme overview."""
    if not found:
        return
    programmes = {obj.programme_id for obj in found}
    if len(found) == 1 and one_url is not None:
        url = one_url(found[0])
    elif len(programmes) == 1:
        url = reverse("programmes:detail", args=[next(iter(programmes))])
    else:
        url = reverse("programmes:index")
    yield AttentionItem(
        label=labels[0] if len(found) == 1 else labels[1],
        count=len(found),
        url=url,
        module=MODULE,
        urgency=urgency,
        due=due,
    )


@provider
def own_actions(user: Any) -> Iterator[AttentionItem]:
    today = timezone.localdate()
    actions = [a for a in selectors.my_actions(user) if a.due_date]
    overdue = [a for a in actions if a.due_date < today]
    soon = [a for a in actions if today <= a.due_date < today + SOON]
    yield from _item(
        overdue,
        ("actie van uw organisatie over de datum", "acties van uw organisatie over de datum"),
        urgency=Urgency.OVERDUE,
        due=min((a.due_date for a in overdue), default=None),
    )
    yield from _item(
        soon,
        ("actie van uw organisatie binnenkort af", "acties van uw organisatie binnenkort af"),
        urgency=Urgency.SOON,
        due=min((a.due_date for a in soon), default=None),
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
    overdue = policy.visible(
        user,
        "list",
        "programme_action",
        Action.objects.filter(
            programme__in=led, status__in=Action.OPEN_STATUSES, due_date__lt=timezone.localdate()
        ).exclude(owner_organisation_id=getattr(user, "organisation_id", None)),
    )
    found = list(overdue.order_by("due_date", "id"))
    yield from _item(
        found,
        ("actie van een partner over de datum", "acties van partners over de datum"),
        urgency=Urgency.OVERDUE,
        due=found[0].due_date if found else None,
    )


@provider
def decisions_due(user: Any) -> Iterator[AttentionItem]:
    """Steps that run and end in a go/no-go nobody recorded yet, for whoever may record it."""
    if not policy.can(user, "decide", "programme_step"):
        return
    steps = policy.visible(
        user,
        "decide",
        "programme_step",
        Step.objects.filter(
            programme__in=selectors.programmes_visible_to(user),
            status=Step.Status.ACTIEF,
            has_gate=True,
            decision__isnull=True,
        ),
    )
    yield from _item(
        list(steps.order_by("programme_id", "position")),
        ("go/no-go-besluit te nemen", "go/no-go-besluiten te nemen"),
        one_url=lambda s: reverse("programmes:decide", args=[s.programme_id, s.pk]),
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
    yield from _item(
        found,
        (
            "programma-overleg in de komende twee weken",
            "programma-overleggen in de komende twee weken",
        ),
        one_url=lambda m: reverse("programmes:meeting", args=[m.programme_id, m.pk]),
        urgency=Urgency.SOON,
        due=timezone.localdate(found[0].starts_at) if found else None,
    )
