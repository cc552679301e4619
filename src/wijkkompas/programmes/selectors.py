"""Reads of programmes, always through the policy (``visible`` / ``get_object_or_404``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.barriers.followups import FollowUp
from wijkkompas.barriers.models import Element
from wijkkompas.programmes.models import (
    Action,
    Meeting,
    MethodTemplate,
    Programme,
    Report,
    Step,
)


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    qs = Programme.objects.select_related("lead_organisation", "theme", "method")
    return policy.visible(user, "list", "programme", qs).order_by("title", "id")


def steering_programmes(user: Any) -> QuerySet[Programme]:
    qs = Programme.objects.select_related("lead_organisation", "theme")
    return policy.visible(user, "view", "programme_steering", qs).order_by("title", "id")


def get_programme(user: Any, pk: int, action: str = "view") -> Programme:
    qs = Programme.objects.select_related("lead_organisation", "theme", "method", "tenant")
    return policy.get_object_or_404(user, action, "programme", qs, pk=pk)


def get_steering(user: Any, pk: int) -> Programme:
    qs = Programme.objects.select_related("lead_organisation", "theme", "method", "tenant")
    return policy.get_object_or_404(user, "view", "programme_steering", qs, pk=pk)


def templates_for(user: Any) -> QuerySet[MethodTemplate]:
    tenant_id = getattr(user, "tenant_id", None)
    qs = MethodTemplate.objects.filter(Q(tenant=None) | Q(tenant_id=tenant_id))
    return policy.visible(user, "list", "method_template", qs).order_by("tenant_id", "title")


def get_template(user: Any, pk: int) -> MethodTemplate:
    return policy.get_object_or_404(user, "list", "method_template", templates_for(user), pk=pk)


def _nested(user: Any, object_type: str, action: str, qs: QuerySet, **lookup: Any) -> Any:
    return policy.get_object_or_404(user, action, object_type, qs, **lookup)


def get_step(user: Any, programme: Programme, pk: int, action: str = "view") -> Step:
    qs = Step.objects.filter(programme=programme).select_related("programme")
    return _nested(user, "programme_step", action, qs, pk=pk)


def get_action(user: Any, programme: Programme, pk: int, action: str = "view") -> Action:
    qs = Action.objects.filter(programme=programme).select_related("programme", "barrier")
    return _nested(user, "programme_action", action, qs, pk=pk)


def get_meeting(user: Any, programme: Programme, pk: int, action: str = "view") -> Meeting:
    qs = Meeting.objects.filter(programme=programme).select_related("programme")
    return _nested(user, "programme_meeting", action, qs, pk=pk)


def get_report(user: Any, programme: Programme, pk: int, action: str = "view") -> Report:
    qs = Report.objects.filter(programme=programme).select_related("programme")
    return _nested(user, "programme_report", action, qs, pk=pk)


def steps_of(programme: Programme) -> list[Step]:
    return list(
        programme.steps.select_related("decision", "decision__meeting", "override_by")
        .prefetch_related("decision__facts")
        .order_by("position")
    )


def actions_of(user: Any, programme: Programme) -> QuerySet[Action]:
    qs = Action.objects.filter(programme=programme).select_related(
        "owner_organisation", "step", "barrier", "meeting_decision__meeting"
    )
    return policy.visible(user, "list", "programme_action", qs).order_by(
        "owner_organisation__name", "due_date", "id"
    )


def meetings_of(user: Any, programme: Programme) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(programme=programme).prefetch_related("participants")
    return policy.visible(user, "list", "programme_meeting", qs).order_by("starts_at", "id")


def reports_of(user: Any, programme: Programme) -> QuerySet[Report]:
    qs = Report.objects.filter(programme=programme)
    return policy.visible(user, "list", "programme_report", qs).order_by("-period_end", "-id")


def my_actions(user: Any) -> list[Action]:
    """Open actions owned by the user's organisation, over all visible programmes; overdue
    ones flagged (so an owner sees them on the overview)."""
    org = getattr(user, "organisation_id", None)
    if org is None:
        return []
    qs = Action.objects.filter(owner_organisation_id=org, status__in=Action.OPEN_STATUSES)
    qs = policy.visible(user, "list", "programme_action", qs).select_related("programme")
    today = timezone.localdate()
    out = list(qs.order_by("due_date", "id"))
    for a in out:
        a.overdue = a.overdue_on(today)
    return out


def partner_choices(programme: Programme) -> QuerySet[Organisation]:
    ids = {
        programme.lead_organisation_id,
        *programme.partners.values_list("organisation_id", flat=True),
    }
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def tenant_organisations(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(tenant_id=getattr(user, "tenant_id", None)).order_by("name")


def barriers_for(user: Any, programme: Programme) -> QuerySet[Element]:
    """Barriers of the tenant's barrier models that can become an action of this programme."""
    qs = Element.objects.filter(kind=Element.Kind.BARRIERE).select_related("step__model", "owner")
    qs = policy.visible(user, "view", "barrier_element", qs)
    return qs.exclude(programme_actions__programme=programme).order_by(
        "step__model__title", "step__position", "position", "id"
    )


def counts_per_status(programme: Programme) -> dict[str, int]:
    return dict(
        programme.actions.values("status").annotate(n=Count("id")).values_list("status", "n")
    )


def barrier_followups(user: Any, barrier_ids: list[int]) -> list[FollowUp]:
    """For the barrier board: the programme actions made from these barriers that the user
    may see (registered with ``barriers.followups`` on ready)."""
    qs = Action.objects.filter(barrier_id__in=barrier_ids).select_related("programme")
    qs = policy.visible(user, "view", "programme_action", qs)
    today = timezone.localdate()
    return [
        FollowUp(
            barrier_id=a.barrier_id,
            label=f"Actie in {a.programme.title}",
            status=a.get_status_display(),
            url=reverse("programmes:detail", args=[a.programme_id]) + f"#actie-{a.pk}",
            overdue=a.overdue_on(today),
        )
        for a in qs.order_by("programme__title", "id")
    ]
