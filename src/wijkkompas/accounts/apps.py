"""Accounts: the foundation rules (policy_rules.py) and the audit trail's tile, registered on
ready() like every other app's."""

from wijkkompas.accounts import appconfig
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
