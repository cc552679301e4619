"""Aanpak (programma's en werkwijzen): its policy rules (policy_rules.py), its start-page tile
and, on ready(), its privacy-register declarations, processing activity, audit labels and the
barrier follow-up provider (``programmes.privacy``)."""

from importlib import import_module

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class ProgrammesConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.programmes"
    label = "programmes"
    verbose_name = "Aanpak (programma's en werkwijzen)"
    tile = Module(
        title="Aanpak",
        url_name="programmes:index",
        summary="Programma's volgens een werkwijze: stappen met go/no-go, acties, overleggen, "
        "indicatoren en voortgangsrapportages.",
        entry=(("programme", "list"), ("programme", "create"), ("programme_steering", "view")),
        position=45,
    )

    def ready(self) -> None:
        super().ready()
        # By name, like the policy rules: the module imports models, loaded only now.
        import_module(f"{self.name}.privacy").register()
