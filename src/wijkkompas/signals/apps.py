"""Signalen en casusoverleg: its policy rules (policy_rules.py) and its start-page tile, registered on ready()."""

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class SignalsConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.signals"
    label = "signals"
    verbose_name = "Signalen en casusoverleg"
    tile = Module(
        title="Signalen",
        url_name="signals:index",
        summary="Signalen, triage, casussen en casusoverleg; convenant en verwerkingsregister.",
        entry=(("signal", "list"), ("signal", "create"), ("register", "view")),
        position=50,
    )

    def ready(self) -> None:
        super().ready()
        # Imported here: the service imports models, which the app registry loads only now.
        from wijkkompas.signals.services.wijkbeeld import register_with_wijkbeeld

        register_with_wijkbeeld()
