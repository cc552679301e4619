"""Writing campaigns and their clusters: one function per use case, keyword-only, in a
transaction, through the policy and into the audit trail."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.accounts.roles import Role
from wijkkompas.core.versioning import save_versioned
from wijkkompas.fieldwork.models import Address, Campaign, Cluster

QUESTION_KINDS = ("tekst", "ja_nee", "keuze")
# Closing a cluster where fewer than this share of the addresses was attempted asks to confirm.
CLOSE_WARNING_SHARE = 0.5
EDITABLE = (
    "name",
    "kind",
    "status",
    "goal",
    "area_codes",
    "starts_on",
    "ends_on",
    "team_roles",
    "check_roles",
    "requires_check",
    "questions",
    "theme",
    "programme",
    "signal_category",
    "legal_basis",
    "purpose",
)


def validate_questions(questions: Any) -> list[dict]:
    """The visit form as data: a list of ``{"key", "label", "kind", "choices"}``; refused with
    the number of the question that is wrong."""
    if not isinstance(questions, list):
        raise ValidationError({"questions": "De vragen zijn geen lijst."})
    out, keys = [], set()
    for n, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            raise ValidationError({"questions": f"Vraag {n} is geen vraag (key, label, kind)."})
        label = str(q.get("label", "")).strip()
        key = str(q.get("key", "")).strip() or re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
        kind = str(q.get("kind", "tekst"))
        choices = [str(c).strip() for c in q.get("choices", []) or [] if str(c).strip()]
        if not label:
            raise ValidationError({"questions": f"Vraag {n} heeft geen tekst."})
        if kind not in QUESTION_KINDS:
            raise ValidationError(
                {
                    "questions": f"Vraag {n}: soort {kind!r} bestaat niet ({', '.join(QUESTION_KINDS)})."
                }
            )
        if kind == "keuze" and len(choices) < 2:
            raise ValidationError({"questions": f"Vraag {n}: geef minstens twee keuzes."})
        if key in keys:
            raise ValidationError(
                {"questions": f"Vraag {n}: de sleutel {key!r} komt twee keer voor."}
            )
        keys.add(key)
        out.append({"key": key[:40], "label": label[:200], "kind": kind, "choices": choices})
    return out


def parse_questions(text: str) -> list[dict]:
    """The form's text area: one question per line, ``tekst``, ``vraag? [ja/nee]`` or
    ``vraag? [keuze: a | b | c]``."""
    questions = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = re.match(r"^(.*?)\s*\[(.*)\]\s*$", line)
        if not match:
            questions.append({"label": line, "kind": "tekst"})
            continue
        label, spec = match.group(1), match.group(2).strip()
        if spec.lower() in ("ja/nee", "ja_nee", "janee"):
            questions.append({"label": label, "kind": "ja_nee"})
        elif spec.lower().startswith("keuze:"):
            choices = [c.strip() for c in spec[6:].split("|")]
            questions.append({"label": label, "kind": "keuze", "choices": choices})
        else:
            questions.append({"label": line, "kind": "tekst"})
    return validate_questions(questions)


def questions_text(questions: list[dict]) -> str:
    lines = []
    for q in questions:
        if q["kind"] == "ja_nee":
            lines.append(f"{q['label']} [ja/nee]")
        elif q["kind"] == "keuze":
            lines.append(f"{q['label']} [keuze: {' | '.join(q['choices'])}]")
        else:
            lines.append(q["label"])
    return "\n".join(lines)


def _validate(values: dict[str, Any], tenant_id: int) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not str(values.get("name", "")).strip():
        errors["name"] = "Geef de campagne een naam."
    if values.get("kind") not in Campaign.Kind.values:
        errors["kind"] = "Kies een soort campagne."
    if "status" in values and values["status"] not in Campaign.Status.values:
        errors["status"] = "Kies een status."
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if not isinstance(starts, date):
        errors["starts_on"] = "Vul de begindatum in."
    if not isinstance(ends, date):
        errors["ends_on"] = "Vul de einddatum in."
    elif isinstance(starts, date) and ends < starts:
        errors["ends_on"] = "De einddatum ligt vóór de begindatum."
    for field in ("team_roles", "check_roles"):
        wrong = [r for r in values.get(field) or [] if r not in Role.values]
        if wrong:
            errors[field] = f"Onbekende rol(len): {', '.join(map(str, wrong))}."
    codes = [str(c).strip().upper() for c in values.get("area_codes") or [] if str(c).strip()]
    bad = [c for c in codes if not re.fullmatch(r"BU[0-9]{8}", c)]
    if bad:
        errors["area_codes"] = f"Geen CBS-buurtcode: {', '.join(bad)} (zoals BU03630000)."
    values["area_codes"] = codes
    for field, what in (("legal_basis", "de grondslag"), ("purpose", "het doel")):
        if not str(values.get(field, "")).strip():
            errors[field] = f"Vul {what} van de bezoeken in (komt op elk bezoek te staan)."
    programme = values.get("programme")
    if programme is not None and programme.tenant_id != tenant_id:
        errors["programme"] = "Deze aanpak hoort niet bij de eigen gemeente."
    category = values.get("signal_category")
    if category is not None and category.tenant_id != tenant_id:
        errors["signal_category"] = "Deze signaalcategorie hoort niet bij de eigen gemeente."
    try:
        values["questions"] = validate_questions(values.get("questions") or [])
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return values


def _team(organisations: Iterable[Organisation], tenant_id: int) -> list[Organisation]:
    orgs = list(organisations)
    if any(o.tenant_id != tenant_id for o in orgs):
        raise ValidationError(
            {"team_organisations": "Een teamorganisatie hoort niet bij de eigen gemeente."}
        )
    return orgs


@transaction.atomic
def create_campaign(
    *, actor: Any, team_organisations: Iterable[Organisation] = (), **values: Any
) -> Campaign:
    """A new campaign led by the actor's own organisation."""
    tenant_id = actor.tenant_id
    draft = Campaign(tenant_id=tenant_id, organisation_id=actor.organisation_id)
    policy.require(actor, "create", "campaign", draft)
    values = _validate(values, tenant_id)
    team = _team(team_organisations, tenant_id)
    for field in EDITABLE:
        if field in values:
            setattr(draft, field, values[field])
    draft.name = draft.name.strip()
    draft.created_by = actor if getattr(actor, "pk", None) else None
    draft.save()
    draft.team_organisations.set(team)
    audit.record(actor=actor, action="campaign_created", obj=draft, object_type="campaign")
    return draft


@transaction.atomic
def update_campaign(
    *,
    actor: Any,
    campaign: Campaign,
    version: int | str | None,
    team_organisations: Iterable[Organisation] | None = None,
    **values: Any,
) -> Campaign:
    """Change a campaign; the write names the version it read (409 otherwise)."""
    policy.require(actor, "edit", "campaign", campaign)
    merged = {f: getattr(campaign, f) for f in EDITABLE} | values
    merged = _validate(merged, campaign.tenant_id)
    for field in EDITABLE:
        setattr(campaign, field, merged[field])
    save_versioned(campaign, version, [*EDITABLE, "updated_at"])
    if team_organisations is not None:
        campaign.team_organisations.set(_team(team_organisations, campaign.tenant_id))
    campaign.version = int(version) + 1
    audit.record(
        actor=actor,
        action="campaign_updated",
        obj=campaign,
        object_type="campaign",
        detail={"fields": sorted(values)},
    )
    return campaign


def cluster_progress(cluster: Cluster) -> tuple[int, int]:
    """(attempted, total) addresses of a cluster."""
    addresses = Address.objects.filter(cluster=cluster)
    total = addresses.count()
    attempted = addresses.exclude(status=Address.Status.OPEN).count()
    return attempted, total


@transaction.atomic
def close_cluster(*, actor: Any, cluster: Cluster, confirm: bool = False) -> Cluster:
    """Close a cluster for planning. With few addresses attempted (under half) the close is
    refused with a warning unless ``confirm`` says the user read it."""
    policy.require(actor, "edit", "cluster", cluster)
    if cluster.closed_at is not None:
        raise ValidationError({"cluster": "Dit cluster is al afgesloten."})
    attempted, total = cluster_progress(cluster)
    if not confirm and total and attempted / total < CLOSE_WARNING_SHARE:
        raise ValidationError(
            {
                "confirm": (
                    f"Let op: in {cluster.name} is pas {attempted} van de {total} adressen "
                    "bezocht. Bevestig dat u het cluster toch wilt afsluiten."
                )
            }
        )
    cluster.closed_at = timezone.now()
    cluster.closed_by = actor if getattr(actor, "pk", None) else None
    cluster.save(update_fields=["closed_at", "closed_by"])
    audit.record(
        actor=actor,
        action="cluster_closed",
        obj=cluster,
        object_type="cluster",
        detail={"attempted": attempted, "total": total},
    )
    return cluster
