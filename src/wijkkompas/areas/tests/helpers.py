"""Test helpers: stored figures by codes, decoded from the figure store."""

from __future__ import annotations

from dataclasses import dataclass

from wijkkompas.areas import store
from wijkkompas.areas.models import Area, FigureBlock, Indicator


@dataclass(frozen=True)
class Stored:
    area: str
    indicator: str
    period: str
    value: float | None
    status: str
    is_count: bool


def stored(
    *, area: str = "", indicator: str = "", indicator_prefix: str = "", period_prefix: str = ""
) -> list[Stored]:
    """Every stored figure (optionally of one area code, indicator code or prefix, period
    prefix), sorted."""
    blocks = FigureBlock.objects.all()
    if area:
        blocks = blocks.filter(area__code=area)
    if period_prefix:
        blocks = blocks.filter(period__startswith=period_prefix)
    indicators = Indicator.objects.all()
    if indicator:
        indicators = indicators.filter(code=indicator)
    if indicator_prefix:
        indicators = indicators.filter(code__startswith=indicator_prefix)
    by_id = indicators.in_bulk()
    cells = list(store.read(blocks, indicator_ids=list(by_id)))
    codes = dict(Area.objects.filter(id__in={c.area_id for c in cells}).values_list("id", "code"))
    return sorted(
        (
            Stored(
                codes[c.area_id],
                by_id[c.indicator_id].code,
                c.period,
                c.value,
                c.status,
                by_id[c.indicator_id].is_count,
            )
            for c in cells
        ),
        key=lambda s: (s.area, s.indicator, s.period, s.status),
    )


def figure(area: str, indicator: str, period: str = "2023") -> Stored | None:
    found = [s for s in stored(area=area, indicator=indicator) if s.period == period]
    assert len(found) <= 1, found
    return found[0] if found else None
