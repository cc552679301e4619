"""What waits in the Bewonerspeiling: surveys of the user's organisation still open after their
end date (to close, so results can be used and published), and resident free texts to check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.core.attention import AttentionItem, Urgency, provider
from wijkkompas.surveys import selectors
from wijkkompas.surveys.models import FreeTextAnswer, Survey

MODULE = "Bewonerspeiling"


@provider
def survey_work(user: Any) -> Iterator[AttentionItem]:
    if not policy.can(user, "edit", "survey"):
        return
    today = timezone.localdate()
    own = policy.visible(user, "edit", "survey", selectors.surveys_visible_to(user))
    for survey in own.filter(status=Survey.Status.OPEN, closes_on__lt=today).order_by("closes_on"):
        yield AttentionItem(
            label=f"peiling voorbij de einddatum: sluiten en publiceren ({survey.title})",
            count=1,
            url=reverse("surveys:detail", args=[survey.pk]),
            module=MODULE,
            urgency=Urgency.OVERDUE,
            due=survey.closes_on,
        )
    if not policy.can(user, "review", "survey_free_text"):
        return
    for survey in own.order_by("-opens_on", "id"):
        pending = (
            selectors.free_texts_for_review(user, survey)
            .filter(review=FreeTextAnswer.Review.PENDING)
            .count()
        )
        if pending:
            yield AttentionItem(
                label=f"vrije tekst{'' if pending == 1 else 'en'} van bewoners te controleren "
                f"({survey.title})",
                count=pending,
                url=reverse("surveys:free_texts", args=[survey.pk]),
                module=MODULE,
            )
