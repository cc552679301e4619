"""What waits in Signalen & casusoverleg: escalations to approve, signals to triage, new cases to
decide on, case meetings coming up and interventions past their date. Read through the app's
selectors and the policy's own actions, so each list is the user's own work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.core.attention import AttentionItem, Urgency, of_queryset, provider
from wijkkompas.signals import selectors
from wijkkompas.signals.models import Case, CaseMeeting, Escalation, Intervention

MODULE = "Signalen & casusoverleg"
MEETINGS_AHEAD = dt.timedelta(days=14)


@provider
def signal_work(user: Any) -> Iterator[AttentionItem]:
    today = timezone.localdate()
    if policy.can(user, "approve", "escalation"):
        waiting = selectors.escalations_visible_to(user).filter(status=Escalation.Status.REQUESTED)
        yield from of_queryset(
            policy.visible(user, "approve", "escalation", waiting),
            labels=("escalatie wacht op uw goedkeuring", "escalaties wachten op uw goedkeuring"),
            list_url=reverse("signals:escalation_list"),
            module=MODULE,
        )
    if policy.can(user, "triage", "signal"):
        yield from of_queryset(
            selectors.triage_queue(user),
            labels=("signaal wacht op triage", "signalen wachten op triage"),
            list_url=reverse("signals:triage_queue"),
            module=MODULE,
            link_single=False,
        )
    if policy.can(user, "transition", "case"):
        new_cases = policy.visible(
            user, "transition", "case", selectors.cases_visible_to(user, status=Case.Status.NEW)
        )
        yield from of_queryset(
            new_cases,
            labels=("nieuwe casus wacht op een besluit", "nieuwe casussen wachten op een besluit"),
            list_url=reverse("signals:case_list") + f"?status={Case.Status.NEW}",
            module=MODULE,
        )
    if policy.can(user, "list", "meeting"):
        now = timezone.now()
        coming = selectors.meetings_visible_to(user).filter(
            status=CaseMeeting.Status.PLANNED,
            starts_at__gte=now,
            starts_at__lt=now + MEETINGS_AHEAD,
        )
        yield from of_queryset(
            coming,
            labels=(
                "casusoverleg in de komende twee weken",
                "casusoverleggen in de komende twee weken",
            ),
            list_url=reverse("signals:meeting_list"),
            module=MODULE,
            urgency=Urgency.SOON,
            due_field="starts_at",
        )
    if policy.can(user, "edit", "intervention"):
        overdue = policy.visible(
            user,
            "edit",
            "intervention",
            selectors.interventions_visible_to(user).filter(
                status__in=[Intervention.Status.PLANNED, Intervention.Status.RUNNING],
                due_date__lt=today,
            ),
        )
        yield from of_queryset(
            overdue,
            labels=("interventie over de datum", "interventies over de datum"),
            list_url=reverse("signals:intervention_list"),
            module=MODULE,
            urgency=Urgency.OVERDUE,
            due_field="due_date",
        )
