"""Signals push their counts per buurt into the wijkbeeld as local indicators (areas defines the
row, ``LocalCount``, and the way in). Small numbers are suppressed here, before anything leaves
this module: every count goes through ``suppression.rounded_count`` (rounded down to fives; under
the threshold, zero included, it travels as ``value=None``), and every buurt of the municipality
gets its rows, so a row's presence does not say "at least one signal here"."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.local_counts import (
    LocalCount,
    buurt_codes,
    record_local_counts,
    register_count_source,
)
from wijkkompas.core import suppression
from wijkkompas.signals.models import Category, Signal
from wijkkompas.signals.selectors.counts import year_bounds

SOURCE = "signals"
DEFINITION = (
    "Aantal door professionals en bewoners gemelde signalen (na triage niet afgewezen), "
    "naar plaats van waarneming."
)


def wijkbeeld_counts(tenant: Tenant, *, year: int) -> list[LocalCount]:
    """Signals observed in ``year`` per buurt: a total and one per theme, for every buurt of the
    tenant's municipality (and of any municipality its signals name) and every theme.
    Dismissed signals and signals without a buurt do not count."""
    since, until = year_bounds(year)
    qs = (
        Signal.objects.filter(tenant=tenant, observed_at__gte=since, observed_at__lt=until)
        .exclude(status=Signal.Status.DISMISSED)
        .exclude(area_code="")
    )
    totals = dict(qs.values("area_code").annotate(n=Count("id")).values_list("area_code", "n"))
    per_theme = {
        (row["area_code"], row["category__theme"]): row["n"]
        for row in qs.values("area_code", "category__theme").annotate(n=Count("id"))
    }
    # Every buurt of the tenant's municipality and of any municipality its signals ever named
    # (a partnership has no code of its own), not only the buurten with signals this year.
    named = Signal.objects.filter(tenant=tenant).exclude(area_code="").values_list("area_code")
    areas = buurt_codes({tenant.cbs_code, *(c for (c,) in named.distinct())} - {""}, year)

    def count(area_code: str, n: int, indicator: str, name: str) -> LocalCount:
        return LocalCount(
            area_code=area_code,
            period=str(year),
            indicator=indicator,
            value=suppression.rounded_count(n),
            name=name,
            definition=f"{DEFINITION} {suppression.rounding_note()}",
        )

    rows = [count(a, totals.get(a, 0), "signalen_totaal", "Signalen (Wijkkompas)") for a in areas]
    for theme, label in Category.Theme.choices:
        name = f"Signalen {label.lower()} (Wijkkompas)"
        for a in areas:
            rows.append(count(a, per_theme.get((a, theme), 0), f"signalen_{theme}", name))
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
