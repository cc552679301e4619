"""A programme as JSON (``wijkkompas programmes export ID`` and the API's export): the same
shapes as the API's responses."""

from __future__ import annotations

from typing import Any

from wijkkompas.programmes import schemas
from wijkkompas.programmes.models import Programme


def _dump(schema: type, obj: Any) -> dict[str, Any]:
    return schema.from_orm(obj).model_dump(mode="json", by_alias=False)


def export_data(programme: Programme) -> dict[str, Any]:
    return {
        "format": "wijkkompas-aanpak/1",
        "programme": _dump(schemas.ProgrammeOut, programme),
        "steps": [
            _dump(schemas.ProgrammeStepOut, s)
            for s in programme.steps.select_related("decision").order_by("position")
        ],
        "actions": [_dump(schemas.ActionOut, a) for a in programme.actions.order_by("id")],
        "meetings": [
            _dump(schemas.ProgrammeMeetingOut, m) for m in programme.meetings.order_by("id")
        ],
        "indicators": [
            _dump(schemas.ProgrammeIndicatorOut, i) for i in programme.indicators.order_by("id")
        ],
        "reports": [_dump(schemas.ReportOut, r) for r in programme.reports.order_by("id")],
    }
