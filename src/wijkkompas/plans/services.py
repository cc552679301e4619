"""Writes of plans: import (read, extract, classify), and the analyst's work on priorities
(confirm, edit, classify, merge, add, reject). Keyword-only, in a transaction, through the policy,
into the audit trail, and every change to a priority kept in ``PriorityChange``."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wijkkompas.accounts import audit, policy
from wijkkompas.core.versioning import save_versioned
from wijkkompas.plans import classes, classifier, extraction, reading, taxonomy
from wijkkompas.plans.models import Plan, PlanMunicipality, Priority, PriorityChange

GM_CODE = re.compile(r"^GM\d{4}$")
PERIOD = re.compile(r"^\s*(\d{4})\s*[-–/]\s*(\d{4})\s*$")
SNAPSHOT = ("title", "location", "status", "field_codes", "theme_codes", "merged_into_id")


def parse_period(text: str) -> tuple[int, int]:
    m = PERIOD.match(text or "")
    if not m:
        raise ValidationError({"period": f"Periode {text!r} is geen periode als 2023-2026."})
    start, end = int(m[1]), int(m[2])
    if not (1990 <= start <= end <= 2100) or end - start > 10:
        raise ValidationError(
            {"period": f"Periode {text!r}: het eindjaar ligt vóór het beginjaar of te ver weg."}
        )
    return start, end


def parse_municipalities(codes: Iterable[str]) -> list[str]:
    out = []
    for raw in codes:
        for code in re.split(r"[\s,;]+", raw or ""):
            code = code.strip().upper()
            if not code:
                continue
            if not GM_CODE.match(code):
                raise ValidationError(
                    {"municipalities": f"Gemeentecode {code!r} is geen CBS-code als GM0858."}
                )
            if code not in out:
                out.append(code)
    if not out:
        raise ValidationError({"municipalities": "Geef minstens één gemeente (CBS-code)."})
    return out


def _snapshot(p: Priority) -> dict[str, Any]:
    return {name: getattr(p, name) for name in SNAPSHOT}


def _is_user(actor: Any) -> bool:
    return getattr(actor, "pk", None) is not None and not getattr(actor, "is_system", False)


def _log(actor: Any, priority: Priority, action: str, before: dict, after: dict) -> None:
    PriorityChange.objects.create(
        priority=priority,
        actor=actor if _is_user(actor) else None,
        actor_username=getattr(actor, "username", "") or "systeem",
        action=action,
        before=before,
        after=after,
    )
    audit.record(
        action=f"priority_{action}",
        actor=actor,
        obj=priority,
        object_type="priority",
        tenant_id=priority.plan.tenant_id,
    )


def corrections(tenant_id: int | None = None) -> list[tuple[str, str]]:
    """The analysts' classifications as training examples (theme, title); not the fixture's
    labels, nor priorities the analyst rejected."""
    qs = Priority.objects.filter(corrected=True).exclude(origin=Priority.Origin.FIXTURE)
    qs = qs.exclude(status=Priority.Status.REJECTED)
    if tenant_id is not None:
        qs = qs.filter(plan__tenant_id=tenant_id)
    # A priority the analyst put under several themes is an example of each.
    return [
        (theme, title)
        for title, themes in qs.order_by("pk").values_list("title", "theme_codes")
        for theme in themes
    ]


def model_for(tenant_id: int | None) -> classifier.Model:
    return classifier.train(corrections(tenant_id))


def _apply(priority: Priority, prediction: classifier.Prediction) -> None:
    priority.field_codes = prediction.field_codes
    priority.theme_codes = prediction.theme_codes
    priority.confidence = prediction.confidence
    priority.deciding_words = prediction.deciding_words


@transaction.atomic
def import_plan(
    *,
    actor: Any,
    tenant: Any,
    data: bytes,
    file_name: str,
    municipalities: Iterable[str],
    period: str,
    source_url: str = "",
    title: str = "",
) -> tuple[Plan, bool]:
    """Read, extract and classify one plan. Returns ``(plan, created)``; the same file imported
    again into the same municipality returns the existing plan (idempotent)."""
    policy.require(actor, "create", "plan")
    codes = parse_municipalities(municipalities)
    start, end = parse_period(period)
    if source_url and not re.match(r"^https?://\S+$", source_url):
        raise ValidationError({"source_url": f"Bron {source_url!r} is geen webadres (http/https)."})
    read = reading.read(data, file_name)
    sha = hashlib.sha256(data).hexdigest()
    existing = Plan.objects.filter(tenant=tenant, file_sha256=sha).first()
    if existing is not None:
        return existing, False
    plan = Plan.objects.create(
        tenant=tenant,
        title=(title or read.title or file_name)[:300],
        start_year=start,
        end_year=end,
        source_url=source_url,
        file_kind=read.kind,
        file_name=file_name[:255],
        file_sha256=sha,
        text=read.text,
        pages=read.pages,
        scanned_pages=read.scanned_pages,
        imported_by=actor if _is_user(actor) else None,
    )
    known = classes.names()
    PlanMunicipality.objects.bulk_create(
        PlanMunicipality(plan=plan, code=c, name=known.get(c, "")) for c in codes
    )
    model = model_for(tenant.pk)
    rows = []
    for n, cand in enumerate(extraction.extract(read.pages, read.kind)):
        p = Priority(
            plan=plan,
            title=cand.title,
            location=cand.location,
            evidence=cand.evidence,
            rule=cand.rule,
            origin=Priority.Origin.RULES,
            position=n,
        )
        _apply(p, model.predict(p.title))
        rows.append(p)
    Priority.objects.bulk_create(rows)
    audit.record(
        action="plan_imported",
        actor=actor,
        obj=plan,
        object_type="plan",
        detail={"priorities": len(rows), "scanned_pages": read.scanned_pages},
    )
    return plan, True


def _checked_codes(field_codes: Iterable[str], theme_codes: Iterable[str]) -> tuple[list, list]:
    fields, themes = list(dict.fromkeys(field_codes)), list(dict.fromkeys(theme_codes))
    theme_field = taxonomy.theme_field()
    for t in themes:
        if t not in theme_field:
            raise ValidationError({"theme_codes": f"Thema {t!r} bestaat niet."})
        if theme_field[t] not in fields:
            fields.append(theme_field[t])
    for f in fields:
        if f not in taxonomy.field_names():
            raise ValidationError({"field_codes": f"Veld {f!r} bestaat niet."})
    return fields, themes


@transaction.atomic
def update_priority(
    *,
    actor: Any,
    priority: Priority,
    version: int | str | None,
    title: str | None = None,
    location: str | None = None,
    status: str | None = None,
    field_codes: Iterable[str] | None = None,
    theme_codes: Iterable[str] | None = None,
) -> Priority:
    """Edit, confirm, reject or classify one priority; a classification given here is the
    analyst's and becomes a training example."""
    policy.require(actor, "edit", "priority", priority)
    before = _snapshot(priority)
    changed = []
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": "De titel mag niet leeg zijn."})
        priority.title = title.strip()[:300]
        changed.append("title")
    if location is not None:
        priority.location = location.strip()[:100]
        changed.append("location")
    if status is not None:
        if status not in (
            Priority.Status.SUGGESTED,
            Priority.Status.CONFIRMED,
            Priority.Status.REJECTED,
        ):
            raise ValidationError({"status": f"Status {status!r} kan hier niet worden gekozen."})
        priority.status = status
        changed.append("status")
    if field_codes is not None or theme_codes is not None:
        fields, themes = _checked_codes(field_codes or [], theme_codes or [])
        priority.field_codes, priority.theme_codes = fields, themes
        priority.corrected, priority.confidence = True, 1.0
        priority.deciding_words = []
        changed += ["field_codes", "theme_codes", "corrected", "confidence", "deciding_words"]
    save_versioned(priority, version, changed)
    # Confirming or rejecting alone says so; with an edit or a classification it is an edit.
    action = "edited"
    if changed == ["status"]:
        action = {"bevestigd": "confirmed", "afgewezen": "rejected"}.get(status, "edited")
    _log(actor, priority, action, before, _snapshot(priority))
    return priority


@transaction.atomic
def add_priority(
    *,
    actor: Any,
    plan: Plan,
    title: str,
    location: str = "",
    evidence: str = "",
    theme_codes: Iterable[str] = (),
) -> Priority:
    policy.require(actor, "create", "priority")
    policy.require(actor, "edit", "plan", plan)
    if not (title or "").strip():
        raise ValidationError({"title": "Geef de titel van de prioriteit."})
    p = Priority(
        plan=plan,
        title=title.strip()[:300],
        location=location.strip()[:100],
        evidence=evidence.strip(),
        origin=Priority.Origin.ANALYST,
        status=Priority.Status.CONFIRMED,
        position=plan.priorities.count(),
    )
    themes = list(theme_codes)
    if themes:
        p.field_codes, p.theme_codes = _checked_codes([], themes)
        p.corrected, p.confidence = True, 1.0
    else:
        _apply(p, model_for(plan.tenant_id).predict(p.title))
    p.save()
    _log(actor, p, "added", {}, _snapshot(p))
    return p


@transaction.atomic
def merge_priorities(
    *, actor: Any, target: Priority, version: int | str | None, others: Iterable[Priority]
) -> Priority:
    """Fold ``others`` (same plan) into ``target``: they become 'samengevoegd' and point to it;
    the target is confirmed and its evidence gains theirs."""
    policy.require(actor, "edit", "priority", target)
    others = [o for o in others if o.pk != target.pk]
    if not others:
        raise ValidationError({"others": "Kies minstens één andere prioriteit om samen te voegen."})
    before = _snapshot(target)
    for other in others:
        policy.require(actor, "edit", "priority", other)
        if other.plan_id != target.plan_id:
            raise ValidationError({"others": "Alleen prioriteiten van hetzelfde plan."})
        o_before = _snapshot(other)
        other.status, other.merged_into = Priority.Status.MERGED, target
        save_versioned(other, other.version, ["status", "merged_into"])
        _log(actor, other, "merged", o_before, _snapshot(other))
        if other.evidence and other.evidence not in target.evidence:
            target.evidence = f"{target.evidence}\n{other.evidence}".strip()
    target.status = Priority.Status.CONFIRMED
    save_versioned(target, version, ["status", "evidence"])
    _log(actor, target, "merged", before, _snapshot(target))
    return target


@transaction.atomic
def reclassify(*, actor: Any, plan: Plan) -> int:
    """Classify the plan's priorities again (those not classified by hand), with the current
    examples and corrections."""
    policy.require(actor, "edit", "plan", plan)
    model = model_for(plan.tenant_id)
    n = 0
    for p in plan.priorities.filter(corrected=False):
        before = _snapshot(p)
        _apply(p, model.predict(p.title))
        p.save(update_fields=["field_codes", "theme_codes", "confidence", "deciding_words"])
        n += 1
        if _snapshot(p) != before:  # a changed classification is a change of the priority
            _log(actor, p, "reclassified", before, _snapshot(p))
    audit.record(
        action="plan_reclassified", actor=actor, obj=plan, object_type="plan", detail={"n": n}
    )
    return n


@transaction.atomic
def delete_plan(*, actor: Any, plan: Plan) -> None:
    policy.require(actor, "delete", "plan", plan)
    audit.record(
        action="plan_deleted",
        actor=actor,
        obj=plan,
        object_type="plan",
        detail={"title": plan.title},
    )
    plan.delete()
