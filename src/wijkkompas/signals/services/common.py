"""Pieces the signals services share: keyed hashes (link equal values without storing them),
encrypted JSON fields, and the covenant checks on organisations and categories."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from wijkkompas.accounts.models import Organisation
from wijkkompas.core.crypto import decrypt, encrypt
from wijkkompas.signals.models import Category, CovenantParty


def _key() -> bytes:
    return (settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY).encode()


def keyed_hash(*parts: Any) -> str:
    """HMAC-SHA256 over the parts: links equal values without storing them."""
    message = "\x1f".join(str(p).strip().lower() for p in parts).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def encrypt_json(data: dict) -> str:
    return encrypt(json.dumps(data, ensure_ascii=False, sort_keys=True))


def decrypt_json(token: str) -> dict:
    return json.loads(decrypt(token)) if token else {}


def require_party_org(
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


def category_of_tenant(category: Category | None, tenant_id: int | None) -> Category:
    if category is None or category.tenant_id != tenant_id or not category.is_active:
        raise ValidationError({"category": "Kies een bestaande categorie van uw gemeente."})
    return category
