"""What waits in the Veldwerk: feedback promised to residents during visits and not yet given,
per campaign, for whoever may record it on the visit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.core.attention import AttentionItem, provider
from wijkkompas.fieldwork import selectors
from wijkkompas.fieldwork.models import Campaign, Visit

MODULE = "Veldwerk"


@provider
def open_feedback(user: Any) -> Iterator[AttentionItem]:
    if not policy.can(user, "edit", "visit"):
        return
    campaigns = selectors.campaigns_visible_to(user).exclude(status=Campaign.Status.DRAFT)
    for campaign in campaigns.order_by("name", "id"):
        promised = policy.visible(
            user,
            "edit",
            "visit",
            selectors.visits_of(user, campaign).filter(feedback=Visit.Feedback.PROMISED),
        )
        count = promised.count()
        if not count:
            continue
        url = (
            reverse("fieldwork:address", args=[promised.first().address_id])
            if count == 1
            else campaign.get_absolute_url()
        )
        yield AttentionItem(
            label=f"terugkoppeling{'' if count == 1 else 'en'} aan bewoners nog te geven "
            f"({campaign.name})",
            count=count,
            url=url,
            module=MODULE,
        )
