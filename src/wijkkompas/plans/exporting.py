"""The JSON export of plans (``wijkkompas plans export --format json`` and the API): every
visible plan with its municipalities, period and its confirmed or suggested priorities with
field and theme."""

from __future__ import annotations

from typing import Any

from wijkkompas.accounts import audit
from wijkkompas.plans import selectors, taxonomy
from wijkkompas.plans.models import Priority

LIVE = (Priority.Status.CONFIRMED, Priority.Status.SUGGESTED)


def plans_json(actor: Any, tenant_id: int | None = None) -> list[dict[str, Any]]:
    plans = selectors.plans_visible_to(actor).prefetch_related("priorities")
    if tenant_id is not None:
        plans = plans.filter(tenant_id=tenant_id)
    fields, themes = taxonomy.field_names(), taxonomy.theme_names()
    out = []
    for plan in plans.order_by("pk"):
        out.append(
            {
                "id": plan.pk,
                "title": plan.title,
                "period": plan.period,
                "source_url": plan.source_url,
                "municipalities": [
                    {"code": m.code, "name": m.name} for m in plan.municipalities.all()
                ],
                "priorities": [
                    {
                        "id": p.pk,
                        "title": p.title,
                        "status": p.status,
                        "location": p.location,
                        "fields": [{"code": c, "name": fields.get(c, c)} for c in p.field_codes],
                        "themes": [{"code": c, "name": themes.get(c, c)} for c in p.theme_codes],
                        "confidence": p.confidence,
                    }
                    for p in plan.priorities.all()
                    if p.status in LIVE
                ],
            }
        )
    audit.record(
        action="plan_exported",
        actor=actor,
        object_type="plan",
        tenant_id=tenant_id,
        detail={"format": "json", "plans": len(out)},
    )
    return out
