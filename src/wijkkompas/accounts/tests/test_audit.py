import pytest
from django.db import DatabaseError, connection, transaction

from wijkkompas.accounts import audit
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, TenantFactory, UserFactory


@pytest.fixture
def event(db):
    user = UserFactory()
    return audit.record(
        actor=user, action="test", object_type="thing", object_id=7, reason="controle"
    )


def test_record_fills_actor_organisation_tenant(event):
    assert event.actor_username.startswith("gebruiker")
    assert event.organisation_id is not None and event.tenant_id is not None
    assert (event.object_type, event.object_id, event.reason) == ("thing", "7", "controle")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE accounts_auditevent SET reason = 'vervalst' WHERE id = %s",
        "DELETE FROM accounts_auditevent WHERE id = %s",
    ],
)
def test_database_refuses_update_and_delete(event, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.reason == "controle"


def test_orm_cannot_change_or_remove_rows(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, action="test").exists()


@pytest.mark.django_db
def test_beheerder_sees_and_filters_own_tenant_trail_only(client_for):
    own, other = TenantFactory(), TenantFactory()
    beheerder = UserFactory(organisation=OrganisationFactory(tenant=own), roles=[Role.BEHEERDER])
    stranger = UserFactory(organisation=OrganisationFactory(tenant=other))
    audit.record(actor=beheerder, action="dossier_edited", object_type="dossier", object_id=1)
    audit.record(actor=stranger, action="geheim_elders", object_type="dossier", object_id=2)
    c = client_for(beheerder)
    page = c.get("/beheer/audittrail/").content.decode()
    assert "Themadossier gewijzigd" in page and "geheim_elders" not in page
    audit.record(actor=beheerder, action="dossier_opened", object_type="dossier", object_id=1)
    filtered = c.get("/beheer/audittrail/", {"action": "dossier_opened"}).content.decode()
    assert "<td>Themadossier gewijzigd" not in filtered and "<td>Themadossier geopend" in filtered


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(set(Role.values) - {Role.BEHEERDER}))
def test_other_roles_cannot_view_the_trail(client_for, role):
    user = UserFactory(roles=[role])
    assert client_for(user).get("/beheer/audittrail/").status_code == 403
