"""Write-side use cases of Signalen & casusoverleg. Each function checks the policy, runs in a
transaction and writes the audit trail. Validation errors are Dutch and name the field."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.crypto import decrypt, encrypt
from wijkkompas.signals.models import (
    ActionItem,
    AgendaItem,
    Case,
    CaseMeeting,
    CaseTransition,
    Category,
    Contribution,
    CovenantParty,
    DataClass,
    Escalation,
    Feedback,
    Intervention,
    Signal,
    Subject,
    TriageDecision,
)

# Public form: at most this many reports per client address per hour, and a form must be open
# at least this many seconds before it is sent (bots post instantly).
PUBLIC_MAX_PER_HOUR = 5
PUBLIC_MIN_SECONDS = 3
PUBLIC_MAX_FORM_AGE = timedelta(hours=4)


# --- helpers -----------------------------------------------------------------------------------------


def _key() -> bytes:
    return (settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY).encode()


def keyed_hash(*parts: Any) -> str:
    """HMAC-SHA256 over the parts: links equal values without storing them."""
    message = "\x1f".join(str(p).strip().lower() for p in parts).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def _new_pseudonym(tenant_id: int) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(8))
        pseudonym = f"P-{code[:4]}-{code[4:]}"
        if not Subject.objects.filter(tenant_id=tenant_id, pseudonym=pseudonym).exists():
            return pseudonym


def encrypt_json(data: dict) -> str:
    return encrypt(json.dumps(data, ensure_ascii=False, sort_keys=True))


def decrypt_json(token: str) -> dict:
    return json.loads(decrypt(token)) if token else {}


def _months_before(moment: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months earlier (day clipped to the month's end)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError("invalid date")  # pragma: no cover


def _bump(obj: Any, version: int | None, fields: list[str]) -> None:
    """Optimistic locking: save only when the stored version is still ``version``."""
    model = type(obj)
    if version is None:
        version = obj.version
    values = {f: getattr(obj, f) for f in fields}
    updated = model._default_manager.filter(pk=obj.pk, version=version).update(
        version=version + 1, **values
    )
    if not updated:
        current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise Conflict(current={"version": current})
    obj.version = version + 1


def _require_party_org(
    tenant_id: int, organisation: Organisation | None, field: str, label: str
) -> Organisation:
    if organisation is None:
        raise ValidationError({field: f"Kies een {label}."})
    if not CovenantParty.objects.filter(
        covenant__tenant_id=tenant_id, organisation=organisation
    ).exists():
        raise ValidationError(
            {field: f"{organisation} neemt niet deel aan het convenant en kan geen {label} zijn."}
        )
    return organisation


def _category_of_tenant(category: Category | None, tenant_id: int | None) -> Category:
    if category is None or category.tenant_id != tenant_id or not category.is_active:
        raise ValidationError({"category": "Kies een bestaande categorie van uw gemeente."})
    return category


# --- subjects ----------------------------------------------------------------------------------------


@dataclass
class SubjectInput:
    """What the intake form says about the subject. For a person either an existing pseudonym or
    the minimal identifying fields (name, birth date, address)."""

    kind: str
    label: str = ""
    area_code: str = ""
    kvk_number: str = ""
    pseudonym: str = ""
    name: str = ""
    birth_date: date | None = None
    address: str = ""


def person_index(tenant_id: int, name: str, birth_date: date) -> str:
    """The keyed index that links records about the same person without decrypting them."""
    return keyed_hash(tenant_id, " ".join(name.split()), birth_date.isoformat())


def _resolve_subject(*, actor: Any, tenant_id: int, data: SubjectInput, request=None) -> Subject:
    kind = data.kind
    if kind not in Subject.Kind.values:
        raise ValidationError(
            {"subject_kind": "Kies waar het signaal over gaat: locatie, bedrijf, groep of persoon."}
        )
    if kind == Subject.Kind.PERSON:
        policy.require(actor, "create", "person", Subject(tenant_id=tenant_id, kind=kind))
        if data.pseudonym:
            found = Subject.objects.filter(
                tenant_id=tenant_id, kind=kind, pseudonym=data.pseudonym.strip().upper()
            ).first()
            if found is None:
                raise ValidationError(
                    {"subject_pseudonym": "Dit pseudoniem bestaat niet in uw gemeente."}
                )
            return found
        if not data.name.strip() or data.birth_date is None:
            raise ValidationError(
                {
                    "subject_name": "Vul voor een persoon naam en geboortedatum in, of een bestaand pseudoniem."
                }
            )
        index = person_index(tenant_id, data.name, data.birth_date)
        found = Subject.objects.filter(tenant_id=tenant_id, kind=kind, identity_index=index).first()
        if found is not None:
            return found
        pseudonym = _new_pseudonym(tenant_id)
        subject = Subject.objects.create(
            tenant_id=tenant_id,
            kind=kind,
            label=pseudonym,
            pseudonym=pseudonym,
            area_code=data.area_code.strip().upper(),
            identity_encrypted=encrypt_json(
                {
                    "naam": " ".join(data.name.split()),
                    "geboortedatum": data.birth_date.isoformat(),
                    "adres": data.address.strip(),
                }
            ),
            identity_index=index,
        )
        audit.record(
            actor=actor,
            action="person_created",
            obj=subject,
            object_type="person",
            request=request,
            reason="Persoon vastgelegd bij een signaal",
        )
        return subject
    if kind == Subject.Kind.BUSINESS:
        kvk = "".join(ch for ch in data.kvk_number if ch.isdigit())
        if data.kvk_number and len(kvk) != 8:
            raise ValidationError({"subject_kvk": "Een KvK-nummer heeft 8 cijfers."})
        if not data.label.strip():
            raise ValidationError({"subject_label": "Vul de naam van het bedrijf in."})
        if kvk:
            found = Subject.objects.filter(tenant_id=tenant_id, kind=kind, kvk_number=kvk).first()
            if found is not None:
                return found
        return Subject.objects.create(
            tenant_id=tenant_id,
            kind=kind,
            label=data.label.strip()[:200],
            kvk_number=kvk,
            area_code=data.area_code.strip().upper(),
        )
    if not data.label.strip():
        raise ValidationError({"subject_label": "Vul een adres, gebied of groepsnaam in."})
    return Subject.objects.create(
        tenant_id=tenant_id,
        kind=kind,
        label=data.label.strip()[:200],
        area_code=data.area_code.strip().upper(),
    )


def person_identity(person: Subject) -> dict:
    """Decrypt the identifying fields; callers must have passed ``policy.can(…, "identify", …)``
    and written the audit row."""
    return decrypt_json(person.identity_encrypted)


@transaction.atomic
def update_person(
    *,
    actor: Any,
    person: Subject,
    reason: str,
    name: str,
    birth_date: date,
    address: str,
    request=None,
) -> Subject:
    policy.require(actor, "edit", "person", person)
    if not reason.strip():
        raise ValidationError({"reason": "Geef aan waarom u deze gegevens wijzigt."})
    if not name.strip() or birth_date is None:
        raise ValidationError({"name": "Naam en geboortedatum zijn verplicht."})
    clean_name = " ".join(name.split())
    person.identity_encrypted = encrypt_json(
        {"naam": clean_name, "geboortedatum": birth_date.isoformat(), "adres": address.strip()}
    )
    person.identity_index = person_index(person.tenant_id, clean_name, birth_date)
    person.save(update_fields=["identity_encrypted", "identity_index"])
    audit.record(
        actor=actor,
        action="person_edited",
        obj=person,
        object_type="person",
        reason=reason.strip(),
        request=request,
    )
    return person


# --- signals -----------------------------------------------------------------------------------------


_SQLITE_WRITE_LOCK = threading.Lock()


@contextmanager
def _serialised_sqlite_writes():
    """SQLite allows one writer at a time; threads of one process that collide fall into SQLite's
    busy handler, which sleeps in coarse steps (up to 100 ms). Queueing them on a process lock
    instead keeps intake latency flat. PostgreSQL needs no such thing."""
    if connection.vendor != "sqlite":
        yield
        return
    with _SQLITE_WRITE_LOCK:
        yield


def create_signal(
    *,
    actor: Any,
    category: Category | None,
    description: str,
    observed_at: datetime,
    basis: str,
    observation: str,
    urgency: str = Signal.Urgency.NORMAL,
    location: str = "",
    area_code: str = "",
    subject: SubjectInput | None = None,
    special_data: bool = False,
    request=None,
) -> Signal:
    """A professional records what they saw (fast intake). Checks and validation run before the
    write transaction, so the database write lock (SQLite) is held only for the inserts."""
    tenant_id = actor.tenant_id
    policy.require(actor, "create", "signal", Signal(tenant_id=tenant_id))
    errors = {}
    try:
        category = _category_of_tenant(category, tenant_id)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not (description or "").strip():
        errors["description"] = "Beschrijf wat u heeft gezien."
    if basis not in Signal.Basis.values:
        errors["basis"] = "Geef aan of het een feit of een aanname is."
    if observation not in Signal.Observation.values:
        errors["observation"] = "Geef aan of het een eigen waarneming is of van horen zeggen."
    if urgency not in Signal.Urgency.values:
        errors["urgency"] = "Kies een urgentie."
    if observed_at is None:
        errors["observed_at"] = "Vul in wanneer u het zag."
    elif observed_at > timezone.now() + timedelta(minutes=5):
        errors["observed_at"] = "Het moment van waarnemen ligt in de toekomst."
    if errors:
        raise ValidationError(errors)
    intake = _Intake(
        category=category,
        description=description,
        observed_at=observed_at,
        basis=basis,
        observation=observation,
        urgency=urgency,
        location=location,
        area_code=area_code,
        subject=subject,
        special_data=special_data,
    )
    with _serialised_sqlite_writes(), transaction.atomic():
        return _store_signal(actor, tenant_id, intake, request)


@dataclass(frozen=True)
class _Intake:
    """What a professional entered, validated by ``create_signal``."""

    category: Category
    description: str
    observed_at: datetime
    basis: str
    observation: str
    urgency: str
    location: str
    area_code: str
    subject: SubjectInput | None
    special_data: bool


def _store_signal(actor: Any, tenant_id: int, intake: _Intake, request) -> Signal:
    subject = intake.subject
    subject_obj = (
        _resolve_subject(actor=actor, tenant_id=tenant_id, data=subject, request=request)
        if subject and subject.kind
        else None
    )
    data_class = DataClass.GEWOON
    if subject_obj is not None and subject_obj.is_person:
        data_class = DataClass.PERSOONSGEGEVENS
    if intake.special_data:
        data_class = DataClass.BIJZONDER
    signal = Signal.objects.create(
        tenant_id=tenant_id,
        category=intake.category,
        data_class=data_class,
        subject=subject_obj,
        source=Signal.Source.PROFESSIONAL,
        reporter=actor,
        reporter_organisation=actor.organisation,
        observed_at=intake.observed_at,
        location=intake.location.strip()[:200],
        area_code=(intake.area_code or (subject_obj.area_code if subject_obj else ""))
        .strip()
        .upper()[:12],
        description=intake.description.strip(),
        basis=intake.basis,
        observation=intake.observation,
        urgency=intake.urgency,
    )
    audit.record(
        actor=actor,
        action="signal_created",
        obj=signal,
        object_type="signal",
        request=request,
        detail={
            "category": intake.category.code,
            "data_class": data_class,
            "person": bool(subject_obj and subject_obj.is_person),
        },
    )
    return signal


def public_form_token() -> str:
    """A signed timestamp put in the public form; checked on submit (minimal time check)."""
    from django.core import signing

    return signing.dumps({"t": timezone.now().timestamp()}, salt="signals.public_report")


def check_public_form_token(token: str) -> None:
    from django.core import signing

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


def public_client_address(request) -> str | None:
    """The address to rate-limit on. ``X-Forwarded-For`` is only believed when the request comes
    from a trusted proxy (FORWARDED_ALLOW_IPS, as for gunicorn), and then its last hop, the one
    that proxy added; otherwise a client could dodge the limit with a made-up header."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    trusted = {ip.strip() for ip in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",")}
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and (remote in trusted or "*" in trusted):
        return forwarded.split(",")[-1].strip() or remote
    return remote


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
    address = public_client_address(request)
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
    )
    audit.record(
        actor=None,
        action="public_signal_created",
        obj=signal,
        object_type="signal",
        request=request,
        tenant_id=tenant.pk,
        detail={"category": category.code, "contact": bool(contact)},
    )
    return signal


def signal_contact(signal: Signal) -> dict:
    return decrypt_json(signal.contact_encrypted)


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
    request=None,
) -> Signal:
    """The regisseur corrects category, urgency or data class; the observation itself stays."""
    policy.require(actor, "edit", "signal", signal)
    category = _category_of_tenant(category, signal.tenant_id)
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
    _bump(signal, version, ["category", "urgency", "data_class"])
    audit.record(
        actor=actor,
        action="signal_edited",
        obj=signal,
        object_type="signal",
        reason=reason.strip(),
        request=request,
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
    request=None,
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
        _link_signal(signal, case)
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
            request=request,
        )
        _link_signal(signal, case)
        fields = ["status", "case"]
    elif decision == kind.FORWARD:
        organisation = _require_party_org(
            signal.tenant_id, organisation, "organisation", "ontvangende partner"
        )
        from wijkkompas.signals.models import AccessGrant

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
    elif decision == kind.URGENT:
        signal.urgency = Signal.Urgency.URGENT
        fields = ["urgency"]
    else:
        raise ValidationError({"decision": "Kies een triagebesluit."})
    _bump(signal, None, fields)
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
        request=request,
        detail={
            "case": case.pk if case else None,
            "organisation": organisation.pk if organisation else None,
        },
    )
    return decision_row


def _link_signal(signal: Signal, case: Case) -> None:
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
def give_feedback(
    *, actor: Any, signal: Signal, message: str, channel: str, request=None
) -> Feedback:
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
        request=request,
        detail={"message": message, "channel": channel},
    )
    return feedback


# --- cases -------------------------------------------------------------------------------------------


def _clean_partners(tenant_id: int, partners: list[Organisation]) -> list[Organisation]:
    return [_require_party_org(tenant_id, p, "partners", "casuspartner") for p in partners]


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
    request=None,
) -> Case:
    tenant_id = actor.tenant_id
    policy.require(actor, "create", "case", Case(tenant_id=tenant_id))
    category = _category_of_tenant(category, tenant_id)
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
        _link_signal(signal, case)
        signal.save(update_fields=["case", "status"])
    audit.record(actor=actor, action="case_created", obj=case, object_type="case", request=request)
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
    request=None,
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
    _bump(case, version, ["title", "summary", "data_class"])
    case.partners.set([p for p in partners if p.pk != case.organisation_id])
    audit.record(
        actor=actor,
        action="case_edited",
        obj=case,
        object_type="case",
        request=request,
        detail={"partners": sorted(p.pk for p in partners)},
    )
    return case


@transaction.atomic
def transition_case(
    *, actor: Any, case: Case, decision: str, reason: str, version: int | None = None, request=None
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
    _bump(case, version, fields)
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
        request=request,
        detail={"from": before, "to": target, "decision": decision},
    )
    return transition


# --- meetings ----------------------------------------------------------------------------------------


def _clean_participants(tenant_id: int, participants: list[Organisation]) -> list[Organisation]:
    if not participants:
        raise ValidationError({"participants": "Kies ten minste één deelnemende partner."})
    return [
        _require_party_org(tenant_id, p, "participants", "deelnemer aan het casusoverleg")
        for p in participants
    ]


@transaction.atomic
def create_meeting(
    *,
    actor: Any,
    title: str,
    starts_at: datetime,
    location: str = "",
    participants: list[Organisation],
    cases: list[Case] | None = None,
    request=None,
) -> CaseMeeting:
    tenant_id = actor.tenant_id
    policy.require(actor, "create", "meeting", CaseMeeting(tenant_id=tenant_id))
    if not (title or "").strip():
        raise ValidationError({"title": "Geef het overleg een titel."})
    if starts_at is None:
        raise ValidationError({"starts_at": "Vul datum en tijd in."})
    participants = _clean_participants(tenant_id, participants)
    meeting = CaseMeeting.objects.create(
        tenant_id=tenant_id,
        title=title.strip()[:200],
        starts_at=starts_at,
        location=(location or "").strip()[:200],
        chair_id=actor.organisation_id,
        created_by=actor,
    )
    meeting.participants.set({*participants, actor.organisation})
    for case in cases or []:
        add_agenda_item(actor=actor, meeting=meeting, case=case, request=request)
    audit.record(
        actor=actor, action="meeting_created", obj=meeting, object_type="meeting", request=request
    )
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor: Any,
    meeting: CaseMeeting,
    version: int | None,
    title: str,
    starts_at: datetime,
    location: str,
    participants: list[Organisation],
    notes: str,
    status: str,
    request=None,
) -> CaseMeeting:
    policy.require(actor, "edit", "meeting", meeting)
    if not (title or "").strip():
        raise ValidationError({"title": "Geef het overleg een titel."})
    if starts_at is None:
        raise ValidationError({"starts_at": "Vul datum en tijd in."})
    if status not in CaseMeeting.Status.values:
        raise ValidationError({"status": "Kies een status."})
    participants = _clean_participants(meeting.tenant_id, participants)
    meeting.title, meeting.starts_at, meeting.location = (
        title.strip()[:200],
        starts_at,
        (location or "").strip()[:200],
    )
    meeting.notes, meeting.status = (notes or "").strip(), status
    _bump(meeting, version, ["title", "starts_at", "location", "notes", "status"])
    meeting.participants.set({*participants, meeting.chair})
    audit.record(
        actor=actor, action="meeting_edited", obj=meeting, object_type="meeting", request=request
    )
    return meeting


@transaction.atomic
def delete_meeting(*, actor: Any, meeting: CaseMeeting, reason: str = "", request=None) -> None:
    policy.require(actor, "delete", "meeting", meeting)
    audit.record(
        actor=actor,
        action="meeting_deleted",
        obj=meeting,
        object_type="meeting",
        reason=reason,
        request=request,
        detail={"title": meeting.title},
    )
    meeting.delete()


@transaction.atomic
def add_agenda_item(*, actor: Any, meeting: CaseMeeting, case: Case, request=None) -> AgendaItem:
    policy.require(actor, "edit", "meeting", meeting)
    if case is None or not policy.can(actor, "edit", "case", case):
        raise ValidationError({"case": "Kies een casus die u mag bewerken."})
    order = (meeting.agenda.count() or 0) + 1
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(meeting=meeting, case=case, order=order)
    except IntegrityError:
        raise ValidationError({"case": "Deze casus staat al op de agenda."}) from None
    audit.record(
        actor=actor,
        action="agenda_item_added",
        obj=meeting,
        object_type="meeting",
        request=request,
        detail={"case": case.pk},
    )
    return item


@transaction.atomic
def record_decisions(*, actor: Any, item: AgendaItem, decisions: str, request=None) -> AgendaItem:
    policy.require(actor, "edit", "meeting", item.meeting)
    item.decisions = (decisions or "").strip()
    item.save(update_fields=["decisions"])
    audit.record(
        actor=actor,
        action="meeting_decisions",
        obj=item.meeting,
        object_type="meeting",
        request=request,
        detail={"case": item.case_id},
    )
    return item


@transaction.atomic
def add_contribution(*, actor: Any, item: AgendaItem, text: str, request=None) -> Contribution:
    """A partner's input on a case on the agenda, always in the name of the author's organisation."""
    policy.require(actor, "contribute", "meeting", item.meeting)
    if not (text or "").strip():
        raise ValidationError({"text": "Schrijf uw inbreng."})
    contribution = Contribution.objects.create(
        item=item, organisation_id=actor.organisation_id, author=actor, text=text.strip()
    )
    audit.record(
        actor=actor,
        action="meeting_contribution",
        obj=item.meeting,
        object_type="meeting",
        request=request,
        detail={"case": item.case_id},
    )
    return contribution


@transaction.atomic
def add_action_item(
    *,
    actor: Any,
    item: AgendaItem,
    description: str,
    owner: Organisation | None,
    due_date: date | None,
    request=None,
) -> ActionItem:
    policy.require(actor, "edit", "meeting", item.meeting)
    if not (description or "").strip():
        raise ValidationError({"description": "Beschrijf de actie."})
    owner = _require_party_org(item.meeting.tenant_id, owner, "owner", "eigenaar van de actie")
    action = ActionItem.objects.create(
        item=item, description=description.strip()[:300], owner=owner, due_date=due_date
    )
    audit.record(
        actor=actor,
        action="meeting_action_item",
        obj=item.meeting,
        object_type="meeting",
        request=request,
        detail={"case": item.case_id},
    )
    return action


# --- interventions -----------------------------------------------------------------------------------


@transaction.atomic
def create_intervention(
    *,
    actor: Any,
    case: Case,
    kind: str,
    title: str,
    owner: Organisation | None,
    description: str = "",
    due_date: date | None = None,
    request=None,
) -> Intervention:
    policy.require(
        actor, "create", "intervention", Intervention(tenant_id=case.tenant_id, case=case)
    )
    errors = {}
    if kind not in Intervention.Kind.values:
        errors["kind"] = "Kies het soort interventie: zorg, preventie, bestuurlijk of repressief."
    if not (title or "").strip():
        errors["title"] = "Beschrijf de interventie kort."
    if errors:
        raise ValidationError(errors)
    owner = _require_party_org(case.tenant_id, owner, "owner", "eigenaar")
    intervention = Intervention.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        kind=kind,
        title=title.strip()[:200],
        description=(description or "").strip(),
        owner=owner,
        due_date=due_date,
    )
    audit.record(
        actor=actor,
        action="intervention_created",
        obj=intervention,
        object_type="intervention",
        request=request,
        detail={"case": case.pk},
    )
    return intervention


@transaction.atomic
def update_intervention(
    *,
    actor: Any,
    intervention: Intervention,
    version: int | None,
    status: str,
    result: str,
    due_date: date | None,
    request=None,
) -> Intervention:
    policy.require(actor, "edit", "intervention", intervention)
    if status not in Intervention.Status.values:
        raise ValidationError({"status": "Kies een status."})
    if status == Intervention.Status.DONE and not (result or "").strip():
        raise ValidationError(
            {"result": "Beschrijf het resultaat voordat u de interventie afrondt."}
        )
    intervention.status, intervention.result, intervention.due_date = (
        status,
        (result or "").strip(),
        due_date,
    )
    _bump(intervention, version, ["status", "result", "due_date"])
    audit.record(
        actor=actor,
        action="intervention_edited",
        obj=intervention,
        object_type="intervention",
        request=request,
        detail={"status": status},
    )
    return intervention


# --- escalation --------------------------------------------------------------------------------------

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
    request=None,
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
    target = _require_party_org(case.tenant_id, target, "target", "ontvangende organisatie")
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
        request=request,
        detail={"case": case.pk, "target": target.pk, "share": sorted(share)},
    )
    return escalation


@transaction.atomic
def decide_escalation(
    *, actor: Any, escalation: Escalation, approve: bool, note: str, request=None
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
        request=request,
        detail={"target": escalation.target_id, "shared": escalation.shared.get("onderdelen", [])},
    )
    return escalation


# --- retention ---------------------------------------------------------------------------------------

ANONYMISED = "(geanonimiseerd)"


@transaction.atomic
def run_retention(
    *, actor: Any = None, now: datetime | None = None, tenant: Tenant | None = None
) -> dict[str, int]:
    """Delete dismissed signals past their term, anonymise closed cases past theirs (and their
    signals, meetings contributions, interventions and escalation records), remove persons no
    longer referenced, and forget public-form client hashes after a day. Logs the counts."""
    actor = actor or policy.SYSTEM
    now = now or timezone.now()
    counts = {
        "signals_deleted": 0,
        "cases_anonymised": 0,
        "signals_anonymised": 0,
        "persons_deleted": 0,
        "client_hashes_cleared": 0,
    }
    categories = Category.objects.all()
    if tenant is not None:
        categories = categories.filter(tenant=tenant)
    for category in categories:
        policy.require(actor, "delete", "signal", Signal(tenant_id=category.tenant_id))
        cutoff = _months_before(now, category.retention_dismissed_months)
        dismissed = Signal.objects.filter(
            category=category, status=Signal.Status.DISMISSED, closed_at__lte=cutoff
        )
        counts["signals_deleted"] += dismissed.count()
        dismissed.delete()

        cutoff = _months_before(now, category.retention_closed_months)
        for case in Case.objects.filter(
            category=category,
            status=Case.Status.CLOSED,
            closed_at__lte=cutoff,
            anonymised_at__isnull=True,
        ):
            counts["signals_anonymised"] += _anonymise_case(case, now)
            counts["cases_anonymised"] += 1
    orphans = Subject.objects.filter(kind=Subject.Kind.PERSON, signals__isnull=True)
    if tenant is not None:
        orphans = orphans.filter(tenant=tenant)
    counts["persons_deleted"] = orphans.count()
    orphans.delete()
    hashes = Signal.objects.exclude(client_hash="").filter(received_at__lte=now - timedelta(days=1))
    if tenant is not None:
        hashes = hashes.filter(tenant=tenant)
    counts["client_hashes_cleared"] = hashes.update(client_hash="")
    audit.record(
        actor=actor,
        action="retention_run",
        object_type="signal",
        tenant_id=tenant.pk if tenant else None,
        detail=counts,
        reason="Bewaartermijnen volgens het convenant",
    )
    return counts


def _anonymise_case(case: Case, now: datetime) -> int:
    signals = case.signals.all()
    count = signals.count()
    TriageDecision.objects.filter(signal__case=case).update(reason=ANONYMISED)
    signals.update(
        description=ANONYMISED,
        location="",
        subject=None,
        contact_encrypted="",
        reporter=None,
        anonymised_at=now,
    )
    case.title = f"Casus {case.pk} {ANONYMISED}"
    case.summary = ""
    case.anonymised_at = now
    case.save(update_fields=["title", "summary", "anonymised_at"])
    case.transitions.update(reason=ANONYMISED)
    AgendaItem.objects.filter(case=case).update(decisions=ANONYMISED)
    Contribution.objects.filter(item__case=case).update(text=ANONYMISED)
    ActionItem.objects.filter(item__case=case).update(description=ANONYMISED)
    for intervention in case.interventions.all():
        intervention.title = intervention.get_kind_display() + " " + ANONYMISED
        intervention.description = ""
        intervention.result = ""
        intervention.save(update_fields=["title", "description", "result"])
    for escalation in case.escalations.all():
        escalation.shared = {
            "onderdelen": escalation.shared.get("onderdelen", []),
            "geanonimiseerd_op": now.isoformat(),
        }
        escalation.reason = ANONYMISED
        escalation.save(update_fields=["shared", "reason"])
    return count
