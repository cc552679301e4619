"""Aggregates of signals with small-number suppression: counts per buurt, category and month for
the statistics page and the API (what the wijkbeeld receives: ``services.wijkbeeld``). Every
number is counted exact and published through ``suppression.published_count`` (rounded down to
fives, "<5" below), so no total or difference between filters gives a small cell back."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.models import Area
from wijkkompas.core import suppression
from wijkkompas.signals.models import Category, Signal


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first moment of ``year`` and of the next, in the site's time zone."""
    tz = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def signal_counts(
    tenant: Tenant | int,
    *,
    year: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    area_code: str = "",
    by: tuple[str, ...] = ("area_code", "category", "month"),
) -> list[dict]:
    """Signal counts per buurt (area code), category and month, in ``year`` or between ``since``
    and ``until``. Dismissed signals do not count. Each count is ``suppression.published_count``
    of the exact number. Grouped by category alone, every category of the tenant is listed (a
    fixed list, so "<5" does not tell 0 from 1..4); in any other grouping a cell under the
    threshold is left out, never listed as "<5" — a listed "<5" would say "at least 1", and four
    of them under a "<5" category total would each be exactly 1."""
    tenant_id = tenant.pk if isinstance(tenant, Tenant) else tenant
    if year:
        since, until = year_bounds(year)
    qs = Signal.objects.filter(tenant_id=tenant_id).exclude(status=Signal.Status.DISMISSED)
    if since:
        qs = qs.filter(observed_at__gte=since)
    if until:
        qs = qs.filter(observed_at__lt=until)
    if area_code:
        qs = qs.filter(area_code=area_code)
    fields = {"area_code": "area_code", "category": "category__code", "month": "month"}
    unknown = set(by) - set(fields)
    if unknown:
        raise ValueError(f"Unknown grouping: {sorted(unknown)}")
    if "month" in by:
        qs = qs.annotate(month=TruncMonth("observed_at"))
    group = [fields[b] for b in by]
    rows = list(qs.values(*group).annotate(n=Count("id")).order_by(*group))
    names = dict(
        Category.objects.filter(tenant_id=tenant_id).order_by("code").values_list("code", "name")
    )
    if tuple(by) == ("category",):
        exact = {row["category__code"]: row["n"] for row in rows}
        rows = [{"category__code": code, "n": exact.get(code, 0)} for code in names]
    result = []
    for row in rows:
        item = suppression.published_count(row["n"])
        if item["suppressed"] and tuple(by) != ("category",):
            continue
        if "area_code" in by:
            item["area_code"] = row["area_code"] or ""
        if "category" in by:
            item["category"] = row["category__code"]
            item["category_name"] = names.get(row["category__code"], row["category__code"])
        if "month" in by:
            item["month"] = (
                row["month"].date().isoformat()[:7]
                if hasattr(row["month"], "date")
                else str(row["month"])[:7]
            )
        result.append(item)
    return result


def area_names(tenant_id: int | None, codes: set[str]) -> dict[str, str]:
    """CBS code → name of each area in ``codes`` (the latest division that names it), for tables
    that group by buurt code (public area data, not person-related)."""
    names: dict[str, str] = {}
    wanted = {c for c in codes if c}
    for code, name in (
        Area.objects.filter(code__in=wanted).order_by("year").values_list("code", "name")
    ):
        names[code] = name
    return names
