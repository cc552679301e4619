"""Signalen en casusoverleg: registers its policy rules (policy_rules.py) and its tile on the start page."""

from django.apps import AppConfig

from wijkkompas.accounts import modules, policy


class SignalsConfig(AppConfig):
    name = "wijkkompas.signals"
    label = "signals"
    verbose_name = "Signalen en casusoverleg"

    def ready(self) -> None:
        policy.register_app(self)
        modules.register(
            modules.Module(
                title="Signalen",
                url_name="signals:index",
                summary="Signalen, triage, casussen en casusoverleg; convenant en verwerkingsregister.",
                entry=(("signal", "list"), ("signal", "create"), ("register", "view")),
                position=50,
            )
        )
