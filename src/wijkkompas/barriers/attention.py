"""What waits in the barrier models: barriers owned by the user's organisation that are past
their due date or due within two weeks (the partner's own follow-up list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.barriers import selectors
from wijkkompas.barriers.models import Element
from wijkkompas.core.attention import AttentionItem, Urgency, of_queryset, provider

MODULE = "Barrièremodellen"
SOON = dt.timedelta(days=14)


@provider
def own_barriers(user: Any) -> Iterator[AttentionItem]:
    organisation = getattr(user, "organisation", None)
    if organisation is None or not policy.can(user, "view", "barrier_followup", organisation):
        return
    today = timezone.localdate()
    own = selectors.barriers_of(user, organisation).filter(status__in=Element.OPEN_STATUSES)
    url = reverse("barriers:followup_partner", args=[organisation.pk])
    for queryset, labels, urgency in (
        (
            own.filter(due_date__lt=today),
            (
                "barrière van uw organisatie over de datum",
                "barrières van uw organisatie over de datum",
            ),
            Urgency.OVERDUE,
        ),
        (
            own.filter(due_date__gte=today, due_date__lt=today + SOON),
            (
                "barrière van uw organisatie binnenkort af",
                "barrières van uw organisatie binnenkort af",
            ),
            Urgency.SOON,
        ),
    ):
        # The follow-up page is where a partner updates its barriers, also for just one.
        yield from of_queryset(
            queryset,
            labels=labels,
            list_url=url,
            module=MODULE,
            urgency=urgency,
            due_field="due_date",
            link_single=False,
        )


@provider
def partners_barriers(user: Any) -> Iterator[AttentionItem]:
    """For the coordinator: partners' barriers past their date in the models of the user's own
    organisation that the user may edit (the organisation's own are counted above)."""
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None or not policy.can(user, "edit", "barrier_model"):
        return
    models = [
        m
        for m in selectors.models_visible_to(user).filter(owner_id=organisation_id)
        if policy.can(user, "edit", "barrier_model", m)
    ]
    if not models:
        return
    overdue = (
        selectors.barriers_visible_to(user)
        .filter(step__model__in=models, status__in=Element.OPEN_STATUSES)
        .filter(due_date__lt=timezone.localdate())
        .exclude(owner_id=organisation_id)
    )
    yield from of_queryset(
        overdue,
        labels=("barrière van een partner over de datum", "barrières van partners over de datum"),
        list_url=reverse("barriers:followup"),
        module=MODULE,
        urgency=Urgency.OVERDUE,
        due_field="due_date",
        link_single=False,
    )
