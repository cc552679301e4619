"""Accounts: the foundation rules (policy_rules.py) and the audit trail's tile, registered on
ready() like every other app's; after ``migrate``, the grants of the application's database role
(``db_roles``)."""

from django.db.models.signals import post_migrate

from wijkkompas.accounts import appconfig, db_roles
from wijkkompas.accounts.modules import Module


class AccountsConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.accounts"
    label = "accounts"
    verbose_name = "Accounts en toegang"
    tile = Module(
        title="Audittrail",
        url_name="accounts:audit_trail",
        summary="Wie deed wat, wanneer en waarom.",
        entry=(("audit_event", "list"),),
        position=90,
    )

    def ready(self) -> None:
        super().ready()
        post_migrate.connect(db_roles.grant_after_migrate, sender=self)
