"""What waits for the redactie: tips from users that nobody handled yet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.core.attention import AttentionItem, provider
from wijkkompas.knowledge import selectors
from wijkkompas.knowledge.models import Tip

MODULE = "Kennisbank"


@provider
def open_tips(user: Any) -> Iterator[AttentionItem]:
    if not policy.can(user, "list", "knowledge_tip"):
        return
    count = selectors.tips(user, status=Tip.Status.OPEN).count()
    if count:
        yield AttentionItem(
            label="tip voor de Kennisbank te behandelen"
            if count == 1
            else "tips voor de Kennisbank te behandelen",
            count=count,
            url=reverse("knowledge:editorial"),
            module=MODULE,
        )
