"""Escalation to the repressive track: a four-eyes hand-over of exactly the chosen content.

A request stores only *which* parts are to be shared (``shared = {"onderdelen": [...]}``); the
content itself is built and frozen at approval, encrypted like the person fields
(``shared["versleuteld"]``, a Fernet token of the JSON snapshot). A rejected request never
stores any content; retention drops the token and keeps the list of parts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.signals.models import Case, Escalation, Subject
from wijkkompas.signals.selectors.signals import signals_visible_to
from wijkkompas.signals.services.common import decrypt_json, encrypt_json, require_party_org
from wijkkompas.signals.services.persons import person_identity

SHARE_OPTIONS = {
    "casus": "Titel, categorie en samenvatting van de casus",
    "signalen": "Tekst, plaats en datum van de gekoppelde signalen",
    "interventies": "Interventies en hun resultaat",
    "personen": "Identificerende gegevens van de betrokken personen",
}


def _share_snapshot(case: Case, share: list[str], viewer: Any = None) -> dict:
    """The exact content that is handed over, frozen (encrypted) at approval. With a ``viewer``
    it is a preview limited to what that user may see: the signals visible to them, and
    identifying data only of persons they may identify (pseudonyms otherwise)."""
    snapshot: dict[str, Any] = {"onderdelen": sorted(share)}
    if "casus" in share:
        snapshot["casus"] = {
            "id": case.pk,
            "titel": case.title,
            "categorie": case.category.name,
            "samenvatting": case.summary,
            "status": case.get_status_display(),
        }
    signals_qs = case.signals.select_related("subject", "category")
    if viewer is not None:
        signals_qs = signals_qs.filter(pk__in=signals_visible_to(viewer).values("pk"))
    signals = list(signals_qs)
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
            {"pseudoniem": p.pseudonym, **person_identity(p)}
            if viewer is None or policy.can(viewer, "identify", "person", p)
            else {"pseudoniem": p.pseudonym}
            for p in persons.values()
        ]
    return snapshot


def shared_content(escalation: Escalation, viewer: Any = None) -> dict:
    """What an escalation shares, for a caller that has already passed the policy ("view" or
    "export" escalation): the parts chosen, and once approved the frozen content, decrypted.
    A request awaiting approval holds no content; with a ``viewer`` it shows a preview built
    now and limited to that viewer's rights (``voorbeeld``), so the approver can judge it."""
    stored = escalation.shared or {}
    content: dict[str, Any] = {"onderdelen": list(stored.get("onderdelen", []))}
    if stored.get("geanonimiseerd_op"):
        content["geanonimiseerd_op"] = stored["geanonimiseerd_op"]
    if stored.get("versleuteld"):
        content.update(decrypt_json(stored["versleuteld"]))
    elif escalation.status == Escalation.Status.REQUESTED and viewer is not None:
        content.update(_share_snapshot(escalation.case, content["onderdelen"], viewer))
        content["voorbeeld"] = True
    return content


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
        shared={"onderdelen": sorted(share)},  # the content is frozen only at approval
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
    """Four-eyes approval: only then is the content built, frozen (encrypted) and visible to the
    receiving organisation; a rejection stores no content."""
    policy.require(actor, "approve", "escalation", escalation)
    if not (note or "").strip():
        raise ValidationError({"note": "Licht het besluit toe."})
    parts = sorted(escalation.shared.get("onderdelen", []))
    escalation.shared = {"onderdelen": parts}
    if approve:
        # Built from the case as it is now (not a copy held in memory since the request).
        case = Case.objects.select_related("category").get(pk=escalation.case_id)
        snapshot = _share_snapshot(case, parts)
        escalation.shared["versleuteld"] = encrypt_json(snapshot)
    escalation.status = Escalation.Status.APPROVED if approve else Escalation.Status.REJECTED
    escalation.approver, escalation.decided_at, escalation.decision_note = (
        actor,
        timezone.now(),
        note.strip(),
    )
    escalation.save(update_fields=["status", "approver", "decided_at", "decision_note", "shared"])
    audit.record(
        actor=actor,
        action="escalation_approved" if approve else "escalation_rejected",
        obj=escalation,
        object_type="escalation",
        reason=note.strip(),
        detail={"target": escalation.target_id, "shared": parts},
    )
    return escalation
