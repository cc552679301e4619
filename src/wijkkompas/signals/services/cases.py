"""Cases: opening (with the signals that lead to it), editing and the go/no-go flow."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.core.versioning import save_versioned
from wijkkompas.signals.models import (
    Case,
    CaseTransition,
    Category,
    CovenantParty,
    DataClass,
    Signal,
)
from wijkkompas.signals.services.common import category_of_tenant, require_party_org


def _clean_partners(tenant_id: int, partners: list[Organisation]) -> list[Organisation]:
    return [require_party_org(tenant_id, p, "partners", "casuspartner") for p in partners]


def link_signal(signal: Signal, case: Case) -> None:
    signal.case = case
    signal.status = Signal.Status.IN_CASE
    changed = []
    if signal.data_class > case.data_class:
        case.data_class = signal.data_class
        changed.append("data_class")
    if changed:
        Case.objects.filter(pk=case.pk).update(data_class=case.data_class)
    reporter_org = signal.reporter_organisation_id
    if (
        reporter_org
        and reporter_org != case.organisation_id
        and CovenantParty.objects.filter(
            covenant__tenant_id=case.tenant_id, organisation_id=reporter_org
        ).exists()
    ):
        case.partners.add(reporter_org)


@transaction.atomic
def create_case(
    *,
    actor: Any,
    title: str,
    summary: str,
    category: Category | None,
    data_class: int = DataClass.GEWOON,
    partners: list[Organisation] | None = None,
    signals: list[Signal] | None = None,
) -> Case:
    tenant_id = actor.tenant_id
    policy.require(actor, "create", "case", Case(tenant_id=tenant_id))
    category = category_of_tenant(category, tenant_id)
    if not (title or "").strip():
        raise ValidationError({"title": "Geef de casus een titel (zonder namen van personen)."})
    if int(data_class) not in DataClass.values:
        raise ValidationError({"data_class": "Kies een gegevensklasse."})
    partners = _clean_partners(tenant_id, partners or [])
    case = Case.objects.create(
        tenant_id=tenant_id,
        organisation_id=actor.organisation_id,
        title=title.strip()[:200],
        summary=(summary or "").strip(),
        category=category,
        data_class=int(data_class),
        created_by=actor,
    )
    case.partners.set([p for p in partners if p.pk != actor.organisation_id])
    for signal in signals or []:
        policy.require(actor, "triage", "signal", signal)
        link_signal(signal, case)
        signal.save(update_fields=["case", "status"])
    audit.record(actor=actor, action="case_created", obj=case, object_type="case")
    return case


@transaction.atomic
def update_case(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    title: str,
    summary: str,
    data_class: int,
    partners: list[Organisation],
) -> Case:
    policy.require(actor, "edit", "case", case)
    if not (title or "").strip():
        raise ValidationError({"title": "Geef de casus een titel."})
    if int(data_class) not in DataClass.values:
        raise ValidationError({"data_class": "Kies een gegevensklasse."})
    max_signal_class = max((s.data_class for s in case.signals.all()), default=DataClass.GEWOON)
    if int(data_class) < max_signal_class:
        raise ValidationError(
            {
                "data_class": "De gegevensklasse kan niet lager zijn dan die van de gekoppelde signalen."
            }
        )
    partners = _clean_partners(case.tenant_id, partners)
    case.title, case.summary, case.data_class = (
        title.strip()[:200],
        (summary or "").strip(),
        int(data_class),
    )
    save_versioned(case, version, ["title", "summary", "data_class"])
    case.partners.set([p for p in partners if p.pk != case.organisation_id])
    audit.record(
        actor=actor,
        action="case_edited",
        obj=case,
        object_type="case",
        detail={"partners": sorted(p.pk for p in partners)},
    )
    return case


@transaction.atomic
def transition_case(
    *, actor: Any, case: Case, version: int | None, decision: str, reason: str
) -> CaseTransition:
    """A go/no-go moment: go moves one step along the flow, no-go closes the case."""
    policy.require(actor, "transition", "case", case)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Motiveer het go/no-go-besluit."})
    if case.status == Case.Status.CLOSED:
        raise ValidationError({"decision": "Deze casus is al afgesloten."})
    if decision == CaseTransition.Decision.GO:
        target = case.next_status
    elif decision == CaseTransition.Decision.NO_GO:
        target = Case.Status.CLOSED
    else:
        raise ValidationError({"decision": "Kies go of no-go."})
    before = case.status
    case.status = target
    fields = ["status"]
    if target == Case.Status.CLOSED:
        case.closed_at = timezone.now()
        fields.append("closed_at")
        case.signals.update(closed_at=case.closed_at)
    save_versioned(case, version, fields)
    transition = CaseTransition.objects.create(
        case=case,
        from_status=before,
        to_status=target,
        decision=decision,
        reason=reason.strip(),
        actor=actor,
    )
    audit.record(
        actor=actor,
        action="case_transition",
        obj=case,
        object_type="case",
        reason=reason.strip(),
        detail={"from": before, "to": target, "decision": decision},
    )
    return transition
