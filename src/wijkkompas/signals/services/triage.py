"""The procesregisseur's work on a signal: corrections, one triage decision with its reason, and
fixed-text feedback to the reporter."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.core.versioning import save_versioned
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    Category,
    DataClass,
    Feedback,
    Signal,
    TriageDecision,
)
from wijkkompas.signals.services.cases import create_case, link_signal
from wijkkompas.signals.services.common import category_of_tenant, require_party_org


@transaction.atomic
def update_signal(
    *,
    actor: Any,
    signal: Signal,
    version: int | None,
    category: Category | None,
    urgency: str,
    data_class: int,
    reason: str,
) -> Signal:
    """The regisseur corrects category, urgency or data class; the observation itself stays."""
    policy.require(actor, "edit", "signal", signal)
    category = category_of_tenant(category, signal.tenant_id)
    if urgency not in Signal.Urgency.values:
        raise ValidationError({"urgency": "Kies een urgentie."})
    if int(data_class) not in DataClass.values:
        raise ValidationError({"data_class": "Kies een gegevensklasse."})
    if (
        signal.subject_id
        and signal.subject.is_person
        and int(data_class) < DataClass.PERSOONSGEGEVENS
    ):
        raise ValidationError(
            {"data_class": "Een signaal over een persoon bevat altijd persoonsgegevens."}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Geef de reden van de wijziging."})
    before = {
        "category": signal.category.code,
        "urgency": signal.urgency,
        "data_class": signal.data_class,
    }
    signal.category, signal.urgency, signal.data_class = category, urgency, int(data_class)
    save_versioned(signal, version, ["category", "urgency", "data_class"])
    audit.record(
        actor=actor,
        action="signal_edited",
        obj=signal,
        object_type="signal",
        reason=reason.strip(),
        detail={
            "before": before,
            "after": {"category": category.code, "urgency": urgency, "data_class": int(data_class)},
        },
    )
    return signal


@transaction.atomic
def triage_signal(
    *,
    actor: Any,
    signal: Signal,
    decision: str,
    reason: str,
    case: Case | None = None,
    case_title: str = "",
    organisation: Organisation | None = None,
) -> TriageDecision:
    """One triage decision by the procesregisseur, logged with its reason."""
    policy.require(actor, "triage", "signal", signal)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Geef de reden van dit besluit."})
    if signal.status in (Signal.Status.DISMISSED, Signal.Status.IN_CASE):
        raise ValidationError(
            {"decision": "Dit signaal is al afgehandeld (afgewezen of in een casus)."}
        )
    kind = TriageDecision.Kind
    fields = ["status"]
    if decision == kind.DISMISS:
        signal.status = Signal.Status.DISMISSED
        signal.closed_at = timezone.now()
        fields.append("closed_at")
    elif decision == kind.ADD_TO_CASE:
        if case is None or not policy.can(actor, "edit", "case", case):
            raise ValidationError({"case": "Kies een bestaande casus die u mag bewerken."})
        if case.status == Case.Status.CLOSED:
            raise ValidationError({"case": "Deze casus is afgesloten."})
        link_signal(signal, case)
        fields = ["status", "case"]
    elif decision == kind.OPEN_CASE:
        case = create_case(
            actor=actor,
            title=case_title or f"Casus bij signaal {signal.pk}",
            summary="",
            category=signal.category,
            data_class=signal.data_class,
            partners=[],
            signals=[],
        )
        link_signal(signal, case)
        fields = ["status", "case"]
    elif decision == kind.FORWARD:
        organisation = require_party_org(
            signal.tenant_id, organisation, "organisation", "ontvangende partner"
        )
        if not AccessGrant.objects.filter(
            category=signal.category,
            organisation=organisation,
            max_data_class__gte=signal.data_class,
        ).exists():
            raise ValidationError(
                {
                    "organisation": f"Volgens het convenant mag {organisation} deze categorie en gegevensklasse niet ontvangen."
                }
            )
        signal.forwarded_to.add(organisation)
        signal.status = Signal.Status.FORWARDED
        signal.closed_at = timezone.now()  # the start of the forwarded signal's term
        fields.append("closed_at")
    elif decision == kind.URGENT:
        signal.urgency = Signal.Urgency.URGENT
        fields = ["urgency"]
    else:
        raise ValidationError({"decision": "Kies een triagebesluit."})
    save_versioned(signal, signal.version, fields)  # the row is locked above
    decision_row = TriageDecision.objects.create(
        signal=signal,
        kind=decision,
        reason=reason.strip(),
        actor=actor,
        organisation=organisation if decision == kind.FORWARD else None,
        case=case if decision in (kind.ADD_TO_CASE, kind.OPEN_CASE) else None,
    )
    audit.record(
        actor=actor,
        action=f"signal_triage_{decision}",
        obj=signal,
        object_type="signal",
        reason=reason.strip(),
        detail={
            "case": case.pk if case else None,
            "organisation": organisation.pk if organisation else None,
        },
    )
    return decision_row


@transaction.atomic
def give_feedback(*, actor: Any, signal: Signal, message: str, channel: str) -> Feedback:
    """Record a status message to the reporter. Only fixed texts: nothing about the case leaks."""
    policy.require(actor, "create", "feedback", signal)
    if message not in Feedback.Message.values:
        raise ValidationError({"message": "Kies een van de vaste berichten."})
    if channel not in Feedback.Channel.values:
        raise ValidationError({"channel": "Kies hoe de terugkoppeling is gegeven."})
    if signal.source == Signal.Source.PUBLIC:
        if not signal.wants_feedback:
            raise ValidationError(
                {
                    "message": "Deze bewoner heeft geen contactgegevens voor terugkoppeling achtergelaten."
                }
            )
        if channel == Feedback.Channel.APP:
            raise ValidationError(
                {"channel": "Een bewoner heeft geen account; kies e-mail of telefoon."}
            )
    elif channel != Feedback.Channel.APP:
        raise ValidationError(
            {"channel": "Een professional krijgt de terugkoppeling in Wijkkompas."}
        )
    feedback = Feedback.objects.create(
        signal=signal, message=message, channel=channel, given_by=actor
    )
    audit.record(
        actor=actor,
        action="feedback_given",
        obj=signal,
        object_type="signal",
        detail={"message": message, "channel": channel},
    )
    return feedback
