"""HTML views of the IVP-analyse: thin (parse → service or selector → render)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wijkkompas.accounts import audit, policy
from wijkkompas.core import exports
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.forms import submit
from wijkkompas.core.pdf import render_pdf
from wijkkompas.plans import comparison as cmp
from wijkkompas.plans import selectors, services, taxonomy
from wijkkompas.plans.forms import AddForm, ImportForm, PriorityForm
from wijkkompas.plans.models import Priority, PriorityChange

CHANGE_LABELS = {
    "confirmed": "bevestigd",
    "rejected": "afgewezen",
    "edited": "bewerkt of ingedeeld",
    "added": "toegevoegd",
    "merged": "samengevoegd",
    "reclassified": "opnieuw ingedeeld door het model",
}


def index(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "list", "plan")
    return render(
        request,
        "plans/index.html",
        {
            "plans": selectors.plans_visible_to(request.user),
            "can_import": policy.can(request.user, "create", "plan"),
        },
    )


def import_view(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "create", "plan")
    form = ImportForm(request.POST or None, request.FILES or None)

    def save(data: dict):
        upload = data["file"]
        return services.import_plan(
            actor=request.user,
            tenant=request.user.tenant,
            data=upload.read(),
            file_name=upload.name,
            municipalities=[data["municipalities"]],
            period=data["period"],
            source_url=data.get("source_url") or "",
            title=data.get("title") or "",
        )

    result, status = submit(form, save)
    if result is not None:
        plan, created = result
        if created:
            messages.success(
                request,
                f"Het plan is geïmporteerd: {plan.priorities.count()} prioriteiten gevonden.",
            )
            if plan.scanned_pages:
                messages.warning(
                    request,
                    "Pagina's zonder tekstlaag (gescand): "
                    + ", ".join(map(str, plan.scanned_pages))
                    + ". Daarop zijn geen prioriteiten gezocht.",
                )
        else:
            messages.info(request, "Dit bestand was al geïmporteerd; u ziet het bestaande plan.")
        return redirect("plans:plan", plan.pk)
    return render(
        request, "plans/import.html", {"form": form}, status=400 if form.errors else status
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    can_edit = (
        policy.can(request.user, "edit", "priority", plan.priorities.first())
        if plan.priorities.exists()
        else policy.can(request.user, "edit", "plan", plan)
    )
    field_names, theme_names = taxonomy.field_names(), taxonomy.theme_names()
    links = selectors.theme_links(request.user)
    rows = []
    for p in plan.priorities.all():
        rows.append(
            {
                "p": p,
                "fields": [field_names.get(c, c) for c in p.field_codes],
                "themes": [(theme_names.get(c, c), links.get(c)) for c in p.theme_codes],
                "form": PriorityForm(
                    initial={
                        "version": p.version,
                        "title": p.title,
                        "location": p.location,
                        "theme_codes": p.theme_codes,
                    },
                    prefix=f"p{p.pk}",
                )
                if can_edit
                else None,
            }
        )
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "rows": rows,
            "can_edit": can_edit,
            "add_form": AddForm(),
            "areas": selectors.plan_areas(request.user, plan),
            "changes": [
                {
                    "at": c.at,
                    "who": c.actor_username,
                    "action": CHANGE_LABELS.get(c.action, c.action),
                    "title": c.after.get("title") or c.before.get("title", ""),
                    "status": c.after.get("status", ""),
                    "themes": [theme_names.get(t, t) for t in c.after.get("theme_codes", [])]
                    if c.after.get("theme_codes") != c.before.get("theme_codes")
                    else [],
                }
                for c in PriorityChange.objects.filter(priority__plan=plan).order_by("-at", "-pk")
            ],
        },
    )


def _back(priority: Priority) -> HttpResponse:
    return redirect(f"/ivp/{priority.plan_id}/#prioriteit-{priority.pk}")


@require_POST
def priority(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.priority_for(request.user, pk, "edit")
    form = PriorityForm(request.POST, prefix=f"p{p.pk}")
    _result, status = submit(
        form,
        lambda d: services.update_priority(
            actor=request.user,
            priority=p,
            version=d["version"],
            title=d["title"],
            location=d["location"],
            status=Priority.Status.CONFIRMED,
            theme_codes=d["theme_codes"] if d["theme_codes"] else None,
            field_codes=None,
        ),
    )
    if form.errors:
        for e in form.errors.values():
            messages.error(request, f"Prioriteit “{p.title}”: {' '.join(e)}")
        return _back(p) if status != 409 else redirect("plans:plan", p.plan_id)
    messages.success(request, f"Prioriteit “{p.title}” is opgeslagen en bevestigd.")
    return _back(p)


@require_POST
def priority_status(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.priority_for(request.user, pk, "edit")
    status = request.POST.get("status", "")
    try:
        services.update_priority(
            actor=request.user, priority=p, version=request.POST.get("version"), status=status
        )
    except (ValidationError, Conflict) as exc:
        messages.error(
            request,
            f"Prioriteit “{p.title}”: {getattr(exc, 'detail', None) or ' '.join(exc.messages)}",
        )
        return _back(p)
    label = dict(Priority.Status.choices).get(status, status).lower()
    messages.success(request, f"Prioriteit “{p.title}” is {label}.")
    return _back(p)


@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk, "edit")
    form = AddForm(request.POST)
    result, _status = submit(
        form,
        lambda d: services.add_priority(
            actor=request.user,
            plan=plan,
            title=d["title"],
            location=d["location"],
            evidence=d["evidence"],
            theme_codes=d["theme_codes"],
        ),
    )
    if result is None:
        messages.error(
            request,
            "De prioriteit is niet toegevoegd: "
            + "; ".join(" ".join(v) for v in form.errors.values()),
        )
        return redirect("plans:plan", plan.pk)
    messages.success(request, f"Prioriteit “{result.title}” is toegevoegd.")
    return _back(result)


@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk, "edit")
    ids = [int(i) for i in request.POST.getlist("merge") if i.isdigit()]
    items = list(plan.priorities.filter(pk__in=ids))
    target_id = request.POST.get("target", "")
    target = next((p for p in items if str(p.pk) == target_id), items[0] if items else None)
    if target is None or len(items) < 2:
        messages.error(request, "Kies minstens twee prioriteiten om samen te voegen.")
        return redirect("plans:plan", plan.pk)
    try:
        services.merge_priorities(
            actor=request.user, target=target, version=target.version, others=items
        )
    except (ValidationError, Conflict) as exc:
        messages.error(request, getattr(exc, "detail", None) or " ".join(exc.messages))
        return redirect("plans:plan", plan.pk)
    messages.success(request, f"{len(items) - 1} prioriteit(en) samengevoegd met “{target.title}”.")
    return _back(target)


@require_POST
def reclassify(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk, "edit")
    n = services.reclassify(actor=request.user, plan=plan)
    messages.success(request, f"{n} prioriteiten opnieuw ingedeeld.")
    return redirect("plans:plan", plan.pk)


def _comparison_context(request: HttpRequest) -> dict:
    view = request.GET.get("weergave", "plan")
    by = request.GET.get("per", "klasse")
    if view not in dict(cmp.VIEWS) or by not in dict(cmp.GROUPINGS):
        raise Http404
    confirmed = request.GET.get("ook_voorgesteld") != "1"
    plans = selectors.plans_visible_to(request.user)
    groups = cmp.compare(plans, view=view, by=by, confirmed_only=confirmed)
    total = cmp.compare(plans, view=view, by="totaal", confirmed_only=confirmed)
    own = selectors.own_plans(request.user, plans)
    own_groups = cmp.compare(own, view="plan", by="totaal", confirmed_only=confirmed) if own else []
    own_label = ""
    if own_groups:
        klass = cmp.classes.class_of(request.user.tenant.cbs_code)
        own_label = f"Eigen plan ({request.user.tenant}, klasse {dict(cmp.classes.CLASSES)[klass]})"
    links = selectors.theme_links(request.user)
    names = taxonomy.theme_names()
    return {
        "view": view,
        "by": by,
        "confirmed": confirmed,
        "views": cmp.VIEWS,
        "groupings": cmp.GROUPINGS,
        "groups": [g.as_dict() for g in groups],
        "summary": cmp.national_summary(total[0]) if total else "",
        "own": own_groups[0].as_dict() if own_groups else None,
        "own_label": own_label,
        "own_plans": own,
        "categories": taxonomy.categories(),
        "theme_columns": [own_label] * bool(own_groups) + [g.label for g in groups],
        "theme_rows": cmp.theme_table(own_groups[:1] + groups),
        "knowledge": [(names[code], link) for code, link in links.items()],
        "query": request.GET.urlencode(),
        "_groups": groups,
    }


def comparison(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "list", "plan")
    return render(request, "plans/comparison.html", _comparison_context(request))


def comparison_export(request: HttpRequest, fmt: str) -> HttpResponse:
    policy.require(request.user, "export", "plan")
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    context = _comparison_context(request)
    audit.record(
        action="plan_exported", actor=request.user, object_type="plan", detail={"format": fmt}
    )
    header, rows = cmp.table_rows(context["_groups"])
    name = f"ivp-vergelijking-{context['view']}-{context['by']}"
    if fmt == "csv":
        return exports.csv_response(f"{name}.csv", header, rows)
    if fmt == "xlsx":
        return exports.xlsx_response(f"{name}.xlsx", "IVP-vergelijking", header, rows)
    response = HttpResponse(
        render_pdf("plans/comparison_pdf.html", context), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
