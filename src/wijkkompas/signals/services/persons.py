"""Subjects of signals: a person becomes a pseudonym with encrypted identifying fields and a keyed
index that links signals about the same person; locations, businesses and groups are plain."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wijkkompas.accounts import audit, policy
from wijkkompas.core.records import author_of
from wijkkompas.core.versioning import save_versioned
from wijkkompas.signals.models import Subject
from wijkkompas.signals.services.common import decrypt_json, encrypt_json, keyed_hash


def _new_pseudonym(tenant_id: int) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(8))
        pseudonym = f"P-{code[:4]}-{code[4:]}"
        if not Subject.objects.filter(tenant_id=tenant_id, pseudonym=pseudonym).exists():
            return pseudonym


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


def resolve_subject(*, actor: Any, tenant_id: int, data: SubjectInput) -> Subject:
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
            author=author_of(actor),
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
            author=author_of(actor),
            kind=kind,
            label=data.label.strip()[:200],
            kvk_number=kvk,
            area_code=data.area_code.strip().upper(),
        )
    if not data.label.strip():
        raise ValidationError({"subject_label": "Vul een adres, gebied of groepsnaam in."})
    return Subject.objects.create(
        tenant_id=tenant_id,
        author=author_of(actor),
        kind=kind,
        label=data.label.strip()[:200],
        area_code=data.area_code.strip().upper(),
    )


PERSON_CONFLICT = (
    "Iemand anders heeft de gegevens van deze persoon intussen gewijzigd. Uw invoer is niet "
    "opgeslagen; controleer de gegevens en sla opnieuw op als uw correctie nog nodig is."
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
    version: int | None,
    reason: str,
    name: str,
    birth_date: date,
    address: str,
) -> Subject:
    """Correct a person's identifying fields. ``version`` is the version the user read: a stale
    or missing one is refused with ``Conflict`` (409) and nothing is written."""
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
    save_versioned(
        person, version, ["identity_encrypted", "identity_index"], detail=PERSON_CONFLICT
    )
    audit.record(
        actor=actor,
        action="person_edited",
        obj=person,
        object_type="person",
        reason=reason.strip(),
    )
    return person
