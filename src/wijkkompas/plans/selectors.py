"""Reads of plans, always through the policy (objects of another tenant answer 404)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.areas.models import Level
from wijkkompas.areas.selectors import areas_visible_to
from wijkkompas.dossiers.selectors import dossiers_visible_to
from wijkkompas.knowledge.selectors import themes
from wijkkompas.plans.models import Plan, Priority, Theme


def plans_visible_to(user: Any) -> QuerySet:
    qs = Plan.objects.prefetch_related("municipalities").annotate(
        n_priorities=Count(
            "priorities", filter=~Q(priorities__status__in=["afgewezen", "samengevoegd"])
        ),
        n_confirmed=Count("priorities", filter=Q(priorities__status="bevestigd")),
    )
    return policy.visible(user, "list", "plan", qs)


def plan_for(user: Any, pk: int, action: str = "view") -> Plan:
    return policy.get_object_or_404(
        user, action, "plan", Plan.objects.prefetch_related("municipalities"), pk=pk
    )


def priority_for(user: Any, pk: int, action: str = "view") -> Priority:
    return policy.get_object_or_404(
        user, action, "priority", Priority.objects.select_related("plan"), pk=pk
    )


def own_plans(user: Any, plans: QuerySet) -> QuerySet:
    """The plans written for the user's own municipality (its tenant's CBS code)."""
    code = getattr(getattr(user, "tenant", None), "cbs_code", "")
    return plans.filter(municipalities__code=code).distinct() if code else plans.none()


def theme_links(user: Any) -> dict[str, dict[str, str]]:
    """Per plan theme that has a Kennisbank theme: that theme's name and page, and the user's
    themadossier of it (or the dossier list, where it can be opened, when there is none yet)."""
    slugs = dict(Theme.objects.exclude(knowledge_slug="").values_list("code", "knowledge_slug"))
    known = dict(themes(user).filter(slug__in=slugs.values()).values_list("slug", "name"))
    dossiers = dict(
        dossiers_visible_to(user).filter(theme__slug__in=known).values_list("theme__slug", "pk")
    )
    can_open = policy.can(user, "create", "dossier")
    out = {}
    for code, slug in slugs.items():
        if slug not in known:
            continue
        if slug in dossiers:
            dossier_url, dossier_text = reverse("dossiers:detail", args=[dossiers[slug]]), "dossier"
        elif can_open:
            dossier_url, dossier_text = reverse("dossiers:index"), "dossier openen"
        else:
            dossier_url, dossier_text = "", ""
        out[code] = {
            "knowledge_name": known[slug],
            "knowledge_url": reverse("knowledge:theme", args=[slug]),
            "dossier_url": dossier_url,
            "dossier_text": dossier_text,
        }
    return out


def plan_areas(user: Any, plan: Plan) -> list[dict[str, str]]:
    """The areas of a plan that have a wijkbeeld the user may see: its municipalities, and the
    wijken and buurten of those municipalities that the plan's text names."""
    codes = [m.code for m in plan.municipalities.all()]
    visible = areas_visible_to(user).filter(municipality_code__in=codes)
    out, seen = [], set()
    for code, name in (
        visible.filter(level=Level.GEMEENTE, code__in=codes).order_by("code", "-year")
    ).values_list("code", "name"):
        if code not in seen:
            seen.add(code)
            out.append({"code": code, "name": name, "level": "gemeente"})
    text = plan.text
    local = visible.filter(level__in=[Level.WIJK, Level.BUURT]).order_by("code", "-year")
    for code, name, level in local.values_list("code", "name", "level"):
        if code in seen or len(name) < 4:
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            seen.add(code)
            out.append({"code": code, "name": name, "level": level})
    return out
