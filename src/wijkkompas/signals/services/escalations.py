"""Escalation to the repressive track: a four-eyes hand-over of exactly the chosen content,
frozen in the escalation record at request time."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.signals.models import Case, Escalation, Subject
from wijkkompas.signals.services.common import require_party_org
from wijkkompas.signals.services.persons import person_identity

SHARE_OPTIONS = {
    "casus": "Titel, categorie en samenvatting van de casus",
    "signalen": "Tekst, plaats en datum van de gekoppelde signalen",
    "interventies": "Interventies en hun resultaat",
    "personen": "Identificerende gegevens van de betrokken personen",
}


def _share_snapshot(case: Case, share: list[str]) -> dict:
    """The exact content that will be handed over; frozen in the escalation record."""
    snapshot: dict[str, Any] = {"onderdelen": sorted(share)}
    if "casus" in share:
        snapshot["casus"] = {
            "id": case.pk,
            "titel": case.title,
            "categorie": case.category.name,
            "samenvatting": case.summary,
            "status": case.get_status_display(),
        }
    signals = list(case.signals.select_related("subject", "category"))
    if "signalen" in share:
        snapshot["signalen"] = [
            {
                "id": s.pk,
                "datum": s.observed_at.date().isoformat(),
                "plaats": s.location,
                "buurtcode": s.area_code,
                "wat": s.description,
                "feit_of_aanname": s.get_basis_display(),
                "waarneming": s.get_observation_display(),
                "onderwerp": str(s.subject) if s.subject else "",
            }
            for s in signals
        ]
    if "interventies" in share:
        snapshot["interventies"] = [
            {
                "soort": i.get_kind_display(),
                "titel": i.title,
                "eigenaar": str(i.owner),
                "status": i.get_status_display(),
                "resultaat": i.result,
            }
            for i in case.interventions.select_related("owner")
        ]
    if "personen" in share:
        persons = {s.subject.pk: s.subject for s in signals if s.subject and s.subject.is_person}
        snapshot["personen"] = [
            {"pseudoniem": p.pseudonym, **person_identity(p)} for p in persons.values()
        ]
    return snapshot


@transaction.atomic
def request_escalation(
    *,
    actor: Any,
    case: Case,
    track: str,
    target: Organisation | None,
    legal_basis: str,
    reason: str,
    share: list[str],
) -> Escalation:
    policy.require(actor, "create", "escalation", Escalation(tenant_id=case.tenant_id, case=case))
    errors = {}
    if track not in Escalation.Track.values:
        errors["track"] = "Kies het repressieve spoor."
    if not (legal_basis or "").strip():
        errors["legal_basis"] = (
            "Vermeld de grondslag voor de verstrekking (bijv. het convenantartikel of de wet)."
        )
    if not (reason or "").strip():
        errors["reason"] = "Motiveer waarom preventie niet volstaat."
    unknown = set(share) - set(SHARE_OPTIONS)
    if not share or unknown:
        errors["share"] = "Kies precies welke gegevens gedeeld worden."
    if errors:
        raise ValidationError(errors)
    target = require_party_org(case.tenant_id, target, "target", "ontvangende organisatie")
    if "personen" in share:
        persons = Subject.objects.filter(kind=Subject.Kind.PERSON, signals__case=case).distinct()
        if not all(policy.can(actor, "identify", "person", p) for p in persons):
            raise ValidationError(
                {
                    "share": "U mag de identificerende gegevens van deze personen zelf niet inzien en dus niet delen."
                }
            )
    escalation = Escalation.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        track=track,
        target=target,
        legal_basis=legal_basis.strip()[:300],
        reason=reason.strip(),
        shared=_share_snapshot(case, list(share)),
        requested_by=actor,
    )
    audit.record(
        actor=actor,
        action="escalation_requested",
        obj=escalation,
        object_type="escalation",
        reason=reason.strip(),
        detail={"case": case.pk, "target": target.pk, "share": sorted(share)},
    )
    return escalation


@transaction.atomic
def decide_escalation(
    *, actor: Any, escalation: Escalation, approve: bool, note: str
) -> Escalation:
    """Four-eyes approval: only then does the receiving organisation see the frozen record."""
    policy.require(actor, "approve", "escalation", escalation)
    if not (note or "").strip():
        raise ValidationError({"note": "Licht het besluit toe."})
    escalation.status = Escalation.Status.APPROVED if approve else Escalation.Status.REJECTED
    escalation.approver, escalation.decided_at, escalation.decision_note = (
        actor,
        timezone.now(),
        note.strip(),
    )
    escalation.save(update_fields=["status", "approver", "decided_at", "decision_note"])
    audit.record(
        actor=actor,
        action="escalation_approved" if approve else "escalation_rejected",
        obj=escalation,
        object_type="escalation",
        reason=note.strip(),
        detail={"target": escalation.target_id, "shared": escalation.shared.get("onderdelen", [])},
    )
    return escalation
