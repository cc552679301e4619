"""Thin HTML views of the Aanpak: the overview, starting a programme, the programme page with
its steps (go/no-go), partners, actions and indicators, and the steering-group view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.areas.models import Area
from wijkkompas.areas.models import Indicator as AreaIndicator
from wijkkompas.core import suppression
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.forms import submit
from wijkkompas.knowledge.models import Theme
from wijkkompas.programmes import forms, reporting, selectors, services, work
from wijkkompas.programmes.models import Action, MethodTemplate, Step


def error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(" ".join(m) for m in exc.message_dict.values())
    return " ".join(exc.messages)


def attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> Any:
    """Run a service for a POST without its own page: a message either way."""
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return None
    except Conflict as exc:
        messages.error(request, exc.detail)
        return None
    messages.success(request, done)
    return result


def back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("programmes:detail", args=[pk]) + (f"#{anchor}" if anchor else ""))


def index(request):
    user = request.user
    can_list = policy.can(user, "list", "programme")
    can_steer = policy.can(user, "view", "programme_steering")
    if not (can_list or can_steer or policy.can(user, "create", "programme")):
        raise PermissionDenied
    return render(
        request,
        "programmes/index.html",
        {
            "programmes": selectors.programmes_visible_to(user) if can_list else [],
            "steering": selectors.steering_programmes(user) if can_steer and not can_list else [],
            "my_actions": selectors.my_actions(user) if can_list else [],
            "can_create": policy.can(user, "create", "programme"),
        },
    )


def start(request):
    user = request.user
    policy.require(user, "create", "programme")
    form = forms.StartForm(
        request.POST or None,
        templates=selectors.templates_for(user),
        organisations=selectors.tenant_organisations(user),
        themes=Theme.objects.order_by("order", "name"),
        initial={"lead_organisation": user.organisation_id},
    )
    programme, _ = submit(
        form,
        lambda d: services.start_programme(
            actor=user,
            tenant=user.tenant,
            template=d["template"],
            title=d["title"],
            lead_organisation=d["lead_organisation"],
            coordinator=user,
            theme=d["theme"],
            area_codes=d["area_codes"],
            problem_definition=d["problem_definition"],
            goals=d["goals"],
            steering_group=d["steering_group"],
            planned_end=d["planned_end"],
        ),
    )
    if programme is not None:
        messages.success(request, f"'{programme.title}' is gestart; stap 1 loopt.")
        return redirect("programmes:detail", programme.pk)
    return render(
        request,
        "programmes/start.html",
        {
            "form": form,
            "templates": selectors.templates_for(user),
            "can_add_template": policy.can(
                user, "create", "method_template", MethodTemplate(tenant=user.tenant)
            ),
        },
    )


def template_add(request):
    """A municipality's own method template, to start programmes from."""
    user = request.user
    policy.require(user, "create", "method_template", MethodTemplate(tenant=user.tenant))
    form = forms.TemplateForm(request.POST or None)
    template, _ = submit(
        form,
        lambda d: services.create_template(
            actor=user,
            tenant=user.tenant,
            key=d["key"] or slugify(d["title"])[:80],
            title=d["title"],
            description=d["description"],
            steps=d["steps"],
        ),
    )
    if template is not None:
        messages.success(request, f"Werkwijze '{template.title}' is toegevoegd.")
        return redirect(reverse("programmes:start") + "#werkwijzen")
    return render(request, "programmes/template_add.html", {"form": form})


def _area_choices(programme) -> list[tuple[str, str]]:
    names = dict(Area.objects.filter(code__in=programme.area_codes).values_list("code", "name"))
    return [(c, f"{names.get(c, c)} ({c})") for c in programme.area_codes]


def detail(request, pk: int):
    user = request.user
    programme = selectors.get_programme(user, pk)
    can_edit = policy.can(user, "edit", "programme", programme)
    steps = selectors.steps_of(programme)
    actions = list(selectors.actions_of(user, programme))
    organisations = selectors.partner_choices(programme)
    for action in actions:
        action.can_edit = policy.can(user, "edit", "programme_action", action)
    indicators = [
        (i, reporting.indicator_summary(i))
        for i in programme.indicators.select_related("wijkbeeld_indicator")
    ]
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "steps": steps,
            "active": next((s for s in steps if s.status == Step.Status.ACTIEF), None),
            "planned": next((s for s in steps if s.status == Step.Status.GEPLAND), None),
            "partners": programme.partners.select_related("organisation"),
            "actions": actions,
            "meetings": selectors.meetings_of(user, programme),
            "reports": selectors.reports_of(user, programme),
            "indicators": indicators,
            "can_edit": can_edit,
            "can_decide": policy.can(user, "decide", "programme_step", programme.steps.first()),
            "can_override": policy.can(user, "override", "programme", programme),
            "partner_form": forms.PartnerForm(
                prefix="partner", organisations=selectors.tenant_organisations(user)
            ),
            "action_form": forms.ActionForm(prefix="actie", organisations=organisations),
            "barrier_form": forms.BarrierActionForm(
                prefix="barriere", barriers=selectors.barriers_for(user, programme)
            ),
            "meeting_form": forms.MeetingForm(prefix="overleg", organisations=organisations),
            "indicator_form": forms.IndicatorForm(
                prefix="indicator",
                indicators=AreaIndicator.objects.order_by("source", "name"),
                areas=_area_choices(programme),
            ),
            "report_form": forms.ReportForm(prefix="rapport"),
        },
    )


def steering(request, pk: int):
    programme = selectors.get_steering(request.user, pk)
    return render(
        request,
        "programmes/steering.html",
        {
            "programme": programme,
            "steps": selectors.steps_of(programme),
            "indicators": [reporting.indicator_summary(i) for i in programme.indicators.all()],
            "actions": reporting.action_counts(programme, timezone.localdate()),
            "reports": selectors.reports_of(request.user, programme).filter(status="gepubliceerd"),
            "rounding_note": suppression.rounding_note(),
        },
    )


@require_POST
def partner_add(request, pk: int):
    programme = selectors.get_programme(request.user, pk, "edit")
    form = forms.PartnerForm(
        request.POST, prefix="partner", organisations=selectors.tenant_organisations(request.user)
    )
    if form.is_valid():
        attempt(
            request,
            lambda: services.set_partner(
                actor=request.user, programme=programme, **form.cleaned_data
            ),
            f"{form.cleaned_data['organisation']} is partner.",
        )
    else:
        messages.error(request, "Kies een organisatie en een rol.")
    return back(pk, "partners")


def decide(request, pk: int, step_id: int):
    user = request.user
    programme = selectors.get_programme(user, pk)
    step = selectors.get_step(user, programme, step_id, "decide")
    form = forms.DecisionForm(
        request.POST or None,
        meetings=programme.meetings.order_by("-starts_at"),
        initial={"version": step.version},
    )
    decision, status = submit(
        form,
        lambda d: services.record_decision(
            actor=user,
            step=step,
            version=d["version"],
            outcome=d["outcome"],
            rationale=d["rationale"],
            body=d["body"],
            decided_on=d["decided_on"],
            meeting=d["meeting"],
            facts=form.facts(),
        ),
        current_version=lambda: Step.objects.get(pk=step.pk).version,
    )
    if decision is not None:
        messages.success(request, f"Besluit vastgelegd: {decision.get_outcome_display()}.")
        return back(pk, "stappen")
    return render(
        request,
        "programmes/decision_form.html",
        {"programme": programme, "step": step, "form": form},
        status=status,
    )


@require_POST
def step_start(request, pk: int, step_id: int):
    programme = selectors.get_programme(request.user, pk)
    step = selectors.get_step(request.user, programme, step_id, "decide")
    form = forms.OverrideForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.start_step(
                actor=request.user,
                step=step,
                version=form.cleaned_data["version"],
                override_reason=form.cleaned_data["override_reason"],
            ),
            f"Stap {step.position} is gestart.",
        )
    return back(pk, "stappen")


@require_POST
def action_add(request, pk: int):
    programme = selectors.get_programme(request.user, pk)
    form = forms.ActionForm(
        request.POST, prefix="actie", organisations=selectors.partner_choices(programme)
    )
    if form.is_valid():
        attempt(
            request,
            lambda: work.create_action(
                actor=request.user, programme=programme, **form.cleaned_data
            ),
            "De actie is toegevoegd.",
        )
    else:
        messages.error(request, "Vul de actie en de eigenaar in.")
    return back(pk, "acties")


@require_POST
def action_from_barrier(request, pk: int):
    programme = selectors.get_programme(request.user, pk)
    policy.require(request.user, "create", "programme_action", Action(programme=programme))
    form = forms.BarrierActionForm(
        request.POST, prefix="barriere", barriers=selectors.barriers_for(request.user, programme)
    )
    if form.is_valid():
        attempt(
            request,
            lambda: work.action_from_barrier(
                actor=request.user, programme=programme, barrier=form.cleaned_data["barrier"]
            ),
            "De barrière is een actie van het programma.",
        )
    else:
        messages.error(request, "Kies een barrière.")
    return back(pk, "acties")


@require_POST
def action_update(request, pk: int, action_id: int):
    programme = selectors.get_programme(request.user, pk)
    action = selectors.get_action(request.user, programme, action_id, "edit")
    form = forms.ActionUpdateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        attempt(
            request,
            lambda: work.update_action(
                actor=request.user,
                action=action,
                version=d["version"],
                status=d["status"],
                result=d["result"],
            ),
            "De actie is bijgewerkt.",
        )
    return back(pk, f"actie-{action_id}")


@require_POST
def indicator_add(request, pk: int):
    programme = selectors.get_programme(request.user, pk)
    form = forms.IndicatorForm(
        request.POST,
        prefix="indicator",
        indicators=AreaIndicator.objects.all(),
        areas=_area_choices(programme),
    )
    if form.is_valid():
        attempt(
            request,
            lambda: reporting.create_indicator(
                actor=request.user, programme=programme, **form.cleaned_data
            ),
            "De indicator is toegevoegd.",
        )
    else:
        messages.error(request, "Controleer de indicator: " + form.errors.as_text())
    return back(pk, "indicatoren")


@require_POST
def measurement_add(request, pk: int, indicator_id: int):
    programme = selectors.get_programme(request.user, pk)
    indicator = policy.get_object_or_404(
        request.user, "edit", "programme_indicator", programme.indicators.all(), pk=indicator_id
    )
    form = forms.MeasurementForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: reporting.record_measurement(
                actor=request.user, indicator=indicator, **form.cleaned_data
            ),
            "De meting is vastgelegd.",
        )
    else:
        messages.error(request, "Controleer de meting: " + form.errors.as_text())
    return back(pk, "indicatoren")
