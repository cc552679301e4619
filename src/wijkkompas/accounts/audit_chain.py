"""Tamper evidence for the audit trail: hash chains over all rows.

Each row carries ``prev_hash`` (the ``chain_hash`` of the row before it in its chain, in id
order; ``GENESIS`` for the first) and ``chain_hash``, an HMAC-SHA256 over its own content and
``prev_hash``. The key is ``settings.AUDIT_CHAIN_KEY``, which lives with the application, not in
the database, so someone who can write to the database but does not hold the key cannot forge a
row that verifies. A changed, inserted, back-dated or removed row breaks its chain at that row or
the next; removing the newest rows (or emptying the table) is caught against a checkpoint, the
heads a scheduled ``wijkkompas audit verify --checkpoint FILE`` saw last time.

Global, not per tenant: the trail is one log, the platform beheerder checks one set of heads, and
a row without a tenant (a failed anonymous login) needs a place too. Appending is serialised per
chain so two rows never claim the same parent: on PostgreSQL by a transaction-level advisory lock
that is held until commit, on SQLite by the ``IMMEDIATE`` transactions the settings ask for.
Because that lock lasts until the writing request commits, one chain would let only one audited
request commit at a time; PostgreSQL therefore keeps ``STRIPES`` chains side by side (a row goes
to the first chain no other transaction holds, ``chain_stripe``), which lets that many audited
requests commit in parallel. SQLite has one writer anyway and uses chain 0.
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
STRIPES = 8
# Any fixed 32-bit number: with the stripe, the key of the advisory lock of one chain.
_LOCK_KEY = 0x5749_4A4B  # "WIJK"
_FIELDS = (
    "chain_stripe",
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


def _take_stripe() -> int:
    """The chain this transaction appends to, locked until it commits: the first one free (a
    chain this transaction already holds counts as free), else wait for chain 0."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        for stripe in range(STRIPES):
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_LOCK_KEY, stripe])
            if cursor.fetchone()[0]:
                return stripe
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_KEY, 0])
    return 0


def append(**values: Any) -> AuditEvent:
    """Insert one audit row, chained to the newest one of its chain. Runs in (or joins) a
    transaction that holds that chain's lock until it commits."""
    with transaction.atomic():
        stripe = _take_stripe()
        # Stored as JSON gives it back, so the hash covers what verify will read.
        values["detail"] = json.loads(json.dumps(values.get("detail") or {}))
        head = (
            AuditEvent.objects.filter(chain_stripe=stripe)
            .order_by("-id")
            .values_list("chain_hash", flat=True)
            .first()
        )
        values["chain_stripe"], values["prev_hash"] = stripe, head or GENESIS
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
    heads: dict[int, tuple[int, str]]  # chain -> (id, hash) of its newest row
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


def _problem(row: dict[str, Any], heads: dict[int, tuple[int, str]]) -> str | None:
    stripe = row["chain_stripe"]
    expected = heads[stripe][1] if stripe in heads else GENESIS
    if stripe is None or row["prev_hash"] != expected:
        if stripe not in heads:
            return "de eerste regel van een keten hoort geen voorganger te hebben: eerdere regels zijn verwijderd"
        return (
            "de verwijzing naar de vorige regel klopt niet: een regel ervoor is verwijderd of "
            "ertussen gevoegd"
        )
    if not row["chain_hash"] or not hmac.compare_digest(row["chain_hash"], seal(row)):
        return "de inhoud past niet bij de hash: de regel is gewijzigd of vervalst"
    return None


def verify(checkpoint: dict[int, tuple[int, str]] | None = None, *, batch: int = 5000) -> Report:
    """Walk every chain in id order and report the first row that does not hold. With a
    ``checkpoint`` (the heads of an earlier run), each of those rows must still be there with its
    hash: otherwise rows were removed from the end (or the table emptied)."""
    heads: dict[int, tuple[int, str]] = {}
    expected = dict(checkpoint or {})
    checked = 0
    for row in _rows(batch):
        checked += 1
        problem = _problem(row, heads)
        at_checkpoint = expected.get(row["chain_stripe"], (None,))[0] == row["id"]
        if (
            problem is None
            and at_checkpoint
            and expected.pop(row["chain_stripe"])[1] != row["chain_hash"]
        ):
            problem = "deze regel heeft niet meer de hash van het controlepunt"
        if problem is not None:
            return Report(checked, heads, Break(row["id"], problem))
        heads[row["chain_stripe"]] = (row["id"], row["chain_hash"])
    if expected:
        missing = min(event_id for event_id, _ in expected.values())
        reason = (
            f"regel {missing} van het vorige controlepunt ontbreekt: de nieuwste regels zijn "
            "verwijderd of de tabel is geleegd"
        )
        return Report(checked, heads, Break(missing, reason))
    return Report(checked, heads, None)
