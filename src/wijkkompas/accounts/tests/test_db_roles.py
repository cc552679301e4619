"""The application's PostgreSQL role, as ``migrate`` leaves it: ordinary work goes through, but
the audit trail can only be appended to and read. Tried as the role itself (``SET ROLE``), so
the database's own privilege checks answer, not ours."""

import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from wijkkompas.accounts import audit, audit_chain
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)

ATTACKS = [
    "UPDATE accounts_auditevent SET reason = 'vervalst'",
    "DELETE FROM accounts_auditevent",
    "TRUNCATE accounts_auditevent",
    "ALTER TABLE accounts_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER accounts_auditevent_no_change ON accounts_auditevent",
    "ALTER TABLE accounts_auditevent OWNER TO CURRENT_USER",
    "DROP TABLE accounts_auditevent",
]


@pytest.fixture
def app_role(db):
    """A fresh role granted by ``migrate`` itself (its post_migrate step); CREATE ROLE is
    transactional, so the test's rollback removes it again."""
    role = f"wk_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    with override_settings(DB_APP_ROLE=role):
        call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_app_role_appends_and_reads_the_trail_and_does_its_work(app_role):
    user = UserFactory()  # domain tables and their sequences are granted
    event = audit.record(actor=user, action="signal.view", object_type="signal", object_id=1)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert audit_chain.verify().intact


@pytest.mark.parametrize("sql", ATTACKS)
def test_app_role_cannot_change_or_empty_the_trail(app_role, sql):
    audit.record(action="signal.view", object_type="signal", object_id=1)
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    assert "permission denied" in str(refused.value) or "must be owner" in str(refused.value)
    assert AuditEvent.objects.filter(reason="vervalst").count() == 0
    assert AuditEvent.objects.exists()
