"""Writes on programmes: method templates, starting a programme from one, partners, and the
go/no-go rule (a step closes only by a recorded decision; the next step starts only after a go,
or by the coordinator's override with a reason). Each function asks the policy, runs in a
transaction and records an audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation, Tenant, User
from wijkkompas.areas.models import Area
from wijkkompas.core import versioning
from wijkkompas.dossiers.models import Dossier
from wijkkompas.dossiers.services import pin_item
from wijkkompas.knowledge.models import Theme
from wijkkompas.programmes import methods
from wijkkompas.programmes.models import (
    Decision,
    Fact,
    Meeting,
    MethodTemplate,
    Partner,
    Programme,
    Step,
)

PROGRAMME_FIELDS = (
    "title",
    "theme",
    "area_codes",
    "problem_definition",
    "goals",
    "coordinator",
    "steering_group",
    "start_date",
    "planned_end",
    "status",
)


def actor_user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def locked(actor: Any, action: str, object_type: str, obj: Any, version: Any) -> Any:
    """Ask the policy, lock the stored row and refuse a stale or unversioned write."""
    policy.require(actor, action, object_type, obj)
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    versioning.check_version(
        current.version, version, current={"id": current.pk, "version": current.version}
    )
    return current


def bump(obj: Any, fields: Iterable[str]) -> None:
    """Save ``fields`` as the next version of a row locked by ``locked``."""
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version"])
    obj.refresh_from_db()


def clean_text(value: Any, field: str, *, required: bool = False, max_length: int = 0) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: "Vul dit veld in."})
    if max_length and len(text) > max_length:
        raise ValidationError({field: f"Maximaal {max_length} tekens."})
    return text


# --- method templates --------------------------------------------------------------------


def validate_steps(steps: Any) -> list[dict[str, Any]]:
    """The steps of a template as stored; a Dutch message names the step and field."""
    if not isinstance(steps, list) or not steps:
        raise ValidationError({"steps": "Geef minstens één stap op (een lijst)."})
    out = []
    for i, step in enumerate(steps, start=1):
        if not isinstance(step, dict):
            raise ValidationError({"steps": f"Stap {i}: verwacht een object."})
        title = step.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ValidationError({"steps": f"Stap {i}: 'title' ontbreekt."})
        subs = step.get("substeps", [])
        if not isinstance(subs, list) or not all(isinstance(s, str) for s in subs):
            raise ValidationError({"steps": f"Stap {i}: 'substeps' moet een lijst tekst zijn."})
        gate = step.get("gate", True)
        if not isinstance(gate, bool):
            raise ValidationError({"steps": f"Stap {i}: 'gate' moet true of false zijn."})
        out.append(
            {
                "title": title.strip()[:200],
                "description": str(step.get("description", "")),
                "result": str(step.get("result", ""))[:300],
                "substeps": [s.strip() for s in subs if s.strip()],
                "gate": gate,
            }
        )
    return out


@transaction.atomic
def load_templates() -> list[MethodTemplate]:
    """The national templates from ``methods.TEMPLATES`` (idempotent: unchanged data, no write)."""
    out = []
    for data in methods.TEMPLATES:
        values = {k: v for k, v in data.items() if k != "key"}
        values["steps"] = validate_steps(values["steps"])
        template = MethodTemplate.objects.filter(tenant=None, key=data["key"]).first()
        if template is None:
            template = MethodTemplate.objects.create(tenant=None, key=data["key"], **values)
        elif any(getattr(template, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(template, k, v)
            template.version += 1
            template.save()
        out.append(template)
    return out


@transaction.atomic
def create_template(
    *, actor: Any, tenant: Tenant, key: str, title: str, steps: Any, description: str = ""
) -> MethodTemplate:
    policy.require(actor, "create", "method_template", MethodTemplate(tenant=tenant))
    title = clean_text(title, "title", required=True, max_length=200)
    key = clean_text(key, "key", required=True, max_length=80)
    if MethodTemplate.objects.filter(tenant=tenant, key=key).exists():
        raise ValidationError({"key": f"Er is al een werkwijze met sleutel '{key}'."})
    template = MethodTemplate.objects.create(
        tenant=tenant,
        key=key,
        title=title,
        description=description or "",
        steps=validate_steps(steps),
    )
    audit.record(actor=actor, action="method_template_created", obj=template, tenant_id=tenant.pk)
    return template


# --- programmes --------------------------------------------------------------------------


def _check_areas(codes: Any) -> list[str]:
    if not isinstance(codes, list | tuple) or not all(isinstance(c, str) for c in codes):
        raise ValidationError({"area_codes": "Geef de gebieden als een lijst CBS-codes."})
    codes = [c.strip().upper() for c in codes if c.strip()]
    known = set(Area.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError(
            {"area_codes": f"Onbekend gebied in het wijkbeeld: {', '.join(unknown)}."}
        )
    return list(dict.fromkeys(codes))


def _check_org(tenant_id: int, org: Organisation | None, field: str) -> None:
    if org is not None and org.tenant_id != tenant_id:
        raise ValidationError({field: "Kies een organisatie van de eigen gemeente."})


def _check_coordinator(tenant_id: int, user: User | None) -> None:
    if user is not None and user.organisation.tenant_id != tenant_id:
        raise ValidationError({"coordinator": "De coördinator werkt bij de eigen gemeente."})


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"planned_end": "De einddatum ligt voor de startdatum."})


def _pin_to_dossier(actor: Any, programme: Programme) -> None:
    """The themadossier of the programme's theme shows it on question 5 (the local approach)."""
    if programme.theme_id is None:
        return
    dossier = Dossier.objects.filter(tenant_id=programme.tenant_id, theme_id=programme.theme_id)
    dossier = dossier.first()
    if dossier is None or not policy.can(actor, "pin", "dossier", dossier):
        return
    pin_item(
        actor=actor,
        dossier=dossier,
        question_number=5,
        kind="link",
        title=f"Aanpak: {programme.title}",
        url=f"/aanpak/{programme.pk}/",
        reference=f"programmes.programme:{programme.pk}",
    )


@transaction.atomic
def start_programme(
    *,
    actor: Any,
    tenant: Tenant,
    template: MethodTemplate,
    title: str,
    lead_organisation: Organisation,
    coordinator: User | None = None,
    theme: Theme | None = None,
    area_codes: Any = (),
    problem_definition: str = "",
    goals: str = "",
    steering_group: str = "",
    start_date: dt.date | None = None,
    planned_end: dt.date | None = None,
    partners: Iterable[tuple[Organisation, str]] = (),
) -> Programme:
    """One action: the programme, its steps copied from the template (the first one running)
    and its partners."""
    probe = Programme(tenant=tenant, lead_organisation=lead_organisation)
    policy.require(actor, "create", "programme", probe)
    if template.tenant_id not in (None, tenant.pk):
        raise ValidationError({"template": "Deze werkwijze hoort bij een andere gemeente."})
    _check_org(tenant.pk, lead_organisation, "lead_organisation")
    _check_coordinator(tenant.pk, coordinator)
    _check_dates(start_date, planned_end)
    programme = Programme.objects.create(
        tenant=tenant,
        title=clean_text(title, "title", required=True, max_length=200),
        theme=theme,
        area_codes=_check_areas(list(area_codes)),
        problem_definition=problem_definition or "",
        goals=goals or "",
        lead_organisation=lead_organisation,
        coordinator=coordinator,
        steering_group=clean_text(steering_group, "steering_group", max_length=300),
        start_date=start_date or timezone.localdate(),
        planned_end=planned_end,
        status=Programme.Status.LOOPT,
        method=template,
    )
    for position, data in enumerate(template.steps, start=1):
        Step.objects.create(
            programme=programme,
            position=position,
            title=data["title"],
            description=data.get("description", ""),
            result=data.get("result", ""),
            substeps=data.get("substeps", []),
            has_gate=data.get("gate", True),
            status=Step.Status.ACTIEF if position == 1 else Step.Status.GEPLAND,
            started_on=programme.start_date if position == 1 else None,
        )
    for org, role in partners:
        _add_partner(programme, org, role)
    audit.record(
        actor=actor,
        action="programme_created",
        obj=programme,
        detail={"template": template.key, "steps": len(template.steps)},
    )
    _pin_to_dossier(actor, programme)
    return programme


@transaction.atomic
def update_programme(
    *, actor: Any, programme: Programme, version: Any, **changes: Any
) -> Programme:
    current = locked(actor, "edit", "programme", programme, version)
    for name, value in changes.items():
        if name not in PROGRAMME_FIELDS:
            raise ValueError(f"Unknown field {name}")
        if name == "area_codes":
            value = _check_areas(value)
        if name == "title":
            value = clean_text(value, "title", required=True, max_length=200)
        if name == "status" and value not in Programme.Status.values:
            raise ValidationError({"status": "Onbekende status."})
        setattr(current, name, value if value is not None or name != "title" else "")
    _check_coordinator(current.tenant_id, current.coordinator)
    _check_dates(current.start_date, current.planned_end)
    bump(current, changes.keys())
    audit.record(
        actor=actor, action="programme_updated", obj=current, detail={"fields": sorted(changes)}
    )
    return current


def _add_partner(programme: Programme, org: Organisation, role: str) -> Partner:
    _check_org(programme.tenant_id, org, "organisation")
    if role not in Partner.Role.values:
        raise ValidationError({"role": f"Onbekende rol '{role}'."})
    partner, _ = Partner.objects.update_or_create(
        programme=programme, organisation=org, defaults={"role": role}
    )
    return partner


@transaction.atomic
def set_partner(
    *,
    actor: Any,
    programme: Programme,
    organisation: Organisation,
    role: str,
    contribution: str = "",
) -> Partner:
    policy.require(actor, "edit", "programme", programme)
    if organisation.pk == programme.lead_organisation_id:
        raise ValidationError({"organisation": "De trekker is al betrokken bij het programma."})
    partner = _add_partner(programme, organisation, role)
    partner.contribution = clean_text(contribution, "contribution", max_length=300)
    partner.save(update_fields=["contribution"])
    audit.record(
        actor=actor,
        action="programme_partner_saved",
        obj=partner,
        tenant_id=programme.tenant_id,
        detail={"programme": programme.pk, "role": role},
    )
    return partner


@transaction.atomic
def remove_partner(*, actor: Any, partner: Partner) -> None:
    policy.require(actor, "edit", "programme", partner.programme)
    audit.record(
        actor=actor,
        action="programme_partner_removed",
        obj=partner,
        tenant_id=partner.programme.tenant_id,
        detail={"programme": partner.programme_id},
    )
    partner.delete()


# --- the go/no-go rule -------------------------------------------------------------------


def _clean_facts(facts: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for i, fact in enumerate(facts, start=1):
        statement = clean_text(fact.get("statement"), "facts", max_length=400)
        if not statement:
            continue
        kind = fact.get("kind")
        if kind not in Fact.Kind.values:
            raise ValidationError({"facts": f"Onderbouwing {i}: kies 'feit' of 'aanname'."})
        source = clean_text(fact.get("source"), "facts", max_length=300)
        if kind == Fact.Kind.FEIT and not source:
            raise ValidationError({"facts": f"Onderbouwing {i}: een feit heeft een bron."})
        out.append({"statement": statement, "kind": kind, "source": source})
    return out


def previous_step(step: Step) -> Step | None:
    return step.programme.steps.filter(position__lt=step.position).order_by("-position").first()


def next_step(step: Step) -> Step | None:
    return step.programme.steps.filter(position__gt=step.position).order_by("position").first()


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    step: Step,
    version: Any,
    outcome: str,
    rationale: str,
    body: str,
    decided_on: dt.date,
    meeting: Meeting | None = None,
    facts: Iterable[dict[str, Any]] = (),
) -> Decision:
    """Close a running step by its go/no-go. Go or go-with-adjustment starts the next step;
    no-go stops the programme."""
    current = locked(actor, "decide", "programme_step", step, version)
    if current.status != Step.Status.ACTIEF:
        raise ValidationError({"step": "Alleen over een lopende stap valt een besluit."})
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": "Kies go, no-go of go met bijstelling."})
    if body not in Decision.Body.values:
        raise ValidationError({"body": "Kies wie besloot: stuurgroep, driehoek of kernteam."})
    rationale = clean_text(rationale, "rationale", required=True)
    if decided_on is None:
        raise ValidationError({"decided_on": "Geef de datum van het besluit."})
    if meeting is not None and meeting.programme_id != current.programme_id:
        raise ValidationError({"meeting": "Dit overleg hoort bij een ander programma."})
    cleaned = _clean_facts(facts)
    if not cleaned:
        raise ValidationError({"facts": "Noem minstens één feit of aanname waarop het rust."})
    decision = Decision.objects.create(
        step=current,
        outcome=outcome,
        rationale=rationale,
        body=body,
        meeting=meeting,
        decided_on=decided_on,
        recorded_by=actor_user(actor),
    )
    Fact.objects.bulk_create(Fact(decision=decision, **f) for f in cleaned)
    current.status = {
        "go": Step.Status.AFGEROND,
        "bijstellen": Step.Status.BIJGESTELD,
        "no_go": Step.Status.GESTOPT,
    }[outcome]
    current.closed_on = decided_on
    bump(current, ["status", "closed_on"])
    programme = current.programme
    audit.record(
        actor=actor,
        action="programme_step_decided",
        obj=current,
        tenant_id=programme.tenant_id,
        detail={"programme": programme.pk, "outcome": outcome, "body": body},
    )
    if outcome == Decision.Outcome.NO_GO:
        Programme.objects.filter(pk=programme.pk).update(
            status=Programme.Status.GESTOPT, version=F("version") + 1
        )
    else:
        following = next_step(current)
        if following is None:
            Programme.objects.filter(pk=programme.pk).update(
                status=Programme.Status.AFGEROND, version=F("version") + 1
            )
        else:
            _begin(actor, following, decided_on)
    return decision


def _begin(actor: Any, step: Step, day: dt.date, override: str = "") -> Step:
    step.status = Step.Status.ACTIEF
    step.started_on = day
    step.override_reason = override
    step.override_by = actor_user(actor) if override else None
    step.version = F("version") + 1
    step.save(update_fields=["status", "started_on", "override_reason", "override_by", "version"])
    step.refresh_from_db()
    audit.record(
        actor=actor,
        action="programme_step_override" if override else "programme_step_started",
        obj=step,
        tenant_id=step.programme.tenant_id,
        reason=override,
        detail={"programme": step.programme_id, "position": step.position},
    )
    return step


@transaction.atomic
def start_step(*, actor: Any, step: Step, version: Any, override_reason: str = "") -> Step:
    """Start a planned step. Refused unless the step before it closed with a go (or go with
    adjustment); the coordinator may override that with a reason, which stays on the step and
    in the trail, and closes the previous step as 'closed without a decision'."""
    current = locked(actor, "decide", "programme_step", step, version)
    if current.status != Step.Status.GEPLAND:
        raise ValidationError({"step": "Deze stap is al gestart of gesloten."})
    before = previous_step(current)
    reason = (override_reason or "").strip()
    cleared = before is None or (
        before.status in (Step.Status.AFGEROND, Step.Status.BIJGESTELD)
        or (before.status == Step.Status.OVERGESLAGEN)
    )
    if before is not None and before.status == Step.Status.ACTIEF and not before.has_gate:
        # A step without a go/no-go moment closes when the next one starts.
        Step.objects.filter(pk=before.pk).update(
            status=Step.Status.AFGEROND, closed_on=timezone.localdate(), version=F("version") + 1
        )
        cleared = True
    if before is not None and before.status == Step.Status.GESTOPT:
        raise ValidationError({"step": "Na een no-go start geen volgende stap."})
    if not cleared:
        if not reason:
            raise ValidationError(
                {
                    "step": f"Stap {before.position} ('{before.title}') is niet afgesloten met een "
                    "go/no-go-besluit. Leg eerst het besluit vast."
                }
            )
        programme = current.programme
        if not policy.can(actor, "override", "programme", programme):
            raise policy.Denied("override", "programme", programme)
        Step.objects.filter(pk=before.pk).update(
            status=Step.Status.OVERGESLAGEN,
            closed_on=timezone.localdate(),
            version=F("version") + 1,
        )
        return _begin(actor, current, timezone.localdate(), override=reason)
    return _begin(actor, current, timezone.localdate())
