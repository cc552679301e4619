"""Writes on barrier models: one function per use case, in a transaction, through the policy, with
an entry in the model's change log and in the audit trail.

Optimistic locking: every edit names the ``version`` the user read; when the row has moved on the
service raises ``Conflict`` (HTTP 409 in the API, a message plus the user's own input in HTML).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.barriers import interchange
from wijkkompas.barriers.models import BarrierModel, ChangeLog, Element, Session, Step
from wijkkompas.core.api_support import Conflict

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_data"
STALE_MESSAGE = (
    "Iemand anders heeft {what} intussen gewijzigd (u bewerkte versie {yours}, nu is het versie {current}). "
    "Uw invoer is niet opgeslagen maar staat hieronder nog; bekijk de nieuwe versie en sla opnieuw op."
)

_MODEL_FIELDS = ("title", "phenomenon", "scope", "status", "owner", "description")
_STEP_FIELDS = ("title", "description")
_ELEMENT_FIELDS = (
    "text",
    "awareness",
    "owner",
    "partner_hint",
    "status",
    "due_date",
    "expected_effect",
    "notes",
    "target",
    "session",
)
_SESSION_FIELDS = ("held_on", "title", "notes")


# --- helpers -------------------------------------------------------------------------------


def _value(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(obj, name) for name in fields}


def _log(
    *,
    actor: Any,
    model: BarrierModel,
    action: str,
    obj: Any,
    summary: str,
    before: dict | None = None,
    after: dict | None = None,
    request: Any = None,
) -> None:
    root = model.root()
    ChangeLog.objects.create(
        model_id_ref=root.pk,
        tenant_id_ref=root.tenant_id,
        actor_username=getattr(actor, "username", "") or "systeem",
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        summary=summary[:400],
        before=before or {},
        after=after or {},
    )
    audit.record(
        actor=actor,
        action=f"barriers.{action}",
        obj=obj,
        tenant_id=root.tenant_id,
        request=request,
        detail={"model": root.pk, "summary": summary[:200]},
    )


def _check_version(obj: Any, expected: int | None, what: str) -> None:
    """Refuse a stale write. ``obj`` was read with select_for_update inside the transaction."""
    if expected is None or int(expected) != obj.version:
        raise Conflict(
            STALE_MESSAGE.format(what=what, yours=expected, current=obj.version),
            current={"id": obj.pk, "version": obj.version},
        )


def _locked(model_cls: type, pk: int) -> Any:
    return model_cls.objects.select_for_update().get(pk=pk)


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude or [], validate_unique=False, validate_constraints=False)


# --- models --------------------------------------------------------------------------------


@transaction.atomic
def create_model(
    *,
    actor: Any,
    tenant: Tenant,
    title: str,
    phenomenon: str,
    scope: str = "lokaal",
    status: str = "concept",
    owner: Organisation | None = None,
    description: str = "",
    request: Any = None,
) -> BarrierModel:
    probe = BarrierModel(tenant=tenant)
    policy.require(actor, "create", "barrier_model", probe)
    model = BarrierModel(
        tenant=tenant,
        title=title,
        phenomenon=phenomenon,
        scope=scope,
        status=status,
        owner=owner,
        description=description,
    )
    _full_clean(model, exclude=["parent_step", "based_on"])
    model.save()
    _log(
        actor=actor,
        model=model,
        action="model_created",
        obj=model,
        summary=f"Model '{title}' aangemaakt",
        after=_snapshot(model, _MODEL_FIELDS),
        request=request,
    )
    return model


@transaction.atomic
def update_model(
    *, actor: Any, model: BarrierModel, version: int | None, request: Any = None, **changes: Any
) -> BarrierModel:
    policy.require(actor, "edit", "barrier_model", model)
    current = _locked(BarrierModel, model.pk)
    _check_version(current, version, "dit model")
    before = _snapshot(current, _MODEL_FIELDS)
    for name, value in changes.items():
        if name not in _MODEL_FIELDS:
            raise ValueError(f"Unknown field {name}")
        setattr(current, name, value)
    _full_clean(current, exclude=["parent_step", "based_on", "template_key"])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _log(
        actor=actor,
        model=current,
        action="model_updated",
        obj=current,
        summary=f"Model '{current.title}' gewijzigd",
        before=before,
        after=_snapshot(current, _MODEL_FIELDS),
        request=request,
    )
    return current


@transaction.atomic
def delete_model(
    *, actor: Any, model: BarrierModel, version: int | None, request: Any = None
) -> None:
    policy.require(actor, "delete", "barrier_model", model)
    current = _locked(BarrierModel, model.pk)
    _check_version(current, version, "dit model")
    _log(
        actor=actor,
        model=current,
        action="model_deleted",
        obj=current,
        summary=f"Model '{current.title}' verwijderd",
        before=interchange.export_data(current),
        request=request,
    )
    # Elements of this model targeted from elsewhere are nulled by SET_NULL; owners are PROTECTed, not cascaded.
    current.delete()


@transaction.atomic
def create_submodel(*, actor: Any, step: Step, title: str, request: Any = None) -> BarrierModel:
    """Open a sub-model for one step (e.g. katvangers within mobile banditry)."""
    parent = step.model
    policy.require(actor, "edit", "barrier_model", parent)
    sub = BarrierModel.objects.create(
        tenant=parent.tenant,
        parent_step=step,
        title=title,
        phenomenon=parent.phenomenon,
        scope=parent.scope,
        status=BarrierModel.Status.CONCEPT,
        owner=parent.owner,
    )
    _log(
        actor=actor,
        model=parent,
        action="submodel_created",
        obj=sub,
        summary=f"Submodel '{title}' geopend bij stap '{step.title}'",
        request=request,
    )
    return sub


# --- steps ---------------------------------------------------------------------------------


@transaction.atomic
def add_step(
    *, actor: Any, model: BarrierModel, title: str, description: str = "", request: Any = None
) -> Step:
    policy.require(actor, "edit", "barrier_model", model)
    last = model.steps.aggregate(m=Max("position"))["m"]
    step = Step(
        model=model, title=title, description=description, position=0 if last is None else last + 1
    )
    _full_clean(step)
    step.save()
    _log(
        actor=actor,
        model=model,
        action="step_added",
        obj=step,
        summary=f"Stap '{title}' toegevoegd",
        after=_snapshot(step, _STEP_FIELDS),
        request=request,
    )
    return step


@transaction.atomic
def update_step(
    *, actor: Any, step: Step, version: int | None, request: Any = None, **changes: Any
) -> Step:
    policy.require(actor, "edit", "barrier_step", step)
    current = _locked(Step, step.pk)
    _check_version(current, version, f"stap '{current.title}'")
    before = _snapshot(current, _STEP_FIELDS)
    for name, value in changes.items():
        if name not in _STEP_FIELDS:
            raise ValueError(f"Unknown field {name}")
        setattr(current, name, value)
    _full_clean(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _log(
        actor=actor,
        model=current.model,
        action="step_updated",
        obj=current,
        summary=f"Stap '{current.title}' gewijzigd",
        before=before,
        after=_snapshot(current, _STEP_FIELDS),
        request=request,
    )
    return current


@transaction.atomic
def move_step(*, actor: Any, step: Step, direction: str, request: Any = None) -> Step:
    """Swap a step with its left or right neighbour (``direction`` 'left' | 'right')."""
    policy.require(actor, "edit", "barrier_step", step)
    steps = list(
        Step.objects.select_for_update().filter(model_id=step.model_id).order_by("position", "id")
    )
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if direction == "left" else index + 1
    if direction not in ("left", "right") or not 0 <= other < len(steps):
        return steps[index]
    steps[index], steps[other] = steps[other], steps[index]
    for position, s in enumerate(steps):
        if s.position != position:
            Step.objects.filter(pk=s.pk).update(position=position)
    moved = steps[other]
    moved.refresh_from_db()
    word = "links" if direction == "left" else "rechts"
    _log(
        actor=actor,
        model=moved.model,
        action="step_moved",
        obj=moved,
        summary=f"Stap '{moved.title}' naar {word} verplaatst (nu stap {other + 1})",
        request=request,
    )
    return moved


@transaction.atomic
def delete_step(*, actor: Any, step: Step, version: int | None, request: Any = None) -> None:
    policy.require(actor, "delete", "barrier_step", step)
    current = _locked(Step, step.pk)
    _check_version(current, version, f"stap '{current.title}'")
    model = current.model
    _log(
        actor=actor,
        model=model,
        action="step_deleted",
        obj=current,
        summary=f"Stap '{current.title}' verwijderd",
        before={
            **_snapshot(current, _STEP_FIELDS),
            "elements": [f"{e.get_kind_display()}: {e.text}" for e in current.elements.all()],
        },
        request=request,
    )
    current.delete()
    for position, s in enumerate(model.steps.order_by("position", "id")):
        if s.position != position:
            Step.objects.filter(pk=s.pk).update(position=position)


# --- elements ------------------------------------------------------------------------------


def _renumber(step_id: int, kind: str) -> None:
    for position, pk in enumerate(
        Element.objects.filter(step_id=step_id, kind=kind)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    ):
        Element.objects.filter(pk=pk).exclude(position=position).update(position=position)


@transaction.atomic
def add_element(
    *, actor: Any, step: Step, kind: str, text: str, request: Any = None, **fields: Any
) -> Element:
    policy.require(actor, "edit", "barrier_step", step)
    last = Element.objects.filter(step=step, kind=kind).aggregate(m=Max("position"))["m"]
    element = Element(step=step, kind=kind, text=text, position=0 if last is None else last + 1)
    for name, value in fields.items():
        if name not in _ELEMENT_FIELDS:
            raise ValueError(f"Unknown field {name}")
        setattr(element, name, value)
    if element.kind == Element.Kind.BARRIERE and not element.status:
        element.status = Element.BarrierStatus.IDEE
    _full_clean(element)
    element.save()
    _log(
        actor=actor,
        model=step.model,
        action="element_added",
        obj=element,
        summary=f"{element.get_kind_display()} toegevoegd bij '{step.title}': {text}",
        after=_snapshot(element, ("kind", *_ELEMENT_FIELDS)),
        request=request,
    )
    return element


@transaction.atomic
def update_element(
    *, actor: Any, element: Element, version: int | None, request: Any = None, **changes: Any
) -> Element:
    policy.require(actor, "edit", "barrier_element", element)
    current = _locked(Element, element.pk)
    _check_version(current, version, "dit element")
    before = _snapshot(current, _ELEMENT_FIELDS)
    for name, value in changes.items():
        if name not in _ELEMENT_FIELDS:
            raise ValueError(f"Unknown field {name}")
        setattr(current, name, value)
    if current.kind == Element.Kind.BARRIERE and not current.status:
        current.status = Element.BarrierStatus.IDEE
    _full_clean(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    after = _snapshot(current, _ELEMENT_FIELDS)
    changed = [name for name in _ELEMENT_FIELDS if before[name] != after[name]]
    _log(
        actor=actor,
        model=current.step.model,
        action="element_updated",
        obj=current,
        summary=f"{current.get_kind_display()} '{current.text}' gewijzigd ({', '.join(changed) or 'geen velden'})",
        before=before,
        after=after,
        request=request,
    )
    return current


@transaction.atomic
def move_element(*, actor: Any, element: Element, direction: str, request: Any = None) -> Element:
    """Move within its cell (up/down) or to the neighbouring step (left/right, appended at the end).

    Moving does not change the text, so it does not need the version; it bumps it, so an editor
    who had the element open sees that it moved."""
    policy.require(actor, "edit", "barrier_element", element)
    current = _locked(Element, element.pk)
    step = current.step
    summary = ""
    if direction in ("up", "down"):
        siblings = list(
            Element.objects.select_for_update()
            .filter(step_id=step.pk, kind=current.kind)
            .order_by("position", "id")
        )
        index = next(i for i, e in enumerate(siblings) if e.pk == current.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return current
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, e in enumerate(siblings):
            Element.objects.filter(pk=e.pk).exclude(position=position).update(position=position)
        summary = f"'{current.text}' {'omhoog' if direction == 'up' else 'omlaag'} verplaatst in '{step.title}'"
    elif direction in ("left", "right"):
        steps = list(Step.objects.filter(model_id=step.model_id).order_by("position", "id"))
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        other = index - 1 if direction == "left" else index + 1
        if not 0 <= other < len(steps):
            return current
        target_step = steps[other]
        last = Element.objects.filter(step=target_step, kind=current.kind).aggregate(
            m=Max("position")
        )["m"]
        Element.objects.filter(pk=current.pk).update(
            step=target_step, position=0 if last is None else last + 1
        )
        _renumber(step.pk, current.kind)
        summary = f"'{current.text}' verplaatst van '{step.title}' naar '{target_step.title}'"
    else:
        raise ValueError(f"Unknown direction {direction}")
    Element.objects.filter(pk=current.pk).update(version=F("version") + 1)
    current.refresh_from_db()
    _log(
        actor=actor,
        model=step.model,
        action="element_moved",
        obj=current,
        summary=summary,
        request=request,
    )
    return current


@transaction.atomic
def delete_element(
    *, actor: Any, element: Element, version: int | None, request: Any = None
) -> None:
    policy.require(actor, "delete", "barrier_element", element)
    current = _locked(Element, element.pk)
    _check_version(current, version, "dit element")
    step = current.step
    _log(
        actor=actor,
        model=step.model,
        action="element_deleted",
        obj=current,
        summary=f"{current.get_kind_display()} '{current.text}' verwijderd uit '{step.title}'",
        before=_snapshot(current, ("kind", *_ELEMENT_FIELDS)),
        request=request,
    )
    current.delete()
    _renumber(step.pk, current.kind)


# --- sessions ------------------------------------------------------------------------------


def _check_participants(model: BarrierModel, participants: list[Organisation]) -> None:
    wrong = [o.name for o in participants if o.tenant_id != model.tenant_id]
    if wrong:
        raise ValidationError(
            {"participants": f"Deze organisaties horen niet bij deze gemeente: {', '.join(wrong)}."}
        )


@transaction.atomic
def create_session(
    *,
    actor: Any,
    model: BarrierModel,
    held_on: dt.date,
    title: str,
    notes: str = "",
    participants: list[Organisation] | None = None,
    request: Any = None,
) -> Session:
    policy.require(actor, "edit", "barrier_model", model)
    participants = list(participants or [])
    _check_participants(model, participants)
    session = Session(model=model, held_on=held_on, title=title, notes=notes)
    _full_clean(session)
    session.save()
    session.participants.set(participants)
    _log(
        actor=actor,
        model=model,
        action="session_created",
        obj=session,
        summary=f"Sessie '{session}' vastgelegd",
        after={
            **_snapshot(session, _SESSION_FIELDS),
            "participants": sorted(o.name for o in participants),
        },
        request=request,
    )
    return session


@transaction.atomic
def update_session(
    *,
    actor: Any,
    session: Session,
    version: int | None,
    participants: list[Organisation] | None = None,
    request: Any = None,
    **changes: Any,
) -> Session:
    policy.require(actor, "edit", "barrier_session", session)
    current = _locked(Session, session.pk)
    _check_version(current, version, f"sessie '{current.title}'")
    before = {
        **_snapshot(current, _SESSION_FIELDS),
        "participants": sorted(o.name for o in current.participants.all()),
    }
    for name, value in changes.items():
        if name not in _SESSION_FIELDS:
            raise ValueError(f"Unknown field {name}")
        setattr(current, name, value)
    _full_clean(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    if participants is not None:
        _check_participants(current.model, list(participants))
        current.participants.set(participants)
    after = {
        **_snapshot(current, _SESSION_FIELDS),
        "participants": sorted(o.name for o in current.participants.all()),
    }
    _log(
        actor=actor,
        model=current.model,
        action="session_updated",
        obj=current,
        summary=f"Sessie '{current}' gewijzigd",
        before=before,
        after=after,
        request=request,
    )
    return current


@transaction.atomic
def delete_session(
    *, actor: Any, session: Session, version: int | None, request: Any = None
) -> None:
    policy.require(actor, "delete", "barrier_session", session)
    current = _locked(Session, session.pk)
    _check_version(current, version, f"sessie '{current.title}'")
    _log(
        actor=actor,
        model=current.model,
        action="session_deleted",
        obj=current,
        summary=f"Sessie '{current}' verwijderd",
        before=_snapshot(current, _SESSION_FIELDS),
        request=request,
    )
    current.delete()


# --- import, templates ---------------------------------------------------------------------


@transaction.atomic
def import_model(
    *,
    actor: Any,
    tenant: Tenant,
    data: Any,
    request: Any = None,
    based_on: BarrierModel | None = None,
    source: str = "",
) -> BarrierModel:
    """Build a model from the JSON exchange format; refuses (ImportRefused) a bad file and changes nothing."""
    policy.require(actor, "create", "barrier_model", BarrierModel(tenant=tenant))
    model = interchange.import_data(data, tenant=tenant)
    if based_on is not None:
        model.based_on = based_on
        model.save(update_fields=["based_on"])
    what = f"sjabloon '{based_on.title}'" if based_on else (source or "JSON-bestand")
    _log(
        actor=actor,
        model=model,
        action="model_imported",
        obj=model,
        summary=f"Model '{model.title}' gemaakt uit {what}",
        request=request,
    )
    return model


@transaction.atomic
def instantiate_template(
    *, actor: Any, template: BarrierModel, tenant: Tenant, request: Any = None
) -> BarrierModel:
    """Copy a national template into a tenant in one action, as a starting point for a local session."""
    if not template.is_template or template.parent_step_id is not None:
        raise ValueError("Only a national top-level template can be instantiated.")
    data = interchange.export_data(template)
    data["model"]["status"] = BarrierModel.Status.CONCEPT
    data["model"]["scope"] = BarrierModel.Scope.LOKAAL
    data["model"]["title"] = data["model"]["title"].removesuffix(" (sjabloon)")
    return import_model(actor=actor, tenant=tenant, data=data, request=request, based_on=template)


@transaction.atomic
def load_templates(*, actor: Any = policy.SYSTEM, stdout: Any = None) -> list[BarrierModel]:
    """(Re)load the national templates from templates_data/*.json through the importer.

    Idempotent: a template whose file has not changed is left alone; a changed file replaces it
    (tenant copies keep their content, their ``based_on`` link is re-pointed)."""
    loaded = []
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        key = path.stem
        data = interchange.parse_json(path.read_bytes())
        existing = BarrierModel.objects.filter(
            tenant=None, template_key=key, parent_step=None
        ).first()
        if (
            existing is not None
            and interchange.export_data(existing)["model"] == _normalised(data)["model"]
        ):
            loaded.append(existing)
            continue
        model = interchange.import_data(data, tenant=None)
        if existing is not None:
            BarrierModel.objects.filter(based_on=existing).update(based_on=model)
            existing.delete()
        model.template_key = key
        model.save(update_fields=["template_key"])
        _log(
            actor=actor,
            model=model,
            action="template_loaded",
            obj=model,
            summary=f"Landelijk sjabloon '{model.title}' geladen uit {path.name}",
        )
        loaded.append(model)
        if stdout:
            stdout.write(f"Sjabloon geladen: {model.title}")
    return loaded


class _Rollback(Exception):
    pass


def _normalised(data: dict) -> dict:
    """What ``export_data`` would produce for ``data`` (refs renumbered, elements grouped by kind),
    computed by a throw-away import that is rolled back."""
    result: dict = {}
    try:
        with transaction.atomic():
            result = interchange.export_data(interchange.import_data(data, tenant=None))
            raise _Rollback
    except _Rollback:
        pass
    return result


# --- links ---------------------------------------------------------------------------------

DOSSIER_QUESTIONS = {
    2: "Hoe kom je als gemeente tot een effectieve aanpak?",
    5: "Hoe ziet de lokale aanpak er nu uit?",
}


def link_to_dossier(
    *,
    actor: Any,
    model: BarrierModel,
    dossier: Any,
    question_number: int = 2,
    note: str = "",
    request: Any = None,
) -> Any:
    """Pin this model to a themadossier through the dossiers app's own service (which checks
    that the actor may edit the dossier). Re-linking the same model updates the pin."""
    from django.urls import reverse

    from wijkkompas.dossiers import services as dossier_services

    policy.require(actor, "view", "barrier_model", model)
    if dossier.tenant_id != model.tenant_id:
        raise ValidationError({"dossier": "Het themadossier hoort bij een andere gemeente."})
    pin = dossier_services.pin_item(
        actor=actor,
        dossier=dossier,
        question_number=question_number,
        kind="barrier_model",
        title=f"Barrièremodel: {model.title}",
        url=reverse("barriers:detail", args=[model.pk]),
        note=note or model.description[:500],
        reference=f"barriers.model:{model.pk}",
        request=request,
    )
    _log(
        actor=actor,
        model=model,
        action="linked_to_dossier",
        obj=model,
        summary=f"Gekoppeld aan themadossier '{dossier}' (vraag {question_number})",
        request=request,
    )
    return pin
