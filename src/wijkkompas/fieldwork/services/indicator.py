"""A campaign's coverage as a programme indicator: the share of the list visited, measured into
an indicator of the linked Aanpak through the programmes' own services (``programmes.reporting``:
policy, audit and versioning are theirs). One indicator per campaign, found by its name; every
update records this year's measurement with the counts as its source."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from wijkkompas.core import suppression
from wijkkompas.fieldwork.models import Address, Campaign
from wijkkompas.programmes import reporting
from wijkkompas.programmes.models import Measurement

UNIT = "% bezocht"


def indicator_name(campaign: Campaign) -> str:
    return f"Bereik veldwerk: {campaign.name}"[:200]


@transaction.atomic
def feed_programme_indicator(
    *, actor: Any, campaign: Campaign, day: date | None = None
) -> Measurement:
    """Measure the share of the campaign's addresses visited (contact, nobody home, refused, not
    found, other) into the programme's indicator for ``day``'s year (today by default)."""
    if campaign.programme_id is None:
        raise ValidationError({"programme": "Koppel de campagne eerst aan een Aanpak."})
    day = day or timezone.localdate()
    counts = Address.objects.filter(campaign=campaign).aggregate(
        total=Count("id"), attempted=Count("id", filter=~Q(status=Address.Status.OPEN))
    )
    total, attempted = counts["total"], counts["attempted"]
    if suppression.rounded_count(total) is None:
        raise ValidationError(
            {"programme": "Te weinig adressen op de lijst om als indicator te publiceren."}
        )
    programme = campaign.programme
    name = indicator_name(campaign)
    indicator = reporting.indicator_by_name(
        actor=actor, programme=programme, name=name, unit=UNIT, target=75.0
    )
    # programme readers need not be in the team: the source gives published counts only
    shown = suppression.published_count
    source = (
        f"Veldwerk {campaign.name}: {shown(attempted)['display']} van "
        f"{shown(total)['display']} adressen bezocht (stand {day:%d-%m-%Y})"
    )[:200]
    return reporting.record_measurement(
        actor=actor,
        indicator=indicator,
        version=indicator.version,
        year=day.year,
        value=round(100 * attempted / total),
        source=source,
    )
