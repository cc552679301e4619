"""Crypto-shredding for the audit trail (AVG art. 5(1)(e) and 17 beside an append-only log).

The trail must keep *that* someone opened, decided or shared something about a person-related
record, but not the free text once the record's retention term has passed: the reasons typed
for a triage, a go/no-go or an escalation quote the case. So the free text of a row about such a
record (``reason``, and the text values in ``detail``) is stored encrypted with a key of that
record alone (``AuditKey``); retention deletes the key (``destroy``) and the text is gone for good,
while the row, its hash (computed over the ciphertext) and the chain stay intact.

The per-record keys are themselves stored wrapped with the field key (``core.crypto``), so the
database alone does not open them either."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from wijkkompas.accounts.models import AuditEvent, AuditKey
from wijkkompas.core.crypto import decrypt, encrypt

PREFIX = "vs1:"
SHREDDED = "(tekst vernietigd na de bewaartermijn)"
# Records that have a retention term, whose audit rows' free text follows it.
RECORD_TYPES = frozenset({"signal", "person", "case", "meeting", "intervention", "escalation"})
TEXT_DETAIL_KEYS = ("message", "title", "reason")


def _key(object_type: str, object_id: str) -> Fernet:
    """The record's key, made on its first audit row with free text."""
    row, _ = AuditKey.objects.get_or_create(
        object_type=object_type,
        object_id=object_id,
        defaults={"key_encrypted": encrypt(Fernet.generate_key().decode())},
    )
    return Fernet(decrypt(row.key_encrypted).encode())


def protect(object_type: str, object_id: str, reason: str, detail: dict) -> tuple[str, dict]:
    """``reason`` and the text values of ``detail`` as they are stored for this row."""
    texts = {k: v for k, v in detail.items() if k in TEXT_DETAIL_KEYS and isinstance(v, str) and v}
    if object_type not in RECORD_TYPES or not object_id or not (reason or texts):
        return reason, detail
    fernet = _key(object_type, object_id)

    def seal(text: str) -> str:
        return PREFIX + fernet.encrypt(text.encode()).decode()

    return (seal(reason) if reason else ""), {**detail, **{k: seal(v) for k, v in texts.items()}}


def _open(fernet: Fernet | None, stored: Any) -> Any:
    if not isinstance(stored, str) or not stored.startswith(PREFIX):
        return stored
    if fernet is None:
        return SHREDDED
    try:
        return fernet.decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        return SHREDDED


def _sealed(event: AuditEvent) -> bool:
    detail = event.detail if isinstance(event.detail, dict) else {}
    return any(
        isinstance(v, str) and v.startswith(PREFIX) for v in [event.reason, *detail.values()]
    )


def readable_all(events: Iterable[AuditEvent]) -> list[tuple[str, dict]]:
    """Each row's reason and detail as the reader may see them: decrypted while the record's key
    exists, ``SHREDDED`` after retention. The keys of all rows are read in one query and each
    is unwrapped once (a page of the trail, a person's reads)."""
    events = list(events)
    wanted = {(e.object_type, e.object_id) for e in events if _sealed(e)}
    keys: dict[tuple[str, str], Fernet] = {}
    if wanted:
        rows = AuditKey.objects.filter(
            object_type__in={t for t, _ in wanted}, object_id__in={i for _, i in wanted}
        )
        keys = {
            (row.object_type, row.object_id): Fernet(decrypt(row.key_encrypted).encode())
            for row in rows
            if (row.object_type, row.object_id) in wanted
        }
    readable = []
    for event in events:
        detail = event.detail if isinstance(event.detail, dict) else {}
        if (event.object_type, event.object_id) not in wanted:
            readable.append((event.reason, detail))
            continue
        fernet = keys.get((event.object_type, event.object_id))
        readable.append(
            (_open(fernet, event.reason), {k: _open(fernet, v) for k, v in detail.items()})
        )
    return readable


def readable(event: AuditEvent) -> tuple[str, dict]:
    """One row as ``readable_all`` gives it."""
    return readable_all([event])[0]


def destroy(object_type: str, ids: Iterable[Any]) -> int:
    """Delete the keys of these records: their audit rows' free text can no longer be read."""
    deleted, _ = AuditKey.objects.filter(
        object_type=object_type, object_id__in=[str(i) for i in ids]
    ).delete()
    return deleted
