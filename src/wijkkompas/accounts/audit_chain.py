"""Tamper evidence for the audit trail: one hash chain over all rows.

Each row carries ``prev_hash`` (the ``chain_hash`` of the row before it, in id order; ``GENESIS``
for the first) and ``chain_hash``, an HMAC-SHA256 over its own content and ``prev_hash``. The
key is ``settings.AUDIT_CHAIN_KEY``, which lives with the application, not in the database, so
someone who can write to the database but does not hold the key cannot forge a row that
verifies. A changed, inserted, back-dated or removed row breaks the chain at that row or the next;
removing the newest rows (or emptying the table) is caught against a checkpoint, the last head a
scheduled ``wijkkompas audit verify --checkpoint FILE`` saw.

One chain, not one per tenant: the trail is one log, the platform beheerder checks one head, and a
row without a tenant (a failed anonymous login) needs a place too. Appending is serialised: on
PostgreSQL by a transaction-level advisory lock, on SQLite by the ``IMMEDIATE`` transactions the
settings ask for (the write lock is taken at ``BEGIN``), so two rows never claim the same parent.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from wijkkompas.accounts.models import AuditEvent

GENESIS = "0" * 64
# Any fixed 64-bit number: the key of the advisory lock that serialises appends on PostgreSQL.
_LOCK_KEY = 0x5749_4A4B_4155_4449  # "WIJKAUDI"
_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "organisation_id",
    "tenant_id",
    "action",
    "object_type",
    "object_id",
    "reason",
    "client_address",
    "request_id",
    "detail",
    "prev_hash",
)


def _key() -> bytes:
    return hashlib.sha256(b"wijkkompas-audit-chain:" + settings.AUDIT_CHAIN_KEY.encode()).digest()


def _address(value: Any) -> str:
    return str(ipaddress.ip_address(str(value))) if value else ""


def canonical(values: dict[str, Any]) -> bytes:
    """The bytes a row's hash covers: its fields in a form both databases give back unchanged
    (UTC time with microseconds, a canonical address, JSON with sorted keys)."""
    parts = {name: values.get(name) for name in _FIELDS}
    parts["at"] = values["at"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    parts["client_address"] = _address(values.get("client_address"))
    parts["request_id"] = values.get("request_id") or ""
    parts["detail"] = values.get("detail") or {}
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def seal(values: dict[str, Any]) -> str:
    """The ``chain_hash`` of a row with these values (``prev_hash`` included)."""
    return hmac.new(_key(), canonical(values), hashlib.sha256).hexdigest()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def append(**values: Any) -> AuditEvent:
    """Insert one audit row, chained to the newest one. Runs in (or joins) a transaction that
    holds the append lock until it commits."""
    with transaction.atomic():
        _lock()
        # Stored as JSON gives it back, so the hash covers what verify will read.
        values["detail"] = json.loads(json.dumps(values.get("detail") or {}))
        head = AuditEvent.objects.order_by("-id").values_list("chain_hash", flat=True).first()
        values["prev_hash"] = head or GENESIS
        event = AuditEvent(**values)
        event.chain_hash = seal(values)
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class Break:
    """The first row where the chain does not hold, and why (in Dutch, for the command line)."""

    event_id: int | None
    reason: str


@dataclass(frozen=True)
class Report:
    checked: int
    head_id: int | None
    head_hash: str
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _rows(batch: int) -> Iterator[dict[str, Any]]:
    names = ("id", "chain_hash", *_FIELDS)
    after = 0
    while True:
        chunk = list(AuditEvent.objects.filter(id__gt=after).order_by("id").values(*names)[:batch])
        yield from chunk
        if len(chunk) < batch:
            return
        after = chunk[-1]["id"]


def verify(checkpoint: tuple[int, str] | None = None, *, batch: int = 5000) -> Report:
    """Walk the whole chain in id order and report the first row that does not hold. With a
    ``checkpoint`` (id and hash of an earlier head), that row must still be in the chain with
    that hash: otherwise rows were removed from the end (or the table emptied)."""
    expected_prev = GENESIS
    checked = 0
    head_id: int | None = None
    checkpoint_seen = checkpoint is None
    for row in _rows(batch):
        checked += 1
        if row["prev_hash"] != expected_prev:
            reason = (
                "de eerste regel hoort geen voorganger te hebben: eerdere regels zijn verwijderd"
                if checked == 1
                else "de verwijzing naar de vorige regel klopt niet: een regel ervoor is "
                "verwijderd of ertussen gevoegd"
            )
            return Report(checked, head_id, expected_prev, Break(row["id"], reason))
        if not row["chain_hash"] or not hmac.compare_digest(row["chain_hash"], seal(row)):
            reason = "de inhoud past niet bij de hash: de regel is gewijzigd of vervalst"
            return Report(checked, head_id, expected_prev, Break(row["id"], reason))
        if checkpoint is not None and row["id"] == checkpoint[0]:
            if row["chain_hash"] != checkpoint[1]:
                reason = "deze regel heeft niet meer de hash van het controlepunt"
                return Report(checked, head_id, expected_prev, Break(row["id"], reason))
            checkpoint_seen = True
        expected_prev = row["chain_hash"]
        head_id = row["id"]
    if not checkpoint_seen:
        reason = (
            f"regel {checkpoint[0]} van het vorige controlepunt ontbreekt: de nieuwste regels "
            "zijn verwijderd of de tabel is geleegd"
        )
        return Report(checked, head_id, expected_prev, Break(checkpoint[0], reason))
    return Report(checked, head_id, expected_prev, None)
