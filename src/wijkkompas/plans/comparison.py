"""The comparison of plans: shares of priorities per reporting category (the five fields, with
ondermijning on its own as the CCV reports it) and per theme, per municipality class and per
period, in two views of a joint plan:

- ``plan``: every plan counts once (a joint plan once in each class its municipalities are in);
- ``gemeente``: every plan counts once per municipality it is written for.

Rejected and merged priorities are left out; ``confirmed_only`` leaves out suggestions too.
Plans are public documents and these counts are about plans, not people: no suppression."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from wijkkompas.plans import classes, taxonomy
from wijkkompas.plans.models import Plan, Priority

VIEWS = (("plan", "per plan"), ("gemeente", "per gemeente"))
GROUPINGS = (("klasse", "gemeenteklasse"), ("periode", "beleidsperiode"), ("totaal", "landelijk"))
CLASS_ORDER = [code for code, _ in classes.CLASSES]


@dataclass
class Group:
    key: str
    label: str
    plans: int = 0
    total: int = 0
    categories: Counter = field(default_factory=Counter)
    themes: Counter = field(default_factory=Counter)

    def share(self, code: str) -> int:
        """Whole percent, half up (160 of 381 → 42)."""
        if not self.total:
            return 0
        return int(self.categories.get(code, 0) * 100 / self.total + 0.5)

    def theme_share(self, code: str) -> int:
        return int(self.themes.get(code, 0) * 100 / self.total + 0.5) if self.total else 0

    def as_dict(self) -> dict[str, Any]:
        cats = [*taxonomy.categories(), (taxonomy.UNCLASSIFIED, taxonomy.UNCLASSIFIED_LABEL)]
        return {
            "key": self.key,
            "label": self.label,
            "plans": self.plans,
            "priorities": self.total,
            "categories": [
                {"code": c, "name": n, "count": self.categories.get(c, 0), "share": self.share(c)}
                for c, n in cats
            ],
            "themes": [
                {"code": c, "name": n, "count": self.themes.get(c, 0), "share": self.theme_share(c)}
                for c, n in taxonomy.theme_names().items()
            ],
        }


def _priorities(plans: list[Plan], confirmed_only: bool) -> dict[int, list[tuple[list, list]]]:
    statuses = [Priority.Status.CONFIRMED] + ([] if confirmed_only else [Priority.Status.SUGGESTED])
    out: dict[int, list] = defaultdict(list)
    rows = Priority.objects.filter(plan__in=plans, status__in=statuses).values_list(
        "plan_id", "field_codes", "theme_codes"
    )
    for plan_id, fields, themes in rows:
        out[plan_id].append((fields, themes))
    return out


def compare(
    plans: Any, *, view: str = "plan", by: str = "klasse", confirmed_only: bool = False
) -> list[Group]:
    """Groups (in a fixed order) with their counts; ``plans`` a queryset or list of plans."""
    if view not in dict(VIEWS):
        raise ValueError(view)
    plans = list(
        plans.prefetch_related("municipalities") if hasattr(plans, "prefetch_related") else plans
    )
    table = classes.class_map()
    prios = _priorities(plans, confirmed_only)
    groups: dict[str, Group] = {}
    for plan in plans:
        codes = [m.code for m in plan.municipalities.all()] or [""]
        if by == "klasse":
            keys = [classes.class_of(c, table) for c in codes]
        elif by == "periode":
            keys = [plan.period] * len(codes)
        else:
            keys = ["totaal"] * len(codes)
        if view == "plan":
            keys = list(dict.fromkeys(keys))
        for key in keys:
            g = groups.get(key)
            if g is None:
                g = groups[key] = Group(key, _label(by, key))
            g.plans += 1
            for fields, themes in prios.get(plan.pk, []):
                g.total += 1
                g.categories[taxonomy.category_of(fields, themes)] += 1
                g.themes[themes[0] if themes else taxonomy.UNCLASSIFIED] += 1
    return sorted(groups.values(), key=_order)


def _label(by: str, key: str) -> str:
    if by == "klasse":
        return dict(classes.CLASSES).get(key, key)
    if by == "totaal":
        return "Alle plannen"
    return key


def _order(g: Group) -> tuple:
    if g.key in CLASS_ORDER:
        return (0, CLASS_ORDER.index(g.key), "")
    return (1, 0, g.key)


def national_summary(group: Group) -> str:
    """The CCV's way of saying it: "381 prioriteiten; 42% veilige woon- en leefomgeving; 28%
    ondermijning; …" (categories with at least one priority, largest first)."""
    names = dict(taxonomy.categories()) | {taxonomy.UNCLASSIFIED: taxonomy.UNCLASSIFIED_LABEL}
    parts = [f"{group.total} prioriteiten"]
    for code, _n in sorted(group.categories.items(), key=lambda kv: (-kv[1], kv[0])):
        parts.append(f"{group.share(code)}% {names.get(code, code).lower()}")
    return "; ".join(parts)


def theme_table(groups: list[Group]) -> list[dict[str, Any]]:
    """One row per theme (and 'niet ingedeeld'), its field and per group its count and share."""
    fields, theme_field = taxonomy.field_names(), taxonomy.theme_field()
    themes = [*taxonomy.theme_names().items(), (taxonomy.UNCLASSIFIED, taxonomy.UNCLASSIFIED_LABEL)]
    return [
        {
            "code": code,
            "name": name,
            "field": fields.get(theme_field.get(code, ""), ""),
            "cells": [
                {"count": g.themes.get(code, 0), "share": g.theme_share(code)} for g in groups
            ],
        }
        for code, name in themes
    ]


def table_rows(groups: list[Group]) -> tuple[list[str], list[list]]:
    """Header and rows for CSV/XLSX: one row per group and category (the CCV's table), then one
    per group and theme (a priority counted under its first theme)."""
    header = ["groep", "plannen", "prioriteiten", "soort", "categorie of thema", "aantal", "%"]
    rows = []
    for g in groups:
        for c in g.as_dict()["categories"]:
            rows.append([g.label, g.plans, g.total, "categorie", c["name"], c["count"], c["share"]])
    themes = theme_table(groups)
    for n, g in enumerate(groups):
        for t in themes:
            cell = t["cells"][n]
            rows.append(
                [g.label, g.plans, g.total, "thema", t["name"], cell["count"], cell["share"]]
            )
    return header, rows
