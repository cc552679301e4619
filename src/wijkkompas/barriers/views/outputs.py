"""What leaves the board: posters, the JSON export, action lists, the history, and the
follow-up of barriers per partner."""

from __future__ import annotations

from django.apps import apps
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from wijkkompas.accounts import audit, policy
from wijkkompas.barriers import followups, interchange, poster, selectors
from wijkkompas.barriers.models import BarrierModel
from wijkkompas.core.exports import csv_response, xlsx_response
from wijkkompas.core.history import readable_fields

_SVG = "image/svg+xml; charset=utf-8"


def _filename(model: BarrierModel, suffix: str) -> str:
    return f"barrieremodel-{slugify(model.title)[:60] or model.pk}.{suffix}"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _action_list(name: str, rows: list[list], fmt: str) -> HttpResponse:
    if fmt == "csv":
        return csv_response(name, selectors.ACTION_LIST_HEADER, rows)
    return xlsx_response(name, "Actielijst", selectors.ACTION_LIST_HEADER, rows)


def poster_pdf(request, pk: int):
    model = selectors.get_model_to_export(request.user, pk, "poster-pdf")
    return _download(poster.render_pdf(model), "application/pdf", _filename(model, "pdf"))


def poster_svg(request, pk: int):
    model = selectors.get_model_to_export(request.user, pk, "poster-svg")
    return _download(poster.render_svg(model), _SVG, _filename(model, "svg"))


def template_poster(request, pk: int, fmt: str):
    """The poster of a national template, to print as the starting point of a first session."""
    template = selectors.get_template(request.user, pk)
    if fmt == "svg":
        return _download(poster.render_svg(template), _SVG, _filename(template, fmt))
    if fmt == "pdf":
        return _download(poster.render_pdf(template), "application/pdf", _filename(template, fmt))
    raise Http404


def export_json(request, pk: int):
    model = selectors.get_model_to_export(request.user, pk, "json")
    return _download(
        interchange.export_json(model), "application/json; charset=utf-8", _filename(model, "json")
    )


def action_list(request, pk: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    model = selectors.get_model_to_export(request.user, pk, f"actielijst-{fmt}")
    rows = selectors.action_list_rows(selectors.barriers_in(request.user, model))
    return _action_list(f"actielijst-{slugify(model.title)[:60]}.{fmt}", rows, fmt)


def history(request, pk: int):
    model = selectors.get_model(request.user, "history", pk)
    entries = list(selectors.history(model)[:500])
    for e in entries:
        changed = apps.get_app_config("barriers").models.get(e.object_type)
        e.before_rows = readable_fields(changed, e.before)
        e.after_rows = readable_fields(changed, e.after)
    return render(request, "barriers/history.html", {"model": model, "entries": entries})


# --- follow-up -----------------------------------------------------------------------------


def followup_index(request):
    policy.require(request.user, "view", "barrier_followup")
    return render(
        request,
        "barriers/followup_index.html",
        {"partners": selectors.partners_overview(request.user)},
    )


def followup_partner(request, org_id: int):
    organisation = selectors.get_followup_organisation(request.user, org_id)
    barriers = list(selectors.barriers_of(request.user, organisation))
    today = timezone.localdate()
    for b in barriers:
        b.overdue = selectors.is_overdue(b, today)
    followups.attach(request.user, barriers)
    return render(
        request,
        "barriers/followup_partner.html",
        {
            "organisation": organisation,
            "org_id": org_id,
            "barriers": barriers,
            "today": today,
            "overdue_count": sum(1 for b in barriers if b.overdue),
        },
    )


def followup_export(request, org_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    organisation = selectors.get_followup_organisation(request.user, org_id)
    rows = selectors.action_list_rows(selectors.barriers_of(request.user, organisation))
    audit.record(
        actor=request.user,
        action="barrier_model_exported",
        object_type="organisation",
        object_id=org_id,
        detail={"format": f"opvolging-{fmt}"},
    )
    owner = organisation.name if organisation else "zonder-eigenaar"
    return _action_list(f"actielijst-{slugify(owner)[:60]}.{fmt}", rows, fmt)
