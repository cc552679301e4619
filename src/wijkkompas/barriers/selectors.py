"""Reads on barrier models, already filtered by the access policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.barriers.models import BarrierModel, ChangeLog, Element, Session, Step

KINDS = list(Element.Kind)
KIND_PLURALS = {
    Element.Kind.GELEGENHEID: "Gelegenheden",
    Element.Kind.SIGNAAL: "Signalen",
    Element.Kind.FACILITEERDER: "Faciliteerders",
    Element.Kind.BARRIERE: "Barrières",
}
KIND_EXPLANATIONS = {
    Element.Kind.GELEGENHEID: "Wat de samenleving mogelijk maakt",
    Element.Kind.SIGNAAL: "Wat je kunt opmerken",
    Element.Kind.FACILITEERDER: "Wie helpt, bewust of onbewust",
    Element.Kind.BARRIERE: "Wat partners kunnen doen",
}
OPEN_STATUSES = Element.OPEN_STATUSES


def models_visible_to(user: Any) -> QuerySet[BarrierModel]:
    """Top-level models of the user's tenant (sub-models are reached through their step)."""
    qs = BarrierModel.objects.filter(parent_step__isnull=True).select_related("owner", "based_on")
    return policy.visible(user, "list", "barrier_model", qs).annotate(
        step_count=Count("steps", distinct=True)
    )


def templates_visible_to(user: Any) -> QuerySet[BarrierModel]:
    qs = BarrierModel.objects.filter(tenant__isnull=True, parent_step__isnull=True).exclude(
        template_key=""
    )
    return policy.visible(user, "list", "barrier_template", qs).annotate(
        step_count=Count("steps", distinct=True)
    )


def get_model(user: Any, action: str, pk: int) -> BarrierModel:
    """A tenant model (also a sub-model) for ``action``; another tenant's answers 404."""
    return policy.get_object_or_404(
        user,
        action,
        "barrier_model",
        BarrierModel.objects.select_related("owner", "parent_step__model", "tenant"),
        pk=pk,
    )


def get_model_to_export(user: Any, pk: int, what: str) -> BarrierModel:
    """A model for an export in the format ``what``, with the export in the audit trail."""
    model = get_model(user, "export", pk)
    audit.record(actor=user, action="barrier_model_exported", obj=model, detail={"format": what})
    return model


def get_template(user: Any, pk: int) -> BarrierModel:
    return policy.get_object_or_404(
        user, "view", "barrier_template", BarrierModel.objects.filter(tenant__isnull=True), pk=pk
    )


def get_step(user: Any, action: str, pk: int, model: BarrierModel | None = None) -> Step:
    qs = Step.objects.select_related("model")
    if model is not None:
        qs = qs.filter(model=model)
    return policy.get_object_or_404(user, action, "barrier_step", qs, pk=pk)


def get_element(user: Any, action: str, pk: int, model: BarrierModel | None = None) -> Element:
    qs = Element.objects.select_related("step__model", "owner", "target", "session")
    if model is not None:
        qs = qs.filter(step__model=model)
    return policy.get_object_or_404(user, action, "barrier_element", qs, pk=pk)


def get_session(user: Any, action: str, pk: int, model: BarrierModel | None = None) -> Session:
    qs = Session.objects.select_related("model")
    if model is not None:
        qs = qs.filter(model=model)
    return policy.get_object_or_404(user, action, "barrier_session", qs, pk=pk)


def lineage(model: BarrierModel) -> list[BarrierModel]:
    """The chain of parent models, outermost first (for breadcrumbs of a sub-model)."""
    chain = []
    current = model
    while current.parent_step_id is not None:
        current = current.parent_step.model
        chain.append(current)
    return list(reversed(chain))


@dataclass
class Cell:
    step: Step
    kind: str
    elements: list[Element] = field(default_factory=list)
    error: str = ""
    value: str = ""


@dataclass
class Row:
    kind: str
    label: str
    explanation: str
    cells: list[Cell]


@dataclass
class Board:
    model: BarrierModel
    steps: list[Step]
    rows: list[Row]
    sessions: list[Session]

    def elements(self) -> list[Element]:
        return [e for r in self.rows for c in r.cells for e in c.elements]


def board(model: BarrierModel) -> Board:
    """Steps as columns, the four kinds as rows; one query for the elements."""
    steps = list(
        model.steps.order_by("position", "id").prefetch_related(
            Prefetch("submodels", queryset=BarrierModel.objects.annotate(step_count=Count("steps")))
        )
    )
    elements = (
        Element.objects.filter(step__model=model)
        .select_related("owner", "target", "session")
        .order_by("position", "id")
    )
    grid: dict[tuple[int, str], list[Element]] = {}
    for el in elements:
        grid.setdefault((el.step_id, el.kind), []).append(el)
    rows = [
        Row(
            kind=kind.value,
            label=KIND_PLURALS[kind],
            explanation=KIND_EXPLANATIONS[kind],
            cells=[
                Cell(step=s, kind=kind.value, elements=grid.get((s.pk, kind.value), []))
                for s in steps
            ],
        )
        for kind in KINDS
    ]
    sessions = list(model.sessions.prefetch_related("participants").order_by("held_on", "id"))
    return Board(model=model, steps=steps, rows=rows, sessions=sessions)


def target_choices(model: BarrierModel) -> QuerySet[Element]:
    return (
        Element.objects.filter(
            step__model=model, kind__in=[Element.Kind.GELEGENHEID, Element.Kind.FACILITEERDER]
        )
        .select_related("step")
        .order_by("step__position", "kind", "position")
    )


def partner_choices(user: Any, model: BarrierModel | None = None) -> QuerySet[Organisation]:
    """Organisations of the model's tenant (of the user's own for a new model) the user may see."""
    tenant_id = model.tenant_id if model is not None else user.tenant_id
    return policy.visible(
        user, "list", "organisation", Organisation.objects.filter(tenant_id=tenant_id)
    )


def steps_of(model: BarrierModel) -> QuerySet[Step]:
    return model.steps.prefetch_related("submodels").order_by("position", "id")


def elements_of(
    model: BarrierModel, *, kind: str | None = None, step_id: int | None = None
) -> QuerySet[Element]:
    qs = Element.objects.filter(step__model=model).order_by(
        "step__position", "kind", "position", "id"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if step_id:
        qs = qs.filter(step_id=step_id)
    return qs


def sessions_of(model: BarrierModel) -> QuerySet[Session]:
    return model.sessions.prefetch_related("participants", "elements__step").order_by(
        "held_on", "id"
    )


def history(model: BarrierModel) -> QuerySet[ChangeLog]:
    return ChangeLog.objects.filter(model_id_ref=model.root().pk)


def barriers_visible_to(user: Any) -> QuerySet[Element]:
    """Barriers in all models of the user's tenant (top-level and sub-models)."""
    models = policy.visible(user, "view", "barrier_model", BarrierModel.objects.all())
    return (
        Element.objects.filter(kind=Element.Kind.BARRIERE, step__model__in=models)
        .select_related("owner", "step__model", "target")
        .order_by("due_date", "step__model__title", "step__position", "position")
    )


def partners_overview(user: Any) -> list[dict[str, Any]]:
    """Per partner organisation of the tenant: how many barriers it owns, open and overdue."""
    today = timezone.localdate()
    orgs = policy.visible(user, "view", "barrier_followup", Organisation.objects.all())
    barriers = barriers_visible_to(user)
    counts = {
        row["owner"]: row
        for row in barriers.filter(owner__in=orgs)
        .values("owner")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
        )
        .order_by()
    }
    result = [
        {
            "organisation": o,
            "total": counts.get(o.pk, {}).get("total", 0),
            "open": counts.get(o.pk, {}).get("open", 0),
            "overdue": counts.get(o.pk, {}).get("overdue", 0),
        }
        for o in orgs.order_by("name")
    ]
    unowned = barriers.filter(owner__isnull=True).count()
    return result + (
        [{"organisation": None, "total": unowned, "open": unowned, "overdue": 0}] if unowned else []
    )


def get_followup_organisation(user: Any, pk: int) -> Organisation | None:
    """The partner whose barriers to follow up; 0 stands for "no owner yet" (None)."""
    if pk == 0:
        policy.require(user, "view", "barrier_followup")
        return None
    return policy.get_object_or_404(
        user, "view", "barrier_followup", Organisation.objects.all(), pk=pk
    )


def barriers_in(user: Any, model: BarrierModel) -> QuerySet[Element]:
    """The barriers of one model (its action list)."""
    return barriers_visible_to(user).filter(step__model=model)


def barriers_of(user: Any, organisation: Organisation | None) -> QuerySet[Element]:
    qs = barriers_visible_to(user)
    return (
        qs.filter(owner=organisation) if organisation is not None else qs.filter(owner__isnull=True)
    )


def is_overdue(element: Element, today: dt.date | None = None) -> bool:
    return element.overdue_on(today or timezone.localdate())


ACTION_LIST_HEADER = [
    "Partner (eigenaar)",
    "Barrièremodel",
    "Stap",
    "Barrière",
    "Richt zich op",
    "Status",
    "Streefdatum",
    "Verlopen",
    "Verwacht effect",
    "Notities",
    "Voorgestelde partner",
]


def action_list_rows(barriers: QuerySet[Element]) -> list[list[Any]]:
    """The barrier action list, grouped per owning partner (unowned last)."""
    today = timezone.localdate()
    items = sorted(
        barriers,
        key=lambda e: (
            e.owner is None,
            e.owner.name if e.owner else "",
            e.due_date or dt.date.max,
            e.step.model.title,
            e.step.position,
            e.position,
        ),
    )
    return [
        [
            e.owner.name if e.owner else "(nog geen eigenaar)",
            e.step.model.title,
            e.step.title,
            e.text,
            e.target.text if e.target else "",
            e.get_status_display() if e.status else "",
            e.due_date.isoformat() if e.due_date else "",
            "ja" if is_overdue(e, today) else "nee",
            e.expected_effect,
            e.notes,
            e.partner_hint,
        ]
        for e in items
    ]
