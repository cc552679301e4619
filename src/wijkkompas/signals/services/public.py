"""The residents' report form: no account, a signed time check, a honeypot (in the view) and a
rate limit per client address; the report lands only in the triage queue."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.signals.models import Category, DataClass, Signal
from wijkkompas.signals.services.common import decrypt_json, encrypt_json, keyed_hash

# At most this many reports per client address per hour, and a form must be open at least this
# many seconds before it is sent (bots post instantly).


PUBLIC_MAX_PER_HOUR = 5
PUBLIC_MIN_SECONDS = 3
PUBLIC_MAX_FORM_AGE = timedelta(hours=4)


def public_form_token() -> str:
    """A signed timestamp put in the public form; checked on submit (minimal time check)."""
    return signing.dumps({"t": timezone.now().timestamp()}, salt="signals.public_report")


def check_public_form_token(token: str) -> None:
    try:
        opened = signing.loads(
            token or "", salt="signals.public_report", max_age=PUBLIC_MAX_FORM_AGE
        )
    except signing.BadSignature:
        raise ValidationError(
            {
                "__all__": "Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens."
            }
        ) from None
    if timezone.now().timestamp() - float(opened["t"]) < PUBLIC_MIN_SECONDS:
        raise ValidationError(
            {
                "__all__": "Het formulier is te snel verstuurd. Wacht een paar seconden en verstuur opnieuw."
            }
        )


def client_hash(address: str | None) -> str:
    return keyed_hash("public-report", address or "onbekend")


def public_rate_limited(address: str | None) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return (
        Signal.objects.filter(client_hash=client_hash(address), received_at__gte=since).count()
        >= PUBLIC_MAX_PER_HOUR
    )


@transaction.atomic
def create_public_signal(
    *,
    tenant: Tenant,
    category: Category | None,
    description: str,
    location: str,
    observed_at: datetime | None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    wants_feedback: bool = False,
    request=None,
) -> Signal:
    """A resident's report: lands only in the triage queue (status nieuw, no organisation)."""
    policy.require(None, "create", "public_signal")
    address = audit.client_address(request)  # the same rule as the audit trail's
    if public_rate_limited(address):
        raise ValidationError(
            {
                "__all__": "U heeft het afgelopen uur al meerdere meldingen gedaan. Probeer het later opnieuw of bel de gemeente."
            }
        )
    if (
        category is None
        or category.tenant_id != tenant.pk
        or not category.public
        or not category.is_active
    ):
        raise ValidationError({"category": "Kies een onderwerp uit de lijst."})
    errors = {}
    if len((description or "").strip()) < 10:
        errors["description"] = "Beschrijf in ten minste een paar woorden wat u heeft gezien."
    if not (location or "").strip():
        errors["location"] = "Vul in waar het was (straat, plein of buurt)."
    if wants_feedback and not (contact_email.strip() or contact_phone.strip()):
        errors["contact_email"] = (
            "Voor een terugkoppeling hebben wij een e-mailadres of telefoonnummer nodig."
        )
    if errors:
        raise ValidationError(errors)
    contact = {
        k: v.strip()
        for k, v in {
            "naam": contact_name,
            "email": contact_email,
            "telefoon": contact_phone,
        }.items()
        if v and v.strip()
    }
    signal = Signal.objects.create(
        tenant=tenant,
        category=category,
        data_class=DataClass.PERSOONSGEGEVENS,  # free text of a resident may name people
        source=Signal.Source.PUBLIC,
        observed_at=observed_at or timezone.now(),
        location=location.strip()[:200],
        description=description.strip(),
        basis=Signal.Basis.ASSUMPTION,
        observation=Signal.Observation.OWN,
        contact_encrypted=encrypt_json(contact) if contact else "",
        wants_feedback=bool(wants_feedback and contact),
        client_hash=client_hash(address),
        status_token_hash=status_token_hash(token := secrets.token_urlsafe(18)),
    )
    signal.status_token = token  # shown once, in the reporter's status link; only its hash is kept
    audit.record(
        actor=None,
        action="public_signal_created",
        obj=signal,
        object_type="signal",
        tenant_id=tenant.pk,
        detail={"category": category.code, "contact": bool(contact)},
    )
    return signal


def signal_contact(signal: Signal) -> dict:
    return decrypt_json(signal.contact_encrypted)


def status_token_hash(token: str) -> str:
    return keyed_hash("public-status", token)


@dataclass(frozen=True)
class PublicStatus:
    """What the reporter may know about a report: its number, its stage and the dates."""

    reference: int
    stage: str
    received_on: date
    closed_on: date | None


def public_status(*, reference: int, token: str) -> PublicStatus | None:
    """The status of a resident's report for the holder of its status link, or None for any other
    number or key (the view answers 404 alike, so a number cannot be probed)."""
    policy.require(None, "view", "public_signal")
    signal = (
        Signal.objects.filter(pk=reference, source=Signal.Source.PUBLIC)
        .exclude(status_token_hash="")
        .first()
    )
    if signal is None or not token or len(token) > 64:
        return None
    if not hmac.compare_digest(signal.status_token_hash, status_token_hash(token)):
        return None
    if signal.closed_at:
        stage = "afgerond"
    elif signal.status == Signal.Status.NEW:
        stage = "ontvangen"
    else:
        stage = "in behandeling"
    audit.record(
        actor=None,
        action="public_signal_viewed",
        obj=signal,
        object_type="signal",
        tenant_id=signal.tenant_id,
        detail={"stage": stage},
    )
    return PublicStatus(
        reference=signal.pk,
        stage=stage,
        received_on=timezone.localdate(signal.received_at),
        closed_on=timezone.localdate(signal.closed_at) if signal.closed_at else None,
    )
