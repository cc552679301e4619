"""The audit trail's tamper evidence, tried the way an attacker with a database prompt would:
every injected edit, removal, forged insert and overwrite is refused by the database or named by
``audit verify`` (DESIGN.md §3; issue 12)."""

import itertools
import json
import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from wijkkompas.accounts import audit, audit_chain, audit_shred, db_triggers
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.tests.factories import UserFactory

ROWS = 6


@pytest.fixture
def trail(db) -> list[AuditEvent]:
    user = UserFactory()
    with audit.bound(actor=user, client_address="192.0.2.7", request_id="req-1"):
        return [
            audit.record(
                action="signal.view",
                object_type="signal",
                object_id=n,
                reason="casusoverleg",
                detail={"ids": [n, n + 1], "zoek": "é"},
            )
            for n in range(ROWS)
        ]


def _as_owner():
    """What someone who owns the table can do: lift the triggers (undone by the test's
    rollback)."""
    db_triggers.remove(connection)


def test_rows_are_chained_and_verify(trail):
    assert trail[0].prev_hash == audit_chain.GENESIS
    for before, after in itertools.pairwise(trail):
        assert after.prev_hash == before.chain_hash
    report = audit_chain.verify()
    assert report.intact and report.checked == ROWS
    assert report.heads == {0: (trail[-1].pk, trail[-1].chain_hash)}


FORGED = {
    "at": lambda e: e.at - timedelta(days=3),
    "actor_id": lambda e: (e.actor_id or 0) + 1,
    "actor_username": lambda e: "iemand-anders",
    "organisation_id": lambda e: 999,
    "tenant_id": lambda e: 999,
    "action": lambda e: "login",
    "object_type": lambda e: "dossier",
    "object_id": lambda e: "999",
    "reason": lambda e: "vervalst",
    "client_address": lambda e: "198.51.100.1",
    "request_id": lambda e: "ander-verzoek",
    "detail": lambda e: {"ids": []},
    "prev_hash": lambda e: "f" * 64,
    "chain_stripe": lambda e: 3,
    "chain_hash": lambda e: "e" * 64,
}


def test_every_edit_of_every_field_at_every_position_is_named(trail):
    """100% of injected edits detected: each field, on the first, a middle and the last row."""
    _as_owner()
    detected = []
    for field, forge in FORGED.items():
        for position in (0, ROWS // 2, ROWS - 1):
            victim = trail[position]
            with transaction.atomic():
                AuditEvent.objects.filter(pk=victim.pk).update(**{field: forge(victim)})
                report = audit_chain.verify()
                detected.append((field, position, report.first_break))
                transaction.set_rollback(True)
    missed = [(f, p) for f, p, found in detected if found is None]
    assert missed == []
    assert all(found.event_id == trail[p].pk for _, p, found in detected)
    assert len(detected) == len(FORGED) * 3


@pytest.mark.parametrize("position", [0, ROWS // 2])
def test_removed_row_is_named_at_its_successor(trail, position):
    _as_owner()
    AuditEvent.objects.filter(pk=trail[position].pk).delete()
    report = audit_chain.verify()
    assert report.first_break.event_id == trail[position + 1].pk


def test_removed_newest_rows_and_emptied_table_are_caught_by_the_checkpoint(trail):
    checkpoint = {0: (trail[-1].pk, trail[-1].chain_hash)}
    assert audit_chain.verify(checkpoint).intact
    _as_owner()
    with transaction.atomic():
        AuditEvent.objects.filter(pk=trail[-1].pk).delete()
        assert audit_chain.verify(checkpoint).first_break.event_id == trail[-1].pk
        transaction.set_rollback(True)
    AuditEvent.objects.all().delete()
    assert audit_chain.verify().intact  # nothing left to contradict …
    assert not audit_chain.verify(checkpoint).intact  # … but the checkpoint remembers


def test_swapped_rows_are_named(trail):
    _as_owner()
    first, second = trail[1], trail[2]
    AuditEvent.objects.filter(pk=first.pk).update(object_id=second.object_id)
    AuditEvent.objects.filter(pk=second.pk).update(object_id=first.object_id)
    assert audit_chain.verify().first_break.event_id == first.pk


def _forge_sql(prefix: str, event_id: int | None, prev: str) -> tuple[str, list]:
    columns = (
        "at, actor_username, action, object_type, object_id, reason, detail, prev_hash, "
        "chain_hash, chain_stripe"
    )
    values = ["2020-01-01 00:00:00", "hacker", "login", "", "", "", "{}", prev, "a" * 64, 0]
    if event_id is not None:
        columns = "id, " + columns
        values = [event_id, *values]
    marks = ", ".join(["%s"] * len(values))
    return f"{prefix} INTO accounts_auditevent ({columns}) VALUES ({marks})", values


def test_back_dated_forged_insert_is_named(trail):
    """Even with the right parent hash: without the key the hash cannot be made."""
    sql, params = _forge_sql("INSERT", None, trail[-1].chain_hash)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    report = audit_chain.verify()
    assert report.first_break.event_id == AuditEvent.objects.order_by("-id").first().pk
    assert "vervalst" in report.first_break.reason


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own overwrite statements")
@pytest.mark.parametrize("prefix", ["REPLACE", "INSERT OR REPLACE"])
def test_sqlite_refuses_overwriting_an_existing_row(trail, prefix):
    sql, params = _forge_sql(prefix, trail[2].pk, trail[1].chain_hash)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    assert AuditEvent.objects.get(pk=trail[2].pk).action == "signal.view"
    assert audit_chain.verify().intact


def test_upsert_over_an_existing_row_is_refused(trail):
    sql, params = _forge_sql("INSERT", trail[2].pk, trail[1].chain_hash)
    sql += " ON CONFLICT (id) DO UPDATE SET reason = 'vervalst'"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    assert audit_shred.readable(AuditEvent.objects.get(pk=trail[2].pk))[0] == "casusoverleg"


def test_unchained_insert_is_refused(trail):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_auditevent (at, actor_username, action, object_type, "
            "object_id, reason, detail) VALUES (%s, 'x', 'login', '', '', '', '{}')",
            ["2026-01-01 00:00:00"],
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgres_refuses_truncate_even_for_the_owner(trail):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE accounts_auditevent")
    assert AuditEvent.objects.count() == ROWS


def test_verify_command_saves_and_checks_a_checkpoint(trail, tmp_path):
    checkpoint = tmp_path / "audit-checkpoint.json"
    call_command("audit", "verify", "--checkpoint", str(checkpoint))
    saved = json.loads(checkpoint.read_text())
    assert saved["heads"] == {"0": [trail[-1].pk, trail[-1].chain_hash]}
    _as_owner()
    AuditEvent.objects.filter(pk=trail[3].pk).update(reason="weggepoetst")
    with pytest.raises(CommandError, match=f"regel {trail[3].pk}: de inhoud past niet"):
        call_command("audit", "verify", "--checkpoint", str(checkpoint))
    assert json.loads(checkpoint.read_text()) == saved  # a failed check keeps the old head


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel chains are PostgreSQL's")
def test_concurrent_writers_append_to_parallel_chains_that_all_verify(transactional_db):
    """Writers holding their transaction open take different chains; every chain verifies, and
    an edit in any of them is still named."""
    ready, done = threading.Barrier(5), threading.Event()  # four writers and this test
    stripes = []

    def writer(n: int) -> None:
        try:
            with transaction.atomic():
                event = audit.record(action="signal_viewed", object_type="signal", object_id=n)
                stripes.append(event.chain_stripe)
                ready.wait(timeout=20)
                done.wait(timeout=20)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    ready.wait(timeout=20)  # all four hold an open transaction with a row in it
    done.set()
    for t in threads:
        t.join()
    assert sorted(stripes) == [0, 1, 2, 3]
    for n in range(3):
        audit.record(action="signal_viewed", object_type="signal", object_id=10 + n)
    report = audit_chain.verify()
    assert report.intact and report.checked == 7 and set(report.heads) == {0, 1, 2, 3}
    victim = AuditEvent.objects.get(chain_stripe=2)
    with transaction.atomic():
        db_triggers.remove(connection)
        AuditEvent.objects.filter(pk=victim.pk).update(reason="vervalst")
        assert audit_chain.verify().first_break.event_id == victim.pk
        transaction.set_rollback(True)


def test_verify_command_refuses_a_broken_checkpoint_file(trail, tmp_path):
    checkpoint = tmp_path / "kapot.json"
    checkpoint.write_text("{niet json")
    with pytest.raises(CommandError, match="geen geldig controlepunt"):
        call_command("audit", "verify", "--checkpoint", str(checkpoint))
