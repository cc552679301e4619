"""The foundation rules (policy_rules.py) and the audit trail's tile; every other app registers its own."""

from django.apps import AppConfig

from wijkkompas.accounts import modules, policy


class AccountsConfig(AppConfig):
    name = "wijkkompas.accounts"
    label = "accounts"
    verbose_name = "Accounts en toegang"

    def ready(self) -> None:
        policy.register_app(self)
        modules.register(
            modules.Module(
                title="Audittrail",
                url_name="accounts:audit_trail",
                summary="Wie deed wat, wanneer en waarom.",
                entry=(("audit_event", "list"),),
                position=90,
            )
        )
