"""Signals push their counts per buurt into the wijkbeeld as local indicators (areas defines the
row, ``LocalCount``, and the way in). Small numbers are suppressed here, before anything leaves
this module: a suppressed cell travels as ``value=None``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.local_counts import LocalCount, record_local_counts, register_count_source
from wijkkompas.core import suppression
from wijkkompas.signals.models import Category, Signal
from wijkkompas.signals.selectors.counts import year_bounds

SOURCE = "signals"
DEFINITION = (
    "Aantal door professionals en bewoners gemelde signalen (na triage niet afgewezen), "
    "naar plaats van waarneming."
)


def wijkbeeld_counts(tenant: Tenant, *, year: int) -> list[LocalCount]:
    """Signals observed in ``year`` per buurt: a total and one per theme. Dismissed signals and
    signals without a buurt do not count."""
    since, until = year_bounds(year)
    qs = (
        Signal.objects.filter(tenant=tenant, observed_at__gte=since, observed_at__lt=until)
        .exclude(status=Signal.Status.DISMISSED)
        .exclude(area_code="")
    )
    totals = qs.values("area_code").annotate(n=Count("id")).order_by("area_code")
    per_theme = (
        qs.values("area_code", "category__theme")
        .annotate(n=Count("id"))
        .order_by("area_code", "category__theme")
    )
    labels = dict(Category.Theme.choices)

    def count(row: dict, indicator: str, name: str) -> LocalCount:
        value, _ = suppression.api_value(row["n"])
        return LocalCount(
            area_code=row["area_code"],
            period=str(year),
            indicator=indicator,
            value=value,
            name=name,
            definition=DEFINITION,
        )

    rows = [count(row, "signalen_totaal", "Signalen (Wijkkompas)") for row in totals]
    for row in per_theme:
        theme = row["category__theme"]
        label = labels.get(theme, theme).lower()
        rows.append(count(row, f"signalen_{theme}", f"Signalen {label} (Wijkkompas)"))
    return rows


def push_counts_to_wijkbeeld(*, actor: Any, tenant: Tenant, year: int) -> dict[str, int]:
    """Record this year's counts in the wijkbeeld (idempotent: the same figures again change
    nothing). Raises the wijkbeeld's ``ImportRefused`` when it does not know a buurt."""
    return record_local_counts(
        actor=actor,
        rows=wijkbeeld_counts(tenant, year=year),
        source_label=f"Signalen Wijkkompas {tenant.slug} {year}",
    )


def register_with_wijkbeeld() -> None:
    """Offer the push to the wijkbeeld as count source "signals" (``wijkkompas areas import
    signals``); called from ``SignalsConfig.ready()``."""
    register_count_source(SOURCE, push_counts_to_wijkbeeld)
